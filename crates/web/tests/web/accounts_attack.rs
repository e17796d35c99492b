//! Accounts probed as an attacker would: parallel bursts against the sign-in and sign-up
//! limits, access left open after a reset, and answers that would reveal who has an account.
//! Each runs on SQLite and on PostgreSQL.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use tendo_store::accounts::Role;
use tokio::sync::Barrier;

use crate::harness::{Backend, PASSWORD, TestServer};

/// Parallel requests in each burst.
const BURST: usize = 100;

/// The failures the store holds under `key` in the current window.
async fn counted(server: &TestServer, key: &str) -> u32 {
    server
        .store()
        .login_failures(key, Timestamp::now() - SignedDuration::from_hours(1))
        .await
        .unwrap()
}

/// Posts the sign-in form and returns the status and page.
async fn sign_in(server: &TestServer, email: &str, password: &str) -> (u16, String) {
    let response = server
        .client()
        .post(server.url("/login"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn burst_of_wrong_passwords_checks_at_most_five(backend: Backend) {
    let server = Arc::new(TestServer::start_on(backend).await);
    let clinic = server.clinic("north").await;
    server.user(&clinic, "pat@north.test", Role::Patient).await;
    let barrier = Arc::new(Barrier::new(BURST - 1));
    let mut burst = Vec::new();
    for guess in 0..BURST - 1 {
        let (server, barrier) = (server.clone(), barrier.clone());
        burst.push(tokio::spawn(async move {
            barrier.wait().await;
            sign_in(&server, "pat@north.test", &format!("wrong guess {guess}")).await
        }));
    }
    // The right password, sent while the burst is still being answered, once the account's
    // five attempts are taken.
    let waited_from = std::time::Instant::now();
    while counted(&server, "account:pat@north.test").await < 5
        && waited_from.elapsed() < std::time::Duration::from_secs(30)
    {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let (right_status, right_page) = sign_in(&server, "pat@north.test", PASSWORD).await;
    let mut answers = Vec::new();
    for request in burst {
        answers.push(request.await.unwrap());
    }
    let told_wrong = answers.iter().filter(|(status, _)| *status == 401).count();
    assert!(
        told_wrong <= 4,
        "{told_wrong} wrong passwords were checked and answered, past the limit of 5 a window"
    );
    assert!(
        answers
            .iter()
            .all(|(status, _)| *status == 401 || *status == 429),
        "every other guess is refused as locked"
    );
    assert_eq!(
        counted(&server, "account:pat@north.test").await,
        5,
        "exactly five attempts were counted (each one checked a password)"
    );
    assert_eq!(
        right_status, 429,
        "the right password inside the burst waits"
    );
    assert!(right_page.contains("locked"), "{right_page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sign_in_limit_per_account_holds_under_a_parallel_burst_on_sqlite() {
    burst_of_wrong_passwords_checks_at_most_five(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sign_in_limit_per_account_holds_under_a_parallel_burst_on_postgres() {
    burst_of_wrong_passwords_checks_at_most_five(Backend::Postgres).await;
}

async fn burst_from_one_address_checks_at_most_thirty(backend: Backend) {
    let server = Arc::new(TestServer::start_on(backend).await);
    server.clinic("north").await;
    let barrier = Arc::new(Barrier::new(BURST));
    let mut burst = Vec::new();
    for person in 0..BURST {
        let (server, barrier) = (server.clone(), barrier.clone());
        burst.push(tokio::spawn(async move {
            barrier.wait().await;
            sign_in(&server, &format!("runner{person}@north.test"), "a guess").await
        }));
    }
    let mut checked = 0;
    for request in burst {
        let (status, page) = request.await.unwrap();
        if status == 401 {
            checked += 1;
        } else {
            assert_eq!(status, 429, "{page}");
        }
    }
    assert!(
        checked <= 30,
        "{checked} guesses from one address were checked, past the limit of 30"
    );
    assert!(counted(&server, "address:127.0.0.1").await <= 30);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sign_in_limit_per_address_holds_under_a_parallel_burst_on_sqlite() {
    burst_from_one_address_checks_at_most_thirty(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sign_in_limit_per_address_holds_under_a_parallel_burst_on_postgres() {
    burst_from_one_address_checks_at_most_thirty(Backend::Postgres).await;
}

async fn burst_of_sign_ups_creates_at_most_five(backend: Backend) {
    let server = Arc::new(TestServer::start_on(backend).await);
    server.clinic("north").await;
    let count = 30;
    let barrier = Arc::new(Barrier::new(count));
    let mut burst = Vec::new();
    for person in 0..count {
        let (server, barrier) = (server.clone(), barrier.clone());
        burst.push(tokio::spawn(async move {
            barrier.wait().await;
            server
                .client()
                .post(server.url("/c/north/sign-up"))
                .form(&[
                    ("name", "Sam"),
                    ("email", &format!("sam{person}@runner.test")),
                    ("password", "another long passphrase"),
                    ("next", "/"),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    for request in burst {
        request.await.unwrap();
    }
    // A sign-up is finished by the link mailed to the address: count the links sent.
    let mut created = 0;
    for person in 0..count {
        created += server
            .store()
            .mail_to(&format!("sam{person}@runner.test"), 5)
            .await
            .unwrap()
            .len();
    }
    assert!(
        created <= 5,
        "{created} sign-ups were started from one address, past the limit of 5"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sign_up_limit_per_address_holds_under_a_parallel_burst_on_sqlite() {
    burst_of_sign_ups_creates_at_most_five(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sign_up_limit_per_address_holds_under_a_parallel_burst_on_postgres() {
    burst_of_sign_ups_creates_at_most_five(Backend::Postgres).await;
}

/// Creates a read-only personal API token from a signed-in page and returns its secret.
async fn api_token(session: &crate::harness::Session) -> String {
    let page = session
        .post_form("/account/tokens", &[("name", "sync"), ("read", "on")])
        .await
        .text()
        .await
        .unwrap();
    crate::harness::between(&page, "<code id=\"new-token\">", "</code>")
        .unwrap()
        .to_string()
}

/// The status `GET /api/v1/me` answers with `authorization` sent as is.
async fn me_with(server: &TestServer, authorization: &str) -> u16 {
    reqwest::Client::new()
        .get(server.url("/api/v1/me"))
        .header("authorization", authorization)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The reset links mailed to `email`, newest first.
async fn reset_links(server: &TestServer, email: &str, count: u32) -> Vec<String> {
    server
        .store()
        .mail_to(email, count)
        .await
        .unwrap()
        .iter()
        .filter_map(|mail| {
            mail.body
                .lines()
                .find(|line| line.contains("/reset-password/"))
                .map(|line| line.trim().to_string())
        })
        .collect()
}

async fn a_reset_ends_sessions_and_tokens_and_voids_other_links(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "pat@north.test", Role::Patient).await;
    let phone = server.sign_in("pat@north.test").await;
    let _laptop = server.sign_in("pat@north.test").await;
    let secret = api_token(&phone).await;
    assert_eq!(me_with(&server, &format!("Bearer {secret}")).await, 200);
    let client = server.client();
    for _ in 0..2 {
        let asked = client
            .post(server.url("/forgot-password"))
            .form(&[("email", "pat@north.test")])
            .send()
            .await
            .unwrap();
        assert_eq!(asked.status(), 200);
    }
    let links = reset_links(&server, "pat@north.test", 2).await;
    assert_eq!(links.len(), 2);
    let (newest, older) = (&links[0], &links[1]);
    let reset = client
        .post(newest)
        .form(&[
            ("password", "a new passphrase"),
            ("confirm", "a new passphrase"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 303);
    let told = client
        .get(server.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        told.contains("2 sessions and 1 API token were ended"),
        "the person is told what was ended: {told}"
    );
    assert_eq!(
        me_with(&server, &format!("Bearer {secret}")).await,
        401,
        "the API token stops working after a reset"
    );
    assert_eq!(phone.get("/account").await.status(), 303, "signed out");
    let reused = client
        .post(older)
        .form(&[
            ("password", "someone else's passphrase"),
            ("confirm", "someone else's passphrase"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(reused.status(), 410, "the older link is void");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_ends_sessions_and_tokens_and_voids_other_links_on_sqlite() {
    a_reset_ends_sessions_and_tokens_and_voids_other_links(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_ends_sessions_and_tokens_and_voids_other_links_on_postgres() {
    a_reset_ends_sessions_and_tokens_and_voids_other_links(Backend::Postgres).await;
}

async fn signing_out_everywhere_revokes_api_tokens(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "pat@north.test", Role::Patient).await;
    let desk = server.sign_in("pat@north.test").await;
    let secret = api_token(&desk).await;
    let out = desk.post_form("/account/logout-everywhere", &[]).await;
    assert_eq!(out.status(), 303);
    let told = desk.get("/login").await.text().await.unwrap();
    assert!(
        told.contains("1 session and 1 API token were ended"),
        "the person is told what was ended: {told}"
    );
    assert_eq!(me_with(&server, &format!("Bearer {secret}")).await, 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn signing_out_everywhere_revokes_api_tokens_on_sqlite() {
    signing_out_everywhere_revokes_api_tokens(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn signing_out_everywhere_revokes_api_tokens_on_postgres() {
    signing_out_everywhere_revokes_api_tokens(Backend::Postgres).await;
}

async fn the_bearer_scheme_is_read_in_any_case(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "pat@north.test", Role::Patient).await;
    let desk = server
        .session_for(
            &server
                .store()
                .credentials("pat@north.test")
                .await
                .unwrap()
                .user,
        )
        .await;
    let secret = api_token(&desk).await;
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        assert_eq!(
            me_with(&server, &format!("{scheme} {secret}")).await,
            200,
            "`{scheme}` is the same scheme"
        );
    }
    assert_eq!(me_with(&server, &format!("Basic {secret}")).await, 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_bearer_scheme_is_read_in_any_case_on_sqlite() {
    the_bearer_scheme_is_read_in_any_case(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_bearer_scheme_is_read_in_any_case_on_postgres() {
    the_bearer_scheme_is_read_in_any_case(Backend::Postgres).await;
}

async fn forgotten_password_requests_are_limited(backend: Backend) {
    let server = Arc::new(TestServer::start_on(backend).await);
    let clinic = server.clinic("north").await;
    server.user(&clinic, "pat@north.test", Role::Patient).await;
    let count = 22;
    let barrier = Arc::new(Barrier::new(count));
    let mut burst = Vec::new();
    for _ in 0..count {
        let (server, barrier) = (server.clone(), barrier.clone());
        burst.push(tokio::spawn(async move {
            barrier.wait().await;
            server
                .client()
                .post(server.url("/forgot-password"))
                .form(&[("email", "pat@north.test")])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut refused = 0;
    for request in burst {
        if request.await.unwrap() == 429 {
            refused += 1;
        }
    }
    let mails = server.store().mail_to("pat@north.test", 50).await.unwrap();
    assert!(
        mails.len() <= 3,
        "{} reset mails were sent to one address in a burst, past the limit of 3",
        mails.len()
    );
    assert_eq!(refused, count - mails.len(), "the rest are told to wait");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forgotten_password_requests_are_limited_on_sqlite() {
    forgotten_password_requests_are_limited(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forgotten_password_requests_are_limited_on_postgres() {
    forgotten_password_requests_are_limited(Backend::Postgres).await;
}
