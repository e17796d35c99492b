//! The store conformance suite: every story runs against SQLite and PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a failed store call should fail the story loudly"
)]

mod accounts;
mod booking;
mod booking_requests;
mod bulk;
mod care;
mod care_builders;
mod change_audit;
mod clinic;
mod closures;
mod diary_reads;
mod drafts;
mod export;
mod fixtures;
mod import;
mod operations;
mod outcomes;
mod patients;
mod pending_sign_ups;
mod query_plans;
mod record;
mod reminders;
mod revision;
mod row_decoders;
mod signal;
mod waiting_list;

/// Runs a story (an `async fn(&dyn Store)`) once per backend, as two tests.
macro_rules! on_both_backends {
    ($($story:ident),* $(,)?) => {$(
        mod $story {
            #[tokio::test]
            async fn sqlite() {
                let database = tendo_store_sql::testing::fresh_sqlite().await.expect("sqlite opens");
                super::$story(&database.store).await;
            }

            #[tokio::test]
            async fn postgres() {
                let (store, _url) = tendo_store_sql::testing::fresh_postgres()
                    .await
                    .expect("postgres opens");
                super::$story(&store).await;
                store.close().await;
            }
        }
    )*};
}

pub(crate) use on_both_backends;
