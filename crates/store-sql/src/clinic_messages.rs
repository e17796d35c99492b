//! Messages: one thread per patient, shared by the patient and their care team, with a read
//! marker per reader so that unread messages can be counted from the marker on (an index range,
//! not the whole thread).

use std::collections::HashMap;

use crate::db::Readers;
use jiff::Timestamp;
use tendo_store::StoreResult;
use tendo_store::accounts::{Role, User};
use tendo_store::audit::AuditEntry;
use tendo_store::clinic::{Message, NewMessage, ThreadSummary};
use tendo_store::ids::{ClinicId, Id, UserId};

use crate::audit::insert_audit;
use crate::care::lock_patient;
use crate::codec::{RowExt, micros, store_error};

/// Messages of others after the reader's marker in one thread. `$1` patient, `$2` reader.
const UNREAD_IN_THREAD: &str = "SELECT COUNT(*) FROM messages m WHERE m.patient_id = $1 \
    AND m.author_id <> $2 AND m.created_at > COALESCE((SELECT r.last_read_at \
    FROM message_reads r WHERE r.patient_id = $1 AND r.reader_id = $2), 0)";

/// The unread count of the user `u` of an enclosing query, by role: a patient's own thread, a
/// clinician's care team's threads (as [`unread`] counts them), nothing for an administrator.
pub(crate) const UNREAD_OF_USER_U: &str = "CASE \
    WHEN u.role = 'patient' THEN (SELECT COUNT(*) FROM messages m WHERE m.patient_id = u.id \
      AND m.author_id <> u.id AND m.created_at > COALESCE((SELECT r.last_read_at \
      FROM message_reads r WHERE r.patient_id = u.id AND r.reader_id = u.id), 0)) \
    WHEN u.role = 'clinician' THEN (SELECT COUNT(*) FROM care_team c JOIN messages m \
      ON m.patient_id = c.patient_id AND m.created_at > COALESCE((SELECT r.last_read_at \
      FROM message_reads r WHERE r.patient_id = c.patient_id AND r.reader_id = u.id), 0) \
      WHERE c.clinician_id = u.id AND m.author_id <> u.id AND m.clinic_id = u.clinic_id) \
    ELSE 0 END";

pub(crate) async fn post(
    writer: &crate::write::Writer,
    message: &NewMessage,
    audit: &AuditEntry,
) -> StoreResult<()> {
    let mut tx = writer.begin().await?;
    lock_patient(&mut tx, message.clinic_id, message.patient_id).await?;
    crate::db::query(
        "INSERT INTO messages (id, patient_id, clinic_id, author_id, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(message.id.to_bytes())
    .bind(message.patient_id.to_bytes())
    .bind(message.clinic_id.to_bytes())
    .bind(message.author_id.to_bytes())
    .bind(&message.body)
    .bind(micros(message.created_at))
    .execute(&mut *tx)
    .await
    .map_err(store_error)?;
    insert_audit(&mut tx, audit).await?;
    tx.commit().await
}

pub(crate) async fn messages(
    pool: &Readers,
    clinic: ClinicId,
    patient: UserId,
    limit: u32,
) -> StoreResult<Vec<Message>> {
    let rows = crate::db::query(
        "SELECT m.id, m.patient_id, m.author_id, u.name AS author_name, m.body, m.created_at \
         FROM messages m JOIN users u ON u.id = m.author_id \
         WHERE m.patient_id = $1 AND m.clinic_id = $2 ORDER BY m.created_at DESC LIMIT $3",
    )
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(store_error)?;
    let mut messages = rows
        .iter()
        .map(|row| {
            Ok(Message {
                id: row.id("id")?,
                patient_id: row.id("patient_id")?,
                author_id: row.id("author_id")?,
                author_name: row.text("author_name")?,
                body: row.text("body")?,
                created_at: row.moment("created_at")?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    messages.reverse();
    Ok(messages)
}

pub(crate) async fn mark_read(
    writer: &crate::write::Writer,
    clinic: ClinicId,
    patient: UserId,
    reader: UserId,
    at: Timestamp,
) -> StoreResult<()> {
    let mut change = writer.begin().await?;
    crate::db::query(
        "INSERT INTO message_reads (patient_id, reader_id, last_read_at) \
         SELECT p.user_id, $2, $3 FROM patients p WHERE p.user_id = $1 AND p.clinic_id = $4 \
         ON CONFLICT (patient_id, reader_id) DO UPDATE SET last_read_at = \
         CASE WHEN excluded.last_read_at > message_reads.last_read_at \
         THEN excluded.last_read_at ELSE message_reads.last_read_at END",
    )
    .bind(patient.to_bytes())
    .bind(reader.to_bytes())
    .bind(micros(at))
    .bind(clinic.to_bytes())
    .execute(&mut *change)
    .await
    .map_err(store_error)?;
    change.commit().await?;
    Ok(())
}

async fn unread_in(pool: &Readers, patient: UserId, reader: UserId) -> StoreResult<u32> {
    let count: i64 = crate::db::query_scalar(UNREAD_IN_THREAD)
        .bind(patient.to_bytes())
        .bind(reader.to_bytes())
        .fetch_one(pool)
        .await
        .map_err(store_error)?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

pub(crate) async fn unread(pool: &Readers, viewer: &User) -> StoreResult<u32> {
    match viewer.role {
        Role::Patient => unread_in(pool, viewer.id, viewer.id).await,
        Role::Clinician => {
            let count: i64 = crate::db::query_scalar(
                "SELECT COUNT(*) FROM care_team c JOIN messages m ON m.patient_id = c.patient_id \
                 AND m.created_at > COALESCE((SELECT r.last_read_at FROM message_reads r \
                 WHERE r.patient_id = c.patient_id AND r.reader_id = $1), 0) \
                 WHERE c.clinician_id = $1 AND m.author_id <> $1 AND m.clinic_id = $2",
            )
            .bind(viewer.id.to_bytes())
            .bind(viewer.clinic_id.to_bytes())
            .fetch_one(pool)
            .await
            .map_err(store_error)?;
            Ok(u32::try_from(count).unwrap_or(u32::MAX))
        }
        Role::Admin => Ok(0),
    }
}

pub(crate) async fn threads(
    pool: &Readers,
    viewer: &User,
    limit: u32,
) -> StoreResult<Vec<ThreadSummary>> {
    let mut threads = match viewer.role {
        Role::Patient => Vec::new(),
        Role::Clinician => {
            let rows = crate::db::query(
                "SELECT u.id, u.name, \
                 (SELECT MAX(m.created_at) FROM messages m WHERE m.patient_id = c.patient_id) \
                   AS last_at \
                 FROM care_team c JOIN patients p ON p.user_id = c.patient_id \
                 JOIN users u ON u.id = c.patient_id \
                 WHERE c.clinician_id = $1 AND p.clinic_id = $2 AND u.deleted_at IS NULL",
            )
            .bind(viewer.id.to_bytes())
            .bind(viewer.clinic_id.to_bytes())
            .fetch_all(pool)
            .await
            .map_err(store_error)?;
            let mut threads = Vec::new();
            for row in &rows {
                let patient: UserId = row.id("id")?;
                threads.push(ThreadSummary {
                    patient_id: patient,
                    patient_name: row.text("name")?,
                    last_at: row.opt_moment("last_at")?,
                    unread: unread_in(pool, patient, viewer.id).await?,
                });
            }
            threads
        }
        Role::Admin => {
            // The clinic's latest messages, newest first: a bounded read of one index.
            let rows = crate::db::query(
                "SELECT m.patient_id, u.name, m.created_at FROM messages m \
                 JOIN users u ON u.id = m.patient_id \
                 WHERE m.clinic_id = $1 ORDER BY m.created_at DESC LIMIT 500",
            )
            .bind(viewer.clinic_id.to_bytes())
            .fetch_all(pool)
            .await
            .map_err(store_error)?;
            let mut seen: HashMap<UserId, ()> = HashMap::new();
            let mut threads = Vec::new();
            for row in &rows {
                let patient: UserId = row.id("patient_id")?;
                if seen.insert(patient, ()).is_none() {
                    threads.push(ThreadSummary {
                        patient_id: patient,
                        patient_name: row.text("name")?,
                        last_at: row.opt_moment("created_at")?,
                        unread: 0,
                    });
                }
            }
            threads
        }
    };
    threads.sort_by(|a, b| {
        b.unread
            .cmp(&a.unread)
            .then(b.last_at.cmp(&a.last_at))
            .then(a.patient_name.cmp(&b.patient_name))
    });
    threads.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(threads)
}
