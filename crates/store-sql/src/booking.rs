//! Booking set-up: appointment types, rooms and tables, clinician profiles and hours, and
//! calendar feeds. The diary itself (appointments) is in `booking_diary.rs`.

use std::collections::HashMap;

use crate::db::Executor;
use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;
use tendo_store::accounts::{Profession, Role, User};
use tendo_store::audit::AuditEntry;
use tendo_store::booking::{
    Appointment, AppointmentType, BookedTime, BookingChange, BookingStore, ClinicianProfile,
    KeyedBooking, ProfileUpdate, Resource, ResourceKind, Schedule, ScheduleException, WeeklyHours,
};
use tendo_store::ids::{AppointmentId, ClinicId, ExceptionId, Id, SeriesId, UserId};
use tendo_store::{StoreError, StoreResult};

use crate::accounts::{user_columns, user_from};
use crate::audit::insert_audit;
use crate::booking_diary as diary;
use crate::booking_rows::{CLINICIAN_PROFILE, CLINICIANS_HOURS, time_of, time_text, type_from};
use crate::codec::{RowExt, micros, store_error};
use crate::{Backend, SqlStore};

/// The lock row taken first by every change of booking set-up.
const SETUP_LOCK: [u8; 16] = [0; 16];

/// Begins a transaction whose first statement writes, so that on SQLite it takes the write lock
/// at once (waiting for it if needed) instead of failing when a read has to become a write
/// after another connection wrote.
async fn begin_write(writer: &crate::write::Writer) -> StoreResult<crate::write::WriteTx> {
    let mut tx = writer.begin().await?;
    crate::db::query("UPDATE booking_locks SET version = version + 1 WHERE id = $1")
        .bind(SETUP_LOCK.to_vec())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
    Ok(tx)
}

/// A boolean as stored (0 or 1).
pub(crate) fn bit(value: bool) -> i64 {
    i64::from(value)
}

/// Makes sure a clinician has a profile row, inside the caller's transaction.
async fn ensure_profile(
    connection: &mut crate::db::Connection,
    clinic: ClinicId,
    clinician: UserId,
) -> StoreResult<()> {
    let found = crate::db::query(
        "SELECT 1 AS ok FROM users WHERE id = $1 AND clinic_id = $2 AND role = $3 \
         AND deleted_at IS NULL",
    )
    .bind(clinician.to_bytes())
    .bind(clinic.to_bytes())
    .bind(Role::Clinician.as_str())
    .fetch_optional(&mut *connection)
    .await
    .map_err(store_error)?;
    if found.is_none() {
        return Err(StoreError::NotFound);
    }
    crate::db::query("INSERT INTO clinician_profiles (user_id) VALUES ($1) ON CONFLICT DO NOTHING")
        .bind(clinician.to_bytes())
        .execute(&mut *connection)
        .await
        .map_err(store_error)?;
    Ok(())
}

#[async_trait]
impl<B: Backend> BookingStore for SqlStore<B> {
    async fn appointment_types(&self, clinic: ClinicId) -> StoreResult<Vec<AppointmentType>> {
        appointment_types_on(&self.pool, clinic).await
    }

    async fn save_appointment_type(
        &self,
        kind: &AppointmentType,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.writer).await?;
        let owner = crate::db::query("SELECT clinic_id FROM appointment_types WHERE id = $1")
            .bind(kind.id.to_bytes())
            .fetch_optional(&mut *tx)
            .await
            .map_err(store_error)?;
        if let Some(row) = &owner
            && row.id::<ClinicId>("clinic_id")? != kind.clinic_id
        {
            return Err(StoreError::NotFound);
        }
        let exists = owner.is_some();
        let clinicians: Vec<String> = kind.clinicians.iter().map(ToString::to_string).collect();
        let sql = if exists {
            "UPDATE appointment_types SET clinic_id = $2, kind = $3, name = $4, \
             description = $5, duration_minutes = $6, price_minor = $7, currency = $8, \
             buffer_before_minutes = $9, buffer_after_minutes = $10, profession = $11, \
             clinicians = $12, resource_kind = $13, active = $14 WHERE id = $1"
        } else {
            "INSERT INTO appointment_types (id, clinic_id, kind, name, description, \
             duration_minutes, price_minor, currency, buffer_before_minutes, \
             buffer_after_minutes, profession, clinicians, resource_kind, active) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
        };
        crate::db::query(sql)
            .bind(kind.id.to_bytes())
            .bind(kind.clinic_id.to_bytes())
            .bind(kind.kind.as_str())
            .bind(&kind.name)
            .bind(&kind.description)
            .bind(i64::from(kind.duration_minutes))
            .bind(i64::from(kind.price_minor))
            .bind(&kind.currency)
            .bind(i64::from(kind.buffer_before_minutes))
            .bind(i64::from(kind.buffer_after_minutes))
            .bind(kind.profession.map(Profession::as_str))
            .bind(clinicians.join(","))
            .bind(kind.resource.map(ResourceKind::as_str))
            .bind(bit(kind.active))
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn resources(&self, clinic: ClinicId) -> StoreResult<Vec<Resource>> {
        let rows =
            crate::db::query("SELECT * FROM resources WHERE clinic_id = $1 ORDER BY name, id")
                .bind(clinic.to_bytes())
                .fetch_all(&self.pool)
                .await
                .map_err(store_error)?;
        rows.iter()
            .map(|row| {
                Ok(Resource {
                    id: row.id("id")?,
                    clinic_id: row.id("clinic_id")?,
                    name: row.text("name")?,
                    kind: row.parsed("kind", ResourceKind::parse)?,
                    active: row.int("active")? != 0,
                })
            })
            .collect()
    }

    async fn save_resource(&self, resource: &Resource, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = begin_write(&self.writer).await?;
        let owner = crate::db::query("SELECT clinic_id FROM resources WHERE id = $1")
            .bind(resource.id.to_bytes())
            .fetch_optional(&mut *tx)
            .await
            .map_err(store_error)?;
        match owner {
            Some(row) if row.id::<ClinicId>("clinic_id")? != resource.clinic_id => {
                return Err(StoreError::NotFound);
            }
            Some(_) => {
                crate::db::query(
                    "UPDATE resources SET name = $2, kind = $3, active = $4 WHERE id = $1",
                )
                .bind(resource.id.to_bytes())
                .bind(&resource.name)
                .bind(resource.kind.as_str())
                .bind(bit(resource.active))
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
            }
            None => {
                crate::db::query(
                    "INSERT INTO resources (id, clinic_id, name, kind, active) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(resource.id.to_bytes())
                .bind(resource.clinic_id.to_bytes())
                .bind(&resource.name)
                .bind(resource.kind.as_str())
                .bind(bit(resource.active))
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
            }
        }
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn clinician_profiles(&self, clinic: ClinicId) -> StoreResult<Vec<ClinicianProfile>> {
        crate::db::query(concat!(
            "SELECT ",
            user_columns!(),
            ", p.qualifications, p.specialties, p.bio, p.photo_type, p.listed, \
             p.min_notice_minutes, p.horizon_days \
             FROM users u LEFT JOIN clinician_profiles p ON p.user_id = u.id \
             WHERE u.clinic_id = $1 AND u.role = 'clinician' AND u.deleted_at IS NULL \
             ORDER BY u.name, u.id"
        ))
        .bind(clinic.to_bytes())
        .fetch_decoded(&self.pool, &CLINICIAN_PROFILE)
        .await
        .map_err(store_error)
    }

    async fn save_profile(
        &self,
        clinic: ClinicId,
        clinician: UserId,
        update: &ProfileUpdate,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.writer).await?;
        ensure_profile(&mut tx, clinic, clinician).await?;
        crate::db::query(
            "UPDATE clinician_profiles SET qualifications = $2, specialties = $3, bio = $4, \
             listed = $5 WHERE user_id = $1",
        )
        .bind(clinician.to_bytes())
        .bind(&update.qualifications)
        .bind(&update.specialties)
        .bind(&update.bio)
        .bind(bit(update.listed))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn set_photo(
        &self,
        clinic: ClinicId,
        clinician: UserId,
        content_type: &str,
        bytes: &[u8],
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.writer).await?;
        ensure_profile(&mut tx, clinic, clinician).await?;
        crate::db::query(
            "UPDATE clinician_profiles SET photo_type = $2, photo = $3 WHERE user_id = $1",
        )
        .bind(clinician.to_bytes())
        .bind(content_type)
        .bind(bytes.to_vec())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn photo(&self, clinic: ClinicId, clinician: UserId) -> StoreResult<(String, Vec<u8>)> {
        let row = crate::db::query(
            "SELECT p.photo_type, p.photo FROM clinician_profiles p JOIN users u \
             ON u.id = p.user_id WHERE p.user_id = $1 AND u.clinic_id = $2 \
             AND p.photo IS NOT NULL",
        )
        .bind(clinician.to_bytes())
        .bind(clinic.to_bytes())
        .fetch_one(&self.pool)
        .await
        .map_err(store_error)?;
        let bytes: Vec<u8> = row
            .try_get::<Vec<u8>, _>("photo")
            .map_err(StoreError::other)?;
        Ok((row.text("photo_type")?, bytes))
    }

    async fn schedules(
        &self,
        clinic: ClinicId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<Schedule>> {
        let clinicians = crate::db::query(
            "SELECT id FROM users WHERE clinic_id = $1 AND role = 'clinician' \
             AND deleted_at IS NULL ORDER BY id",
        )
        .bind(clinic.to_bytes())
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        let mut schedules = clinicians
            .iter()
            .map(|row| {
                Ok(Schedule {
                    clinician_id: row.id("id")?,
                    weekly: Vec::new(),
                    exceptions: Vec::new(),
                })
            })
            .collect::<StoreResult<Vec<Schedule>>>()?;
        let by_clinician: HashMap<UserId, usize> = schedules
            .iter()
            .enumerate()
            .map(|(index, schedule)| (schedule.clinician_id, index))
            .collect();
        let hours = crate::db::query(
            "SELECT h.clinician_id, h.weekday, h.start_time, h.end_time FROM weekly_hours h \
             JOIN users u ON u.id = h.clinician_id \
             WHERE u.clinic_id = $1 AND u.role = 'clinician' ORDER BY h.weekday, h.start_time",
        )
        .bind(clinic.to_bytes())
        .fetch_decoded(&self.pool, &CLINICIANS_HOURS)
        .await
        .map_err(store_error)?;
        for (clinician, weekly) in hours {
            if let Some(&index) = by_clinician.get(&clinician) {
                schedules[index].weekly.push(weekly);
            }
        }
        let exceptions = crate::db::query(
            "SELECT e.* FROM schedule_exceptions e JOIN users u ON u.id = e.clinician_id \
             WHERE u.clinic_id = $1 AND u.role = 'clinician' AND e.date >= $2 AND e.date <= $3 \
             ORDER BY e.date, e.start_time",
        )
        .bind(clinic.to_bytes())
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        for row in &exceptions {
            let exception = ScheduleException {
                id: row.id("id")?,
                clinician_id: row.id("clinician_id")?,
                date: row.date("date")?,
                start: time_of(row, "start_time")?,
                end: time_of(row, "end_time")?,
                available: row.int("available")? != 0,
                note: row.text("note")?,
            };
            if let Some(&index) = by_clinician.get(&exception.clinician_id) {
                schedules[index].exceptions.push(exception);
            }
        }
        Ok(schedules)
    }

    async fn set_hours(
        &self,
        clinic: ClinicId,
        clinician: UserId,
        weekly: &[WeeklyHours],
        min_notice_minutes: u32,
        horizon_days: u16,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.writer).await?;
        ensure_profile(&mut tx, clinic, clinician).await?;
        crate::db::query("DELETE FROM weekly_hours WHERE clinician_id = $1")
            .bind(clinician.to_bytes())
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        for hours in weekly {
            crate::db::query(
                "INSERT INTO weekly_hours (clinician_id, weekday, start_time, end_time) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(clinician.to_bytes())
            .bind(i64::from(hours.weekday.to_monday_one_offset()))
            .bind(time_text(hours.start))
            .bind(time_text(hours.end))
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        }
        crate::db::query(
            "UPDATE clinician_profiles SET min_notice_minutes = $2, horizon_days = $3 \
             WHERE user_id = $1",
        )
        .bind(clinician.to_bytes())
        .bind(i64::from(min_notice_minutes))
        .bind(i64::from(horizon_days))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn add_exception(
        &self,
        clinic: ClinicId,
        exception: &ScheduleException,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.writer).await?;
        ensure_profile(&mut tx, clinic, exception.clinician_id).await?;
        crate::db::query(
            "INSERT INTO schedule_exceptions (id, clinician_id, date, start_time, end_time, \
             available, note) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(exception.id.to_bytes())
        .bind(exception.clinician_id.to_bytes())
        .bind(exception.date.to_string())
        .bind(time_text(exception.start))
        .bind(time_text(exception.end))
        .bind(bit(exception.available))
        .bind(&exception.note)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn remove_exception(
        &self,
        clinic: ClinicId,
        clinician: UserId,
        exception: ExceptionId,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.writer).await?;
        ensure_profile(&mut tx, clinic, clinician).await?;
        let removed =
            crate::db::query("DELETE FROM schedule_exceptions WHERE id = $1 AND clinician_id = $2")
                .bind(exception.to_bytes())
                .bind(clinician.to_bytes())
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
        if removed.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn booked_between(
        &self,
        clinic: ClinicId,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<Appointment>> {
        diary::booked_between(&self.pool, clinic, from, to).await
    }

    async fn booked_times(
        &self,
        clinic: ClinicId,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<BookedTime>> {
        diary::booked_times(&self.pool, clinic, from, to).await
    }

    async fn appointment(
        &self,
        clinic: ClinicId,
        appointment: AppointmentId,
    ) -> StoreResult<Appointment> {
        diary::appointment(&self.pool, clinic, appointment).await
    }

    async fn patient_appointments(
        &self,
        clinic: ClinicId,
        patient: UserId,
    ) -> StoreResult<Vec<Appointment>> {
        diary::listed(&self.pool, clinic, "patient_id", patient.to_bytes(), None).await
    }

    async fn record_appointments(
        &self,
        clinic: ClinicId,
        patient: UserId,
        now: Timestamp,
        past: u32,
    ) -> StoreResult<Vec<Appointment>> {
        diary::of_record(&self.pool, clinic, patient, now, past).await
    }

    async fn clinician_appointments(
        &self,
        clinic: ClinicId,
        clinician: UserId,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<Appointment>> {
        diary::listed(
            &self.pool,
            clinic,
            "clinician_id",
            clinician.to_bytes(),
            Some((from, to)),
        )
        .await
    }

    async fn series_appointments(
        &self,
        clinic: ClinicId,
        series: SeriesId,
    ) -> StoreResult<Vec<Appointment>> {
        diary::listed(&self.pool, clinic, "series_id", series.to_bytes(), None).await
    }

    async fn keyed_booking(&self, user: UserId, key: &str) -> StoreResult<Option<KeyedBooking>> {
        diary::keyed_booking(&self.pool, user, key).await
    }

    async fn change_bookings(
        &self,
        change: &BookingChange,
        audit: &AuditEntry,
    ) -> StoreResult<Vec<Appointment>> {
        diary::change(&self.writer, change, audit).await
    }

    async fn set_feed(
        &self,
        user: UserId,
        token_hash: &[u8],
        at: Timestamp,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.writer).await?;
        crate::db::query("DELETE FROM calendar_feeds WHERE user_id = $1")
            .bind(user.to_bytes())
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        crate::db::query(
            "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3)",
        )
        .bind(user.to_bytes())
        .bind(token_hash.to_vec())
        .bind(micros(at))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn revoke_feed(&self, user: UserId, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = begin_write(&self.writer).await?;
        crate::db::query("DELETE FROM calendar_feeds WHERE user_id = $1")
            .bind(user.to_bytes())
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn feed_created(&self, user: UserId) -> StoreResult<Option<Timestamp>> {
        let row = crate::db::query("SELECT created_at FROM calendar_feeds WHERE user_id = $1")
            .bind(user.to_bytes())
            .fetch_optional(&self.pool)
            .await
            .map_err(store_error)?;
        row.map(|row| row.moment("created_at")).transpose()
    }

    async fn feed_owner(&self, token_hash: &[u8]) -> StoreResult<User> {
        let row = crate::db::query(concat!(
            "SELECT ",
            user_columns!(),
            " FROM calendar_feeds f JOIN users u ON u.id = f.user_id \
             WHERE f.token_hash = $1 AND u.deleted_at IS NULL"
        ))
        .bind(token_hash.to_vec())
        .fetch_one(&self.pool)
        .await
        .map_err(store_error)?;
        user_from(&row)
    }
}

/// The clinic's appointment types, by name.
pub(crate) async fn appointment_types_on(
    on: impl Executor + Copy,
    clinic: ClinicId,
) -> StoreResult<Vec<AppointmentType>> {
    let rows =
        crate::db::query("SELECT * FROM appointment_types WHERE clinic_id = $1 ORDER BY name")
            .bind(clinic.to_bytes())
            .fetch_all(on)
            .await
            .map_err(store_error)?;
    rows.iter().map(type_from).collect()
}
