//! The clinic's closed days: kept by date, one per day, removed only within the clinic.

use jiff::Timestamp;
use jiff::civil::date;
use tendo_store::closures::ClinicClosure;
use tendo_store::ids::RecordId;
use tendo_store::{Store, StoreError};

use crate::fixtures::{audit, clinic};
use crate::on_both_backends;

on_both_backends!(closures_are_kept_by_date_one_a_day_and_inside_the_clinic);

async fn closures_are_kept_by_date_one_a_day_and_inside_the_clinic(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let south = clinic(store, "south").await;
    let closure = |clinic: &tendo_store::accounts::Clinic, day| ClinicClosure {
        id: RecordId::new(),
        clinic_id: clinic.id,
        date: day,
        note: "Holiday".into(),
        created_at: Timestamp::now(),
    };
    let boxing_day = closure(&north, date(2026, 12, 26));
    let christmas = closure(&north, date(2026, 12, 25));
    for kept in [&boxing_day, &christmas] {
        store
            .add_clinic_closure(kept, &audit("closure"))
            .await
            .unwrap();
    }
    assert!(matches!(
        store
            .add_clinic_closure(&closure(&north, date(2026, 12, 25)), &audit("closure"))
            .await,
        Err(StoreError::Conflict(_))
    ));
    store
        .add_clinic_closure(&closure(&south, date(2026, 12, 25)), &audit("closure"))
        .await
        .unwrap();
    let found = store
        .clinic_closures(north.id, date(2026, 12, 1), date(2026, 12, 31))
        .await
        .unwrap();
    let days: Vec<_> = found.iter().map(|c| c.date).collect();
    assert_eq!(days, vec![date(2026, 12, 25), date(2026, 12, 26)]);
    assert!(
        store
            .clinic_closures(north.id, date(2027, 1, 1), date(2027, 1, 31))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        store
            .remove_clinic_closure(south.id, christmas.id, &audit("closure"))
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .remove_clinic_closure(north.id, christmas.id, &audit("closure"))
        .await
        .unwrap();
    assert_eq!(
        store
            .clinic_closures(north.id, date(2026, 12, 1), date(2026, 12, 31))
            .await
            .unwrap()
            .len(),
        1
    );
}
