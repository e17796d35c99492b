//! `X-Forwarded-For` behind a trusted proxy (`--trust-forwarded-for`): the client's address is
//! the entry the proxy wrote, and a header that holds no address counts under the peer's
//! address, so a client cannot escape the per-address sign-in limit by sending a new header
//! with each guess.

use jiff::{SignedDuration, Timestamp};
use tendo_web::state::WebConfig;

use crate::harness::{Backend, TestServer};

/// A server that trusts `X-Forwarded-For` (the test's requests come from 127.0.0.1, the peer).
async fn behind_a_proxy() -> TestServer {
    let server = TestServer::start_with(
        Backend::Sqlite,
        WebConfig {
            trust_forwarded_for: true,
            ..WebConfig::default()
        },
    )
    .await;
    server.clinic("north").await;
    server
}

/// Posts a wrong password for `email` with `X-Forwarded-For: forwarded`; the status.
async fn guess(server: &TestServer, email: &str, forwarded: &str) -> u16 {
    server
        .client()
        .post(server.url("/login"))
        .header("x-forwarded-for", forwarded)
        .form(&[("email", email), ("password", "a guess")])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The failures the store holds under `key` in the current window.
async fn counted(server: &TestServer, key: &str) -> u32 {
    server
        .store()
        .login_failures(key, Timestamp::now() - SignedDuration::from_hours(1))
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn forwarded_for_counts_a_guess_under_the_address_an_appending_proxy_wrote() {
    let server = behind_a_proxy().await;
    let status = guess(&server, "runner@north.test", "198.51.100.1, 203.0.113.9").await;
    assert_eq!(status, 401);
    assert_eq!(
        counted(&server, "address:203.0.113.9").await,
        1,
        "the guess counts under the address the proxy appended"
    );
    assert_eq!(
        counted(&server, "address:198.51.100.1").await,
        0,
        "not under the address the client wrote itself"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn forwarded_for_garbage_counts_under_the_peer_and_meets_the_address_limit() {
    let server = behind_a_proxy().await;
    // The default allowance per address is 30 failures in the window; each guess names another
    // account (so no account's own limit is reached) and sends another header that is not an
    // address.
    let allowance = 30;
    let mut refused = None;
    for attempt in 0..=allowance {
        let forwarded = match attempt % 4 {
            0 => format!("not-an-address-{attempt}"),
            1 => String::new(),
            2 => format!("198.51.100.1, garbage-{attempt}"),
            _ => "unknown".to_string(),
        };
        let status = guess(&server, &format!("runner{attempt}@north.test"), &forwarded).await;
        if status == 429 {
            refused = Some(attempt);
            break;
        }
        assert_eq!(status, 401, "guess {attempt} with {forwarded:?}");
    }
    assert_eq!(
        refused,
        Some(allowance),
        "the guess after the allowance is refused, whatever the header says"
    );
    assert_eq!(
        counted(&server, "address:127.0.0.1").await,
        allowance,
        "every guess counted under the peer's address"
    );
    for key in ["address:not-an-address-0", "address:", "address:unknown"] {
        assert_eq!(
            counted(&server, key).await,
            0,
            "nothing counted under {key:?}"
        );
    }
}
