//! The web edge (issue 12): dates out of the bookable range, redirects after sign-in, control
//! characters in text, headers on personal data, CSRF and the content security policy.

use tendo_store::accounts::Role;

use crate::booking_support::fixture;
use crate::harness::{Backend, PASSWORD, TestServer};

/// A date out of the bookable range is a 422 naming `from`, never a 500.
async fn far_dates_are_refused(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let setup = fixture(&server, "edge").await;
    let anonymous = server.client();
    for from in [
        "9999-12-31",
        "-009999-01-01",
        "9999-12-25",
        "2999-01-01",
        "-9999-01-01",
    ] {
        let api = anonymous
            .get(server.url(&format!(
                "/api/v1/clinics/edge/slots?type={}&from={from}",
                setup.video.id
            )))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 422, "slots from {from}");
        let body: serde_json::Value = api.json().await.unwrap();
        assert_eq!(body["error"]["fields"][0]["field"], "from", "{body}");
        let page = anonymous
            .get(server.url(&format!("/c/edge/book/{}?from={from}", setup.video.id)))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 422, "times page from {from}");
        let text = page.text().await.unwrap();
        assert!(
            text.contains("Later"),
            "the times page is shown again: {text}"
        );
        assert!(
            text.contains("days ahead") || text.contains("such as"),
            "the page says what is allowed: {text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn slots_far_in_the_future_or_past_are_a_422_not_a_panic_on_sqlite() {
    far_dates_are_refused(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn slots_far_in_the_future_or_past_are_a_422_not_a_panic_on_postgres() {
    far_dates_are_refused(Backend::Postgres).await;
}

/// Where signing in with `next` sends a patient, or the status when it is not a redirect.
async fn after_sign_in(server: &TestServer, email: &str, next: &str) -> Result<String, u16> {
    let response = server
        .client()
        .post(server.url("/login"))
        .form(&[("email", email), ("password", PASSWORD), ("next", next)])
        .send()
        .await
        .unwrap();
    if response.status() != 303 {
        return Err(response.status().as_u16());
    }
    Ok(response.headers()["location"].to_str().unwrap().to_string())
}

/// Only a same-origin path is followed after signing in; anything else goes to the home page.
async fn only_same_origin_paths_follow_sign_in(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let clinic = server.clinic("edge").await;
    let patient = server.user(&clinic, "pat@edge.test", Role::Patient).await;
    let home = after_sign_in(&server, &patient.email, "/").await.unwrap();
    assert_ne!(home, "/", "a patient's home page is their own");
    assert_eq!(
        after_sign_in(&server, &patient.email, "/progress?week=2").await,
        Ok("/progress?week=2".to_string()),
        "a page of Tendo is followed"
    );
    for elsewhere in [
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "\t//evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\/evil.example",
        "https://evil.example/",
        "http:evil.example",
        "javascript:alert(1)",
        "/\u{0}/evil.example",
        "evil.example",
        "",
    ] {
        assert_eq!(
            after_sign_in(&server, &patient.email, elsewhere).await,
            Ok(home.clone()),
            "next={elsewhere:?} goes to the home page"
        );
    }
    let form = server
        .client()
        .get(server.url("/login?next=%2F%0A%2Fevil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 200, "a newline in next shows the form");
    assert!(!form.text().await.unwrap().contains("evil.example"));
}

#[tokio::test(flavor = "multi_thread")]
async fn r_next_only_a_same_origin_path_is_followed_after_sign_in_on_sqlite() {
    only_same_origin_paths_follow_sign_in(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn r_next_only_a_same_origin_path_is_followed_after_sign_in_on_postgres() {
    only_same_origin_paths_follow_sign_in(Backend::Postgres).await;
}
