//! The resources of the clinic's side of a record: clinicians, appointments and signed notes.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use tendo_store::accounts::User;
use tendo_store::booking::{Appointment, AppointmentStatus};
use tendo_store::clinic::{Note, NoteKind};

use super::codes;
use super::export::{instant, reference};
use super::record::FhirRecord;

/// A clinician as a `Practitioner`.
pub fn practitioner(user: &User) -> Value {
    let mut resource = json!({
        "resourceType": "Practitioner",
        "id": user.id.to_string(),
        "identifier": [{
            "system": format!("{}/NamingSystem/user", codes::TENDO),
            "value": user.id.to_string()
        }],
        "active": true,
        "name": [{"text": user.name}]
    });
    if let Some(profession) = user.profession {
        resource["qualification"] = json!([{"code": {"text": profession.as_str()}}]);
    }
    resource
}

/// An appointment, with its type's name and the clinician.
pub fn appointment(record: &FhirRecord, booked: &Appointment) -> Value {
    let type_name = record
        .appointment_types
        .iter()
        .find(|kind| kind.id == booked.type_id)
        .map_or_else(|| "Appointment".to_string(), |kind| kind.name.clone());
    let status = match booked.status {
        AppointmentStatus::Booked => "booked",
        AppointmentStatus::Cancelled => "cancelled",
    };
    let mut resource = json!({
        "resourceType": "Appointment",
        "id": booked.id.to_string(),
        "status": status,
        "serviceType": [{"text": type_name}],
        "start": instant(booked.start),
        "end": instant(booked.end),
        "created": instant(booked.created_at),
        "participant": [
            {"actor": reference("Patient", booked.patient_id), "status": "accepted"},
            {"actor": reference("Practitioner", booked.clinician_id), "status": "accepted"}
        ]
    });
    if let Some(reason) = &booked.cancel_reason {
        resource["cancelationReason"] = json!({"text": reason});
    }
    resource
}

fn note_text(note: &Note) -> String {
    let sections = &note.sections;
    let mut text = format!(
        "Subjective\n{}\n\nObjective\n{}\n\nAssessment\n{}\n\nPlan\n{}\n",
        sections.subjective, sections.objective, sections.assessment, sections.plan
    );
    for amendment in &note.amendments {
        text.push_str(&format!(
            "\nAmendment of {}\n{}\n",
            instant(amendment.created_at),
            amendment.text
        ));
    }
    text
}

/// A signed clinical note as a `DocumentReference` holding its text (the four SOAP sections,
/// then each amendment).
pub fn document_reference(record: &FhirRecord, note: &Note) -> Value {
    let kind = match note.kind {
        NoteKind::FirstAssessment => "first assessment",
        NoteKind::FollowUp => "follow-up",
    };
    let title = format!("Clinical note (SOAP), {kind}");
    let mut resource = json!({
        "resourceType": "DocumentReference",
        "id": note.id.to_string(),
        "status": "current",
        "docStatus": if note.amendments.is_empty() { "final" } else { "amended" },
        "type": codes::tendo_concept("note", note.kind.as_str(), &title),
        "subject": reference("Patient", record.patient.id),
        "date": instant(note.signed_at.unwrap_or(note.updated_at)),
        "author": [reference("Practitioner", note.author_id)],
        "description": title,
        "content": [{"attachment": {
            "contentType": "text/plain; charset=utf-8",
            "data": STANDARD.encode(note_text(note)),
            "title": title,
            "creation": instant(note.created_at)
        }}]
    });
    if let Some(signer) = note.signed_by {
        resource["authenticator"] = reference("Practitioner", signer);
    }
    resource
}
