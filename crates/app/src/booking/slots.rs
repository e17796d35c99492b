//! Finding a free time: loads a clinic's diary once (hours, exceptions, bookings, rooms and
//! tables — a handful of queries, however many clinicians) and computes free starts with
//! `tendo_core::scheduling`.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use tendo_core::scheduling::{self, Busy, Exception, Interval, SlotRules};
use tendo_store::accounts::Clinic;
use tendo_store::booking::{
    Appointment, AppointmentType, BookedTime, ClinicianProfile, Resource, Schedule,
};
use tendo_store::ids::{AppointmentId, AppointmentTypeId, ResourceId, UserId};

use super::booked_times::BookedTimes;
use crate::App;
use crate::error::{AppError, AppResult};

/// Offered starts are this many minutes apart.
pub const STEP_MINUTES: i64 = 30;
/// The most days one request may cover.
pub const MAX_DAYS: u16 = 14;
/// How far from today, either way, a date asked for free times may lie: a clinician's booking
/// horizon is at most 365 days, so a year and a day covers every bookable time. Dates further
/// out are refused before any time arithmetic, which would overflow near the calendar's ends.
pub const BOOKABLE_DAYS: i64 = 366;

/// How far from today, either way, a diary week may be shown: ten years of a clinic's history
/// and plans.
pub const CALENDAR_DAYS: i64 = 3653;

/// Checks that `date` (the value of the request's `field`) lies within [`BOOKABLE_DAYS`] of
/// `today`, either way.
pub fn bookable_date(field: &str, date: Date, today: Date) -> AppResult<Date> {
    date_within(
        field,
        date,
        today,
        BOOKABLE_DAYS,
        "times can be booked at most 365 days ahead",
    )
}

/// Checks that a week asked for in a diary (the request's `field`) lies within
/// [`CALENDAR_DAYS`] of `today`, either way.
pub fn calendar_date(field: &str, date: Date, today: Date) -> AppResult<Date> {
    date_within(
        field,
        date,
        today,
        CALENDAR_DAYS,
        "the diary shows ten years either way",
    )
}

fn date_within(field: &str, date: Date, today: Date, days: i64, why: &str) -> AppResult<Date> {
    let earliest = today.checked_sub(days.days()).unwrap_or(Date::MIN);
    let latest = today.checked_add(days.days()).unwrap_or(Date::MAX);
    if (earliest..=latest).contains(&date) {
        Ok(date)
    } else {
        Err(AppError::invalid(
            field,
            format!("choose a date between {earliest} and {latest}: {why}"),
        ))
    }
}

/// The message when a time asked for is not free.
pub const NOT_FREE: &str = "That time is not free. Choose another time.";

/// A free time, with every suitable clinician free then.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotOption {
    /// Start.
    pub start: Timestamp,
    /// End.
    pub end: Timestamp,
    /// Clinicians free at that time.
    pub clinicians: Vec<UserId>,
}

/// The diary of a clinic over a stretch of time.
pub struct Diary {
    /// The clinic.
    pub clinic: Clinic,
    /// Its appointment types.
    pub types: Vec<AppointmentType>,
    /// Its clinicians.
    pub profiles: Vec<ClinicianProfile>,
    schedules: Vec<Schedule>,
    booked: Arc<BookedTimes>,
    resources: Vec<Resource>,
    now: Timestamp,
}

fn busy_of(appointment: &BookedTime) -> Option<Busy> {
    Some(Busy {
        at: Interval::new(appointment.start, appointment.end)?,
        before: SignedDuration::from_mins(i64::from(appointment.buffer_before_minutes)),
        after: SignedDuration::from_mins(i64::from(appointment.buffer_after_minutes)),
    })
}

/// `schedules` with each of the clinic's closed days added as a whole day off for every
/// clinician (the day read in each clinician's own zone, as their own time off is).
fn with_closures(
    mut schedules: Vec<tendo_store::booking::Schedule>,
    closures: &[tendo_store::closures::ClinicClosure],
) -> Vec<tendo_store::booking::Schedule> {
    for schedule in &mut schedules {
        for closure in closures {
            schedule
                .exceptions
                .push(tendo_store::booking::ScheduleException {
                    id: tendo_store::ids::ExceptionId::new(),
                    clinician_id: schedule.clinician_id,
                    date: closure.date,
                    start: jiff::civil::Time::midnight(),
                    end: jiff::civil::Time::MAX,
                    available: false,
                    note: closure.note.clone(),
                });
        }
    }
    schedules
}

/// Where a diary's booked times come from.
#[derive(Clone, Copy)]
enum Booked {
    /// Read now.
    Fresh,
    /// Those this server keeps for the clinic's revision, read now when it keeps none.
    Kept,
}

/// The booked times of `clinic` over `window`, read now.
async fn booked_now(
    app: &App,
    clinic: &Clinic,
    (from, to): (Timestamp, Timestamp),
) -> AppResult<Arc<BookedTimes>> {
    let times = app.store.booked_times(clinic.id, from, to).await?;
    Ok(Arc::new(BookedTimes::new(times)))
}

/// The booked times of `clinic` over `window`: the ones this server keeps when they were read
/// at the revision `clinic` was read at, else read now and kept (see `booked_times`).
async fn booked_kept(
    app: &App,
    clinic: &Clinic,
    window: (Timestamp, Timestamp),
) -> AppResult<Arc<BookedTimes>> {
    let revision = clinic.appointments_revision;
    if let Some(kept) = app.booked_times.get(clinic.id, window, revision) {
        return Ok(kept);
    }
    let times = booked_now(app, clinic, window).await?;
    app.booked_times
        .keep(clinic.id, window, revision, times.clone());
    Ok(times)
}

impl Diary {
    /// Loads what is needed to find times between `from` and `to`, every part read now.
    pub async fn load(
        app: &App,
        clinic: Clinic,
        from: Timestamp,
        to: Timestamp,
    ) -> AppResult<Diary> {
        Self::load_with(app, clinic, (from, to), Booked::Fresh).await
    }

    /// [`Diary::load`] for a search of free times: the booked times are those this server
    /// keeps for the clinic's revision when it keeps them. `clinic` must have been read in this
    /// request (its revision says which kept times are current).
    async fn load_for_search(
        app: &App,
        clinic: Clinic,
        from: Timestamp,
        to: Timestamp,
    ) -> AppResult<Diary> {
        Self::load_with(app, clinic, (from, to), Booked::Kept).await
    }

    async fn load_with(
        app: &App,
        clinic: Clinic,
        (from, to): (Timestamp, Timestamp),
        booked: Booked,
    ) -> AppResult<Diary> {
        let store = &app.store;
        let utc_from = from
            .to_zoned(TimeZone::UTC)
            .date()
            .checked_sub(2.days())
            .unwrap_or(Date::MIN);
        let utc_to = to
            .to_zoned(TimeZone::UTC)
            .date()
            .checked_add(2.days())
            .unwrap_or(Date::MAX);
        let margin = SignedDuration::from_hours(6);
        let window = (
            from.checked_sub(margin).unwrap_or(from),
            to.checked_add(margin).unwrap_or(to),
        );
        let booked = match booked {
            Booked::Fresh => booked_now(app, &clinic, window).await?,
            Booked::Kept => booked_kept(app, &clinic, window).await?,
        };
        Ok(Diary {
            types: store.appointment_types(clinic.id).await?,
            profiles: store.clinician_profiles(clinic.id).await?,
            schedules: with_closures(
                store.schedules(clinic.id, utc_from, utc_to).await?,
                &store.clinic_closures(clinic.id, utc_from, utc_to).await?,
            ),
            booked,
            resources: store.resources(clinic.id).await?,
            now: app.now(),
            clinic,
        })
    }

    /// An active appointment type of the clinic.
    pub fn kind(&self, id: AppointmentTypeId) -> AppResult<&AppointmentType> {
        match self.types.iter().find(|kind| kind.id == id) {
            Some(kind) if kind.active => Ok(kind),
            Some(_) => Err(AppError::invalid(
                "type",
                "this appointment type is no longer offered; choose another",
            )),
            // An id that names no type of this clinic.
            None => Err(AppError::NotFound),
        }
    }

    /// A clinician's profile.
    pub fn profile(&self, clinician: UserId) -> Option<&ClinicianProfile> {
        self.profiles
            .iter()
            .find(|profile| profile.user.id == clinician)
    }

    /// The clinicians who deliver `kind` (only listed ones when `listed_only`).
    pub fn suitable(&self, kind: &AppointmentType, listed_only: bool) -> Vec<&ClinicianProfile> {
        self.profiles
            .iter()
            .filter(|profile| !listed_only || profile.listed)
            .filter(|profile| {
                if kind.clinicians.is_empty() {
                    kind.profession
                        .is_none_or(|wanted| profile.user.profession == Some(wanted))
                } else {
                    kind.clinicians.contains(&profile.user.id)
                }
            })
            .collect()
    }

    fn rules(&self, kind: &AppointmentType, profile: &ClinicianProfile) -> SlotRules {
        SlotRules {
            duration: SignedDuration::from_mins(i64::from(kind.duration_minutes)),
            buffer_before: SignedDuration::from_mins(i64::from(kind.buffer_before_minutes)),
            buffer_after: SignedDuration::from_mins(i64::from(kind.buffer_after_minutes)),
            step: SignedDuration::from_mins(STEP_MINUTES),
            earliest: self.now + SignedDuration::from_mins(i64::from(profile.min_notice_minutes)),
            latest: self.now + SignedDuration::from_hours(24 * i64::from(profile.horizon_days)),
        }
    }

    fn resources_busy(
        &self,
        kind: &AppointmentType,
        ignoring: &[AppointmentId],
    ) -> (Vec<ResourceId>, Vec<Vec<Busy>>) {
        let Some(wanted) = kind.resource else {
            return (Vec::new(), Vec::new());
        };
        self.resources
            .iter()
            .filter(|resource| resource.active && resource.kind == wanted)
            .map(|resource| {
                let busy = self
                    .booked
                    .all()
                    .iter()
                    .filter(|a| a.resource_id == Some(resource.id) && !ignoring.contains(&a.id))
                    .filter_map(busy_of)
                    .collect();
                (resource.id, busy)
            })
            .unzip()
    }

    /// The busy times of the rooms or tables `kind` needs, or `None` when it needs none.
    fn resources_needed(
        &self,
        kind: &AppointmentType,
        ignoring: &[AppointmentId],
    ) -> Option<Vec<Vec<Busy>>> {
        kind.resource
            .is_some()
            .then(|| self.resources_busy(kind, ignoring).1)
    }

    /// Free starts of `kind` with `clinician` in `[from, to)`, leaving out the appointments in
    /// `ignoring` (the ones being moved).
    pub fn free_starts(
        &self,
        kind: &AppointmentType,
        clinician: UserId,
        from: Timestamp,
        to: Timestamp,
        ignoring: &[AppointmentId],
    ) -> Vec<Timestamp> {
        let resources = self.resources_needed(kind, ignoring);
        self.free_starts_with(kind, clinician, (from, to), ignoring, resources.as_deref())
    }

    /// [`Diary::free_starts`] with the rooms' or tables' busy times already worked out (once
    /// for every clinician of a search).
    fn free_starts_with(
        &self,
        kind: &AppointmentType,
        clinician: UserId,
        (from, to): (Timestamp, Timestamp),
        ignoring: &[AppointmentId],
        resources: Option<&[Vec<Busy>]>,
    ) -> Vec<Timestamp> {
        let Some(profile) = self.profile(clinician) else {
            return Vec::new();
        };
        let Some(schedule) = self.schedules.iter().find(|s| s.clinician_id == clinician) else {
            return Vec::new();
        };
        let zone = TimeZone::get(&profile.user.time_zone).unwrap_or(TimeZone::UTC);
        let first = from
            .to_zoned(zone.clone())
            .date()
            .yesterday()
            .unwrap_or(Date::MIN);
        let last = to
            .to_zoned(zone.clone())
            .date()
            .tomorrow()
            .unwrap_or(Date::MAX);
        let weekly: Vec<scheduling::WeeklyHours> = schedule
            .weekly
            .iter()
            .map(|h| scheduling::WeeklyHours {
                weekday: h.weekday,
                start: h.start,
                end: h.end,
            })
            .collect();
        let exceptions: Vec<Exception> = schedule
            .exceptions
            .iter()
            .map(|e| Exception {
                date: e.date,
                start: e.start,
                end: e.end,
                available: e.available,
            })
            .collect();
        let working = scheduling::working_intervals(&zone, &weekly, &exceptions, first, last);
        let busy: Vec<Busy> = self
            .booked
            .of(clinician)
            .filter(|a| !ignoring.contains(&a.id))
            .filter_map(busy_of)
            .collect();
        let rules = self.rules(kind, profile);
        let mut starts = scheduling::free_starts(&working, &busy, &rules);
        starts.retain(|start| *start >= from && *start < to);
        if let Some(resources) = resources {
            starts.retain(|start| scheduling::resource_for(*start, resources, &rules).is_some());
        }
        starts
    }

    /// A room or table of the kind `kind` needs that is free at `start`.
    pub fn resource_at(
        &self,
        kind: &AppointmentType,
        clinician: UserId,
        start: Timestamp,
        ignoring: &[AppointmentId],
    ) -> Option<ResourceId> {
        let profile = self.profile(clinician)?;
        let (ids, busy) = self.resources_busy(kind, ignoring);
        scheduling::resource_for(start, &busy, &self.rules(kind, profile)).map(|index| ids[index])
    }

    /// Free times of `kind` in `[from, to)` with `clinician`, or with any suitable one, leaving
    /// out the appointments in `ignoring` (the one being moved, which does not stand in its own
    /// way).
    pub fn options(
        &self,
        kind: &AppointmentType,
        clinician: Option<UserId>,
        (from, to): (Timestamp, Timestamp),
        listed_only: bool,
        ignoring: &[AppointmentId],
    ) -> Vec<SlotOption> {
        let mut options: BTreeMap<Timestamp, SlotOption> = BTreeMap::new();
        let duration = SignedDuration::from_mins(i64::from(kind.duration_minutes));
        let resources = self.resources_needed(kind, ignoring);
        for profile in self.suitable(kind, listed_only) {
            if clinician.is_some_and(|wanted| wanted != profile.user.id) {
                continue;
            }
            let id = profile.user.id;
            for start in self.free_starts_with(kind, id, (from, to), ignoring, resources.as_deref())
            {
                options
                    .entry(start)
                    .or_insert_with(|| SlotOption {
                        start,
                        end: start + duration,
                        clinicians: Vec::new(),
                    })
                    .clinicians
                    .push(id);
            }
        }
        options.into_values().collect()
    }

    /// Why `start` cannot be booked with `clinician`, or `Ok` if it can.
    pub fn check(
        &self,
        kind: &AppointmentType,
        clinician: UserId,
        start: Timestamp,
        ignoring: &[AppointmentId],
    ) -> AppResult<()> {
        let profile = self
            .profile(clinician)
            .ok_or_else(|| AppError::invalid("clinician", "choose a clinician of this clinic"))?;
        let rules = self.rules(kind, profile);
        if start < rules.earliest {
            return Err(AppError::invalid(
                "start",
                format!(
                    "that is too soon: book at least {} hours ahead",
                    profile.min_notice_minutes.div_ceil(60)
                ),
            ));
        }
        if start >= rules.latest {
            return Err(AppError::invalid(
                "start",
                format!(
                    "that is too far ahead: book at most {} days ahead",
                    profile.horizon_days
                ),
            ));
        }
        let window_end = start + SignedDuration::from_mins(1);
        if self
            .free_starts(kind, clinician, start, window_end, ignoring)
            .contains(&start)
        {
            Ok(())
        } else {
            Err(AppError::Conflict(NOT_FREE.into()))
        }
    }
}

/// The start of a local date in `zone`, and the start of the date `days` later.
pub fn local_window(zone: &TimeZone, from: Date, days: u16) -> (Timestamp, Timestamp) {
    let start =
        scheduling::instant_at(zone, from.to_datetime(Time::midnight())).unwrap_or(Timestamp::MIN);
    let last = from
        .checked_add(i64::from(days.clamp(1, MAX_DAYS)).days())
        .unwrap_or(Date::MAX);
    let end =
        scheduling::instant_at(zone, last.to_datetime(Time::midnight())).unwrap_or(Timestamp::MAX);
    (start, end)
}

/// Free times of an appointment type for `days` local dates from `from` in the viewer's zone;
/// a `from` out of the bookable range ([`bookable_date`]) is refused, naming `from`. `clinic`
/// is as read in this request: its revision of appointments decides whether the booked times
/// this server keeps are current.
pub async fn find(
    app: &App,
    clinic: Clinic,
    kind: AppointmentTypeId,
    clinician: Option<UserId>,
    zone: &TimeZone,
    from: Date,
    days: u16,
) -> AppResult<(Diary, Vec<SlotOption>)> {
    bookable_date("from", from, app.now().to_zoned(zone.clone()).date())?;
    let (start, end) = local_window(zone, from, days);
    let diary = Diary::load_for_search(app, clinic, start, end).await?;
    let kind = diary.kind(kind)?.clone();
    let options = diary.options(&kind, clinician, (start, end), true, &[]);
    Ok((diary, options))
}

/// Free times to move `moving` to, with its clinician, for `days` local dates from `from` in
/// the viewer's zone: the appointment's own time does not count as busy, so it can move by
/// less than its length. A `from` out of the bookable range is refused, naming `from`.
/// `clinic` is as read in this request, as for [`find`].
pub async fn find_for_move(
    app: &App,
    clinic: Clinic,
    moving: &Appointment,
    zone: &TimeZone,
    from: Date,
    days: u16,
) -> AppResult<Vec<SlotOption>> {
    bookable_date("from", from, app.now().to_zoned(zone.clone()).date())?;
    let (start, end) = local_window(zone, from, days);
    let diary = Diary::load_for_search(app, clinic, start, end).await?;
    let kind = diary.kind(moving.type_id)?.clone();
    Ok(diary.options(
        &kind,
        Some(moving.clinician_id),
        (start, end),
        false,
        &[moving.id],
    ))
}
