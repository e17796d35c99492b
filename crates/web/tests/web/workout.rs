//! Workout mode: sets ticked one at a time are kept on the server, so a new tab (a new client
//! with the same account) resumes where the last one stopped; finishing logs one session with
//! the ticked sets even when sent twice, and the draft is gone; a draft is its patient's only.

use reqwest::Method;
use serde_json::{Value, json};

use crate::harness::{Session, between};
use crate::patient_support::{
    Patient, assert_added, audit_actions, intake, page, patient, post_ok,
};

async fn get_json(session: &Session, path: &str) -> (u16, Value) {
    let response = session.get(path).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Today's exercises from the API: (id, name, sets, counted in reps).
async fn exercises(patient: &Patient) -> Vec<(String, String, u64, bool)> {
    let (_, today) = get_json(
        &patient.session,
        &format!("/api/v1/patients/{}/today", patient.user.id),
    )
    .await;
    today["today"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (
                item["exercise"].as_str().unwrap().to_string(),
                item["name"].as_str().unwrap().to_string(),
                item["sets"].as_u64().unwrap(),
                item["reps"].is_u64(),
            )
        })
        .collect()
}

async fn tick(
    session: &Session,
    exercise: &str,
    number: u64,
    counted: bool,
    amount: &str,
) -> String {
    let number = number.to_string();
    let field = if counted { "reps" } else { "hold_seconds" };
    post_ok(
        session,
        "/today/workout/set",
        &[
            ("exercise", exercise),
            ("set_number", &number),
            (field, amount),
            ("load_kg", "2.5"),
        ],
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn workout_sets_survive_a_lost_tab_and_finish_logs_one_session() {
    let server = crate::harness::TestServer::start().await;
    let runner = patient(&server, "north").await;
    intake(&runner, "Achilles tendinopathy", &[]).await;
    let today = page(&runner.session, "/today").await;
    assert!(
        today.contains("href=\"/today/workout\""),
        "Today offers Start session"
    );
    let items = exercises(&runner).await;
    let (first, first_name, first_sets, counted) = items[0].clone();
    assert!(first_sets >= 2, "the first exercise has several sets");

    let workout = page(&runner.session, "/today/workout").await;
    assert!(
        workout.contains(&format!("Exercise 1 of {}: {first_name}", items.len())),
        "the first step is the first exercise"
    );
    assert!(workout.contains("Set 1 done"), "a big button ticks the set");
    let next = tick(&runner.session, &first, 1, counted, "11").await;
    assert_eq!(
        next, "/today/workout?exercise=1#step",
        "on to set 2 of the same exercise"
    );

    // The tab is lost: a new client signed in as the same person resumes at set 2.
    let new_tab = server.session_for(&runner.user).await;
    let resumed = page(&new_tab, "/today/workout").await;
    assert!(resumed.contains(&format!("Exercise 1 of {}", items.len())));
    let set_one = between(&resumed, "<strong>Set 1</strong>", "</p>").unwrap();
    assert!(set_one.contains("done"), "set 1 shows as done: {set_one}");
    assert!(set_one.contains("2.5 kg added"), "with its load: {set_one}");
    let next_set = between(&resumed, "workout-set next", "</li>").unwrap();
    assert!(next_set.contains("Set 2 done"), "set 2 is next: {next_set}");
    assert!(
        next_set.contains("value=\"11\""),
        "set 2 is pre-filled from set 1: {next_set}"
    );
    let base = format!("/api/v1/patients/{}/sessions", runner.user.id);
    let (status, draft) = get_json(&new_tab, &format!("{base}/draft")).await;
    assert_eq!(status, 200);
    assert_eq!(draft["sets"].as_array().unwrap().len(), 1);

    // The rest of the first exercise, then on to the next step.
    let mut last = String::new();
    for number in 2..=first_sets {
        last = tick(&new_tab, &first, number, counted, "10").await;
    }
    let expected = if items.len() > 1 {
        "/today/workout?exercise=2#step"
    } else {
        "/today/workout?step=finish#step"
    };
    assert_eq!(last, expected);

    // Finish, twice (a double tap): one session with the ticked sets; the draft is gone.
    let finish_page = page(&new_tab, "/today/workout?step=finish").await;
    assert!(finish_page.contains("Last step: your pain"));
    let key = between(&finish_page, "name=\"finish_key\" value=\"", "\"")
        .unwrap()
        .to_string();
    assert!(!key.is_empty());
    let answers = [
        ("finish_key", key.as_str()),
        ("pain_during", "3"),
        ("pain_after", "2"),
        ("note", ""),
    ];
    assert_eq!(
        post_ok(&new_tab, "/today/workout/finish", &answers).await,
        "/today"
    );
    assert_eq!(
        post_ok(&runner.session, "/today/workout/finish", &answers).await,
        "/today"
    );
    let (_, history) = get_json(&new_tab, &base).await;
    let sessions = history["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1, "one session: {history}");
    let sets = sessions[0]["sets"].as_array().unwrap();
    assert_eq!(sets.len() as u64, first_sets);
    assert!(sets.iter().all(|set| set["exercise"] == first.as_str()));
    assert_eq!(sessions[0]["pain_during"], 3);
    let (status, _) = get_json(&new_tab, &format!("{base}/draft")).await;
    assert_eq!(status, 404, "the draft is gone");
}

#[tokio::test(flavor = "multi_thread")]
async fn workout_api_finishes_once_per_key_and_keeps_drafts_to_their_patient() {
    let server = crate::harness::TestServer::start().await;
    let runner = patient(&server, "north").await;
    let other = patient(&server, "south").await;
    intake(&runner, "Achilles tendinopathy", &[]).await;
    intake(&other, "Achilles tendinopathy", &[]).await;
    let items = exercises(&runner).await;
    let (exercise, _, _, counted) = items[0].clone();
    let set = |number: u64| {
        if counted {
            json!({"exercise": exercise, "set_number": number, "reps": 12, "load_kg": 5.0})
        } else {
            json!({"exercise": exercise, "set_number": number, "hold_seconds": 40})
        }
    };
    let base = format!("/api/v1/patients/{}/sessions", runner.user.id);
    let session = &runner.session;
    let (status, _) = get_json(session, &format!("{base}/draft")).await;
    assert_eq!(status, 404, "no draft before the first set");

    // Each PUT carries the whole draft: a resend changes nothing.
    let body = json!({"sets": [set(1), set(2)]});
    for _ in 0..2 {
        let response = session
            .send_json(Method::PUT, &format!("{base}/draft"), &body)
            .await;
        assert_eq!(response.status().as_u16(), 200);
    }
    let (_, draft) = get_json(session, &format!("{base}/draft")).await;
    assert_eq!(draft["sets"].as_array().unwrap().len(), 2);

    // Another patient can neither read nor write it, nor finish it.
    let (status, _) = get_json(&other.session, &format!("{base}/draft")).await;
    assert!(matches!(status, 403 | 404), "read by another: {status}");
    for (method, path) in [
        (Method::PUT, format!("{base}/draft")),
        (Method::DELETE, format!("{base}/draft")),
        (Method::POST, format!("{base}/draft/finish")),
    ] {
        let status = other
            .session
            .send_json(
                method.clone(),
                &path,
                &json!({"sets": [], "pain_during": 1, "pain_after": 1}),
            )
            .await
            .status()
            .as_u16();
        assert!(
            matches!(status, 403 | 404),
            "{method} {path} by another: {status}"
        );
    }
    let (_, draft_after) = get_json(session, &format!("{base}/draft")).await;
    assert_eq!(draft_after, draft, "untouched by the other patient");

    // Finish twice with the same key: one session, the same answer.
    let finish = |key: &'static str| {
        session
            .client
            .post(format!("{}{base}/draft/finish", session.base))
            .header("x-csrf-token", &session.csrf)
            .header("Idempotency-Key", key)
            .json(&json!({"pain_during": 2, "pain_after": 1}))
            .send()
    };
    let first = finish("finish-one").await.unwrap();
    assert_eq!(first.status().as_u16(), 201);
    let first: Value = first.json().await.unwrap();
    let again = finish("finish-one").await.unwrap();
    assert_eq!(again.status().as_u16(), 201);
    let again: Value = again.json().await.unwrap();
    assert_eq!(first["id"], again["id"]);
    assert_eq!(first["id"], draft["id"], "the session takes the draft's id");
    let (_, history) = get_json(session, &base).await;
    assert_eq!(history["sessions"].as_array().unwrap().len(), 1);
    let (status, _) = get_json(session, &format!("{base}/draft")).await;
    assert_eq!(status, 404, "the draft is gone");
    // Without the key, a finish with no draft logs nothing.
    let status = session
        .send_json(
            Method::POST,
            &format!("{base}/draft/finish"),
            &json!({"pain_during": 2, "pain_after": 1}),
        )
        .await
        .status()
        .as_u16();
    assert_eq!(status, 404);
    let (_, history) = get_json(session, &base).await;
    assert_eq!(history["sessions"].as_array().unwrap().len(), 1);
}

/// Each workout change records its read once: with the change when one is made (a draft
/// saved, discarded, a session logged), alone when none is (bad sets, nothing to discard, a
/// finish sent again with its key).
#[tokio::test(flavor = "multi_thread")]
async fn workout_changes_record_their_access_with_the_change_or_alone() {
    let server = crate::harness::TestServer::start().await;
    let runner = patient(&server, "north").await;
    intake(&runner, "Achilles tendinopathy", &[]).await;
    let (exercise, _, _, counted) = exercises(&runner).await[0].clone();
    let amount = if counted { "reps" } else { "hold_seconds" };
    let draft =
        |given: u32| json!({"sets": [{"exercise": exercise, "set_number": 1, amount: given}]});
    let base = format!("/api/v1/patients/{}/sessions/draft", runner.user.id);
    let send = |method: Method, path: String, body: Value| {
        let session = &runner.session;
        async move {
            session
                .client
                .request(method, format!("{}{path}", session.base))
                .header("x-csrf-token", &session.csrf)
                .header("Idempotency-Key", "finish-audit")
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let finish = json!({"pain_during": 2, "pain_after": 1});
    let before = audit_actions(&server, &runner).await;

    assert_eq!(
        send(Method::PUT, base.clone(), draft(999)).await,
        422,
        "more than a set can hold"
    );
    assert_eq!(send(Method::PUT, base.clone(), draft(10)).await, 200);
    assert_eq!(send(Method::DELETE, base.clone(), Value::Null).await, 204);
    assert_eq!(
        send(Method::DELETE, base.clone(), Value::Null).await,
        204,
        "nothing left to discard"
    );
    assert_eq!(send(Method::PUT, base.clone(), draft(10)).await, 200);
    let finish_path = format!("{base}/finish");
    assert_eq!(
        send(Method::POST, finish_path.clone(), finish.clone()).await,
        201
    );
    assert_eq!(
        send(Method::POST, finish_path, finish).await,
        201,
        "the same finish again, with its key"
    );

    let after = audit_actions(&server, &runner).await;
    assert_added(
        &before,
        &after,
        &[
            ("workout.read", 7),
            ("workout.save", 2),
            ("workout.discard", 1),
            ("session.log", 1),
        ],
    );
}
