//! Clinical notes: drafts that can be saved again, signed notes that never change (the store
//! refuses the update, and a trigger in the schema refuses it too), and amendments added beside
//! a signed note.

use std::collections::HashMap;

use crate::db::Row;
use crate::db::{Connection, Executor};
use jiff::Timestamp;
use tendo_store::audit::AuditEntry;
use tendo_store::clinic::{Amendment, NewAmendment, NewNote, Note, NoteKind, NoteSections};
use tendo_store::ids::{ClinicId, Id, RecordId, UserId};
use tendo_store::{StoreError, StoreResult};

use crate::audit::insert_audit;
use crate::care::lock_patient;
use crate::codec::{RowExt, micros, store_error};

/// Whether the note exists, and whether it is signed.
async fn state(
    connection: &mut Connection,
    clinic: ClinicId,
    patient: UserId,
    note: RecordId,
) -> StoreResult<bool> {
    let signed: Option<Option<i64>> = crate::db::query_scalar(
        "SELECT signed_at FROM clinical_notes WHERE id = $1 AND patient_id = $2 \
         AND clinic_id = $3",
    )
    .bind(note.to_bytes())
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .fetch_optional(connection)
    .await
    .map_err(store_error)?;
    match signed {
        None => Err(StoreError::NotFound),
        Some(signed) => Ok(signed.is_some()),
    }
}

fn signed_conflict() -> StoreError {
    StoreError::Conflict("a signed note cannot be changed; add an amendment".into())
}

pub(crate) async fn add_note(
    writer: &crate::write::Writer,
    note: &NewNote,
    audit: &AuditEntry,
) -> StoreResult<()> {
    let mut tx = writer.begin().await?;
    lock_patient(&mut tx, note.clinic_id, note.patient_id).await?;
    crate::db::query(
        "INSERT INTO clinical_notes (id, patient_id, clinic_id, author_id, kind, subjective, \
         objective, assessment, plan, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
    )
    .bind(note.id.to_bytes())
    .bind(note.patient_id.to_bytes())
    .bind(note.clinic_id.to_bytes())
    .bind(note.author_id.to_bytes())
    .bind(note.kind.as_str())
    .bind(&note.sections.subjective)
    .bind(&note.sections.objective)
    .bind(&note.sections.assessment)
    .bind(&note.sections.plan)
    .bind(micros(note.created_at))
    .execute(&mut *tx)
    .await
    .map_err(store_error)?;
    insert_audit(&mut tx, audit).await?;
    tx.commit().await
}

pub(crate) async fn update_note(
    writer: &crate::write::Writer,
    clinic: ClinicId,
    patient: UserId,
    note: RecordId,
    sections: &NoteSections,
    at: Timestamp,
    audit: &AuditEntry,
) -> StoreResult<()> {
    let mut tx = writer.begin().await?;
    lock_patient(&mut tx, clinic, patient).await?;
    if state(&mut tx, clinic, patient, note).await? {
        return Err(signed_conflict());
    }
    crate::db::query(
        "UPDATE clinical_notes SET subjective = $1, objective = $2, assessment = $3, plan = $4, \
         updated_at = $5 WHERE id = $6 AND patient_id = $7 AND clinic_id = $8 \
         AND signed_at IS NULL",
    )
    .bind(&sections.subjective)
    .bind(&sections.objective)
    .bind(&sections.assessment)
    .bind(&sections.plan)
    .bind(micros(at))
    .bind(note.to_bytes())
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .execute(&mut *tx)
    .await
    .map_err(store_error)?;
    insert_audit(&mut tx, audit).await?;
    tx.commit().await
}

pub(crate) async fn sign_note(
    writer: &crate::write::Writer,
    clinic: ClinicId,
    patient: UserId,
    note: RecordId,
    by: UserId,
    at: Timestamp,
    audit: &AuditEntry,
) -> StoreResult<()> {
    let mut tx = writer.begin().await?;
    lock_patient(&mut tx, clinic, patient).await?;
    if state(&mut tx, clinic, patient, note).await? {
        return Err(StoreError::Conflict("the note is already signed".into()));
    }
    crate::db::query(
        "UPDATE clinical_notes SET signed_at = $1, signed_by = $2, updated_at = $1 \
         WHERE id = $3 AND patient_id = $4 AND clinic_id = $5 AND signed_at IS NULL",
    )
    .bind(micros(at))
    .bind(by.to_bytes())
    .bind(note.to_bytes())
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .execute(&mut *tx)
    .await
    .map_err(store_error)?;
    insert_audit(&mut tx, audit).await?;
    tx.commit().await
}

pub(crate) async fn add_amendment(
    writer: &crate::write::Writer,
    amendment: &NewAmendment,
    audit: &AuditEntry,
) -> StoreResult<()> {
    let (clinic, patient) = (amendment.clinic_id, amendment.patient_id);
    let mut tx = writer.begin().await?;
    lock_patient(&mut tx, clinic, patient).await?;
    if !state(&mut tx, clinic, patient, amendment.note_id).await? {
        return Err(StoreError::Conflict(
            "the note is still a draft: change it, and amend it once signed".into(),
        ));
    }
    crate::db::query(
        "INSERT INTO note_amendments (id, note_id, patient_id, clinic_id, author_id, text, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(amendment.id.to_bytes())
    .bind(amendment.note_id.to_bytes())
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .bind(amendment.author_id.to_bytes())
    .bind(&amendment.text)
    .bind(micros(amendment.created_at))
    .execute(&mut *tx)
    .await
    .map_err(store_error)?;
    insert_audit(&mut tx, audit).await?;
    tx.commit().await
}

fn note_from(row: &Row) -> StoreResult<Note> {
    Ok(Note {
        id: row.id("id")?,
        patient_id: row.id("patient_id")?,
        author_id: row.id("author_id")?,
        kind: row.parsed("kind", NoteKind::parse)?,
        sections: NoteSections {
            subjective: row.text("subjective")?,
            objective: row.text("objective")?,
            assessment: row.text("assessment")?,
            plan: row.text("plan")?,
        },
        created_at: row.moment("created_at")?,
        updated_at: row.moment("updated_at")?,
        signed_at: row.opt_moment("signed_at")?,
        signed_by: row.opt_id("signed_by")?,
        amendments: Vec::new(),
    })
}

/// Which of a patient's notes to read.
pub(crate) enum Notes {
    /// Every note.
    All,
    /// One note.
    One(RecordId),
    /// The record's: the `latest` newest, and every note made in `[from, until)`.
    Record {
        latest: u32,
        from: Timestamp,
        until: Timestamp,
    },
}

impl Notes {
    /// The condition on `clinical_notes` after the patient's (`$1`) and clinic's (`$2`),
    /// its parameters from `$3`, and the values to bind to them.
    fn condition(&self) -> (&'static str, Vec<crate::db::Value>) {
        use crate::db::Value;
        match self {
            Notes::All => ("", Vec::new()),
            Notes::One(note) => (" AND id = $3", vec![Value::Bytes(note.to_bytes())]),
            Notes::Record {
                latest,
                from,
                until,
            } => (
                " AND (created_at >= $3 AND created_at < $4 OR id IN (SELECT id FROM \
                 clinical_notes WHERE patient_id = $1 AND clinic_id = $2 \
                 ORDER BY created_at DESC LIMIT $5))",
                vec![
                    Value::Int(micros(*from)),
                    Value::Int(micros(*until)),
                    Value::Int(i64::from(*latest)),
                ],
            ),
        }
    }
}

/// The patient's notes of `which`, newest first, with their amendments.
pub(crate) async fn notes(
    on: impl Executor + Copy,
    clinic: ClinicId,
    patient: UserId,
    which: Notes,
) -> StoreResult<Vec<Note>> {
    let (condition, values) = which.condition();
    let rows = crate::db::query(format!(
        "SELECT id, patient_id, author_id, kind, subjective, objective, assessment, plan, \
         created_at, updated_at, signed_at, signed_by FROM clinical_notes \
         WHERE patient_id = $1 AND clinic_id = $2{condition} ORDER BY created_at DESC"
    ))
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .bind_values(values.iter().cloned())
    .fetch_all(on)
    .await
    .map_err(store_error)?;
    let mut notes = rows
        .iter()
        .map(note_from)
        .collect::<StoreResult<Vec<_>>>()?;
    if notes.is_empty() {
        return Ok(notes);
    }
    // The amendments of the notes read, and no others.
    let amendments = crate::db::query(format!(
        "SELECT id, note_id, author_id, text, created_at FROM note_amendments \
         WHERE patient_id = $1 AND clinic_id = $2 AND note_id IN (SELECT id FROM \
         clinical_notes WHERE patient_id = $1 AND clinic_id = $2{condition}) \
         ORDER BY created_at"
    ))
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .bind_values(values)
    .fetch_all(on)
    .await
    .map_err(store_error)?;
    let mut by_note: HashMap<RecordId, Vec<Amendment>> = HashMap::new();
    for row in &amendments {
        by_note
            .entry(row.id("note_id")?)
            .or_default()
            .push(Amendment {
                id: row.id("id")?,
                author_id: row.id("author_id")?,
                text: row.text("text")?,
                created_at: row.moment("created_at")?,
            });
    }
    for note in &mut notes {
        note.amendments = by_note.remove(&note.id).unwrap_or_default();
    }
    Ok(notes)
}
