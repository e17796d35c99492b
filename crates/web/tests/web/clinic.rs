//! The clinician's workspace over HTTP on both backends: the caseload triaged and filtered, the
//! record, a plan reviewed and changed (an unsafe change refused with its rule, nothing saved),
//! the patient seeing the change, notes signed and amended, a red-flag stop cleared, messages
//! with unread badges, and the PDF reports read by an independent reader.

use reqwest::Method;
use serde_json::{Value, json};
use tendo_store::care::PlanCause;

use crate::clinic_support::{actions, cared_patient, clinic, log_session, pdf_text};
use crate::harness::{Backend, TestServer};
use crate::patient_support::{DAY, page, post_ok};

/// Keeps a report among the test artefacts, in `target/tmp/reports/`.
fn keep(name: &str, bytes: &[u8]) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("reports");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

async fn json_of(response: reqwest::Response, status: u16) -> Value {
    let code = response.status().as_u16();
    let text = response.text().await.unwrap();
    assert_eq!(code, status, "{text}");
    serde_json::from_str(&text).unwrap()
}

fn rules_of(entry: &Value, flag: &str) -> Vec<String> {
    entry["attention"]["flags"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|found| found["kind"] == flag)
        .flat_map(|found| found["reasons"].as_array().unwrap().clone())
        .map(|reason| reason["rule"].as_str().unwrap().to_string())
        .collect()
}

async fn workspace(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let north = clinic(&server, "north").await;
    let ana = cared_patient(&server, &north, "ana", "Achilles tendinopathy", &[]).await;
    let ben = cared_patient(
        &server,
        &north,
        "ben",
        "Achilles tendinopathy",
        &["calf-clot"],
    )
    .await;
    let cleo = cared_patient(&server, &north, "cleo", "Achilles tendinopathy", &[]).await;
    let outsider = server
        .user(
            &north.clinic,
            "dan@north.test",
            tendo_store::accounts::Role::Patient,
        )
        .await;

    // Ana trains through too much pain and tries too long a massage-gun session.
    log_session(&ana, 7, 6).await;
    let refused = ana
        .session
        .send_json(
            Method::POST,
            &format!("/api/v1/patients/{}/massage-gun/sessions", ana.user.id),
            &json!({"sites": [{"site": "soleus", "minutes": 9.0}]}),
        )
        .await;
    assert_eq!(refused.status().as_u16(), 422);

    // The caseload: the red flag first, then the broken pain limits, then the calm patient.
    let caseload = json_of(north.physio.get("/api/v1/caseload").await, 200).await;
    let entries = caseload["entries"].as_array().unwrap();
    let names: Vec<&str> = entries
        .iter()
        .map(|entry| entry["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 3, "only the clinician's patients: {names:?}");
    assert_eq!(entries[0]["patient_id"], ben.user.id.to_string());
    assert_eq!(entries[1]["patient_id"], ana.user.id.to_string());
    assert_eq!(entries[2]["patient_id"], cleo.user.id.to_string());
    assert!(rules_of(&entries[0], "red-flag").contains(&"RF-DVT".to_string()));
    assert!(rules_of(&entries[1], "pain-rules").contains(&"R-PM1".to_string()));
    assert!(rules_of(&entries[1], "pain-rules").contains(&"R-PM2".to_string()));
    let gun = rules_of(&entries[1], "massage-gun");
    assert!(
        gun.iter().any(|rule| rule == "A12" || rule == "A8"),
        "{gun:?}"
    );
    assert!(!names.contains(&outsider.name.as_str()));

    let only = json_of(
        north.physio.get("/api/v1/caseload?flag=red-flag").await,
        200,
    )
    .await;
    assert_eq!(only["matching"], 1);
    assert_eq!(only["entries"][0]["patient_id"], ben.user.id.to_string());
    let searched = json_of(north.physio.get("/api/v1/caseload?q=CLEO").await, 200).await;
    assert_eq!(
        searched["entries"][0]["patient_id"],
        cleo.user.id.to_string()
    );
    let hamstrings = json_of(
        north
            .physio
            .get("/api/v1/caseload?condition=proximal-hamstring")
            .await,
        200,
    )
    .await;
    assert_eq!(hamstrings["matching"], 0);
    let bad = json_of(north.physio.get("/api/v1/caseload?flag=grumpy").await, 422).await;
    assert_eq!(bad["error"]["fields"][0]["field"], "flag");
    assert_eq!(
        north.admin_session.get("/api/v1/caseload").await.status(),
        403
    );
    let html = page(&north.physio, "/clinic/caseload").await;
    assert!(html.contains("R-PM1") && html.contains("Red flag") && html.contains(&ana.user.name));
    let filtered = page(&north.physio, "/clinic/caseload?flag=massage-gun").await;
    assert!(filtered.contains(&ana.user.name) && !filtered.contains(&cleo.user.name));
    assert_eq!(
        north
            .physio
            .get("/clinic/caseload?flag=grumpy")
            .await
            .status(),
        422
    );

    // Ana's record: the timeline shows what was logged and refused.
    let record_path = format!("/clinic/patients/{}", ana.user.id);
    let record = page(&north.physio, &record_path).await;
    for expected in [
        "Timeline",
        "Training session",
        "Massage-gun session refused",
        "Change the plan",
        "<svg",
    ] {
        assert!(record.contains(expected), "the record shows {expected}");
    }
    let plan_page = page(&ana.session, "/plan").await;
    assert!(plan_page.contains("A clinician will review it"));
    assert_eq!(
        post_ok(&north.physio, &format!("{record_path}/plan/review"), &[]).await,
        format!("{record_path}#plan")
    );
    assert!(
        !page(&ana.session, "/plan")
            .await
            .contains("A clinician will review it")
    );

    // An unsafe change is refused with its rule; nothing is saved and the form keeps the text.
    let versions = server
        .store()
        .plan_versions(north.clinic.id, ana.user.id)
        .await
        .unwrap();
    let protocol = versions[0].position.protocol.id();
    let unsafe_gun = north
        .physio
        .post_form(
            &format!("{record_path}/plan"),
            &[
                ("protocol", protocol),
                ("level", "1"),
                ("sessions_per_week", "3"),
                ("gun", "prescribe"),
                ("gun_sites[0].site", "neck"),
                ("gun_sites[0].minutes", "1"),
                ("gun_ppm", "2400"),
                ("gun_every_days", "3"),
                ("reason", "Neck tension from desk work"),
            ],
        )
        .await;
    assert_eq!(unsafe_gun.status().as_u16(), 422);
    let refusal = unsafe_gun.text().await.unwrap();
    assert!(refusal.contains("A21") && refusal.contains("Neck tension from desk work"));
    assert_eq!(
        server
            .store()
            .plan_versions(north.clinic.id, ana.user.id)
            .await
            .unwrap()
            .len(),
        versions.len()
    );
    let too_often = north
        .physio
        .send_json(
            Method::POST,
            &format!("/api/v1/patients/{}/plan-versions", ana.user.id),
            &json!({"level": 1, "sessions_per_week": 3, "reason": "calf work",
                "massage_gun": {"sites": [{"site": "soleus", "minutes": 2.0}], "max_ppm": 2400, "every_days": 1}}),
        )
        .await;
    let too_often = json_of(too_often, 422).await;
    assert_eq!(too_often["error"]["fields"][0]["field"], "gun");
    assert!(
        too_often["error"]["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("A16")
    );

    // A safe change is a new version the patient sees, with the reason.
    let first_item = versions.len();
    assert_eq!(
        post_ok(
            &north.physio,
            &format!("{record_path}/plan"),
            &[
                ("protocol", protocol),
                ("level", "1"),
                ("sessions_per_week", "4"),
                ("gun", "prescribe"),
                ("gun_sites[0].site", "soleus"),
                ("gun_sites[0].minutes", "2"),
                ("gun_ppm", "2000"),
                ("gun_every_days", "3"),
                ("reason", "Pain above 5: four shorter days a week"),
            ],
        )
        .await,
        format!("{record_path}#plan")
    );
    let changed = server
        .store()
        .plan_versions(north.clinic.id, ana.user.id)
        .await
        .unwrap();
    assert_eq!(changed.len(), first_item + 1);
    let latest = changed.last().unwrap();
    assert_eq!(
        (latest.cause, latest.sessions_per_week),
        (PlanCause::Clinician, 4)
    );
    assert_eq!(latest.reviewed_by, Some(north.clinician.id));
    let seen = page(&ana.session, "/plan").await;
    assert!(seen.contains("Pain above 5: four shorter days a week"));
    assert!(
        seen.contains("changed by your clinician") && seen.contains("soleus (deep calf) 2 min")
    );
    // The patient's massage gun keeps to the prescription: only the soleus, for 2 minutes, at
    // 2,000 percussions a minute at most.
    let gun = json_of(
        ana.session
            .get(&format!("/api/v1/patients/{}/massage-gun", ana.user.id))
            .await,
        200,
    )
    .await;
    let allowed: Vec<(String, f64)> = gun["gun"]["allowed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|site| {
            (
                site["site"].as_str().unwrap().to_string(),
                site["max_minutes"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(allowed, [("soleus".to_string(), 2.0)]);
    assert_eq!(gun["gun"]["advice"]["max_ppm"], 2000);
    assert!(
        page(&ana.session, "/massage-gun")
            .await
            .contains("Your clinician prescribed: soleus (deep calf) 2 min")
    );

    // Notes: a template, signed, never changed, amended.
    let template = page(
        &north.physio,
        &format!("{record_path}/notes/new?kind=first-assessment"),
    )
    .await;
    assert!(template.contains("Single-leg heel raises"));
    let note_at = post_ok(
        &north.physio,
        &format!("{record_path}/notes"),
        &[
            ("kind", "first-assessment"),
            ("subjective", "Six weeks of morning stiffness."),
            ("objective", "Heel raises 15 left, 25 right."),
            ("assessment", "Midportion Achilles tendinopathy."),
            ("plan", "Heavy slow resistance."),
            ("action", "sign"),
        ],
    )
    .await;
    assert!(page(&north.physio, &note_at).await.contains("Signed"));
    let note_id = note_at.rsplit('/').next().unwrap();
    let rewrite = north
        .physio
        .send_json(
            Method::PUT,
            &format!("/api/v1/patients/{}/notes/{note_id}", ana.user.id),
            &json!({"subjective": "rewritten"}),
        )
        .await;
    assert_eq!(rewrite.status().as_u16(), 409);
    post_ok(
        &north.physio,
        &format!("{note_at}/amendments"),
        &[("text", "Left heel raises were 17.")],
    )
    .await;
    let note = json_of(
        north
            .physio
            .get(&format!("/api/v1/patients/{}/notes/{note_id}", ana.user.id))
            .await,
        200,
    )
    .await;
    assert_eq!(
        note["sections"]["subjective"],
        "Six weeks of morning stiffness."
    );
    assert_eq!(note["amendments"][0]["text"], "Left heel raises were 17.");
    assert_eq!(
        ana.session
            .get(&format!("/api/v1/patients/{}/notes", ana.user.id))
            .await
            .status(),
        403,
        "clinical notes are for the care team"
    );

    // Ben's red-flag stop: cleared with a reason, then he finishes the intake.
    let ben_record = format!("/clinic/patients/{}", ben.user.id);
    let empty = north
        .physio
        .post_form(&format!("{ben_record}/red-flags/clear"), &[("reason", " ")])
        .await;
    assert_eq!(empty.status().as_u16(), 422);
    post_ok(
        &north.physio,
        &format!("{ben_record}/red-flags/clear"),
        &[(
            "reason",
            "Calf examined: no swelling or warmth; clot ruled out by scan.",
        )],
    )
    .await;
    let plan = ben.session.get("/plan").await;
    assert_eq!(plan.headers()["location"], "/intake/massage-gun");
    post_ok(
        &ben.session,
        "/intake/massage-gun",
        crate::patient_support::SCREENING,
    )
    .await;
    post_ok(
        &ben.session,
        "/intake/baseline",
        crate::patient_support::BASELINE,
    )
    .await;
    assert!(
        page(&ben.session, "/plan")
            .await
            .contains("This week's exercises")
    );
    let ben_actions = actions(&server, &north.clinic, &ben.user).await;
    assert!(
        ben_actions
            .iter()
            .any(|(action, detail)| action == "red-flag.clear"
                && detail.as_deref()
                    == Some("Calf examined: no swelling or warmth; clot ruled out by scan."))
    );

    // Messages: the patient writes, the clinician's badge counts it until read, then replies.
    post_ok(
        &ana.session,
        "/messages",
        &[("body", "Is soreness after hills normal?")],
    )
    .await;
    assert!(
        page(&north.physio, "/clinic/caseload")
            .await
            .contains("aria-label=\"1 unread\"")
    );
    let thread = page(&north.physio, &format!("/messages/{}", ana.user.id)).await;
    assert!(thread.contains("Is soreness after hills normal?"));
    assert!(
        !page(&north.physio, "/clinic/caseload")
            .await
            .contains("aria-label=\"1 unread\"")
    );
    post_ok(
        &north.physio,
        &format!("/messages/{}", ana.user.id),
        &[("body", "Yes, if it settles by morning.")],
    )
    .await;
    assert!(
        page(&ana.session, "/today")
            .await
            .contains("aria-label=\"1 unread\"")
    );
    let inbox = json_of(ana.session.get("/api/v1/messages").await, 200).await;
    assert_eq!(inbox["unread"], 1);
    assert!(
        page(&ana.session, "/messages")
            .await
            .contains("Yes, if it settles by morning.")
    );
    let inbox = json_of(ana.session.get("/api/v1/messages").await, 200).await;
    assert_eq!(inbox["unread"], 0);

    // Everything is in the audit log.
    let ana_actions = actions(&server, &north.clinic, &ana.user).await;
    for expected in [
        "plan.review",
        "plan.change",
        "note.create",
        "note.sign",
        "note.amend",
        "message.post",
        "massage-gun.refused",
        "record.read",
    ] {
        assert!(
            ana_actions.iter().any(|(action, _)| action == expected),
            "{expected} audited"
        );
    }
    assert!(
        ana_actions
            .iter()
            .any(|(action, detail)| action == "plan.change"
                && detail.as_deref() == Some("Pain above 5: four shorter days a week"))
    );

    // The reports, read by pypdf.
    server.advance(DAY * 2);
    let report = north.physio.get(&format!("{record_path}/report.pdf")).await;
    assert_eq!(report.status().as_u16(), 200);
    assert_eq!(report.headers()["content-type"], "application/pdf");
    let bytes = report.bytes().await.unwrap();
    keep(&format!("progress-report-{backend:?}.pdf"), &bytes);
    // Words as the reader finds them, whichever line they were wrapped onto.
    let text = pdf_text(&bytes)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "Progress report",
        ana.user.name.as_str(),
        "The plan",
        "Pain above 5: four shorter days a week",
        "Pain around training",
        "Sessions done by week",
        "VISA-A score over time",
        "Next morning",
        "5/10 limit",
    ] {
        assert!(
            text.contains(expected),
            "the report has {expected}:\n{text}"
        );
    }
    assert!(!text.contains("Latest signed clinical note"));
    let referral = north
        .admin_session
        .get(&format!(
            "/api/v1/patients/{}/report?for=doctor",
            ana.user.id
        ))
        .await;
    assert_eq!(referral.status().as_u16(), 200);
    let bytes = referral.bytes().await.unwrap();
    keep(&format!("referral-report-{backend:?}.pdf"), &bytes);
    let text = pdf_text(&bytes);
    assert!(
        text.contains("Report for the referring doctor")
            && text.contains("Midportion Achilles tendinopathy.")
    );
    assert_eq!(
        north
            .physio
            .get(&format!("{record_path}/report.pdf?for=neighbour"))
            .await
            .status(),
        422
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_workspace_on_sqlite() {
    workspace(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_workspace_on_postgres() {
    workspace(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_navigation_link_of_every_role_answers_200() {
    let server = TestServer::start().await;
    let north = clinic(&server, "north").await;
    let patient = cared_patient(&server, &north, "eve", "Achilles tendinopathy", &[]).await;
    for (role, session) in [
        (tendo_store::accounts::Role::Patient, &patient.session),
        (tendo_store::accounts::Role::Clinician, &north.physio),
        (tendo_store::accounts::Role::Admin, &north.admin_session),
    ] {
        for (href, label) in tendo_web::pages::layout::nav_for(role) {
            let response = session.get(href).await;
            assert_eq!(
                response.status().as_u16(),
                200,
                "{role:?}'s link {label} ({href}) answers 200"
            );
            let body = response.text().await.unwrap();
            assert!(
                body.contains(&format!("href=\"{href}\" aria-current=\"page\"")),
                "{href} is marked current"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn clinic_settings_name_the_field_and_link_the_administration() {
    let server = TestServer::start().await;
    let north = clinic(&server, "north").await;
    let settings = page(&north.admin_session, "/clinic/settings").await;
    for link in [
        "/clinic/team",
        "/clinic/appointment-types",
        "/clinic/people",
        "/clinic/audit",
        "/c/north",
    ] {
        assert!(
            settings.contains(&format!("href=\"{link}\"")),
            "settings link {link}"
        );
    }
    let bad = north
        .admin_session
        .post_form(
            "/clinic/settings",
            &[
                ("questionnaire_interval_days", "400"),
                ("cancellation_window_hours", "24"),
                ("meeting_link_template", "http://meet.example/room"),
                ("currency", "euro"),
            ],
        )
        .await;
    assert_eq!(bad.status().as_u16(), 422);
    let body = bad.text().await.unwrap();
    for field in [
        "questionnaire_interval_days-error",
        "meeting_link_template-error",
        "currency-error",
    ] {
        assert!(body.contains(field), "{field} shown");
    }
    assert!(
        body.contains("http://meet.example/room"),
        "what was typed is kept"
    );
    assert_eq!(
        server
            .store()
            .clinic(north.clinic.id)
            .await
            .unwrap()
            .settings
            .questionnaire_interval_days,
        14,
        "nothing is saved"
    );
    post_ok(
        &north.admin_session,
        "/clinic/settings",
        &[
            ("questionnaire_interval_days", "21"),
            ("cancellation_window_hours", "48"),
            (
                "meeting_link_template",
                "https://meet.example/{appointment}",
            ),
            ("currency", "gbp"),
        ],
    )
    .await;
    let saved = json_of(
        north.admin_session.get("/api/v1/clinic/settings").await,
        200,
    )
    .await;
    assert_eq!(saved["questionnaire_interval_days"], 21);
    assert_eq!(saved["currency"], "GBP");
    let put = north
        .admin_session
        .send_json(
            Method::PUT,
            "/api/v1/clinic/settings",
            &json!({"questionnaire_interval_days": 5, "cancellation_window_hours": 24, "currency": "EUR"}),
        )
        .await;
    let refused = json_of(put, 422).await;
    assert_eq!(
        refused["error"]["fields"][0]["field"],
        "questionnaire_interval_days"
    );
    assert_eq!(north.physio.get("/clinic/settings").await.status(), 403);
}
