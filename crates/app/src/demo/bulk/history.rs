//! One generated patient's history, computed with the engine day by day (the intake's first
//! plan, each next-morning decision and how it moves the plan, questionnaire scores, the
//! massage-gun advice) and collected as rows, without the per-request services.

use std::collections::{HashMap, VecDeque};

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use tendo_core::massage_gun::{self, Site, SiteVerdict};
use tendo_core::pain_score::PainScore;
use tendo_core::programme::{self, ExerciseKind, PlanItem, Position};
use tendo_core::questionnaire;
use tendo_store::accounts::NewUser;
use tendo_store::bulk::{BulkBatch, BulkCheckin, BulkIntake, BulkPlanVersion, BulkRunningWeek};
use tendo_store::care::{NewPlanVersion, PlanCause};
use tendo_store::ids::RecordId;
use tendo_store::outcomes::{
    NewMassageGunSession, NewQuestionnaireResponse, RunningWeekRecord, SiteMinutes,
};
use tendo_store::training::{LoggedSet, NewTrainingSession};

use super::super::history::{at, pain_on, score_on, trains, visa_for};
use super::super::people::Archetype;
use super::intake::{Started, start};
use crate::error::{AppError, AppResult};
use crate::patient::checkin::{Decide, PastCheckin, decide};
use crate::patient::input::Reader;
use crate::patient::intake::questionnaire_for;
use crate::patient::plan::programme_week;
use crate::patient::week_start;

/// A patient to generate.
pub(crate) struct Spec<'a> {
    /// Their account (already in an earlier or the same batch).
    pub user: &'a NewUser,
    /// Their archetype, which shapes their pain and training.
    pub archetype: Archetype,
    /// A number that varies their history.
    pub seed: u64,
    /// Days of history before today.
    pub days: i64,
    /// Today in the clinic's zone: the history ends the day before.
    pub today: Date,
}

/// What was generated for one patient.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Counts {
    /// Sessions, sets, check-ins, questionnaires, massage-gun sessions and running weeks.
    pub logs: u64,
    /// Plan versions.
    pub plan_versions: u64,
}

fn pain(value: i64) -> PainScore {
    PainScore::new(u8::try_from(value.clamp(0, 10)).unwrap_or(0))
        .unwrap_or_else(|| unreachable!("0–10 is a pain score"))
}

/// The plan in force while the history is written.
struct Current {
    id: RecordId,
    version: u32,
    plan: NewPlanVersion,
    changed_on: Date,
}

/// The pattern day: flares and gaps come back every twelve weeks over a long history.
fn cycle_day(archetype: Archetype, day: i64) -> i64 {
    match archetype {
        Archetype::Flare | Archetype::Gaps => day % 84,
        _ => day,
    }
}

/// Writes one patient's intake and history into `batch`, calling `flush` whenever the batch
/// holds `flush_at` rows or more (parents are always written before their children).
pub(crate) fn generate(
    spec: &Spec<'_>,
    batch: &mut BulkBatch,
    flush_at: usize,
    flush: &mut dyn FnMut(&mut BulkBatch),
) -> AppResult<Counts> {
    let zone = TimeZone::get(&spec.user.time_zone).unwrap_or(TimeZone::UTC);
    let first = spec
        .today
        .checked_sub(spec.days.days())
        .unwrap_or(spec.today);
    let Started::Active {
        plan,
        baseline_morning_pain,
        screening,
    } = start(spec, &zone, first, batch)?
    else {
        return Ok(Counts::default());
    };
    let mut counts = Counts {
        logs: 1,
        plan_versions: 1,
    };
    let mut current = Current {
        id: plan.id,
        version: 1,
        changed_on: first,
        plan: *plan,
    };
    batch.plan_versions.push(BulkPlanVersion {
        version: 1,
        plan: current.plan.clone(),
    });
    let user = spec.user;
    let archetype = spec.archetype;
    let kind = questionnaire_for(current.plan.condition);
    let gun_sites = gun_sites(&screening, at(&zone, first, 9, 0));
    let mut weeks: HashMap<(u32, u16), (Vec<PlanItem>, u8)> = HashMap::new();
    let mut sessions: VecDeque<(Date, PainScore, PainScore)> = VecDeque::new();
    let mut checkins: VecDeque<PastCheckin> = VecDeque::new();
    let mut morning = 3;
    let mut day = 0i64;
    let mut date = first;
    while date < spec.today {
        let window = date.checked_sub(28.days()).unwrap_or(date);
        while sessions.front().is_some_and(|front| front.0 < window) {
            sessions.pop_front();
        }
        while checkins
            .front()
            .is_some_and(|front| front.session_date < window)
        {
            checkins.pop_front();
        }
        // The next-morning check-in for the last session day, if it waits.
        let fortnight = date.checked_sub(14.days()).unwrap_or(date);
        let pending = sessions
            .back()
            .map(|last| last.0)
            .filter(|last| *last < date && *last >= fortnight)
            .filter(|last| checkins.back().is_none_or(|c| c.session_date < *last));
        if let Some(session_date) = pending {
            let answered_at = at(&zone, date, 7, 30);
            let recent: Vec<(Date, PainScore, PainScore)> = sessions.iter().copied().collect();
            let past: Vec<PastCheckin> = checkins.iter().copied().collect();
            let decided = decide(&Decide {
                condition: current.plan.condition,
                baseline_morning_pain,
                position: current.plan.position,
                today: date,
                last_change: current.changed_on,
                sessions: &recent,
                checkins: &past,
                session_date,
                pain: pain(morning),
            })?;
            let mut plan_version_id = None;
            if let Some((position, reasons)) = decided.moved {
                current = next_plan(&current, position, reasons, answered_at, date);
                batch.plan_versions.push(BulkPlanVersion {
                    version: current.version,
                    plan: current.plan.clone(),
                });
                counts.plan_versions += 1;
                plan_version_id = Some(current.id);
            }
            checkins.push_back(PastCheckin {
                session_date,
                pain: pain(morning),
                stepped_back: plan_version_id.is_some()
                    && decided.decision == tendo_core::pain_monitoring::LoadDecision::Regress,
            });
            batch.checkins.push(BulkCheckin {
                id: RecordId::new(),
                patient_id: user.id,
                clinic_id: user.clinic_id,
                session_date,
                answered_at,
                pain: pain(morning),
                decision: decided.decision,
                reasons: decided.reasons,
                plan_version_id,
            });
            counts.logs += 1;
        }
        let pattern = cycle_day(archetype, day);
        if trains(archetype, date, pattern) {
            let week = programme_week(current.plan.programme_start, date);
            let key = (current.version, week);
            if let std::collections::hash_map::Entry::Vacant(slot) = weeks.entry(key) {
                let plan = programme::plan_for(
                    current.plan.position,
                    current.plan.condition,
                    current.plan.side,
                    current.plan.sessions_per_week,
                    week,
                )?;
                let items: Vec<PlanItem> = plan
                    .items
                    .into_iter()
                    .filter(|item| item.kind != ExerciseKind::LoadTest)
                    .collect();
                let times = items.iter().map(|item| item.times_per_day).max();
                slot.insert((items, times.unwrap_or(1).max(1)));
            }
            let (items, times) = &weeks[&key];
            let (during, after, next_morning) = pain_on(archetype, pattern);
            let load = 10 + (day / 7 * 2).min(60);
            for time in 0..*times {
                let logged_at = at(&zone, date, if time == 0 { 8 } else { 18 }, 0);
                let session = session(user, current.id, date, logged_at, items, load);
                counts.logs += 1 + session.sets.len() as u64;
                batch.sessions.push(NewTrainingSession {
                    pain_during: pain(during),
                    pain_after: pain(after),
                    ..session
                });
            }
            sessions.push_back((date, pain(during), pain(after)));
            morning = next_morning;
        }
        if day > 0 && day % 14 == 0 {
            let mut reader = Reader::default();
            let answers = visa_for(score_on(archetype, day.min(120), spec.seed))
                .read(&mut reader)
                .ok_or_else(|| AppError::internal("generated VISA answers do not read"))?;
            let score = questionnaire::score_checked(kind, &answers)?;
            batch.questionnaires.push(NewQuestionnaireResponse {
                id: RecordId::new(),
                patient_id: user.id,
                clinic_id: user.clinic_id,
                questionnaire: kind,
                taken_at: at(&zone, date, 20, 0),
                taken_on: date,
                answers,
                score: score.score,
            });
            counts.logs += 1;
        }
        if matches!(archetype, Archetype::Steady | Archetype::Hamstring)
            && day % 4 == 1
            && !gun_sites.is_empty()
        {
            let started_at = at(&zone, date, 19, 30);
            batch.gun_sessions.push(NewMassageGunSession {
                id: RecordId::new(),
                patient_id: user.id,
                clinic_id: user.clinic_id,
                started_at,
                logged_at: started_at
                    .checked_add(SignedDuration::from_mins(10))
                    .unwrap_or(started_at),
                ppm: Some(2000),
                sites: gun_sites.clone(),
            });
            counts.logs += 1;
        }
        if date.weekday() == Weekday::Monday && day >= 7 && archetype != Archetype::Isometric {
            let week = (day / 7).min(20);
            let jump = archetype == Archetype::Steady && day / 7 % 26 == 9;
            let km = 12 + week * 2 + i64::try_from(spec.seed % 7).unwrap_or(0);
            batch.running_weeks.push(BulkRunningWeek {
                patient_id: user.id,
                clinic_id: user.clinic_id,
                week: RunningWeekRecord {
                    week_start: week_start(date.checked_sub(1.day()).unwrap_or(date)),
                    distance_km: (km + if jump { 14 } else { 0 }) as f64,
                    hard_sessions: if jump { 3 } else { 1 },
                    updated_at: at(&zone, date, 21, 0),
                },
            });
            counts.logs += 1;
        }
        if approximate_rows(batch) >= flush_at {
            flush(batch);
        }
        day += 1;
        date = match date.checked_add(1.day()) {
            Ok(next) => next,
            Err(_) => break,
        };
    }
    Ok(counts)
}

/// About how many rows the batch holds, without counting every session's sets (counting them
/// each day would make a patient's history quadratic in the batch size).
fn approximate_rows(batch: &BulkBatch) -> usize {
    batch.sessions.len() * 9
        + batch.checkins.len()
        + batch.plan_versions.len()
        + batch.questionnaires.len()
        + batch.gun_sessions.len()
        + batch.running_weeks.len()
        + batch.appointments.len()
}

fn next_plan(
    current: &Current,
    position: Position,
    reasons: Vec<tendo_core::reason::Reason>,
    at: Timestamp,
    date: Date,
) -> Current {
    let id = RecordId::new();
    Current {
        id,
        version: current.version + 1,
        changed_on: date,
        plan: NewPlanVersion {
            id,
            created_at: at,
            cause: PlanCause::Decision,
            position,
            reasons,
            ..current.plan.clone()
        },
    }
}

/// A session of every training item, each set done as planned.
fn session(
    user: &NewUser,
    plan: RecordId,
    date: Date,
    logged_at: Timestamp,
    items: &[PlanItem],
    load: i64,
) -> NewTrainingSession {
    let mut sets = Vec::new();
    for item in items {
        let loaded = item.load.contains("RM") || item.load.contains("kg");
        for number in 1..=item.sets {
            sets.push(LoggedSet {
                exercise: item.exercise.clone(),
                set_number: number,
                reps: item.reps,
                load_kg: loaded.then_some(load as f64),
                hold_seconds: item.hold_seconds,
            });
        }
    }
    NewTrainingSession {
        id: RecordId::new(),
        patient_id: user.id,
        clinic_id: user.clinic_id,
        plan_version_id: plan,
        date,
        logged_at,
        pain_during: pain(0),
        pain_after: pain(0),
        sets,
        note: None,
    }
}

/// The sites the screening allows, two minutes each (calf and hamstring sites only), as the
/// demo's patients use the gun.
fn gun_sites(screening: &tendo_core::massage_gun::Screening, now: Timestamp) -> Vec<SiteMinutes> {
    let mut answers = screening.clone();
    answers.now = None;
    answers.last_session_at = None;
    let advice = massage_gun::check(&answers, now);
    advice
        .sites
        .iter()
        .filter(|(site, verdict)| {
            verdict.verdict == SiteVerdict::Allowed
                && verdict.max_minutes > 0.0
                && (Site::CALF.contains(*site) || **site == Site::Hamstrings)
        })
        .map(|(site, verdict)| SiteMinutes {
            site: *site,
            minutes: verdict.max_minutes.min(2.0),
        })
        .collect()
}

/// Keeps the generator's pending-intake type in one place.
pub(crate) fn intake_row(
    user: &NewUser,
    answers: serde_json::Value,
    started_at: Timestamp,
    completed_at: Option<Timestamp>,
) -> BulkIntake {
    BulkIntake {
        patient_id: user.id,
        clinic_id: user.clinic_id,
        answers,
        started_at,
        updated_at: completed_at.unwrap_or(started_at),
        completed_at,
    }
}
