//! Clinical notes in the SOAP form (subjective, objective, assessment, plan), started from a
//! template for the first assessment or a follow-up, saved as drafts, then signed. A signed note
//! never changes: corrections are amendments added beside it.

use serde::{Deserialize, Serialize};
use tendo_store::StoreError;
use tendo_store::clinic::{NewAmendment, NewNote, Note, NoteKind, NoteSections};
use tendo_store::ids::{RecordId, UserId};

use super::open_for_care;
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};
use crate::patient::input::Reader;
use crate::patient::open;

/// The longest section, in characters.
pub const MAX_SECTION: usize = 10_000;

/// A note as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NoteInput {
    /// `first-assessment` or `follow-up` (for a new note).
    pub kind: String,
    /// What the patient reports.
    pub subjective: String,
    /// What the clinician found.
    pub objective: String,
    /// The assessment.
    pub assessment: String,
    /// The plan.
    pub plan: String,
}

/// The template of a kind of note: the prompts each section starts with.
pub fn template(kind: NoteKind) -> NoteSections {
    match kind {
        NoteKind::FirstAssessment => NoteSections {
            subjective: "Where and since when:\nWhat changed in training or life before it \
                         started:\nMorning pain and stiffness:\nPain with activity (0–10):\n\
                         Medicines and health:\nGoals:"
                .into(),
            objective: "Observation and swelling:\nPalpation:\nSingle-leg heel raises (count, \
                        pain):\nHop or load test:\nRange of movement:"
                .into(),
            assessment: "Working diagnosis:\nIrritability:\nRed flags checked:".into(),
            plan: "Loading programme and level:\nTraining days a week:\nRunning:\nMassage gun:\n\
                   Review in:"
                .into(),
        },
        NoteKind::FollowUp => NoteSections {
            subjective: "Since the last visit:\nPain during, after and the next morning:\n\
                         Sessions done:\nRunning:"
                .into(),
            objective: "Single-leg heel raises (count, pain):\nLoad test:\nQuestionnaire score:"
                .into(),
            assessment: "Progress against the goals:".into(),
            plan: "Level and dose from here:\nReview in:".into(),
        },
    }
}

fn read_sections(reader: &mut Reader, input: &NoteInput) -> NoteSections {
    let mut section =
        |field: &str, text: &str| reader.note(field, text, MAX_SECTION).unwrap_or_default();
    let sections = NoteSections {
        subjective: section("subjective", &input.subjective),
        objective: section("objective", &input.objective),
        assessment: section("assessment", &input.assessment),
        plan: section("plan", &input.plan),
    };
    if reader.errors.0.is_empty()
        && [
            &sections.subjective,
            &sections.objective,
            &sections.assessment,
            &sections.plan,
        ]
        .iter()
        .all(|text| text.is_empty())
    {
        reader
            .errors
            .add("subjective", "write at least one section of the note");
    }
    sections
}

fn signed_conflict(error: StoreError) -> AppError {
    match error {
        StoreError::Conflict(message) => AppError::Conflict(message),
        other => other.into(),
    }
}

/// Starts a note (a draft) and returns it.
pub async fn create(
    app: &App,
    caller: &Caller,
    patient: UserId,
    input: &NoteInput,
) -> AppResult<Note> {
    let record = open_for_care(app, caller, patient, "notes.read").await?;
    let mut reader = Reader::default();
    let kind = NoteKind::parse(input.kind.trim());
    if kind.is_none() {
        reader
            .errors
            .add("kind", "choose `first-assessment` or `follow-up`");
    }
    let sections = read_sections(&mut reader, input);
    reader.errors.into_result()?;
    let note = NewNote {
        id: RecordId::new(),
        patient_id: record.id(),
        clinic_id: record.patient.clinic_id,
        author_id: caller.id(),
        kind: kind.unwrap_or(NoteKind::FollowUp),
        sections,
        created_at: record.now,
    };
    let audit = record.change(caller, "note.create", &format!("notes/{}", note.id));
    app.store.add_note(&note, &audit).await?;
    Ok(app
        .store
        .note(note.clinic_id, note.patient_id, note.id)
        .await?)
}

/// Saves a draft again. A signed note is refused (409): add an amendment instead.
pub async fn update(
    app: &App,
    caller: &Caller,
    patient: UserId,
    note: RecordId,
    input: &NoteInput,
) -> AppResult<Note> {
    let record = open_for_care(app, caller, patient, "notes.read").await?;
    let mut reader = Reader::default();
    let sections = read_sections(&mut reader, input);
    reader.errors.into_result()?;
    let clinic = record.patient.clinic_id;
    let audit = record.change(caller, "note.update", &format!("notes/{note}"));
    app.store
        .update_note(clinic, record.id(), note, &sections, record.now, &audit)
        .await
        .map_err(signed_conflict)?;
    Ok(app.store.note(clinic, record.id(), note).await?)
}

/// Signs a draft: from now on it never changes.
pub async fn sign(app: &App, caller: &Caller, patient: UserId, note: RecordId) -> AppResult<Note> {
    let record = open_for_care(app, caller, patient, "notes.read").await?;
    let clinic = record.patient.clinic_id;
    let audit = record.change(caller, "note.sign", &format!("notes/{note}"));
    app.store
        .sign_note(clinic, record.id(), note, caller.id(), record.now, &audit)
        .await
        .map_err(signed_conflict)?;
    Ok(app.store.note(clinic, record.id(), note).await?)
}

/// Adds an amendment to a signed note.
pub async fn amend(
    app: &App,
    caller: &Caller,
    patient: UserId,
    note: RecordId,
    text: &str,
) -> AppResult<Note> {
    let record = open_for_care(app, caller, patient, "notes.read").await?;
    let mut reader = Reader::default();
    let text = reader.note("text", text, MAX_SECTION);
    if text.is_none() && reader.errors.0.is_empty() {
        reader.errors.add("text", "write the amendment");
    }
    reader.errors.into_result()?;
    let clinic = record.patient.clinic_id;
    let amendment = NewAmendment {
        id: RecordId::new(),
        note_id: note,
        patient_id: record.id(),
        clinic_id: clinic,
        author_id: caller.id(),
        text: text.unwrap_or_default(),
        created_at: record.now,
    };
    let audit = record.change(caller, "note.amend", &format!("notes/{note}"));
    app.store
        .add_amendment(&amendment, &audit)
        .await
        .map_err(signed_conflict)?;
    Ok(app.store.note(clinic, record.id(), note).await?)
}

/// One note, for the patient's care team and clinic administrators.
pub async fn show(app: &App, caller: &Caller, patient: UserId, note: RecordId) -> AppResult<Note> {
    let record = staff_open(app, caller, patient).await?;
    Ok(app
        .store
        .note(record.patient.clinic_id, record.id(), note)
        .await?)
}

/// The patient's notes, newest first.
pub async fn list(app: &App, caller: &Caller, patient: UserId) -> AppResult<Vec<Note>> {
    let record = staff_open(app, caller, patient).await?;
    Ok(app
        .store
        .notes(record.patient.clinic_id, record.id())
        .await?)
}

/// Opens the record for reading notes: clinical notes are for the care team and the clinic.
async fn staff_open(
    app: &App,
    caller: &Caller,
    patient: UserId,
) -> AppResult<crate::patient::Record> {
    let record = open(app, caller, patient, "notes.read").await?;
    if record.relation == crate::access::Relation::Own {
        return Err(AppError::Forbidden(
            "clinical notes are kept by your care team".into(),
        ));
    }
    Ok(record)
}
