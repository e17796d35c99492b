//! The signalling bus: what one app server publishes, every server on the same database hears,
//! whatever its length.

use std::time::Duration;

use tendo_store::Store;
use tendo_store::signal::Subscription;
use tendo_store_sql::PostgresStore;
use tendo_store_sql::testing::{fresh_postgres, fresh_sqlite};

async fn next(subscription: &mut Subscription) -> String {
    tokio::time::timeout(Duration::from_secs(5), subscription.next())
        .await
        .expect("a message arrives within five seconds")
        .expect("the bus is open")
}

#[tokio::test]
async fn two_servers_on_one_postgres_database_hear_each_other() {
    let (first, url) = fresh_postgres().await.unwrap();
    let second = PostgresStore::connect(&url).await.unwrap();
    let mut heard_by_first = first.signal_bus().subscribe().await.unwrap();
    let mut heard_by_second = second.signal_bus().subscribe().await.unwrap();

    first.signal_bus().publish("from the first").await.unwrap();
    second
        .signal_bus()
        .publish("from the second")
        .await
        .unwrap();
    for subscription in [&mut heard_by_first, &mut heard_by_second] {
        assert_eq!(next(subscription).await, "from the first");
        assert_eq!(next(subscription).await, "from the second");
    }

    // Longer than a notification may carry (a WebRTC offer): it arrives whole, in order.
    let long = "v=0 o=- 1 2 IN IP4 127.0.0.1 ".repeat(1000);
    second.signal_bus().publish(&long).await.unwrap();
    first
        .signal_bus()
        .publish("after the long one")
        .await
        .unwrap();
    for subscription in [&mut heard_by_first, &mut heard_by_second] {
        assert_eq!(next(subscription).await, long);
        assert_eq!(next(subscription).await, "after the long one");
    }
    first.close().await;
    second.close().await;
}

#[tokio::test]
async fn the_sqlite_bus_is_heard_inside_the_process() {
    let database = fresh_sqlite().await.unwrap();
    let mut first = database.store.signal_bus().subscribe().await.unwrap();
    let mut second = database.store.signal_bus().subscribe().await.unwrap();
    database.store.signal_bus().publish("hello").await.unwrap();
    assert_eq!(next(&mut first).await, "hello");
    assert_eq!(next(&mut second).await, "hello");
}
