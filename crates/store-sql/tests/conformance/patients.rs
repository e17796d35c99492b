//! Patients, care teams, export and deletion.

use tendo_store::accounts::Role;
use tendo_store::ids::UserId;
use tendo_store::{Store, StoreError};

use crate::fixtures::{audit, clinic, new_user, user};
use crate::on_both_backends;

on_both_backends!(
    care_teams_stay_inside_the_clinic,
    the_triage_list_holds_the_clinics_patients_nobody_cares_for,
    export_and_deletion
);

async fn the_triage_list_holds_the_clinics_patients_nobody_cares_for(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let south = clinic(store, "south").await;
    let clinician = user(store, &north, "c@north.test", Role::Clinician).await;
    let waiting = user(store, &north, "wait@north.test", Role::Patient).await;
    let cared = user(store, &north, "cared@north.test", Role::Patient).await;
    user(store, &south, "elsewhere@south.test", Role::Patient).await;
    store
        .add_to_care_team(north.id, cared.id, clinician.id, &audit("care"))
        .await
        .unwrap();
    let list = store.patients_without_care_team(north.id).await.unwrap();
    let ids: Vec<UserId> = list.iter().map(|user| user.id).collect();
    assert_eq!(
        ids,
        vec![waiting.id],
        "only the north patient nobody cares for"
    );
    store
        .add_to_care_team(north.id, waiting.id, clinician.id, &audit("care"))
        .await
        .unwrap();
    assert!(
        store
            .patients_without_care_team(north.id)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn care_teams_stay_inside_the_clinic(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let south = clinic(store, "south").await;
    let north_clinician = user(store, &north, "c@north.test", Role::Clinician).await;
    let south_clinician = user(store, &south, "c@south.test", Role::Clinician).await;
    let patient = user(store, &north, "p@north.test", Role::Patient).await;

    store
        .add_to_care_team(north.id, patient.id, north_clinician.id, &audit("care"))
        .await
        .unwrap();
    assert!(
        store
            .cares_for(north_clinician.id, patient.id)
            .await
            .unwrap()
    );
    assert!(
        matches!(
            store
                .add_to_care_team(north.id, patient.id, south_clinician.id, &audit("care"))
                .await,
            Err(StoreError::NotFound)
        ),
        "a clinician of another clinic cannot join the care team"
    );
    assert!(
        matches!(
            store
                .add_to_care_team(south.id, patient.id, south_clinician.id, &audit("care"))
                .await,
            Err(StoreError::NotFound)
        ),
        "a patient of another clinic is not found"
    );
    assert!(matches!(
        store.patient(south.id, patient.id).await,
        Err(StoreError::NotFound)
    ));
    let summary = store.patient(north.id, patient.id).await.unwrap();
    assert_eq!(summary.care_team, vec![north_clinician.id]);
    store
        .remove_from_care_team(north.id, patient.id, north_clinician.id, &audit("care"))
        .await
        .unwrap();
    assert!(
        !store
            .cares_for(north_clinician.id, patient.id)
            .await
            .unwrap()
    );
}

async fn export_and_deletion(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let clinician = user(store, &north, "c@north.test", Role::Clinician).await;
    let mut new_patient = new_user(&north, "p@north.test", Role::Patient);
    new_patient.care_clinician = Some(clinician.id);
    let patient = store
        .create_user(&new_patient, &audit("create"))
        .await
        .unwrap();

    let export = store.export_patient(north.id, patient.id).await.unwrap();
    assert_eq!(export.account.email, "p@north.test");
    let care = &export.rows("care_team");
    assert_eq!(care.len(), 1);
    assert_eq!(care[0]["clinician_id"], clinician.id.to_string());
    let patients = &export.rows("patients");
    assert!(patients[0]["created_at"].as_str().unwrap().ends_with('Z'));

    store
        .delete_patient(
            north.id,
            patient.id,
            &audit("patient.delete").about(patient.id),
        )
        .await
        .unwrap();
    assert!(matches!(
        store.patient(north.id, patient.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        matches!(
            store.credentials("p@north.test").await,
            Err(StoreError::NotFound)
        ),
        "the email is gone"
    );
    assert!(!store.cares_for(clinician.id, patient.id).await.unwrap());
    assert!(matches!(
        store
            .delete_patient(north.id, UserId::new(), &audit("x"))
            .await,
        Err(StoreError::NotFound)
    ));
}
