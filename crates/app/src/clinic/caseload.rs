//! The caseload: a clinician's patients, most in need of attention first, each with the flags
//! and reasons of [`tendo_core::caseload::assess`]; filtered by flag and condition, searched by
//! name, and paginated.
//!
//! The store reads bounded windows of each record (six queries for the whole caseload), so the
//! page costs the same after a year of daily logs as after a week; and each server keeps the
//! computed caseload until something it shows changes ([`caseload_cache`]), so a clinician who
//! reads it again pays only for reading what names it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, ToSpan};
use serde::Serialize;
use tendo_core::caseload::{Attention, FlagKind, GUN_WINDOW_DAYS, WINDOW_DAYS};
use tendo_core::condition::Condition;
use tendo_store::accounts::Role;
use tendo_store::booking::{Appointment, AppointmentType};
use tendo_store::clinic::PatientsOf;
use tendo_store::ids::{ClinicId, UserId};

use crate::App;
use crate::access::Caller;
use crate::clinic::caseload_cache;
use crate::clinic::caseload_entry::entry;
use crate::error::{AppError, AppResult, FieldErrors};

/// Patients on one page of the caseload.
pub const PER_PAGE: usize = 25;

/// The highest page number a caseload query may ask for (past the last page shows the last).
pub const MAX_PAGE: u32 = 1_000_000;

/// What to show.
#[derive(Clone, Debug, Default)]
pub struct CaseloadQuery {
    /// Only patients with this flag, such as `pain-rules`.
    pub flag: Option<String>,
    /// Only patients with this condition, such as `achilles-midportion`.
    pub condition: Option<String>,
    /// Only patients whose name or email contains this.
    pub search: Option<String>,
    /// The page, from 1.
    pub page: Option<u32>,
}

/// Where a patient stands, in one word.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// The intake is not finished.
    Intake,
    /// A red flag stopped self-management.
    Stopped,
    /// On a plan.
    Active,
}

/// One patient of the caseload.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct CaseloadEntry {
    /// The patient.
    pub patient_id: UserId,
    /// Their name.
    pub name: String,
    /// Their email.
    pub email: String,
    /// Their condition, once known.
    pub condition: Option<Condition>,
    /// Where they stand.
    pub standing: Standing,
    /// The programme week, on a plan.
    pub week: Option<u16>,
    /// The protocol's name, on a plan.
    pub protocol: Option<&'static str>,
    /// The latest session day in the window.
    pub last_session: Option<Date>,
    /// Messages from them the clinician has not read.
    pub unread_messages: u32,
    /// The flags and the order.
    pub attention: Attention,
    /// Their next booked appointment in the clinic, with any clinician, within
    /// [`UPCOMING_DAYS`].
    pub next_appointment: Option<Upcoming>,
}

/// How far ahead the caseload looks for a patient's next appointment.
pub const UPCOMING_DAYS: i64 = 60;

/// A patient's next appointment, as the caseload shows it.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Upcoming {
    /// When it starts.
    pub start: jiff::Timestamp,
    /// What it is, such as "Video follow-up".
    pub kind: &'static str,
}

/// The next booked appointment within [`UPCOMING_DAYS`] of each patient `whose` names (one read
/// that starts from those patients, so a clinic of many clinicians costs no more than a small
/// one).
pub(crate) async fn next_appointments(
    app: &App,
    clinic: tendo_store::ids::ClinicId,
    whose: PatientsOf,
    now: jiff::Timestamp,
) -> AppResult<BTreeMap<UserId, Upcoming>> {
    let booked = booked_within(app, clinic, whose, now, UPCOMING_DAYS).await?;
    if booked.is_empty() {
        return Ok(BTreeMap::new());
    }
    let types = app.store.appointment_types(clinic).await?;
    Ok(earliest_of_each(booked, &types))
}

/// The booked appointments of the patients `whose` names starting within `days` of `now`,
/// earliest first.
async fn booked_within(
    app: &App,
    clinic: tendo_store::ids::ClinicId,
    whose: PatientsOf,
    now: jiff::Timestamp,
    days: i64,
) -> AppResult<Vec<Appointment>> {
    Ok(app
        .store
        .upcoming_appointments(
            clinic,
            whose,
            now,
            now + SignedDuration::from_hours(24 * days),
        )
        .await?)
}

/// Each patient's first appointment of `booked` (earliest first), named by its type in `types`.
fn earliest_of_each(
    booked: Vec<Appointment>,
    types: &[AppointmentType],
) -> BTreeMap<UserId, Upcoming> {
    let mut next: BTreeMap<UserId, Upcoming> = BTreeMap::new();
    for appointment in booked {
        let Some(kind) = types.iter().find(|kind| kind.id == appointment.type_id) else {
            continue;
        };
        next.entry(appointment.patient_id).or_insert(Upcoming {
            start: appointment.start,
            kind: kind.kind.label(),
        });
    }
    next
}

/// How many patients raise each flag.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct FlagCount {
    /// The flag.
    pub flag: FlagKind,
    /// Patients raising it.
    pub patients: usize,
}

/// One page of the caseload.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct CaseloadPage {
    /// The patients of this page, most in need of attention first.
    pub entries: Vec<CaseloadEntry>,
    /// Patients matching the filters.
    pub matching: usize,
    /// Patients in the caseload.
    pub total: usize,
    /// This page, from 1.
    pub page: u32,
    /// Pages in all (at least 1).
    pub pages: u32,
    /// How many patients raise each flag, over the whole caseload.
    pub counts: Vec<FlagCount>,
    /// The flag filter applied.
    pub flag: Option<FlagKind>,
    /// The condition filter applied.
    pub condition: Option<Condition>,
    /// The search applied.
    pub search: Option<String>,
}

fn read_query(query: &CaseloadQuery) -> AppResult<(Option<FlagKind>, Option<Condition>, u32)> {
    let mut errors = FieldErrors::default();
    let flag = match query.flag.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => FlagKind::parse(text).or_else(|| {
            let known: Vec<&str> = FlagKind::ALL.iter().map(|kind| kind.id()).collect();
            errors.add(
                "flag",
                format!(
                    "`{text}` is not a caseload flag: expected one of {}",
                    known.join(", ")
                ),
            );
            None
        }),
    };
    let condition = match query.condition.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Condition::ALL
            .into_iter()
            .find(|condition| condition.id() == text)
            .or_else(|| {
                let known: Vec<&str> = Condition::ALL
                    .iter()
                    .map(|condition| condition.id())
                    .collect();
                errors.add(
                    "condition",
                    format!(
                        "`{text}` is not a condition: expected one of {}",
                        known.join(", ")
                    ),
                );
                None
            }),
    };
    let page = query.page.unwrap_or(1);
    if page == 0 || page > MAX_PAGE {
        errors.add("page", format!("pages are numbered from 1 to {MAX_PAGE}"));
    }
    errors.into_result()?;
    Ok((flag, condition, page.max(1)))
}

/// The caseload of the calling clinician. Served from the caseload this server keeps while
/// nothing it shows has changed (see [`caseload_cache`]), computed afresh otherwise.
pub async fn caseload(
    app: &App,
    caller: &Caller,
    query: &CaseloadQuery,
) -> AppResult<CaseloadPage> {
    caller.require_role(&[Role::Clinician])?;
    let (flag, condition, page) = read_query(query)?;
    let now = app.now();
    let clinic = app.store.clinic(caller.user.clinic_id).await?;
    let members = app.store.caseload_members(clinic.id, caller.id()).await?;
    let types = app.store.appointment_types(clinic.id).await?;
    let interval = clinic.settings.questionnaire_interval_days;
    let key = caseload_cache::key(&members, interval, &types);
    let computed = match app.caseloads.get(clinic.id, caller.id(), &key, now) {
        Some(kept) => kept,
        None => {
            let fresh =
                Arc::new(compute(app, clinic.id, caller.id(), now, interval, &types, key).await?);
            app.caseloads.keep(clinic.id, caller.id(), fresh.clone());
            fresh
        }
    };
    app.audit
        .record(
            caller
                .audit("caseload.read", format!("clinician/{}", caller.id()), now)
                .detail(format!("{} patients", computed.entries.len())),
        )
        .await?;
    let search = query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_lowercase);
    let matches = |entry: &&CaseloadEntry| {
        flag.is_none_or(|kind| entry.attention.has(kind))
            && condition.is_none_or(|wanted| entry.condition == Some(wanted))
            && search.as_deref().is_none_or(|text| {
                entry.name.to_lowercase().contains(text)
                    || entry.email.to_lowercase().contains(text)
            })
    };
    let matching = computed.entries.iter().filter(matches).count();
    let pages = u32::try_from(matching.div_ceil(PER_PAGE).max(1)).unwrap_or(u32::MAX);
    let page = page.min(pages);
    let skip = usize::try_from(page - 1).unwrap_or(0) * PER_PAGE;
    let shown_until = now + SignedDuration::from_hours(24 * UPCOMING_DAYS);
    let entries = computed
        .entries
        .iter()
        .filter(matches)
        .skip(skip)
        .take(PER_PAGE)
        .map(|entry| {
            let mut entry = entry.clone();
            entry.next_appointment = entry
                .next_appointment
                .filter(|next| next.start >= now && next.start < shown_until);
            entry
        })
        .collect();
    Ok(CaseloadPage {
        entries,
        matching,
        total: computed.entries.len(),
        page,
        pages,
        counts: computed.counts.clone(),
        flag,
        condition,
        search,
    })
}

/// Computes the caseload of `clinician` at `now`: every patient's entry, most in need of
/// attention first, each with their earliest appointment in [`caseload_cache::LOOKAHEAD_DAYS`].
async fn compute(
    app: &App,
    clinic: ClinicId,
    clinician: UserId,
    now: jiff::Timestamp,
    interval: u16,
    types: &[AppointmentType],
    key: [u8; 32],
) -> AppResult<caseload_cache::Computed> {
    // The windows start from the UTC day (a day more than the engine's windows, so that every
    // patient's own window fits, whatever their zone), so what is read changes with the day,
    // never within it.
    let utc_today = now.to_zoned(TimeZone::UTC).date();
    let from = utc_today
        .checked_sub((WINDOW_DAYS + 1).days())
        .unwrap_or_default();
    let gun_since = utc_today
        .checked_sub((GUN_WINDOW_DAYS + 1).days())
        .unwrap_or_default()
        .to_zoned(TimeZone::UTC)
        .map_err(|error| AppError::Internal(error.to_string()))?
        .timestamp();
    let patients = app
        .store
        .caseload(clinic, clinician, from, gun_since)
        .await?;
    let booked = booked_within(
        app,
        clinic,
        PatientsOf::CareTeam(clinician),
        now,
        caseload_cache::LOOKAHEAD_DAYS,
    )
    .await?;
    let mut upcoming = earliest_of_each(booked, types);
    let zones: BTreeSet<&str> = patients
        .iter()
        .map(|patient| patient.user.time_zone.as_str())
        .collect();
    let zones: Vec<TimeZone> = zones
        .into_iter()
        .map(|name| TimeZone::get(name).unwrap_or(TimeZone::UTC))
        .collect();
    let mut entries: Vec<CaseloadEntry> = patients
        .into_iter()
        .map(|patient| {
            let next = upcoming.remove(&patient.user.id);
            let mut entry = entry(patient, now, interval);
            entry.next_appointment = next;
            entry
        })
        .collect();
    entries.sort_by(|a, b| {
        b.attention
            .score
            .cmp(&a.attention.score)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    let counts = FlagKind::ALL
        .into_iter()
        .map(|kind| FlagCount {
            flag: kind,
            patients: entries
                .iter()
                .filter(|entry| entry.attention.has(kind))
                .count(),
        })
        .collect();
    Ok(caseload_cache::Computed::new(
        key, now, &zones, entries, counts,
    ))
}
