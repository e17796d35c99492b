//! The web edge (issue 12): dates out of the bookable range, redirects after sign-in, control
//! characters in text, headers on personal data, CSRF and the content security policy.

use reqwest::Method;
use serde_json::json;
use tendo_store::accounts::Role;

use crate::booking_support::fixture;
use crate::clinic_support::{self, cared_patient};
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
        "evil.example",
        "",
    ] {
        assert_eq!(
            after_sign_in(&server, &patient.email, elsewhere).await,
            Ok(home.clone()),
            "next={elsewhere:?} goes to the home page"
        );
    }
    assert_eq!(
        after_sign_in(&server, &patient.email, "/\u{0}/evil.example").await,
        Err(422),
        "a NUL is refused at the edge like in any text"
    );
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

/// The field an API error names, and its status.
async fn refusal(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    let field = body["error"]["fields"][0]["field"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    (status, field)
}

/// Text with a control character that is not text (NUL, escape, …) is a 422 naming the field,
/// on both backends alike; tabs and line breaks in a message are kept.
async fn control_characters_are_refused(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let north = clinic_support::clinic(&server, "edge").await;
    let ana = cared_patient(&server, &north, "ana", "Achilles tendinopathy", &[]).await;
    let messages = format!("/api/v1/patients/{}/messages", ana.user.id);
    for bad in [
        "a\u{0}b",
        "\u{1b}[31mred",
        "bell\u{7}",
        "del\u{7f}",
        "c1\u{85}",
    ] {
        let page = ana.session.post_form("/messages", &[("body", bad)]).await;
        assert_eq!(page.status(), 422, "the message form with {bad:?}");
        assert!(
            page.text().await.unwrap().contains("body"),
            "names the field"
        );
        let api = ana
            .session
            .send_json(Method::POST, &messages, &json!({ "body": bad }))
            .await;
        assert_eq!(refusal(api).await, (422, "body".to_string()), "{bad:?}");
        let token = ana
            .session
            .send_json(
                Method::POST,
                "/api/v1/tokens",
                &json!({ "name": bad, "scopes": ["read"] }),
            )
            .await;
        assert_eq!(refusal(token).await, (422, "name".to_string()), "{bad:?}");
        let settings = north
            .admin_session
            .send_json(
                Method::PUT,
                "/api/v1/clinic/settings",
                &json!({
                    "questionnaire_interval_days": 28,
                    "cancellation_window_hours": 24,
                    "meeting_link_template": bad,
                    "currency": "GBP",
                }),
            )
            .await;
        assert_eq!(
            refusal(settings).await,
            (422, "meeting_link_template".to_string()),
            "settings with {bad:?}"
        );
        for (path, fields) in [
            ("/login", vec![("email", bad), ("password", "x")]),
            ("/forgot-password", vec![("email", bad)]),
        ] {
            let response = server
                .client()
                .post(server.url(path))
                .form(&fields)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 422, "{path} with {bad:?}");
            assert!(
                response.text().await.unwrap().contains("email"),
                "{path} names the field"
            );
        }
    }
    let thread: serde_json::Value = ana.session.get(&messages).await.json().await.unwrap();
    assert_eq!(
        thread["messages"]
            .as_array()
            .map(Vec::len)
            .unwrap_or_default(),
        0,
        "nothing refused was stored: {thread}"
    );
    let kept = "Line one\r\nline two\twith a tab";
    let api = ana
        .session
        .send_json(Method::POST, &messages, &json!({ "body": kept }))
        .await;
    assert!(
        api.status().is_success(),
        "a multi-line message is kept: {}",
        api.status()
    );
    let thread = ana.session.get(&messages).await.text().await.unwrap();
    assert!(thread.contains("line two\\twith a tab"), "{thread}");
}

#[tokio::test(flavor = "multi_thread")]
async fn r_text_control_characters_are_a_422_naming_the_field_on_sqlite() {
    control_characters_are_refused(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn r_text_control_characters_are_a_422_naming_the_field_on_postgres() {
    control_characters_are_refused(Backend::Postgres).await;
}

fn header_of(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Pages of a signed-in person and the whole API are never cached; public assets may be.
#[tokio::test(flavor = "multi_thread")]
async fn r_no_store_personal_pages_and_the_api_are_never_cached() {
    let server = TestServer::start().await;
    let north = clinic_support::clinic(&server, "edge").await;
    let ana = cared_patient(&server, &north, "ana", "Achilles tendinopathy", &[]).await;
    for path in [
        "/today",
        "/account",
        "/progress",
        "/api/v1/me",
        &format!("/api/v1/patients/{}/messages", ana.user.id),
        "/c/edge",
    ] {
        let response = ana.session.get(path).await;
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        assert_eq!(header_of(&response, "cache-control"), "no-store", "{path}");
    }
    let clinician_view = north
        .physio
        .get(&format!("/clinic/patients/{}", ana.user.id))
        .await;
    assert_eq!(header_of(&clinician_view, "cache-control"), "no-store");
    let signed_out = server
        .client()
        .get(server.url("/api/v1/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(header_of(&signed_out, "cache-control"), "no-store");
    let style = ana.session.get("/assets/style.css").await;
    assert_ne!(
        header_of(&style, "cache-control"),
        "no-store",
        "assets may be cached"
    );
    assert_eq!(
        header_of(&style, "strict-transport-security"),
        "",
        "no HSTS when Tendo is served over plain HTTP"
    );
}

/// Served at an `https` address, every response tells browsers to keep to HTTPS.
#[tokio::test(flavor = "multi_thread")]
async fn r_hsts_an_https_base_url_sends_strict_transport_security() {
    use tower::ServiceExt;
    let database = tendo_store_sql::testing::TempSqlite::new().await.unwrap();
    let store = tendo_store_sql::SqliteStore::open_dir(database.dir.path())
        .await
        .unwrap();
    let settings = tendo_app::Settings {
        base_url: "https://tendo.example".into(),
        ..tendo_app::Settings::default()
    };
    let state = tendo_web::state::AppState {
        app: tendo_app::App::new(std::sync::Arc::new(store), settings),
        web: std::sync::Arc::new(tendo_web::state::WebConfig::default()),
    };
    for path in ["/healthz", "/login", "/no-such-page"] {
        let request = axum::http::Request::get(path)
            .body(axum::body::Body::empty())
            .unwrap();
        let response = tendo_web::router(state.clone())
            .oneshot(request)
            .await
            .unwrap();
        let hsts = response
            .headers()
            .get("strict-transport-security")
            .map(|value| value.to_str().unwrap().to_string());
        assert_eq!(
            hsts.as_deref(),
            Some("max-age=31536000; includeSubDomains"),
            "{path}"
        );
    }
}
