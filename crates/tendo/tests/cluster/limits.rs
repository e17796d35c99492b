//! Sign-in limits across servers: failed sign-ins spread round robin over the three servers
//! count toward one limit per account and one per address, exactly as on one server. Each
//! client connects from its own loopback address (127.0.0.x); HAProxy writes that address into
//! `X-Forwarded-For`, replacing whatever the client sent, and the servers trust it.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use reqwest::StatusCode;
use tendo_app::Settings;

use crate::support::{AppServer, Cluster};
use crate::world::{LOCKED_OUT, PASSWORD};

/// A client that connects from `address` and opens a new connection for every request, so
/// that the balancer spreads them.
fn client_from(address: Ipv4Addr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(address))
        .pool_max_idle_per_host(0)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// Posts the sign-in form to `base` (with `X-Forwarded-For: forged` if given, which the
/// balancer must replace); the answer's status.
async fn sign_in(
    client: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
    forged: Option<&str>,
) -> StatusCode {
    let mut request = client
        .post(format!("{base}/login"))
        .form(&[("email", email), ("password", password)]);
    if let Some(forged) = forged {
        request = request.header("x-forwarded-for", forged);
    }
    request.send().await.unwrap().status()
}

/// How many sign-ins each server has answered so far.
async fn sign_ins_answered(servers: &[AppServer]) -> Vec<u64> {
    let mut answered = Vec::new();
    for server in servers {
        answered.push(server.requests_for("/login").await);
    }
    answered
}

/// Asserts that every server answered some of the sign-ins made since `before`.
async fn every_server_answered(cluster: &Cluster, before: &[u64], what: &str) {
    let after = sign_ins_answered(&cluster.servers).await;
    for ((server, before), after) in cluster.servers.iter().zip(before).zip(after) {
        assert!(
            after > *before,
            "{} answered none of the {what}: the balancer did not spread them",
            server.name
        );
    }
}

/// The account limit: the account is locked by failures landing on all three servers, and then
/// refused on each server, even with the right password and from another address.
pub async fn the_account_limit_holds_across_servers(cluster: &Cluster) {
    let limit = Settings::default().max_failures_per_account;
    let before = sign_ins_answered(&cluster.servers).await;
    let attacker = client_from(Ipv4Addr::new(127, 0, 0, 2));
    for attempt in 1..limit {
        let status = sign_in(
            &attacker,
            &cluster.base,
            LOCKED_OUT,
            "not-the-password",
            Some(&format!("198.51.100.{attempt}")),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "failure {attempt} of {limit} is only a wrong password"
        );
    }
    let last = sign_in(
        &attacker,
        &cluster.base,
        LOCKED_OUT,
        "not-the-password",
        Some("198.51.100.200"),
    )
    .await;
    assert_eq!(
        last,
        StatusCode::TOO_MANY_REQUESTS,
        "failure {limit} locks the account"
    );
    every_server_answered(cluster, &before, "failed sign-ins").await;
    let owner = client_from(Ipv4Addr::new(127, 0, 0, 5));
    for server in &cluster.servers {
        let status = sign_in(&owner, &server.base(), LOCKED_OUT, PASSWORD, None).await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "{} keeps the account locked, even for the right password",
            server.name
        );
    }
}

/// The address limit: failures for as many different accounts, spread over the servers and
/// each with a different forged `X-Forwarded-For`, fill one address's allowance; the next
/// sign-in from that address is refused by every server, while another address still signs in.
pub async fn the_address_limit_holds_across_servers(cluster: &Cluster) {
    let limit = Settings::default().max_failures_per_address;
    let before = sign_ins_answered(&cluster.servers).await;
    let address = Ipv4Addr::new(127, 0, 0, 3);
    let attacker = client_from(address);
    for attempt in 0..limit {
        let status = sign_in(
            &attacker,
            &cluster.base,
            &format!("guess{attempt}@cluster.test"),
            "not-the-password",
            Some(&format!("203.0.113.{}", attempt % 250)),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "failure {} of {limit} from {address} is only a wrong password",
            attempt + 1
        );
    }
    every_server_answered(cluster, &before, "failed sign-ins").await;
    let refused = sign_in(
        &attacker,
        &cluster.base,
        "patient@cluster.test",
        PASSWORD,
        Some("203.0.113.251"),
    )
    .await;
    assert_eq!(
        refused,
        StatusCode::TOO_MANY_REQUESTS,
        "{address} has used its {limit} failures: a forged X-Forwarded-For does not help"
    );
    for server in &cluster.servers {
        let status = sign_in(
            &attacker,
            &server.base(),
            "patient@cluster.test",
            PASSWORD,
            None,
        )
        .await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "{} refuses {address} too",
            server.name
        );
    }
    let neighbour = client_from(Ipv4Addr::new(127, 0, 0, 4));
    let status = sign_in(
        &neighbour,
        &cluster.base,
        "patient@cluster.test",
        PASSWORD,
        Some("203.0.113.252"),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "another address still signs in: the limit is per address"
    );
}
