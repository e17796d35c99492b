//! The services the web app calls instead of the store: each checks who is asking and records
//! its reads, so that no surface has to.

use tendo_app::booking::{catalogue, listing};
use tendo_app::error::AppError;
use tendo_store::accounts::{Clinic, Role, User};
use tendo_store::audit::{AuditEntry, AuditQuery};

use crate::harness::{Harness, caller};

/// A clinic with two patients, one in `carer`'s care; a colleague outside the care team, an
/// administrator, and an administrator of another clinic.
struct World {
    north: Clinic,
    patient: User,
    other_patient: User,
    carer: User,
    colleague: User,
    admin: User,
    foreign_admin: User,
}

async fn world(harness: &Harness) -> World {
    let north = harness.clinic("north").await;
    let south = harness.clinic("south").await;
    let world = World {
        patient: harness.user(&north, "p@north.test", Role::Patient).await,
        other_patient: harness.user(&north, "q@north.test", Role::Patient).await,
        carer: harness.user(&north, "c@north.test", Role::Clinician).await,
        colleague: harness.user(&north, "d@north.test", Role::Clinician).await,
        admin: harness.user(&north, "a@north.test", Role::Admin).await,
        foreign_admin: harness.user(&south, "a@south.test", Role::Admin).await,
        north,
    };
    harness
        .store
        .add_to_care_team(
            world.north.id,
            world.patient.id,
            world.carer.id,
            &AuditEntry::new("care", "test"),
        )
        .await
        .unwrap();
    world
}

fn code<T>(result: Result<T, AppError>) -> Result<(), &'static str> {
    result.map(|_| ()).map_err(|error| error.code())
}

#[tokio::test]
async fn a_patients_appointments_are_read_by_those_who_may_see_them_and_every_read_is_audited() {
    let harness = Harness::new().await;
    let world = world(&harness).await;
    let app = &harness.app;
    let read = |who: &User| {
        let who = caller(who);
        async move { listing::patient_appointments(app, &who, world.patient.id).await }
    };
    assert_eq!(code(read(&world.patient).await), Ok(()));
    assert_eq!(code(read(&world.carer).await), Ok(()));
    assert_eq!(code(read(&world.admin).await), Ok(()));
    assert_eq!(code(read(&world.other_patient).await), Err("not_found"));
    assert_eq!(code(read(&world.colleague).await), Err("forbidden"));
    assert_eq!(code(read(&world.foreign_admin).await), Err("not_found"));
    listing::own_appointments(app, &caller(&world.patient))
        .await
        .unwrap();

    let reads = harness
        .store
        .audit_entries(
            world.north.id,
            &AuditQuery {
                patient_id: Some(world.patient.id),
                limit: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .into_iter()
        .filter(|entry| entry.action == "appointments.read")
        .count();
    assert_eq!(
        reads, 4,
        "the three allowed reads and the patient's own list"
    );
}

#[tokio::test]
async fn staff_book_only_for_the_patients_they_may_see() {
    let harness = Harness::new().await;
    let world = world(&harness).await;
    let app = &harness.app;
    let names = |who: &User| {
        let who = caller(who);
        let clinic = world.north.clone();
        async move {
            let mut names: Vec<String> = catalogue::patients_to_book_for(app, &who, &clinic)
                .await
                .unwrap()
                .into_iter()
                .map(|patient| patient.email)
                .collect();
            names.sort();
            names
        }
    };
    assert_eq!(names(&world.admin).await, ["p@north.test", "q@north.test"]);
    assert_eq!(names(&world.carer).await, ["p@north.test"]);
    assert!(names(&world.colleague).await.is_empty());
    assert!(names(&world.patient).await.is_empty());
    assert!(
        names(&world.foreign_admin).await.is_empty(),
        "nothing crosses between clinics"
    );
}
