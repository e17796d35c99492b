//! Uploads at the web edge (issue 12, point 7): the CSRF token is read from the query string
//! only on the photo upload (a multipart form, whose body the CSRF check does not read), and a
//! photo is kept only when it decodes as an image.

use reqwest::Method;

use crate::booking_support::{fixture, multipart, small_png};
use crate::harness::{Session, TestServer};

/// Posts a photo to the team page's upload, with the CSRF token in the query string.
async fn upload_photo(
    admin: &Session,
    server: &TestServer,
    user: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let (kind, body) = multipart("photo", bytes);
    admin
        .client
        .post(server.url(&format!("/clinic/team/{user}/photo?_csrf={}", admin.csrf)))
        .header("content-type", kind)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn r_csrf_a_token_in_the_query_string_counts_only_for_uploads() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let admin = server.session_for(&world.admin).await;
    let therapist = world.therapist.id.to_string();

    // A form that is not an upload, with the right token in the query string only: refused.
    for (path, fields) in [
        (
            format!("/clinic/team/{therapist}"),
            vec![("qualifications", "Forged"), ("listed", "on")],
        ),
        ("/account/tokens".to_string(), vec![("name", "forged")]),
    ] {
        let response = admin
            .client
            .post(server.url(&format!("{path}?_csrf={}", admin.csrf)))
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{path} with the token in the query");
    }
    let team = admin.get("/clinic/team").await.text().await.unwrap();
    assert!(!team.contains("Forged"), "the refused form changed nothing");

    // The same form with the token in its body is accepted.
    let saved = admin
        .post_form(
            &format!("/clinic/team/{therapist}"),
            &[
                ("qualifications", "Diploma in sports massage"),
                ("listed", "on"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);

    // The photo upload, a multipart form, still takes its token from the query string …
    let uploaded = upload_photo(&admin, &server, &therapist, &small_png()).await;
    assert_eq!(
        uploaded.status(),
        303,
        "the upload with the query token is accepted"
    );
    // … and only the right one.
    let (kind, body) = multipart("photo", &small_png());
    let forged = admin
        .client
        .post(server.url(&format!(
            "/clinic/team/{therapist}/photo?_csrf=not-the-token"
        )))
        .header("content-type", kind)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn r_upload_a_photo_is_kept_only_when_it_decodes_as_an_image() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let admin = server.session_for(&world.admin).await;
    let therapist = world.therapist.id.to_string();

    // PNG's signature followed by garbage: it starts like a PNG but is not one.
    let fake = [b"\x89PNG\r\n\x1a\n".as_slice(), &[0x42; 256]].concat();
    let page = upload_photo(&admin, &server, &therapist, &fake).await;
    assert_eq!(page.status(), 422);
    let text = page.text().await.unwrap();
    assert!(
        text.contains("could not be read as a PNG, JPEG or WebP image"),
        "the page says what is wrong: {text}"
    );
    let api = admin
        .client
        .request(
            Method::PUT,
            server.url(&format!("/api/v1/team/{therapist}/photo")),
        )
        .header("x-csrf-token", &admin.csrf)
        .body(fake.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 422);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["field"], "photo", "{body}");
    let photo_url = server.url(&format!("/c/north/team/{therapist}/photo"));
    let none = server.client().get(&photo_url).send().await.unwrap();
    assert_eq!(none.status(), 404, "nothing was kept");

    // A real PNG is kept, byte for byte, and served as one.
    let png = small_png();
    let page = upload_photo(&admin, &server, &therapist, &png).await;
    assert_eq!(page.status(), 303);
    let served = server.client().get(&photo_url).send().await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.unwrap().as_ref(), png.as_slice());
}
