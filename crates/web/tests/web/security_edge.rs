//! The web edge (issue 12): dates out of the bookable range, redirects after sign-in, control
//! characters in text, headers on personal data, CSRF and the content security policy.

use crate::booking_support::fixture;
use crate::harness::{Backend, TestServer};

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
