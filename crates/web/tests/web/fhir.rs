//! FHIR R4 over HTTP: the read API's authentication, authorisation, audit and media type, its
//! errors as `OperationOutcome`, and the import by API and by the administrator's page, on
//! SQLite and PostgreSQL.

use reqwest::Method;
use serde_json::Value;
use tendo_store::accounts::Role;
use tendo_store::audit::AuditQuery;

use crate::booking_support::multipart;
use crate::harness::{Backend, TestServer};
use crate::patient_support::{in_care_of, intake};

const FHIR_JSON: &str = "application/fhir+json";

fn media_type(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

async fn fhir_story(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let clinic = server.clinic("fhir-north").await;
    let runner = server
        .user(&clinic, "runner@fhir-north.test", Role::Patient)
        .await;
    let carer = server
        .user(&clinic, "carer@fhir-north.test", Role::Clinician)
        .await;
    let colleague = server
        .user(&clinic, "colleague@fhir-north.test", Role::Clinician)
        .await;
    let admin = server
        .user(&clinic, "admin@fhir-north.test", Role::Admin)
        .await;
    let patient = in_care_of(&server, &clinic, &runner, &carer).await;
    intake(&patient, "Achilles tendinitis", &[]).await;
    let everything = format!("/fhir/r4/Patient/{}/$everything", runner.id);

    // What the API serves is public.
    let metadata = server
        .client()
        .get(server.url("/fhir/r4/metadata"))
        .send()
        .await
        .unwrap();
    assert_eq!(metadata.status(), 200);
    assert_eq!(media_type(&metadata), FHIR_JSON);
    let statement: Value = metadata.json().await.unwrap();
    assert_eq!(statement["resourceType"], "CapabilityStatement");
    assert_eq!(statement["fhirVersion"], "4.0.1");

    // Nobody signed in: 401, as an OperationOutcome.
    let anonymous = server
        .client()
        .get(server.url(&everything))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    assert_eq!(media_type(&anonymous), FHIR_JSON);
    let outcome: Value = anonymous.json().await.unwrap();
    assert_eq!(outcome["resourceType"], "OperationOutcome");
    assert_eq!(outcome["issue"][0]["code"], "login");

    // A token that is not valid: 401, as an OperationOutcome too.
    let wrong_token = server
        .client()
        .get(server.url(&everything))
        .header("authorization", "Bearer tendo_pat_not-a-real-token")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_token.status(), 401);
    let outcome: Value = wrong_token.json().await.unwrap();
    assert_eq!(outcome["resourceType"], "OperationOutcome");

    // The patient downloads their record; the read is audited.
    let own = patient.session.get(&everything).await;
    assert_eq!(own.status(), 200);
    assert_eq!(media_type(&own), FHIR_JSON);
    let bundle: Value = own.json().await.unwrap();
    assert_eq!(bundle["resourceType"], "Bundle");
    let kinds: Vec<&str> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|entry| entry["resource"]["resourceType"].as_str())
        .collect();
    for kind in ["Patient", "Condition", "CarePlan", "QuestionnaireResponse"] {
        assert!(kinds.contains(&kind), "no {kind} in {kinds:?}");
    }
    let audited = server
        .store()
        .audit_entries(
            clinic.id,
            &AuditQuery {
                patient_id: Some(runner.id),
                actor_id: Some(runner.id),
                before: None,
                limit: 20,
            },
        )
        .await
        .unwrap();
    assert!(audited.iter().any(|entry| entry.action == "fhir.export"));

    // The clinician caring for them reads the Patient; a colleague outside the care team may
    // not.
    let carer_session = server.session_for(&carer).await;
    let read = carer_session
        .get(&format!("/fhir/r4/Patient/{}", runner.id))
        .await;
    assert_eq!(read.status(), 200);
    let resource: Value = read.json().await.unwrap();
    assert_eq!(resource["resourceType"], "Patient");
    assert_eq!(resource["id"], runner.id.to_string());
    let refused = server.session_for(&colleague).await.get(&everything).await;
    assert_eq!(refused.status(), 403);
    let outcome: Value = refused.json().await.unwrap();
    assert_eq!(outcome["issue"][0]["code"], "forbidden");

    // The administrator imports the Bundle as a new patient, under another address.
    let admin_session = server.session_for(&admin).await;
    let imported = admin_session
        .client
        .post(server.url("/api/v1/fhir/import?email=moved%40fhir-north.test"))
        .header("x-csrf-token", &admin_session.csrf)
        .header("content-type", FHIR_JSON)
        .body(bundle.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(imported.status(), 201);
    let report: Value = imported.json().await.unwrap();
    let new_patient = report["patient_id"].as_str().unwrap().to_string();
    assert_ne!(new_patient, runner.id.to_string());
    assert!(
        report["taken"]
            .as_array()
            .unwrap()
            .iter()
            .any(|line| line["what"] == "plan versions"),
        "{report}"
    );
    let again = admin_session
        .get(&format!("/fhir/r4/Patient/{new_patient}/$everything"))
        .await;
    assert_eq!(again.status(), 200);

    // A Bundle with a score that does not match its answers is refused at its value.
    let mut broken = bundle.clone();
    let entries = broken["entry"].as_array_mut().unwrap();
    let index = entries
        .iter()
        .position(|entry| {
            entry["resource"]["id"]
                .as_str()
                .is_some_and(|id| id.starts_with("score-"))
        })
        .unwrap();
    let score = entries[index]["resource"]["valueInteger"].as_i64().unwrap();
    entries[index]["resource"]["valueInteger"] = Value::from((score + 3) % 101);
    let refused = admin_session
        .send_json(
            Method::POST,
            "/api/v1/fhir/import?email=broken%40fhir-north.test",
            &broken,
        )
        .await;
    assert_eq!(refused.status(), 422);
    let error: Value = refused.json().await.unwrap();
    assert_eq!(
        error["error"]["fields"][0]["field"],
        format!("Bundle.entry[{index}].resource.valueInteger")
    );

    // The upload page: the file and another address.
    let (kind, mut body) = multipart("bundle", bundle.to_string().as_bytes());
    let boundary = "tendo-test-boundary";
    let tail = format!("--{boundary}--\r\n");
    body.truncate(body.len() - tail.len());
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\n\
             page@fhir-north.test\r\n{tail}"
        )
        .as_bytes(),
    );
    let page = admin_session
        .client
        .post(server.url(&format!("/clinic/import?_csrf={}", admin_session.csrf)))
        .header("content-type", kind)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("is now a patient here"), "{html}");
    assert!(
        html.contains("Not taken") || html.contains("Taken"),
        "{html}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn fhir_read_api_and_import_on_sqlite() {
    fhir_story(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn fhir_read_api_and_import_on_postgres() {
    fhir_story(Backend::Postgres).await;
}
