//! The progress API answers `304 Not Modified` to a client that holds the view as it stands,
//! and the full view again after anything it shows has changed: a session, a check-in, a
//! clinician's review, a new day. Access is checked and the read audited either way.

use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

use crate::harness::{Session, TestServer};
use crate::patient_support::{
    DAY, Patient, audit_actions, intake, log_session, patient, physio_of, times,
};

/// `GET path`, sending `etag` in `If-None-Match` when given: the status, the `ETag` and the
/// body (empty for a `304`).
async fn conditional_get(
    session: &Session,
    path: &str,
    etag: Option<&str>,
) -> (u16, String, String) {
    let mut request = session.client.get(format!("{}{path}", session.base));
    if let Some(etag) = etag {
        request = request.header(header::IF_NONE_MATCH, etag);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let etag = response
        .headers()
        .get(header::ETAG)
        .map(|value| value.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, etag, response.text().await.unwrap())
}

async fn progress_reads(server: &TestServer, patient: &Patient) -> usize {
    times(&audit_actions(server, patient).await, "progress.read")
}

#[tokio::test(flavor = "multi_thread")]
async fn progress_is_not_sent_again_until_something_it_shows_changes() {
    let server = TestServer::start().await;
    let runner = patient(&server, "north").await;
    intake(&runner, "Achilles tendinopathy", &[]).await;
    let path = format!("/api/v1/patients/{}/progress", runner.user.id);

    let (status, first, body) = conditional_get(&runner.session, &path, None).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        first.starts_with("W/\"") && first.len() > 10,
        "a weak ETag: {first}"
    );
    let (status, again, body) = conditional_get(&runner.session, &path, Some(&first)).await;
    assert_eq!(
        (status, again.as_str(), body.as_str()),
        (304, first.as_str(), "")
    );
    let (status, _, _) =
        conditional_get(&runner.session, &path, Some("W/\"something-else\"")).await;
    assert_eq!(status, 200, "another tag is not the view held");
    let (status, _, _) =
        conditional_get(&runner.session, &path, Some(&format!("\"x\", {first}"))).await;
    assert_eq!(status, 304, "any tag of a list matches");
    assert_eq!(
        progress_reads(&server, &runner).await,
        4,
        "every read is audited, 304s too"
    );

    // A session changes the pain chart.
    log_session(&runner).await;
    let (status, after_session, body) = conditional_get(&runner.session, &path, Some(&first)).await;
    assert_eq!(status, 200);
    assert_ne!(after_session, first);
    let view: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        view["progress"]["pain"].as_array().unwrap().len(),
        1,
        "{view}"
    );

    // A new day moves the week's summary and the windows.
    server.advance(DAY);
    let (status, next_day, _) = conditional_get(&runner.session, &path, Some(&after_session)).await;
    assert_eq!(status, 200, "a new day is a new view");
    let (status, _, _) = conditional_get(&runner.session, &path, Some(&next_day)).await;
    assert_eq!(status, 304);

    // The morning check-in adds the morning pain.
    let checkin = runner
        .session
        .send_json(
            Method::POST,
            &format!("/api/v1/patients/{}/checkins", runner.user.id),
            &json!({"pain": 2}),
        )
        .await;
    assert_eq!(
        checkin.status(),
        StatusCode::OK,
        "{}",
        checkin.text().await.unwrap()
    );
    let (status, after_checkin, body) =
        conditional_get(&runner.session, &path, Some(&next_day)).await;
    assert_eq!(status, 200);
    let view: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(view["progress"]["pain"][0]["morning"], 2, "{view}");

    // The care team reads the same view under the same tag (joining the care team is a change
    // to the patient's record, so the tag is read again after it).
    let physio = physio_of(&server, &runner).await;
    let (_, with_physio, _) = conditional_get(&runner.session, &path, Some(&after_checkin)).await;
    let (status, physio_tag, _) = conditional_get(&physio, &path, Some(&with_physio)).await;
    assert_eq!(
        (status, physio_tag.as_str()),
        (304, with_physio.as_str()),
        "the care team reads the same view"
    );
    // A clinician's review is part of the plan the view carries.
    let reviewed = physio
        .send_json(
            Method::POST,
            &format!("/api/v1/patients/{}/plan/review", runner.user.id),
            &json!({}),
        )
        .await;
    assert_eq!(
        reviewed.status(),
        StatusCode::OK,
        "{}",
        reviewed.text().await.unwrap()
    );
    let (status, after_review, _) =
        conditional_get(&runner.session, &path, Some(&with_physio)).await;
    assert_eq!(status, 200, "a review changes the plan shown");
    assert_ne!(after_review, with_physio);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tag_opens_nothing_that_is_not_the_callers() {
    let server = TestServer::start().await;
    let runner = patient(&server, "north").await;
    intake(&runner, "Achilles tendinopathy", &[]).await;
    let path = format!("/api/v1/patients/{}/progress", runner.user.id);
    let (_, etag, _) = conditional_get(&runner.session, &path, None).await;

    let stranger = patient(&server, "south").await;
    let (status, stranger_tag, _) = conditional_get(&stranger.session, &path, Some(&etag)).await;
    assert_eq!(status, 404, "not another patient's, tag or not");
    assert!(stranger_tag.is_empty(), "no tag leaks: {stranger_tag}");
    let (status, _, _) = conditional_get(&stranger.session, &path, Some("*")).await;
    assert_eq!(status, 404);
    let anonymous = server
        .client()
        .get(server.url(&path))
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}
