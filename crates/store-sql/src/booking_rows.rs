//! How booking set-up's rows are read: appointment types, times of day, and the two large
//! reads of every slot search read in place ([`RowDecoder`]s): the clinicians' weekly hours
//! and the clinicians with their profiles.

use jiff::civil::{Time, Weekday};
use tendo_store::accounts::Profession;
use tendo_store::booking::{
    AppointmentKind, AppointmentType, ClinicianProfile, ResourceKind, WeeklyHours,
};
use tendo_store::ids::UserId;
use tendo_store::{StoreError, StoreResult};

use crate::accounts::{USER_COLUMNS, user_at};
use crate::codec::{RowExt, RowRefExt};
use crate::db::{DbError, Row, RowDecoder, RowRef};

/// A stored count of minutes or days, as the domain's `u16` (saturating).
pub(crate) fn small(value: i64) -> u16 {
    u16::try_from(value).unwrap_or(u16::MAX)
}

/// A time of day as stored: `HH:MM:SS` text.
pub(crate) fn time_text(time: Time) -> String {
    time.strftime("%H:%M:%S").to_string()
}

/// A time-of-day column of a [`Row`], read by name.
pub(crate) fn time_of(row: &Row, column: &'static str) -> StoreResult<Time> {
    let text = row.text(column)?;
    text.parse().map_err(|_| {
        StoreError::Conflict(format!("column {column} holds `{text}`, not a time of day"))
    })
}

/// A time of day stored as text (`HH:MM:SS`), read where the driver holds it.
fn time_at(row: &RowRef<'_>, index: usize) -> Result<Time, DbError> {
    row.text(index)?
        .parse()
        .map_err(|_| row.wrong(index, "text that is not a time of day", "a time of day"))
}

/// One row of a clinic's weekly hours: whose they are, and the hours. A large clinic's
/// schedules are a thousand of these, read on every slot search.
pub(crate) const CLINICIANS_HOURS: RowDecoder<(UserId, WeeklyHours)> = RowDecoder::new(
    &["clinician_id", "weekday", "start_time", "end_time"],
    |row| {
        let weekday = i8::try_from(row.int(1)?)
            .ok()
            .and_then(|day| Weekday::from_monday_one_offset(day).ok())
            .ok_or_else(|| row.wrong(1, "a number that is not a weekday", "1 to 7"))?;
        Ok((
            row.id(0)?,
            WeeklyHours {
                weekday,
                start: time_at(row, 2)?,
                end: time_at(row, 3)?,
            },
        ))
    },
);

/// An appointment type from a row of `appointment_types`.
pub(crate) fn type_from(row: &Row) -> StoreResult<AppointmentType> {
    let clinicians = row
        .text("clinicians")?
        .split(',')
        .filter(|text| !text.is_empty())
        .filter_map(|text| text.parse().ok())
        .collect();
    Ok(AppointmentType {
        id: row.id("id")?,
        clinic_id: row.id("clinic_id")?,
        kind: row.parsed("kind", AppointmentKind::parse)?,
        name: row.text("name")?,
        description: row.text("description")?,
        duration_minutes: small(row.int("duration_minutes")?),
        price_minor: u32::try_from(row.int("price_minor")?).unwrap_or(u32::MAX),
        currency: row.text("currency")?,
        buffer_before_minutes: small(row.int("buffer_before_minutes")?),
        buffer_after_minutes: small(row.int("buffer_after_minutes")?),
        profession: row.opt_parsed("profession", Profession::parse)?,
        clinicians,
        resource: row.opt_parsed("resource_kind", ResourceKind::parse)?,
        active: row.int("active")? != 0,
    })
}

/// The clinicians of a clinic with their profiles, read in place: a user's columns, then the
/// profile's (NULL for a clinician who never saved one, read as the defaults). Every slot
/// search reads them, a row for each of a large clinic's 200 clinicians.
pub(crate) const CLINICIAN_PROFILE: RowDecoder<ClinicianProfile> = RowDecoder::new(
    &[
        USER_COLUMNS[0],
        USER_COLUMNS[1],
        USER_COLUMNS[2],
        USER_COLUMNS[3],
        USER_COLUMNS[4],
        USER_COLUMNS[5],
        USER_COLUMNS[6],
        USER_COLUMNS[7],
        USER_COLUMNS[8],
        "qualifications",
        "specialties",
        "bio",
        "photo_type",
        "listed",
        "min_notice_minutes",
        "horizon_days",
    ],
    |row| {
        let text = |index| Ok::<_, DbError>(row.opt_text(index)?.unwrap_or_default().to_owned());
        Ok(ClinicianProfile {
            user: user_at(row)?,
            qualifications: text(9)?,
            specialties: text(10)?,
            bio: text(11)?,
            photo_type: row.opt_text(12)?.map(str::to_owned),
            listed: row.opt_int(13)?.unwrap_or(1) != 0,
            min_notice_minutes: u32::try_from(row.opt_int(14)?.unwrap_or(720)).unwrap_or(720),
            horizon_days: small(row.opt_int(15)?.unwrap_or(90)),
        })
    },
);
