//! A demo patient's history, written day by day through the patient services with the demo
//! clock set to each moment: intake, sessions with pain, next-morning check-ins that move the
//! plan, questionnaires, massage-gun sessions and the running log.

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use super::DemoClock;
use super::people::{Archetype, DemoPatient};
use crate::App;
use crate::access::{Caller, Credential, RequestMeta};
use crate::error::{AppError, AppResult};
use crate::patient::input::VisaInput;
use crate::patient::intake::steps::{
    BaselineInput, ConditionInput, HistoryInput, MassageGunInput, RedFlagsInput, StepInput,
};
use crate::patient::massage_gun::{self, GunSessionInput, SiteInput};
use crate::patient::running::{self, RunningInput};
use crate::patient::today::{self, CheckinInput, SessionInput, SetInput};
use crate::patient::{intake, questionnaires, week_start};

/// The moment of `hour:minute` on `date` in `zone`.
pub(crate) fn at(zone: &TimeZone, date: Date, hour: i8, minute: i8) -> Timestamp {
    date.at(hour, minute, 0, 0)
        .to_zoned(zone.clone())
        .map(|zoned| zoned.timestamp())
        .unwrap_or_else(|_| Timestamp::UNIX_EPOCH)
}

/// What the archetype answers at intake: condition, days a week, heel-raise pain, morning pain.
pub(super) fn intake_answers(
    archetype: Archetype,
) -> (&'static str, &'static str, &'static str, &'static str) {
    match archetype {
        Archetype::Steady | Archetype::Gaps => {
            ("Achilles tendinopathy (midportion)", "3", "4", "3")
        }
        Archetype::Flare => ("insertional Achilles tendinopathy", "7", "4", "3"),
        Archetype::Hamstring => ("high hamstring tendinopathy", "4", "", "2"),
        Archetype::Isometric => ("midportion Achilles tendinitis", "4", "7", "4"),
        Archetype::RedFlag => ("Achilles tendinopathy (midportion)", "3", "4", "3"),
        Archetype::HalfIntake | Archetype::New => ("proximal hamstring tendinopathy", "3", "", "2"),
    }
}

/// Answers to VISA that add up to about `score`.
pub(crate) fn visa_for(score: i64) -> VisaInput {
    let score = score.clamp(10, 95);
    let (q7, branch, minutes, q8) = match score {
        0..=39 => (0, "c", "1-10", 2),
        40..=59 => (4, "b", "1-10", 4),
        60..=79 => (7, "b", "11-20", 10),
        _ => (10, "a", "21-30", 21),
    };
    let each = ((score - q7 - q8) / 6).clamp(0, 10);
    let scale = each.to_string();
    VisaInput {
        q1: scale.clone(),
        q2: scale.clone(),
        q3: scale.clone(),
        q4: scale.clone(),
        q5: scale.clone(),
        q6: scale,
        q7: q7.to_string(),
        q8_branch: branch.into(),
        q8_minutes: minutes.into(),
    }
}

/// The VISA score expected after `day` days.
pub(super) fn score_on(archetype: Archetype, day: i64, seed: u64) -> i64 {
    let week = day / 7;
    let wobble = i64::try_from(seed % 5).unwrap_or(0) - 2;
    let score = match archetype {
        Archetype::Steady => 44 + week * 3,
        Archetype::Flare if (5..=7).contains(&week) => 44 + 5 * 2 - 4,
        Archetype::Flare => 40 + week * 2,
        Archetype::Hamstring => 34 + week * 3,
        Archetype::Isometric => 30 + week,
        _ => 48 + week,
    };
    score + wobble
}

/// Pain during, after and the next morning for a session `day` days in.
pub(super) fn pain_on(archetype: Archetype, day: i64) -> (i64, i64, i64) {
    let week = day / 7;
    match archetype {
        Archetype::Flare if (36..=38).contains(&day) => (6, 6, 6),
        Archetype::Hamstring => (
            (3 - week / 4).max(1),
            (2 - week / 5).max(1),
            (2 - week / 6).max(0),
        ),
        Archetype::Isometric => (3, 3, 4),
        _ => (
            (4 - week / 4).max(1),
            (3 - week / 4).max(1),
            (3 - week / 4).max(0),
        ),
    }
}

/// Whether the archetype trains on `date`, `day` days in.
pub(super) fn trains(archetype: Archetype, date: Date, day: i64) -> bool {
    let weekday = date.weekday();
    match archetype {
        Archetype::Flare => true,
        Archetype::Hamstring | Archetype::Isometric => {
            matches!(
                weekday,
                Weekday::Monday | Weekday::Tuesday | Weekday::Thursday | Weekday::Saturday
            )
        }
        Archetype::Gaps if (28..42).contains(&day) || (63..70).contains(&day) => false,
        _ => matches!(
            weekday,
            Weekday::Monday | Weekday::Wednesday | Weekday::Friday
        ),
    }
}

/// Writes the archetype's history ending at `now`.
pub(crate) async fn write(
    app: &App,
    clock: &DemoClock,
    patient: &DemoPatient,
    days: u32,
    now: Timestamp,
) -> AppResult<()> {
    let caller = Caller {
        user: patient.user.clone(),
        credential: Credential::Session,
        meta: RequestMeta::default(),
    };
    let zone = TimeZone::get(&patient.user.time_zone).unwrap_or(TimeZone::UTC);
    let today = now.to_zoned(zone.clone()).date();
    let length = match patient.archetype {
        Archetype::Isometric => 6.min(i64::from(days)),
        Archetype::Steady | Archetype::Flare | Archetype::Hamstring | Archetype::Gaps => {
            i64::from(days)
        }
        _ => 1,
    };
    let start = today.checked_sub(length.days()).unwrap_or(today);
    clock.set(at(&zone, start, 8, 0));
    let archetype = patient.archetype;
    if archetype == Archetype::New {
        return Ok(());
    }
    let id = patient.user.id;
    let (condition, days_per_week, heel_raise, morning) = intake_answers(archetype);
    let save = |input: StepInput| {
        let caller = caller.clone();
        async move { intake::save_step(app, &caller, id, &input).await }
    };
    save(StepInput::Condition(ConditionInput {
        condition: condition.into(),
        side: if patient.seed.is_multiple_of(2) {
            "left"
        } else {
            "right"
        }
        .into(),
        location: String::new(),
    }))
    .await?;
    save(StepInput::History(HistoryInput {
        started_on: start.checked_sub(60.days()).unwrap_or(start).to_string(),
        onset: "gradual".into(),
        changes: vec!["hills".into(), "more-distance".into()],
        change_note: String::new(),
    }))
    .await?;
    if archetype == Archetype::HalfIntake {
        return Ok(());
    }
    let view = intake::view(app, &caller, id).await?;
    let answers = view
        .red_flag_questions
        .iter()
        .map(|question| {
            let id = intake::answers::flag_id(question.flag);
            let yes = archetype == Archetype::RedFlag && id == "calf-clot";
            (id, if yes { "yes" } else { "no" }.to_string())
        })
        .collect();
    save(StepInput::RedFlags(RedFlagsInput { answers })).await?;
    if archetype == Archetype::RedFlag {
        return Ok(());
    }
    save(StepInput::MassageGun(
        MassageGunInput {
            normal_sensation: "yes".into(),
            heel_bursitis: "no".into(),
            tendon_settled: "no".into(),
            device_min_ppm: "1800".into(),
            device_max_ppm: "3200".into(),
            ..MassageGunInput::default()
        }
        .with_no_health_concerns(),
    ))
    .await?;
    save(StepInput::Baseline(BaselineInput {
        visa: visa_for(score_on(archetype, 0, patient.seed)),
        morning_pain: morning.into(),
        days_per_week: days_per_week.into(),
        heel_raise_pain: heel_raise.into(),
        equipment: None,
    }))
    .await?;
    days_of(app, clock, &caller, patient, &zone, start, today, length).await
}

/// Every day from the start to today.
#[expect(
    clippy::too_many_arguments,
    reason = "the day loop needs the whole context"
)]
async fn days_of(
    app: &App,
    clock: &DemoClock,
    caller: &Caller,
    patient: &DemoPatient,
    zone: &TimeZone,
    start: Date,
    today: Date,
    length: i64,
) -> AppResult<()> {
    let archetype = patient.archetype;
    let id = patient.user.id;
    let mut last_pain = (3, 3, 3);
    for day in 0..=length {
        let Ok(date) = start.checked_add(day.days()) else {
            break;
        };
        let is_today = date == today;
        if day > 0 && !(is_today && archetype == Archetype::Steady) {
            clock.set(at(zone, date, 7, 30));
            let input = CheckinInput {
                pain: last_pain.2.to_string(),
                session_date: String::new(),
            };
            match today::checkin(app, caller, id, &input).await {
                Ok(_) | Err(AppError::Conflict(_)) => {}
                Err(other) => return Err(other),
            }
        }
        if is_today {
            break;
        }
        let yesterday = date.checked_add(1.day()).ok() == Some(today);
        if trains(archetype, date, day) || (yesterday && archetype == Archetype::Steady) {
            let pain = pain_on(archetype, day);
            let times = if archetype == Archetype::Flare { 2 } else { 1 };
            for time in 0..times {
                clock.set(at(zone, date, if time == 0 { 18 } else { 8 }, 0));
                log_session(app, caller, id, pain, day).await?;
            }
            last_pain = pain;
        }
        if day > 0 && day % 14 == 0 {
            clock.set(at(zone, date, 20, 0));
            let answers = visa_for(score_on(archetype, day, patient.seed));
            questionnaires::submit(app, caller, id, &answers).await?;
        }
        if matches!(archetype, Archetype::Steady | Archetype::Hamstring) && day % 4 == 1 {
            clock.set(at(zone, date, 19, 30));
            massage(app, caller, id).await?;
        }
        if date.weekday() == Weekday::Monday && day >= 7 && archetype != Archetype::Isometric {
            clock.set(at(zone, date, 21, 0));
            let week = day / 7;
            let jump = archetype == Archetype::Steady && week == 9;
            let km = 12 + week * 2 + if jump { 14 } else { 0 };
            let input = RunningInput {
                week: week_start(date.checked_sub(1.day()).unwrap_or(date)).to_string(),
                distance_km: km.to_string(),
                hard_sessions: if jump { "3" } else { "1" }.into(),
            };
            running::save_week(app, caller, id, &input).await?;
        }
    }
    Ok(())
}

async fn log_session(
    app: &App,
    caller: &Caller,
    patient: tendo_store::ids::UserId,
    pain: (i64, i64, i64),
    day: i64,
) -> AppResult<()> {
    let view = today::view(app, caller, patient).await?;
    let Some(day_view) = view.today else {
        return Ok(());
    };
    if !day_view.can_log {
        return Ok(());
    }
    let load = 10 + day / 7 * 2;
    let mut sets = Vec::new();
    for item in &day_view.items {
        for number in 1..=item.sets {
            sets.push(SetInput {
                exercise: item.exercise.clone(),
                set_number: number.to_string(),
                reps: item.reps.map(|reps| reps.to_string()).unwrap_or_default(),
                load_kg: if item.load.contains("RM") || item.load.contains("kg") {
                    load.to_string()
                } else {
                    String::new()
                },
                hold_seconds: item
                    .hold_seconds
                    .map(|hold| hold.to_string())
                    .unwrap_or_default(),
            });
        }
    }
    let input = SessionInput {
        sets,
        pain_during: pain.0.to_string(),
        pain_after: pain.1.to_string(),
        note: String::new(),
    };
    match today::log_session(app, caller, patient, &input).await {
        Ok(_) | Err(AppError::Conflict(_)) => Ok(()),
        Err(other) => Err(other),
    }
}

async fn massage(app: &App, caller: &Caller, patient: tendo_store::ids::UserId) -> AppResult<()> {
    let view = massage_gun::view(app, caller, patient).await?;
    let Some(gun) = view.gun else {
        return Ok(());
    };
    let sites = gun
        .allowed
        .iter()
        .filter(|site| site.calf || site.site == tendo_core::massage_gun::Site::Hamstrings)
        .map(|site| SiteInput {
            site: site.site.id().into(),
            minutes: (site.max_minutes.min(2.0)).to_string(),
        })
        .collect();
    let input = GunSessionInput {
        sites,
        ppm: "2000".into(),
    };
    match massage_gun::log_session(app, caller, patient, &input).await {
        Ok(_) | Err(AppError::Conflict(_)) | Err(AppError::Invalid(_)) => Ok(()),
        Err(other) => Err(other),
    }
}
