//! Helpers for the clinician tests: a clinic with a clinician and patients in their care, a
//! session logged at given pains, and reading a PDF with an independent reader.

use tendo_store::accounts::{Clinic, Role, User};
use tendo_store::audit::AuditQuery;

use crate::harness::{Session, TestServer};
use crate::patient_support::{Patient, in_care_of, intake};

/// A clinic with a clinician and an administrator signed in.
pub struct Clinic3 {
    /// The clinic.
    pub clinic: Clinic,
    /// The clinician.
    pub clinician: User,
    /// Their session.
    pub physio: Session,
    /// The administrator's session.
    pub admin_session: Session,
}

/// A clinic with a clinician and an administrator.
pub async fn clinic(server: &TestServer, slug: &str) -> Clinic3 {
    let clinic = server.clinic(slug).await;
    let clinician = server
        .user(&clinic, &format!("physio@{slug}.test"), Role::Clinician)
        .await;
    let admin = server
        .user(&clinic, &format!("admin@{slug}.test"), Role::Admin)
        .await;
    Clinic3 {
        physio: server.session_for(&clinician).await,
        admin_session: server.session_for(&admin).await,
        clinic,
        clinician,
    }
}

/// A patient of the clinic in the clinician's care, signed in, with the intake filled in for
/// `condition` (red flags in `flagged`).
pub async fn cared_patient(
    server: &TestServer,
    clinic: &Clinic3,
    name: &str,
    condition: &str,
    flagged: &[&str],
) -> Patient {
    let user = server
        .user(
            &clinic.clinic,
            &format!("{name}@{}.test", clinic.clinic.slug),
            Role::Patient,
        )
        .await;
    let patient = in_care_of(server, &clinic.clinic, &user, &clinic.clinician).await;
    intake(&patient, condition, flagged).await;
    patient
}

/// The kinds of the flags of a caseload entry, most urgent first.
pub fn flag_kinds(entry: &serde_json::Value) -> Vec<String> {
    entry["attention"]["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|flag| flag["kind"].as_str().unwrap().to_string())
        .collect()
}

/// Logs today's session through the API with every set at the plan's target and these pains.
pub async fn log_session(patient: &Patient, during: u8, after: u8) {
    let path = format!("/api/v1/patients/{}/today", patient.user.id);
    let today: serde_json::Value = patient.session.get(&path).await.json().await.unwrap();
    let mut sets = Vec::new();
    for item in today["today"]["items"].as_array().unwrap() {
        for number in 1..=item["sets"].as_u64().unwrap() {
            sets.push(serde_json::json!({
                "exercise": item["exercise"],
                "set_number": number,
                "reps": item["reps"],
                "hold_seconds": item["hold_seconds"],
                "load_kg": 10.0,
            }));
        }
    }
    let response = patient
        .session
        .send_json(
            reqwest::Method::POST,
            &format!("/api/v1/patients/{}/sessions", patient.user.id),
            &serde_json::json!({"sets": sets, "pain_during": during, "pain_after": after}),
        )
        .await;
    let status = response.status().as_u16();
    assert_eq!(status, 201, "{}", response.text().await.unwrap());
}

/// The audit actions about a patient, newest first.
pub async fn actions(
    server: &TestServer,
    clinic: &Clinic,
    patient: &User,
) -> Vec<(String, Option<String>)> {
    server
        .store()
        .audit_entries(
            clinic.id,
            &AuditQuery {
                patient_id: Some(patient.id),
                actor_id: None,
                before: None,
                limit: 500,
            },
        )
        .await
        .unwrap()
        .into_iter()
        .map(|entry| (entry.action, entry.detail))
        .collect()
}

/// The text of a PDF, as Python's `pypdf` (an independent reader) extracts it, with the page
/// count on the first line.
pub fn pdf_text(bytes: &[u8]) -> String {
    let output = crate::harness::run_python(
        "import io, sys\n\
         from pypdf import PdfReader\n\
         reader = PdfReader(io.BytesIO(sys.stdin.buffer.read()), strict=True)\n\
         print(len(reader.pages))\n\
         print(reader.metadata.title)\n\
         for page in reader.pages:\n    print(page.extract_text())",
        bytes,
    );
    assert!(
        output.status.success(),
        "pypdf could not read the report:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}
