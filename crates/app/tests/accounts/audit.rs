//! Audited reads: a read returns only once its audit entry is written, alone or in a crowd.

use tendo_app::privacy;
use tendo_store::accounts::Role;
use tendo_store::audit::AuditQuery;

use crate::harness::{Harness, caller};

async fn exports_logged(
    harness: &Harness,
    clinic: tendo_store::ids::ClinicId,
    patient: tendo_store::ids::UserId,
) -> usize {
    harness
        .store
        .audit_entries(
            clinic,
            &AuditQuery {
                patient_id: Some(patient),
                limit: 10_000,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .iter()
        .filter(|entry| entry.action == "patient.export")
        .count()
}

#[tokio::test]
async fn a_read_is_in_the_audit_log_when_it_returns() {
    let harness = Harness::new().await;
    let clinic = harness.clinic("north").await;
    let patient = harness.user(&clinic, "p@north.test", Role::Patient).await;
    privacy::export(&harness.app, &caller(&patient), patient.id)
        .await
        .unwrap();
    assert_eq!(exports_logged(&harness, clinic.id, patient.id).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_steady_stream_of_reads_is_written_as_it_comes_not_in_full_batches() {
    let harness = Harness::new().await;
    let clinic = harness.clinic("north").await;
    let patient = harness.user(&clinic, "p@north.test", Role::Patient).await;
    // Fewer reads than any batch size, in parallel and one after another: each read that has
    // returned is already in the log.
    let reads: Vec<_> = (0..40)
        .map(|_| {
            let app = harness.app.clone();
            let caller = caller(&patient);
            tokio::spawn(async move { privacy::export(&app, &caller, patient.id).await })
        })
        .collect();
    for read in reads {
        read.await.unwrap().unwrap();
    }
    assert_eq!(exports_logged(&harness, clinic.id, patient.id).await, 40);
    for served in 41..=45 {
        privacy::export(&harness.app, &caller(&patient), patient.id)
            .await
            .unwrap();
        assert_eq!(
            exports_logged(&harness, clinic.id, patient.id).await,
            served
        );
    }
}
