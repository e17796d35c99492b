//! The diary: appointments, and the one transaction that books, moves and cancels them.
//!
//! No double booking, on either backend: a change first takes the lock rows of every clinician,
//! patient and resource it books (`UPDATE booking_locks … WHERE id = …`, one at a time in id order, so
//! two changes can never wait on each other in a circle). On PostgreSQL these are row locks held
//! until commit; on SQLite the first write takes the database's single write lock. Only then
//! does it look for overlapping appointments — which now include every change committed before
//! it — and insert. A second booker of the same slot waits, then sees the first one's
//! appointment and gets a conflict. The same holds for one patient's own appointments, which
//! never overlap. A request's one-time key is stored in the same transaction, so a repeat of
//! the request finds what the first one booked.

use crate::db::Row;
use crate::db::{Executor, Query, Readers, RowDecoder};
use jiff::{SignedDuration, Timestamp};
use tendo_store::audit::AuditEntry;
use tendo_store::booking::{
    Appointment, AppointmentStatus, BookedTime, BookingChange, KeyedBooking, LONGEST_BUSY,
    NewAppointment,
};
use tendo_store::ids::{AppointmentId, ClinicId, Id, UserId};
use tendo_store::{StoreError, StoreResult};

use crate::audit::insert_audit;
use crate::booking_rows::small;
use crate::codec::{RowExt, RowRefExt, micros, store_error};
use crate::mail::insert_mail;

/// An appointment from a row of `appointments`.
pub(crate) fn appointment_from(row: &Row) -> StoreResult<Appointment> {
    Ok(Appointment {
        id: row.id("id")?,
        clinic_id: row.id("clinic_id")?,
        patient_id: row.id("patient_id")?,
        clinician_id: row.id("clinician_id")?,
        type_id: row.id("type_id")?,
        resource_id: row.opt_id("resource_id")?,
        series_id: row.opt_id("series_id")?,
        start: row.moment("start_at")?,
        end: row.moment("end_at")?,
        buffer_before_minutes: small(row.int("buffer_before_minutes")?),
        buffer_after_minutes: small(row.int("buffer_after_minutes")?),
        status: row.parsed("status", AppointmentStatus::parse)?,
        created_at: row.moment("created_at")?,
        created_by: row.id("created_by")?,
        cancelled_at: row.opt_moment("cancelled_at")?,
        cancelled_by: row.opt_id("cancelled_by")?,
        cancel_reason: row.opt_text("cancel_reason")?,
    })
}

fn booked(new: &NewAppointment, at: Timestamp) -> Appointment {
    Appointment {
        id: new.id,
        clinic_id: new.clinic_id,
        patient_id: new.patient_id,
        clinician_id: new.clinician_id,
        type_id: new.type_id,
        resource_id: new.resource_id,
        series_id: new.series_id,
        start: crate::codec::as_stored(new.start),
        end: crate::codec::as_stored(new.end),
        buffer_before_minutes: new.buffer_before_minutes,
        buffer_after_minutes: new.buffer_after_minutes,
        status: AppointmentStatus::Booked,
        created_at: crate::codec::as_stored(at),
        created_by: new.created_by,
        cancelled_at: None,
        cancelled_by: None,
        cancel_reason: None,
    }
}

/// Booked appointments whose buffered time overlaps `[from, to)`.
pub(crate) async fn booked_between(
    pool: &Readers,
    clinic: ClinicId,
    from: Timestamp,
    to: Timestamp,
) -> StoreResult<Vec<Appointment>> {
    let rows = in_window(
        "SELECT * FROM appointments WHERE clinic_id = $1 AND status = 'booked' \
         AND busy_start < $3 AND busy_start > $4 AND busy_end > $2 ORDER BY start_at, id",
        clinic,
        (from, to),
    )
    .fetch_all(pool)
    .await
    .map_err(store_error)?;
    rows.iter().map(appointment_from).collect()
}

/// `sql` with a window of a clinic's diary bound: `$1` the clinic, `$2` from, `$3` until, and
/// `$4` from less [`LONGEST_BUSY`]. That lower bound on `busy_start` keeps the index range to
/// the window: without it the read would walk the clinic's whole history up to `to`.
fn in_window(
    sql: &'static str,
    clinic: ClinicId,
    (from, to): (Timestamp, Timestamp),
) -> Query<'static> {
    crate::db::query(sql)
        .bind(clinic.to_bytes())
        .bind(micros(from))
        .bind(micros(to))
        .bind(micros(from - LONGEST_BUSY))
}

/// The times held by booked appointments of a clinic whose buffered time overlaps a window:
/// the same window as `booked_between`, with its lower bound on `busy_start`. `$1` clinic,
/// `$2` from, `$3` until, `$4` from less [`LONGEST_BUSY`]. Its columns are those
/// [`BOOKED_TIME`] reads.
pub const BOOKED_TIMES: &str = "SELECT id, clinician_id, resource_id, start_at, end_at, \
    buffer_before_minutes, buffer_after_minutes FROM appointments \
    WHERE clinic_id = $1 AND status = 'booked' AND busy_start < $3 AND busy_start > $4 \
    AND busy_end > $2";

/// A [`BookedTime`] from a row of [`BOOKED_TIMES`], read where the driver holds it: a week of
/// a large clinic is thousands of rows, and this read was most of a slot search's time.
const BOOKED_TIME: RowDecoder<BookedTime> = RowDecoder::new(
    &[
        "id",
        "clinician_id",
        "resource_id",
        "start_at",
        "end_at",
        "buffer_before_minutes",
        "buffer_after_minutes",
    ],
    |row| {
        Ok(BookedTime {
            id: row.id(0)?,
            clinician_id: row.id(1)?,
            resource_id: row.opt_id(2)?,
            start: row.moment(3)?,
            end: row.moment(4)?,
            buffer_before_minutes: small(row.int(5)?),
            buffer_after_minutes: small(row.int(6)?),
        })
    },
);

/// The times held by booked appointments whose buffered time overlaps `[from, to)`: the
/// columns of `appointments_clinic_busy`, so that the read never visits the table.
pub(crate) async fn booked_times(
    pool: &Readers,
    clinic: ClinicId,
    from: Timestamp,
    to: Timestamp,
) -> StoreResult<Vec<BookedTime>> {
    in_window(BOOKED_TIMES, clinic, (from, to))
        .fetch_decoded(pool, &BOOKED_TIME)
        .await
        .map_err(store_error)
}

/// One appointment of a clinic.
pub(crate) async fn appointment(
    pool: &Readers,
    clinic: ClinicId,
    id: AppointmentId,
) -> StoreResult<Appointment> {
    let row = crate::db::query("SELECT * FROM appointments WHERE id = $1 AND clinic_id = $2")
        .bind(id.to_bytes())
        .bind(clinic.to_bytes())
        .fetch_one(pool)
        .await
        .map_err(store_error)?;
    appointment_from(&row)
}

/// Appointments whose `column` (a fixed column name) is `value`, optionally starting in a range.
pub(crate) async fn listed(
    pool: &Readers,
    clinic: ClinicId,
    column: &'static str,
    value: Vec<u8>,
    range: Option<(Timestamp, Timestamp)>,
) -> StoreResult<Vec<Appointment>> {
    let (from, to) = range.unwrap_or((Timestamp::MIN, Timestamp::MAX));
    let sql = format!(
        "SELECT * FROM appointments WHERE clinic_id = $1 AND {column} = $2 \
         AND start_at >= $3 AND start_at < $4 ORDER BY start_at, id"
    );
    let rows = crate::db::query(sql)
        .bind(clinic.to_bytes())
        .bind(value)
        .bind(micros(from))
        .bind(micros(to))
        .fetch_all(pool)
        .await
        .map_err(store_error)?;
    rows.iter().map(appointment_from).collect()
}

/// A patient's appointments starting at `now` or later, and the `past` latest before it, by
/// start.
pub(crate) async fn of_record(
    on: impl Executor + Copy,
    clinic: ClinicId,
    patient: UserId,
    now: Timestamp,
    past: u32,
) -> StoreResult<Vec<Appointment>> {
    let rows = crate::db::query(
        "SELECT * FROM appointments WHERE clinic_id = $1 AND patient_id = $2 \
         AND (start_at >= $3 OR id IN (SELECT id FROM appointments WHERE clinic_id = $1 \
         AND patient_id = $2 AND start_at < $3 ORDER BY start_at DESC LIMIT $4)) \
         ORDER BY start_at, id",
    )
    .bind(clinic.to_bytes())
    .bind(patient.to_bytes())
    .bind(micros(now))
    .bind(past)
    .fetch_all(on)
    .await
    .map_err(store_error)?;
    rows.iter().map(appointment_from).collect()
}

fn buffered(new: &NewAppointment) -> (Timestamp, Timestamp) {
    let before = SignedDuration::from_mins(i64::from(new.buffer_before_minutes));
    let after = SignedDuration::from_mins(i64::from(new.buffer_after_minutes));
    (
        new.start.checked_sub(before).unwrap_or(new.start),
        new.end.checked_add(after).unwrap_or(new.end),
    )
}

/// Cancels, locks, checks, books and queues, in one transaction.
pub(crate) async fn change(
    writer: &crate::write::Writer,
    change: &BookingChange,
    audit: &AuditEntry,
) -> StoreResult<Vec<Appointment>> {
    // The patient's lock too, so that two bookings for one patient at once are checked one
    // after the other and cannot overlap.
    let mut locks: Vec<Vec<u8>> = change
        .book
        .iter()
        .flat_map(|new| {
            [new.clinician_id.to_bytes(), new.patient_id.to_bytes()]
                .into_iter()
                .chain(new.resource_id.map(Id::to_bytes))
        })
        .collect();
    locks.sort();
    locks.dedup();
    // The lock rows are made in a change of their own, so that on PostgreSQL a booking waits
    // only on the locks it then takes in order.
    let mut made = writer.begin().await?;
    for lock in &locks {
        crate::db::query(
            "INSERT INTO booking_locks (id, version) VALUES ($1, 0) ON CONFLICT DO NOTHING",
        )
        .bind(lock.clone())
        .execute(&mut *made)
        .await
        .map_err(store_error)?;
    }
    made.commit().await?;
    let mut tx = writer.begin().await?;
    for lock in &locks {
        crate::db::query("UPDATE booking_locks SET version = version + 1 WHERE id = $1")
            .bind(lock.clone())
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
    }
    raise_revisions(&mut tx, change).await?;
    for id in &change.cancel {
        let cancelled = crate::db::query(
            "UPDATE appointments SET status = 'cancelled', cancelled_at = $3, cancelled_by = $4, \
             cancel_reason = $5 WHERE id = $1 AND clinic_id = $2 AND status = 'booked'",
        )
        .bind(id.to_bytes())
        .bind(change.clinic_id.to_bytes())
        .bind(micros(change.at))
        .bind(change.by.to_bytes())
        .bind(change.cancel_reason.as_deref())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        if cancelled.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        crate::db::query(
            "DELETE FROM outbox WHERE sent_at IS NULL AND id IN \
             (SELECT mail_id FROM appointment_reminders WHERE appointment_id = $1)",
        )
        .bind(id.to_bytes())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
    }
    if let Some(series) = &change.series {
        crate::db::query(
            "INSERT INTO appointment_series (id, clinic_id, patient_id, every_weeks, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(series.id.to_bytes())
        .bind(series.clinic_id.to_bytes())
        .bind(series.patient_id.to_bytes())
        .bind(i64::from(series.every_weeks))
        .bind(micros(series.created_at))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
    }
    let mut out = Vec::with_capacity(change.book.len());
    for new in &change.book {
        let (busy_start, busy_end) = buffered(new);
        let clash = crate::db::query(
            "SELECT start_at FROM appointments WHERE clinic_id = $1 AND status = 'booked' \
             AND (clinician_id = $2 OR resource_id = $3) \
             AND ((start_at < $4 AND end_at > $5) OR (busy_start < $6 AND busy_end > $7)) \
             AND start_at > $8 LIMIT 1",
        )
        .bind(change.clinic_id.to_bytes())
        .bind(new.clinician_id.to_bytes())
        .bind(new.resource_id.map(Id::to_bytes))
        .bind(micros(busy_end))
        .bind(micros(busy_start))
        .bind(micros(new.end))
        .bind(micros(new.start))
        .bind(micros(busy_start - LONGEST_BUSY))
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if clash.is_some() {
            return Err(StoreError::Conflict(format!(
                "the time starting {} is no longer free",
                new.start
            )));
        }
        if patient_busy(&mut tx, change, new).await? {
            return Err(StoreError::PatientBusy);
        }
        crate::db::query(
            "INSERT INTO appointments (id, clinic_id, patient_id, clinician_id, type_id, \
             resource_id, series_id, start_at, end_at, busy_start, busy_end, \
             buffer_before_minutes, buffer_after_minutes, status, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'booked', $14, $15)",
        )
        .bind(new.id.to_bytes())
        .bind(change.clinic_id.to_bytes())
        .bind(new.patient_id.to_bytes())
        .bind(new.clinician_id.to_bytes())
        .bind(new.type_id.to_bytes())
        .bind(new.resource_id.map(Id::to_bytes))
        .bind(new.series_id.map(Id::to_bytes))
        .bind(micros(new.start))
        .bind(micros(new.end))
        .bind(micros(busy_start))
        .bind(micros(busy_end))
        .bind(i64::from(new.buffer_before_minutes))
        .bind(i64::from(new.buffer_after_minutes))
        .bind(micros(change.at))
        .bind(new.created_by.to_bytes())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        out.push(booked(new, change.at));
    }
    for mail in &change.mail {
        insert_mail(&mut tx, mail).await?;
    }
    for reminder in &change.reminders {
        insert_mail(&mut tx, &reminder.mail).await?;
        crate::db::query(
            "INSERT INTO appointment_reminders (appointment_id, patient_id, mail_id) \
             SELECT id, patient_id, $2 FROM appointments WHERE id = $1",
        )
        .bind(reminder.appointment_id.to_bytes())
        .bind(reminder.mail.id.to_bytes())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
    }
    if let Some(request) = &change.request {
        let ids: Vec<String> = out.iter().map(|booked| booked.id.to_string()).collect();
        crate::db::query(
            "INSERT INTO booking_requests (user_id, request_key, fingerprint, appointment_ids, \
             created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(request.user_id.to_bytes())
        .bind(request.key.clone())
        .bind(request.fingerprint.clone())
        .bind(ids.join(","))
        .bind(micros(change.at))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
    }
    raise_appointments_revision(&mut tx, change.clinic_id).await?;
    insert_audit(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(out)
}

/// Raises the count of changes to `clinic`'s booked appointments (`Clinic::
/// appointments_revision`), in the change that makes them. Taken last, just before the commit:
/// on PostgreSQL the clinic's row stays locked until then, so concurrent bookings of one clinic
/// wait on each other only for their commit.
pub(crate) async fn raise_appointments_revision(
    tx: &mut crate::db::Connection,
    clinic: ClinicId,
) -> StoreResult<()> {
    crate::db::query(
        "UPDATE clinics SET appointments_revision = appointments_revision + 1 WHERE id = $1",
    )
    .bind(clinic.to_bytes())
    .execute(&mut *tx)
    .await
    .map_err(store_error)?;
    Ok(())
}

/// Raises the revision of every patient whose appointments `change` books or cancels (their
/// caseload entries show their next appointment), in the order of their ids, after the booking
/// locks: every booking takes its locks in one order, so two bookings never wait on each other
/// in a circle.
async fn raise_revisions(
    tx: &mut crate::db::Connection,
    change: &BookingChange,
) -> StoreResult<()> {
    let mut patients: Vec<Vec<u8>> = change
        .book
        .iter()
        .map(|new| new.patient_id.to_bytes())
        .collect();
    for id in &change.cancel {
        let found = crate::db::query("SELECT patient_id FROM appointments WHERE id = $1")
            .bind(id.to_bytes())
            .fetch_optional(&mut *tx)
            .await
            .map_err(store_error)?;
        if let Some(row) = found {
            let patient: UserId = row.id("patient_id")?;
            patients.push(patient.to_bytes());
        }
    }
    patients.sort();
    patients.dedup();
    for patient in patients {
        crate::db::query("UPDATE patients SET revision = revision + 1 WHERE user_id = $1")
            .bind(patient)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
    }
    Ok(())
}

/// Whether the patient of `new` already has a booked appointment overlapping it (the ones this
/// change cancels are already cancelled at this point).
async fn patient_busy(
    tx: &mut crate::db::Connection,
    change: &BookingChange,
    new: &NewAppointment,
) -> StoreResult<bool> {
    let clash = crate::db::query(
        "SELECT start_at FROM appointments WHERE clinic_id = $1 AND patient_id = $2 \
         AND status = 'booked' AND start_at < $3 AND end_at > $4 AND start_at > $5 LIMIT 1",
    )
    .bind(change.clinic_id.to_bytes())
    .bind(new.patient_id.to_bytes())
    .bind(micros(new.end))
    .bind(micros(new.start))
    .bind(micros(new.start - LONGEST_BUSY))
    .fetch_optional(&mut *tx)
    .await
    .map_err(store_error)?;
    Ok(clash.is_some())
}

/// What `user`'s request with `key` booked, if it was made.
pub(crate) async fn keyed_booking(
    pool: &Readers,
    user: UserId,
    key: &str,
) -> StoreResult<Option<KeyedBooking>> {
    let row = crate::db::query(
        "SELECT fingerprint, appointment_ids FROM booking_requests \
         WHERE user_id = $1 AND request_key = $2",
    )
    .bind(user.to_bytes())
    .bind(key.to_string())
    .fetch_optional(pool)
    .await
    .map_err(store_error)?;
    let Some(row) = row else { return Ok(None) };
    let ids: String = row.try_get("appointment_ids").map_err(store_error)?;
    let appointments = ids
        .split(',')
        .filter(|id| !id.is_empty())
        .map(|id| id.parse::<AppointmentId>().map_err(StoreError::other))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(Some(KeyedBooking {
        fingerprint: row.try_get("fingerprint").map_err(store_error)?,
        appointments,
    }))
}
