//! Signing in and out, sessions, CSRF, invitations, resets, tokens and data rights over HTTP.

use jiff::SignedDuration;
use reqwest::Method;
use serde_json::json;
use tendo_store::accounts::Role;
use tendo_web::state::WebConfig;

use crate::harness::{Backend, PASSWORD, TestServer, between, csrf_in};

#[tokio::test(flavor = "multi_thread")]
async fn signing_in_sets_a_safe_cookie_and_rotates_the_session() {
    let server = TestServer::start().await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "pat@north.test", Role::Patient).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let first = client
        .post(server.url("/login"))
        .form(&[("email", "pat@north.test"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 303);
    let cookie = first.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("tendo_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http: no Secure flag");

    let value = |cookie: &str| cookie.split(';').next().unwrap().to_string();
    let second = client
        .post(server.url("/login"))
        .header("cookie", value(&cookie))
        .form(&[("email", "pat@north.test"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let rotated = second.headers()["set-cookie"].to_str().unwrap().to_string();
    assert_ne!(
        value(&cookie),
        value(&rotated),
        "signing in again issues a new session id"
    );
    let old = server.client();
    let old_page = old
        .get(server.url("/account"))
        .header("cookie", value(&cookie))
        .send()
        .await
        .unwrap();
    assert_eq!(
        old_page.status(),
        303,
        "the previous session no longer works"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn cookies_are_secure_over_https() {
    let server = TestServer::start_with(
        Backend::Sqlite,
        WebConfig {
            secure_cookies: true,
            ..WebConfig::default()
        },
    )
    .await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "pat@north.test", Role::Patient).await;
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(server.url("/login"))
        .form(&[("email", "pat@north.test"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Secure")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_password_is_refused_and_five_lock_the_account() {
    let server = TestServer::start().await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "pat@north.test", Role::Patient).await;
    let client = server.client();
    for attempt in 1..=5 {
        let response = client
            .post(server.url("/login"))
            .form(&[("email", "pat@north.test"), ("password", "wrong password!")])
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let page = response.text().await.unwrap();
        if attempt < 5 {
            assert_eq!(status, 401, "attempt {attempt}");
            assert!(
                page.contains("email address or password is not right"),
                "{page}"
            );
        } else {
            assert_eq!(status, 429, "attempt {attempt}");
            assert!(page.contains("locked"), "{page}");
        }
        assert!(
            page.contains("value=\"pat@north.test\""),
            "the email is kept in the form"
        );
    }
    let locked = client
        .post(server.url("/login"))
        .form(&[("email", "pat@north.test"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(
        locked.status(),
        429,
        "the right password waits out the lock"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_need_a_session_and_sign_in_returns_there() {
    let server = TestServer::start().await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "pat@north.test", Role::Patient).await;
    let client = server.client();
    let response = client.get(server.url("/account")).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/login?next=/account");
    let api = client.get(server.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(api.status(), 401);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthenticated");
    let back = client
        .post(server.url("/login"))
        .form(&[
            ("email", "pat@north.test"),
            ("password", PASSWORD),
            ("next", "/account"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(back.headers()["location"], "/account");
    let elsewhere = server
        .client()
        .post(server.url("/login"))
        .form(&[
            ("email", "pat@north.test"),
            ("password", PASSWORD),
            ("next", "//evil.example/"),
        ])
        .send()
        .await
        .unwrap();
    assert_ne!(elsewhere.headers()["location"], "//evil.example/");
}

#[tokio::test(flavor = "multi_thread")]
async fn state_changes_need_the_csrf_token_and_the_same_origin() {
    let server = TestServer::start().await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "pat@north.test", Role::Patient).await;
    let session = server.sign_in("pat@north.test").await;
    let missing = session
        .client
        .post(server.url("/account/tokens"))
        .form(&[("name", "watch"), ("read", "on")])
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 403, "no token");
    let wrong = session
        .client
        .post(server.url("/account/tokens"))
        .form(&[("name", "watch"), ("read", "on"), ("_csrf", "guess")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403, "a wrong token");
    let cross_site = session
        .client
        .post(server.url("/account/tokens"))
        .header("sec-fetch-site", "cross-site")
        .header("origin", "https://evil.example")
        .form(&[
            ("name", "watch"),
            ("read", "on"),
            ("_csrf", session.csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        cross_site.status(),
        403,
        "another site, even with the token"
    );
    let api_without = session
        .client
        .post(server.url("/api/v1/tokens"))
        .json(&json!({"name": "watch", "scopes": ["read"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(api_without.status(), 403);
    let body: serde_json::Value = api_without.json().await.unwrap();
    assert_eq!(body["error"]["code"], "forbidden");
    let user = server
        .store()
        .credentials("pat@north.test")
        .await
        .unwrap()
        .user;
    assert!(
        server.store().api_tokens(user.id).await.unwrap().is_empty(),
        "nothing was created"
    );

    let created = session
        .post_form("/account/tokens", &[("name", "watch"), ("read", "on")])
        .await;
    assert_eq!(created.status(), 200);
    assert_eq!(server.store().api_tokens(user.id).await.unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn logout_and_logout_everywhere_end_sessions() {
    let server = TestServer::start().await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "pat@north.test", Role::Patient).await;
    let phone = server.sign_in("pat@north.test").await;
    let laptop = server.sign_in("pat@north.test").await;
    let out = phone.post_form("/logout", &[]).await;
    assert_eq!(out.status(), 303);
    assert_eq!(phone.get("/account").await.status(), 303, "signed out");
    assert_eq!(
        laptop.get("/account").await.status(),
        200,
        "the other device is still in"
    );
    let desk = server.sign_in("pat@north.test").await;
    let everywhere = desk.post_form("/account/logout-everywhere", &[]).await;
    assert_eq!(everywhere.status(), 303);
    assert_eq!(laptop.get("/account").await.status(), 303);
    assert_eq!(desk.get("/account").await.status(), 303);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invitation_creates_an_account_once() {
    let server = TestServer::start().await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "admin@north.test", Role::Admin).await;
    let admin = server.sign_in("admin@north.test").await;
    let page = admin
        .post_form(
            "/clinic/people/invite",
            &[
                ("name", "Casey Clinician"),
                ("email", "casey@north.test"),
                ("role", "clinician"),
                ("profession", "physiotherapist"),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    let link = between(&page, "<code id=\"invitation-link\">", "</code>")
        .expect("the page shows the link")
        .to_string();
    let mail = server.store().mail_to("casey@north.test", 5).await.unwrap();
    assert!(mail[0].body.contains(&link), "the link is emailed too");

    let invitee = server.client();
    let form = invitee
        .get(&link)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("Casey Clinician"));
    let weak = invitee
        .post(&link)
        .form(&[
            ("password", "short"),
            ("confirm", "short"),
            ("time_zone", "Europe/Paris"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(weak.status(), 422);
    let weak_page = weak.text().await.unwrap();
    assert!(
        weak_page.contains("id=\"password-error\""),
        "the message is beside the field"
    );
    let joined = invitee
        .post(&link)
        .form(&[
            ("password", "casey's passphrase"),
            ("confirm", "casey's passphrase"),
            ("time_zone", "Europe/Paris"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(joined.status(), 303);
    assert_eq!(
        invitee
            .get(server.url("/account"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    let again = server
        .client()
        .post(&link)
        .form(&[
            ("password", "another passphrase"),
            ("confirm", "another passphrase"),
            ("time_zone", "Europe/Paris"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 410, "a used invitation is gone");
    assert!(again.text().await.unwrap().contains("already used"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invitation_link_expires() {
    let server = TestServer::start().await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "admin@north.test", Role::Admin).await;
    let admin = server.sign_in("admin@north.test").await;
    let response = admin
        .send_json(
            Method::POST,
            "/api/v1/invitations",
            &json!({"email": "p@north.test", "name": "Pat", "role": "patient"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let created: serde_json::Value = response.json().await.unwrap();
    let link = created["link"].as_str().unwrap().to_string();
    server.advance(SignedDuration::from_hours(24 * 8));
    let expired = server.client().get(&link).send().await.unwrap();
    assert_eq!(expired.status(), 410);
    assert!(expired.text().await.unwrap().contains("expired"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_password_reset_by_email_works_once_and_expires() {
    let server = TestServer::start().await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "pat@north.test", Role::Patient).await;
    let client = server.client();
    let unknown = client
        .post(server.url("/forgot-password"))
        .form(&[("email", "nobody@north.test")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let known = client
        .post(server.url("/forgot-password"))
        .form(&[("email", "pat@north.test")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        unknown.replace("nobody@north.test", "X"),
        known.replace("pat@north.test", "X"),
        "the page says the same whether or not the account exists"
    );
    let mail = server.store().mail_to("pat@north.test", 1).await.unwrap();
    let link = mail[0]
        .body
        .lines()
        .find(|line| line.contains("/reset-password/"))
        .unwrap()
        .trim()
        .to_string();
    let reset = client
        .post(&link)
        .form(&[
            ("password", "a new passphrase"),
            ("confirm", "a new passphrase"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 303);
    let reused = client
        .post(&link)
        .form(&[
            ("password", "third passphrase"),
            ("confirm", "third passphrase"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(reused.status(), 410);
    let signed_in = client
        .post(server.url("/login"))
        .form(&[
            ("email", "pat@north.test"),
            ("password", "a new passphrase"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);

    client
        .post(server.url("/forgot-password"))
        .form(&[("email", "pat@north.test")])
        .send()
        .await
        .unwrap();
    let second = server.store().mail_to("pat@north.test", 1).await.unwrap();
    let second_link = second[0]
        .body
        .lines()
        .find(|line| line.contains("/reset-password/"))
        .unwrap()
        .trim()
        .to_string();
    server.advance(SignedDuration::from_mins(61));
    let expired = client
        .post(&second_link)
        .form(&[
            ("password", "a later passphrase"),
            ("confirm", "a later passphrase"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), 410);
}

#[tokio::test(flavor = "multi_thread")]
async fn tokens_reach_the_api_within_their_scope_until_revoked() {
    let server = TestServer::start().await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "admin@north.test", Role::Admin).await;
    let admin = server.sign_in("admin@north.test").await;
    let page = admin
        .post_form("/account/tokens", &[("name", "reporting"), ("read", "on")])
        .await
        .text()
        .await
        .unwrap();
    let secret = between(&page, "<code id=\"new-token\">", "</code>")
        .unwrap()
        .to_string();
    let api = reqwest::Client::new();
    let me: serde_json::Value = api
        .get(server.url("/api/v1/me"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "admin@north.test");
    let write = api
        .post(server.url("/api/v1/invitations"))
        .bearer_auth(&secret)
        .json(&json!({"email": "p@north.test", "name": "Pat", "role": "patient"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        write.status(),
        403,
        "a read-only token cannot change anything"
    );
    let tokens: serde_json::Value = admin.get("/api/v1/tokens").await.json().await.unwrap();
    let id = tokens[0]["id"].as_str().unwrap();
    let revoked = admin
        .send_json(Method::DELETE, &format!("/api/v1/tokens/{id}"), &json!({}))
        .await;
    assert_eq!(revoked.status(), 204);
    let after = api
        .get(server.url("/api/v1/me"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn api_errors_name_the_field_with_a_stable_code() {
    let server = TestServer::start().await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "admin@north.test", Role::Admin).await;
    let admin = server.sign_in("admin@north.test").await;
    let response = admin
        .send_json(
            Method::POST,
            "/api/v1/invitations",
            &json!({"email": "not an email", "name": "", "role": "patient"}),
        )
        .await;
    assert_eq!(response.status(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_input");
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|field| field["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"email") && fields.contains(&"name"),
        "{fields:?}"
    );
    let unknown = admin.get("/api/v1/nothing-here").await;
    assert_eq!(unknown.status(), 404);
    let body: serde_json::Value = unknown.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_patient_downloads_their_data_and_deletes_their_record() {
    let server = TestServer::start().await;
    let clinic = server.clinic("north").await;
    let patient = server.user(&clinic, "pat@north.test", Role::Patient).await;
    let session = server.sign_in("pat@north.test").await;
    let download = session.get("/account/export").await;
    assert_eq!(download.status(), 200);
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let export: serde_json::Value = download.json().await.unwrap();
    assert_eq!(export["account"]["email"], "pat@north.test");

    let refused = session
        .post_form("/account/delete", &[("password", "wrong")])
        .await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("password is not right")
    );
    assert!(
        server.store().patient(clinic.id, patient.id).await.is_ok(),
        "nothing deleted"
    );
    let deleted = session
        .post_form("/account/delete", &[("password", PASSWORD)])
        .await;
    assert_eq!(deleted.status(), 303);
    assert!(server.store().patient(clinic.id, patient.id).await.is_err());
    let again = server
        .client()
        .post(server.url("/login"))
        .form(&[("email", "pat@north.test"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn administrators_read_and_export_the_audit_log() {
    let server = TestServer::start().await;
    let clinic = server.clinic("north").await;
    let patient = server.user(&clinic, "pat@north.test", Role::Patient).await;
    server.user(&clinic, "admin@north.test", Role::Admin).await;
    let session = server.sign_in("pat@north.test").await;
    session.get("/account/export").await;
    let admin = server.sign_in("admin@north.test").await;
    let page = admin
        .get(&format!("/clinic/audit?patient={}", patient.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("patient.export"), "{page}");
    let csv = admin
        .get(&format!(
            "/clinic/audit/export?format=csv&patient={}",
            patient.id
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("at,actor_id,actor_role,patient_id,action"));
    assert!(
        csv.contains(&format!("patient,{},patient.export", patient.id)),
        "{csv}"
    );
    assert!(csrf_in(&page).is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_account_flow_runs_on_postgres_too() {
    let server = TestServer::start_on(Backend::Postgres).await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "admin@north.test", Role::Admin).await;
    let admin = server.sign_in("admin@north.test").await;
    let created: serde_json::Value = admin
        .send_json(
            Method::POST,
            "/api/v1/invitations",
            &json!({"email": "p@north.test", "name": "Pat", "role": "patient"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let link = created["link"].as_str().unwrap();
    let patient = server.client();
    let joined = patient
        .post(link)
        .form(&[
            ("password", "pat's passphrase"),
            ("confirm", "pat's passphrase"),
            ("time_zone", "Europe/Madrid"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(joined.status(), 303);
    let me: serde_json::Value = patient
        .get(server.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "patient");
    assert_eq!(me["time_zone"], "Europe/Madrid");
}
