//! What an operator reads of the database: the schema against the binary's migrations, the
//! connection pool, and the outbox's counts (waiting, and waiting after a failed attempt).

use jiff::{SignedDuration, Timestamp};
use tendo_store::Store;
use tendo_store::ids::RecordId;
use tendo_store::mail::NewMail;

use crate::on_both_backends;

on_both_backends!(a_migrated_database_is_current_and_the_outbox_counts_what_is_not_delivered);

fn mail(to: &str, send_after: Timestamp) -> NewMail {
    NewMail {
        id: RecordId::new(),
        clinic_id: None,
        user_id: None,
        to: to.into(),
        subject: "Your appointment".into(),
        body: "See you soon.".into(),
        calendar: None,
        created_at: Timestamp::now(),
        send_after,
    }
}

async fn a_migrated_database_is_current_and_the_outbox_counts_what_is_not_delivered(
    store: &dyn Store,
) {
    let schema = store.schema_status().await.unwrap();
    assert!(schema.is_current(), "{schema:?}");
    assert!(schema.known > 0);
    assert_eq!(schema.applied, schema.known);
    assert!(schema.missing.is_empty() && schema.changed.is_empty() && schema.unknown.is_empty());

    let pool = store.pool_status();
    assert!(
        pool.max >= 1 && pool.open <= pool.max && pool.idle <= pool.open,
        "{pool:?}"
    );

    let empty = store.outbox_status().await.unwrap();
    assert_eq!((empty.waiting, empty.failing), (0, 0));
    let now = Timestamp::now();
    let confirmation = mail("a@example.test", now);
    let reminder = mail("b@example.test", now + SignedDuration::from_hours(24));
    for queued in [&confirmation, &reminder] {
        store.enqueue_mail(queued).await.unwrap();
    }
    let queued = store.outbox_status().await.unwrap();
    assert_eq!(
        (queued.waiting, queued.failing),
        (2, 0),
        "a reminder not due yet still waits"
    );

    store
        .mark_mail_failed(
            confirmation.id,
            "connection refused",
            now + SignedDuration::from_mins(1),
        )
        .await
        .unwrap();
    let failed = store.outbox_status().await.unwrap();
    assert_eq!((failed.waiting, failed.failing), (2, 1));

    store.mark_mail_sent(confirmation.id, now).await.unwrap();
    let sent = store.outbox_status().await.unwrap();
    assert_eq!(
        (sent.waiting, sent.failing),
        (1, 0),
        "a message delivered after a failure no longer counts"
    );
}
