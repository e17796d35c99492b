//! Patients, care teams, and the patient's rights to their data.

use crate::db::Connection;
use crate::db::stream::{Part, RowWriter};
use crate::db::{DbError, Row, Value as StoredValue};
use async_trait::async_trait;
use jiff::Timestamp;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;
use tendo_store::accounts::{Role, User};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::{ClinicId, Id, UserId};
use tendo_store::patients::{ExportChunks, ExportLayout, PatientStore, PatientSummary};
use tendo_store::{StoreError, StoreResult};
use uuid::Uuid;

use crate::accounts::{user_columns, user_from};
use crate::audit::insert_audit;
use crate::codec::{RowExt, micros, store_error};
use crate::{Backend, SqlStore};

/// Every table holding a patient's data, with the column naming the patient, children first so
/// that deleting in this order respects foreign keys. `users` and `audit_log` are handled apart:
/// the account is anonymised and the audit log is kept.
pub(crate) const PATIENT_TABLES: &[(&str, &str)] = &[
    ("reminder_mails", "patient_id"),
    ("reminder_preferences", "patient_id"),
    ("waiting_list_offers", "patient_id"),
    ("waiting_list_entries", "patient_id"),
    ("note_amendments", "patient_id"),
    ("clinical_notes", "patient_id"),
    ("message_reads", "patient_id"),
    ("messages", "patient_id"),
    ("red_flag_clearances", "patient_id"),
    ("massage_gun_refusals", "patient_id"),
    ("appointment_reminders", "patient_id"),
    ("appointments", "patient_id"),
    ("booking_requests", "user_id"),
    ("appointment_series", "patient_id"),
    ("calendar_feeds", "user_id"),
    ("session_draft_finishes", "patient_id"),
    ("session_drafts", "patient_id"),
    ("training_day_totals", "patient_id"),
    ("training_sets", "patient_id"),
    ("checkins", "patient_id"),
    ("training_sessions", "patient_id"),
    ("plan_versions", "patient_id"),
    ("questionnaire_responses", "patient_id"),
    ("massage_gun_sessions", "patient_id"),
    ("massage_gun_screenings", "patient_id"),
    ("running_weeks", "patient_id"),
    ("intakes", "patient_id"),
    ("sessions", "user_id"),
    ("outbox", "user_id"),
    ("api_tokens", "user_id"),
    ("password_resets", "user_id"),
    ("care_team", "patient_id"),
    ("patients", "user_id"),
];

/// Adds a clinician to a patient's care team, checking both belong to `clinic`.
pub(crate) async fn insert_care(
    connection: &mut Connection,
    clinic: ClinicId,
    patient: UserId,
    clinician: UserId,
) -> StoreResult<()> {
    let clinician_ok = crate::db::query(
        "SELECT 1 AS ok FROM users WHERE id = $1 AND clinic_id = $2 AND role = 'clinician' \
         AND deleted_at IS NULL",
    )
    .bind(clinician.to_bytes())
    .bind(clinic.to_bytes())
    .fetch_optional(&mut *connection)
    .await
    .map_err(store_error)?;
    if clinician_ok.is_none() {
        return Err(StoreError::NotFound);
    }
    crate::db::query(
        "INSERT INTO care_team (patient_id, clinician_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(patient.to_bytes())
    .bind(clinician.to_bytes())
    .execute(&mut *connection)
    .await
    .map_err(store_error)?;
    Ok(())
}

/// One row as a JSON object, without the `hidden` columns.
struct RowJson<'a> {
    row: &'a Row,
    hidden: &'a [&'a str],
}

impl Serialize for RowJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (index, column) in self.row.column_names().iter().enumerate() {
            if self.hidden.contains(&column.as_str()) {
                continue;
            }
            let cell = Cell {
                name: column,
                value: self.row.value(index),
            };
            map.serialize_entry(column, &cell)?;
        }
        map.end()
    }
}

/// One stored value as JSON: ids as UUID text, moments (`*_at`, `*_until`) as RFC 3339, text
/// holding a JSON object or array as that JSON.
struct Cell<'a> {
    name: &'a str,
    value: Option<&'a StoredValue>,
}

impl Serialize for Cell<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let moment = self.name.ends_with("_at") || self.name.ends_with("_until");
        match self.value {
            None | Some(StoredValue::Null(_)) => serializer.serialize_unit(),
            Some(StoredValue::Int(micros)) if moment => {
                match Timestamp::from_microsecond(*micros) {
                    Ok(at) => serializer.collect_str(&at),
                    Err(_) => serializer.serialize_i64(*micros),
                }
            }
            Some(StoredValue::Int(number)) => serializer.serialize_i64(*number),
            Some(StoredValue::Float(number)) => serializer.serialize_f64(*number),
            Some(StoredValue::Text(text)) => match embedded_json(text) {
                Some(json) => json.serialize(serializer),
                None => serializer.serialize_str(text),
            },
            Some(StoredValue::Bytes(bytes)) => match Uuid::from_slice(bytes) {
                Ok(uuid) => serializer.collect_str(&uuid),
                Err(_) => {
                    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
                    serializer.serialize_str(&hex)
                }
            },
            Some(StoredValue::Bool(flag)) => serializer.serialize_bool(*flag),
        }
    }
}

/// Stored text that holds a JSON object or array (answers, reasons), as that JSON.
fn embedded_json(text: &str) -> Option<&RawValue> {
    let start = text.trim_start();
    if !(start.starts_with('{') || start.starts_with('[')) {
        return None;
    }
    serde_json::from_str::<&RawValue>(text).ok()
}

/// The tables of an export with the columns each leaves out, in name order: every table of
/// [`PATIENT_TABLES`] but the sign-in sessions and password resets (secrets, gone soon).
fn export_tables() -> Vec<(&'static str, &'static str, &'static [&'static str])> {
    let mut tables: Vec<_> = PATIENT_TABLES
        .iter()
        .filter(|(table, _)| !matches!(*table, "sessions" | "password_resets"))
        .map(|&(table, column)| {
            let hidden: &'static [&'static str] =
                if matches!(table, "api_tokens" | "calendar_feeds") {
                    &["token_hash"]
                } else {
                    &[]
                };
            (table, column, hidden)
        })
        .collect();
    tables.sort_unstable_by_key(|(table, _, _)| *table);
    tables
}

/// The parts of a patient's export: the account, then each table's rows between the text
/// that names it. Rows are written one to a line whatever the layout.
fn export_parts(account: &User, patient: UserId, layout: ExportLayout) -> StoreResult<Vec<Part>> {
    let pretty = layout == ExportLayout::Pretty;
    let account = if pretty {
        serde_json::to_string_pretty(account).map(|text| text.replace('\n', "\n  "))
    } else {
        serde_json::to_string(account)
    }
    .map_err(StoreError::other)?;
    let (open, between, close) = if pretty {
        ("{\n  \"account\": ", ",\n    ", "\n  }\n}")
    } else {
        ("{\"account\":", ",", "}}")
    };
    let mut head = format!("{open}{account},");
    head.push_str(if pretty {
        "\n  \"records\": {\n    "
    } else {
        "\"records\":{"
    });
    let mut parts = vec![Part::Text(head.into_bytes())];
    for (index, (table, column, hidden)) in export_tables().into_iter().enumerate() {
        let separator = if index == 0 { "" } else { between };
        let colon = if pretty { ": " } else { ":" };
        parts.push(Part::Text(
            format!("{separator}\"{table}\"{colon}[").into_bytes(),
        ));
        parts.push(Part::Rows(
            crate::db::query(format!("SELECT * FROM {table} WHERE {column} = $1"))
                .bind(patient.to_bytes()),
            export_row_writer(hidden),
        ));
        parts.push(Part::Text(b"\n]".to_vec()));
    }
    parts.push(Part::Text(close.as_bytes().to_vec()));
    Ok(parts)
}

/// Writes each row of a table's export as a JSON object on a line of its own, without the
/// `hidden` columns.
fn export_row_writer(hidden: &'static [&'static str]) -> RowWriter {
    Box::new(move |ordinal, row, out| {
        out.extend_from_slice(if ordinal == 0 { b"\n" } else { b",\n" });
        serde_json::to_writer(&mut *out, &RowJson { row, hidden })
            .map_err(|error| DbError::Connection(format!("an export row: {error}")))
    })
}

#[async_trait]
impl<B: Backend> PatientStore for SqlStore<B> {
    async fn patient(&self, clinic: ClinicId, patient: UserId) -> StoreResult<PatientSummary> {
        // One statement (one round trip on PostgreSQL): a row per clinician of the care team,
        // or one row with none.
        let rows = crate::db::query(concat!(
            "SELECT ",
            user_columns!(),
            ", p.revision, c.clinician_id FROM patients p JOIN users u ON u.id = p.user_id \
             LEFT JOIN care_team c ON c.patient_id = p.user_id \
             WHERE p.user_id = $1 AND p.clinic_id = $2 AND u.deleted_at IS NULL"
        ))
        .bind(patient.to_bytes())
        .bind(clinic.to_bytes())
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        let first = rows.first().ok_or(StoreError::NotFound)?;
        let user = user_from(first)?;
        let revision = u64::try_from(first.int("revision")?).map_err(StoreError::other)?;
        let care_team = rows
            .iter()
            .filter_map(|row| row.opt_id("clinician_id").transpose())
            .collect::<StoreResult<Vec<UserId>>>()?;
        Ok(PatientSummary {
            user,
            care_team,
            revision,
        })
    }

    async fn cares_for(&self, clinician: UserId, patient: UserId) -> StoreResult<bool> {
        let row = crate::db::query(
            "SELECT 1 AS ok FROM care_team WHERE clinician_id = $1 AND patient_id = $2",
        )
        .bind(clinician.to_bytes())
        .bind(patient.to_bytes())
        .fetch_optional(&self.pool)
        .await
        .map_err(store_error)?;
        Ok(row.is_some())
    }

    async fn add_to_care_team(
        &self,
        clinic: ClinicId,
        patient: UserId,
        clinician: UserId,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        // The patient's write lock (`NotFound` for a patient not of `clinic`) before any read,
        // so that SQLite never has to turn a read into a write after another commit.
        crate::care::lock_patient(&mut tx, clinic, patient).await?;
        insert_care(&mut tx, clinic, patient, clinician).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn patients_without_care_team(&self, clinic: ClinicId) -> StoreResult<Vec<User>> {
        let rows = crate::db::query(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users u JOIN patients p ON p.user_id = u.id \
             WHERE p.clinic_id = $1 AND u.role = 'patient' AND u.deleted_at IS NULL \
             AND NOT EXISTS (SELECT 1 FROM care_team c WHERE c.patient_id = u.id) \
             ORDER BY u.created_at, u.name"
        ))
        .bind(clinic.to_bytes())
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        rows.iter().map(user_from).collect()
    }

    async fn remove_from_care_team(
        &self,
        clinic: ClinicId,
        patient: UserId,
        clinician: UserId,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let removed = crate::db::query(
            "DELETE FROM care_team WHERE patient_id = $1 AND clinician_id = $2 \
             AND patient_id IN (SELECT user_id FROM patients WHERE clinic_id = $3)",
        )
        .bind(patient.to_bytes())
        .bind(clinician.to_bytes())
        .bind(clinic.to_bytes())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        if removed.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn export_patient_chunks(
        &self,
        clinic: ClinicId,
        patient: UserId,
        layout: ExportLayout,
    ) -> StoreResult<ExportChunks> {
        let account = self.patient(clinic, patient).await?.user;
        let parts = export_parts(&account, patient, layout)?;
        crate::db::stream::stream(&self.pool, parts, store_error)
            .await
            .map_err(store_error)
    }

    async fn delete_patient(
        &self,
        clinic: ClinicId,
        patient: UserId,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        // The write lock first, so that SQLite never has to turn this read into a write after
        // another connection (such as the audit writer) committed.
        crate::care::lock_patient(&mut tx, clinic, patient).await?;
        let found = crate::db::query(
            "SELECT 1 AS ok FROM users WHERE id = $1 AND clinic_id = $2 AND role = $3 \
             AND deleted_at IS NULL",
        )
        .bind(patient.to_bytes())
        .bind(clinic.to_bytes())
        .bind(Role::Patient.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if found.is_none() {
            return Err(StoreError::NotFound);
        }
        for (table, column) in PATIENT_TABLES {
            crate::db::query(format!("DELETE FROM {table} WHERE {column} = $1"))
                .bind(patient.to_bytes())
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
        }
        crate::db::query(
            "UPDATE users SET email = $2, name = 'Deleted patient', password_hash = NULL, \
             deleted_at = $3 WHERE id = $1",
        )
        .bind(patient.to_bytes())
        .bind(format!("deleted-{}@deleted.invalid", patient))
        .bind(micros(audit.at))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        // Their appointments are gone from the clinic's diary.
        crate::booking_diary::raise_appointments_revision(&mut tx, clinic).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }
}
