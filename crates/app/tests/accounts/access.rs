use tendo_app::access::{self, Relation};
use tendo_store::accounts::Role;
use tendo_store::audit::AuditEntry;

use crate::harness::{Harness, caller};

#[tokio::test]
async fn who_may_see_a_patient() {
    let harness = Harness::new().await;
    let north = harness.clinic("north").await;
    let south = harness.clinic("south").await;
    let patient = harness.user(&north, "p@north.test", Role::Patient).await;
    let other_patient = harness.user(&north, "q@north.test", Role::Patient).await;
    let carer = harness.user(&north, "c@north.test", Role::Clinician).await;
    let colleague = harness.user(&north, "d@north.test", Role::Clinician).await;
    let admin = harness.user(&north, "a@north.test", Role::Admin).await;
    let foreign_admin = harness.user(&south, "a@south.test", Role::Admin).await;
    let foreign_clinician = harness.user(&south, "c@south.test", Role::Clinician).await;
    harness
        .store
        .add_to_care_team(
            north.id,
            patient.id,
            carer.id,
            &AuditEntry::new("care", "test"),
        )
        .await
        .unwrap();
    let app = &harness.app;
    let relation = |result: Result<_, tendo_app::error::AppError>| match result {
        Ok((_, relation)) => Ok(relation),
        Err(error) => Err(error.code()),
    };
    assert_eq!(
        relation(access::patient(app, &caller(&patient), patient.id).await),
        Ok(Relation::Own)
    );
    assert_eq!(
        relation(access::patient(app, &caller(&other_patient), patient.id).await),
        Err("not_found")
    );
    assert_eq!(
        relation(access::patient(app, &caller(&carer), patient.id).await),
        Ok(Relation::CareTeam)
    );
    assert_eq!(
        relation(access::patient(app, &caller(&colleague), patient.id).await),
        Err("forbidden")
    );
    assert_eq!(
        relation(access::patient(app, &caller(&admin), patient.id).await),
        Ok(Relation::ClinicAdmin)
    );
    assert_eq!(
        relation(access::patient(app, &caller(&foreign_admin), patient.id).await),
        Err("not_found")
    );
    assert_eq!(
        relation(access::patient(app, &caller(&foreign_clinician), patient.id).await),
        Err("not_found")
    );
    assert_eq!(
        relation(access::patient(app, &caller(&admin), carer.id).await),
        Err("not_found"),
        "a clinician is not a patient"
    );
}
