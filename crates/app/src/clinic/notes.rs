//! Clinical notes in the SOAP form (subjective, objective, assessment, plan), started from a
//! template for the first assessment or a follow-up, saved as drafts, then signed. A signed note
//! never changes: corrections are amendments added beside it.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tendo_store::StoreError;
use tendo_store::clinic::{NewAmendment, NewNote, Note, NoteKind, NoteSections};
use tendo_store::ids::{ClinicId, RecordId, UserId};

pub use super::note_template::{starting_sections, template};
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

/// A person named in a note: their id and name.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonRef {
    /// Their id.
    #[cfg_attr(feature = "openapi", schema(value_type = uuid::Uuid))]
    pub id: UserId,
    /// Their name.
    pub name: String,
}

/// Who signed a note, and when.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Signature {
    /// When (RFC 3339).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Who.
    pub by: PersonRef,
}

/// An amendment as shown: what it says, who added it and when.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AmendmentView {
    /// Its id.
    #[cfg_attr(feature = "openapi", schema(value_type = uuid::Uuid))]
    pub id: RecordId,
    /// What it says.
    pub text: String,
    /// When it was added (RFC 3339).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Who added it.
    pub by: PersonRef,
}

/// A note as shown to its readers: the text, who wrote it, who signed it and when, and the
/// amendments with their authors.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NoteView {
    /// Its id.
    #[cfg_attr(feature = "openapi", schema(value_type = uuid::Uuid))]
    pub id: RecordId,
    /// The patient.
    #[cfg_attr(feature = "openapi", schema(value_type = uuid::Uuid))]
    pub patient_id: UserId,
    /// First assessment or follow-up.
    pub kind: NoteKind,
    /// The four sections.
    pub sections: NoteSections,
    /// Who wrote it.
    pub author: PersonRef,
    /// When it was started (RFC 3339).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// When the draft was last saved (RFC 3339).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: Timestamp,
    /// Who signed it and when; null for a draft.
    pub signed: Option<Signature>,
    /// The amendments, oldest first.
    pub amendments: Vec<AmendmentView>,
}

/// `note` with the names of the people it names.
async fn view_of(app: &App, clinic: ClinicId, note: Note) -> AppResult<NoteView> {
    view_with(&mut crate::booking::People::new(app, clinic), note).await
}

/// `notes` with the names of the people they name, each read once.
pub(crate) async fn views(
    app: &App,
    clinic: ClinicId,
    notes: Vec<Note>,
) -> AppResult<Vec<NoteView>> {
    let mut people = crate::booking::People::new(app, clinic);
    let mut views = Vec::new();
    for note in notes {
        views.push(view_with(&mut people, note).await?);
    }
    Ok(views)
}

/// `note` with the names of the people it names, read through `people` (each person once).
async fn view_with(people: &mut crate::booking::People<'_>, note: Note) -> AppResult<NoteView> {
    let mut person = async |id: UserId| -> AppResult<PersonRef> {
        Ok(PersonRef {
            id,
            name: people.get(id).await?.name,
        })
    };
    let author = person(note.author_id).await?;
    let signed = match (note.signed_at, note.signed_by) {
        (Some(at), Some(by)) => Some(Signature {
            at,
            by: person(by).await?,
        }),
        _ => None,
    };
    let mut amendments = Vec::new();
    for amendment in note.amendments {
        amendments.push(AmendmentView {
            id: amendment.id,
            text: amendment.text,
            at: amendment.created_at,
            by: person(amendment.author_id).await?,
        });
    }
    Ok(NoteView {
        id: note.id,
        patient_id: note.patient_id,
        kind: note.kind,
        sections: note.sections,
        author,
        created_at: note.created_at,
        updated_at: note.updated_at,
        signed,
        amendments,
    })
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
) -> AppResult<NoteView> {
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
    let saved = app
        .store
        .note(note.clinic_id, note.patient_id, note.id)
        .await?;
    view_of(app, note.clinic_id, saved).await
}

/// Saves a draft again. A signed note is refused (409): add an amendment instead.
pub async fn update(
    app: &App,
    caller: &Caller,
    patient: UserId,
    note: RecordId,
    input: &NoteInput,
) -> AppResult<NoteView> {
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
    let saved = app.store.note(clinic, record.id(), note).await?;
    view_of(app, clinic, saved).await
}

/// Signs a draft: from now on it never changes.
pub async fn sign(
    app: &App,
    caller: &Caller,
    patient: UserId,
    note: RecordId,
) -> AppResult<NoteView> {
    let record = open_for_care(app, caller, patient, "notes.read").await?;
    let clinic = record.patient.clinic_id;
    let audit = record.change(caller, "note.sign", &format!("notes/{note}"));
    app.store
        .sign_note(clinic, record.id(), note, caller.id(), record.now, &audit)
        .await
        .map_err(signed_conflict)?;
    let saved = app.store.note(clinic, record.id(), note).await?;
    view_of(app, clinic, saved).await
}

/// Adds an amendment to a signed note.
pub async fn amend(
    app: &App,
    caller: &Caller,
    patient: UserId,
    note: RecordId,
    text: &str,
) -> AppResult<NoteView> {
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
    let saved = app.store.note(clinic, record.id(), note).await?;
    view_of(app, clinic, saved).await
}

/// One note, for the patient's care team and clinic administrators.
pub async fn show(
    app: &App,
    caller: &Caller,
    patient: UserId,
    note: RecordId,
) -> AppResult<NoteView> {
    let record = staff_open(app, caller, patient).await?;
    let clinic = record.patient.clinic_id;
    let found = app.store.note(clinic, record.id(), note).await?;
    view_of(app, clinic, found).await
}

/// The patient's notes, newest first.
pub async fn list(app: &App, caller: &Caller, patient: UserId) -> AppResult<Vec<NoteView>> {
    let record = staff_open(app, caller, patient).await?;
    let clinic = record.patient.clinic_id;
    views(app, clinic, app.store.notes(clinic, record.id()).await?).await
}

/// The name of a patient whose notes the caller may see (the note pages' heading).
pub async fn patient_name(app: &App, caller: &Caller, patient: UserId) -> AppResult<String> {
    let (summary, _) = crate::access::patient(app, caller, patient).await?;
    Ok(summary.user.name)
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
