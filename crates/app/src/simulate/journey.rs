//! One simulated patient, day by day, through the services the web app uses: the intake, the
//! plan, logging sessions, next-morning check-ins, the massage gun, questionnaires, a red flag
//! reported mid-programme, and the clinician reading their caseload and reviewing the plan.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;
use tendo_core::caseload::FlagKind;
use tendo_core::pain_monitoring::{LoadDecision, SESSION_PAIN_LIMIT};
use tendo_core::programme::{PlanItem, Position};

use super::Simulator;
use super::invariants::{CheckinSeen, Checks, LoggedDay, Violation};
use super::scenario::{DayPain, JourneySpec, Scenario, Tendon};
use super::setup::{People, people, take_intake};
use crate::clinic::caseload::{CaseloadQuery, caseload};
use crate::clinic::plan::{clear_red_flag, mark_reviewed};
use crate::demo::history::{at, visa_for};
use crate::error::{AppError, AppResult};
use crate::patient::intake::steps::{BaselineInput, RedFlagsInput, StepInput};
use crate::patient::massage_gun::{self, GunSessionInput, SiteInput};
use crate::patient::plan::CareStatus;
use crate::patient::symptoms::{self, SymptomOutcome};
use crate::patient::today::{self, CheckinInput, SessionInput, SetInput};
use crate::patient::{intake, questionnaires};

/// The first day of every journey: a Monday.
pub(super) const START: Date = jiff::civil::date(2026, 1, 5);

/// The questionnaire gain that counts as meaningful for the escalation check: VISA-A's
/// smallest important change at 12 weeks (`Q-MCID`).
const MEANINGFUL_GAIN: i32 = 14;

/// How one journey went.
#[derive(Clone, Debug, Serialize)]
pub struct JourneyOutcome {
    /// The patient simulated.
    pub spec: JourneySpec,
    /// The week a questionnaire first scored 90 or more, if it did.
    pub recovered_in_week: Option<u16>,
    /// Check-ins that stepped the plan back.
    pub regressions: u32,
    /// Check-ins that moved the plan up.
    pub progressions: u32,
    /// True when the clinician was asked to review or refer (or a red flag stopped the plan).
    pub escalated: bool,
    /// True when a red flag stopped the programme.
    pub stopped: bool,
    /// Sessions logged.
    pub sessions: u32,
    /// Where the plan ended.
    pub final_position: Option<Position>,
    /// Every invariant broken, with its day.
    pub violations: Vec<Violation>,
    /// The last days of the journey in brief, to read a failure by.
    pub trace: Vec<String>,
}

/// The journey's state as it goes.
struct Walk<'a> {
    sim: &'a Simulator,
    spec: &'a JourneySpec,
    who: People,
    zone: TimeZone,
    tendon: Tendon,
    checks: Checks,
    logged: Vec<LoggedDay>,
    waiting: Option<(u32, DayPain)>,
    last_gun: Option<Timestamp>,
    plan: Option<PlanSnapshot>,
    plan_moved: bool,
    outcome: JourneyOutcome,
}

/// What the journey keeps of the patient's plan between the days it reads it.
struct PlanSnapshot {
    position: Position,
    items: Vec<PlanItem>,
    days_planned: u8,
    programme_start: Date,
}

impl Walk<'_> {
    fn set_clock(&self, date: Date, hour: i8, minute: i8) {
        self.sim.clock.set(at(&self.zone, date, hour, minute));
    }

    fn note(&mut self, day: u32, text: String) {
        self.outcome.trace.push(format!("day {day}: {text}"));
        let keep = 40;
        if self.outcome.trace.len() > keep {
            let extra = self.outcome.trace.len() - keep;
            self.outcome.trace.drain(..extra);
        }
    }

    /// The clinician's caseload entry of this patient: its flags.
    async fn clinician_flags(&self) -> AppResult<Vec<FlagKind>> {
        let page = caseload(
            &self.sim.app,
            &self.who.clinician,
            &CaseloadQuery::default(),
        )
        .await?;
        Ok(page
            .entries
            .iter()
            .find(|entry| entry.patient_id == self.who.patient.id())
            .map(|entry| entry.attention.flags.iter().map(|flag| flag.kind).collect())
            .unwrap_or_default())
    }

    /// The morning: answer the waiting check-in with yesterday's next-morning pain.
    async fn morning(&mut self, day: u32, date: Date) -> AppResult<()> {
        self.set_clock(date, 7, 30);
        let Some((session_day, pain)) = self.waiting.take() else {
            return Ok(());
        };
        let app = &self.sim.app;
        let patient = self.who.patient.id();
        let input = CheckinInput {
            pain: pain.next_morning.to_string(),
            session_date: String::new(),
        };
        let outcome = match today::checkin(app, &self.who.patient, patient, &input).await {
            Ok(outcome) => outcome,
            Err(AppError::Conflict(_)) => return Ok(()),
            Err(other) => return Err(other),
        };
        if let Some(entry) = self
            .logged
            .iter_mut()
            .rev()
            .find(|entry| entry.day == session_day)
        {
            entry.next_morning = Some(pain.next_morning);
        }
        let answered = self
            .logged
            .iter()
            .rev()
            .find(|entry| entry.day == session_day)
            .copied();
        let decision = outcome.checkin.decision;
        if let Some(answered) = answered {
            self.checks.decision(
                day,
                &CheckinSeen {
                    condition: self.spec.condition,
                    baseline: self.spec.baseline_morning,
                    answered: &answered,
                    decision,
                    reasons: &outcome.checkin.reasons,
                },
                &self.logged,
            );
        }
        if let Some(version) = &outcome.new_version {
            self.plan_moved = true;
            let before = self.plan.as_ref().map(|plan| plan.position);
            let after = version.position;
            if let Some(before) = before {
                let up = after.protocol != before.protocol
                    || after.level > before.level
                    || (before.eased && !after.eased);
                let down = after.level < before.level || (after.eased && !before.eased);
                self.outcome.progressions += u32::from(up && decision == LoadDecision::Progress);
                self.outcome.regressions += u32::from(down);
            }
        }
        self.note(
            day,
            format!(
                "check-in {} for day {session_day}: {decision:?}{}",
                pain.next_morning,
                if outcome.new_version.is_some() {
                    ", plan moved"
                } else {
                    ""
                }
            ),
        );
        Ok(())
    }

    /// Reads today's plan as the patient sees it and checks it: on the first day, each Monday
    /// (a new programme week) and after the plan moved.
    async fn read_plan(&mut self, day: u32, date: Date) -> AppResult<()> {
        self.set_clock(date, 17, 0);
        let app = &self.sim.app;
        let view = today::view(app, &self.who.patient, self.who.patient.id()).await?;
        let CareStatus::Active(plan) = &view.status else {
            self.plan = None;
            return Ok(());
        };
        self.checks.plan(day, &plan.week_plan);
        self.checks.reasons(day, "plan", &plan.week_plan.reasons);
        self.outcome.final_position = Some(plan.version.position);
        self.plan = Some(PlanSnapshot {
            position: plan.version.position,
            items: plan.training_items().into_iter().cloned().collect(),
            days_planned: view.today.as_ref().map_or(0, |today| today.days_planned),
            programme_start: plan.version.programme_start,
        });
        Ok(())
    }

    /// Logs a session if the person trains today.
    async fn session(&mut self, day: u32, date: Date) -> AppResult<bool> {
        if !self.tendon.trains(day) {
            return Ok(false);
        }
        let Some(plan) = &self.plan else {
            return Ok(false);
        };
        self.set_clock(date, 18, 0);
        let app = &self.sim.app;
        let patient = self.who.patient.id();
        let position = plan.position;
        let demand = demand_of(position);
        let pain = self.tendon.session(day, demand);
        let sets = plan
            .items
            .iter()
            .flat_map(|item| {
                (1..=item.sets).map(|number| SetInput {
                    exercise: item.exercise.clone(),
                    set_number: number.to_string(),
                    reps: item.reps.map(|reps| reps.to_string()).unwrap_or_default(),
                    load_kg: String::new(),
                    hold_seconds: item
                        .hold_seconds
                        .map(|hold| hold.to_string())
                        .unwrap_or_default(),
                })
            })
            .collect();
        let input = SessionInput {
            sets,
            pain_during: pain.during.to_string(),
            pain_after: pain.after.to_string(),
            note: String::new(),
        };
        let logged = match today::log_session(app, &self.who.patient, patient, &input).await {
            Ok(logged) => logged,
            Err(AppError::Conflict(_)) => return Ok(false),
            Err(other) => return Err(other),
        };
        let advised = logged.advice.is_some();
        let over = pain.during > SESSION_PAIN_LIMIT || pain.after > SESSION_PAIN_LIMIT;
        let flagged = if over {
            self.clinician_flags().await?.contains(&FlagKind::PainRules)
        } else {
            false
        };
        self.checks
            .advice(day, pain.during, pain.after, advised, flagged);
        if let Some(advice) = &logged.advice {
            self.checks.reasons(day, "advice", &advice.reasons);
        }
        self.logged.push(LoggedDay {
            day,
            during: pain.during,
            after: pain.after,
            next_morning: None,
        });
        self.waiting = Some((day, pain));
        self.outcome.sessions += 1;
        self.note(
            day,
            format!(
                "session at {} (demand {demand:.2}): {} during, {} after",
                position.protocol.level_phrase(position.level),
                pain.during,
                pain.after
            ),
        );
        Ok(true)
    }

    /// The massage gun, every third day for those who use one; now and then too soon.
    async fn gun(&mut self, day: u32, date: Date) -> AppResult<()> {
        if !self.spec.uses_gun || day % 3 != 1 {
            return Ok(());
        }
        self.set_clock(date, 19, 30);
        let app = &self.sim.app;
        let patient = self.who.patient.id();
        let view = massage_gun::view(app, &self.who.patient, patient).await?;
        let Some(gun) = view.gun else {
            return Ok(());
        };
        let allowed: Vec<_> = gun
            .allowed
            .iter()
            .map(|site| (site.site, site.max_minutes, site.calf))
            .collect();
        self.checks.gun_caps(day, &allowed);
        let sites: Vec<SiteInput> = gun
            .allowed
            .iter()
            .filter(|site| site.calf)
            .map(|site| SiteInput {
                site: site.site.id().into(),
                minutes: site.max_minutes.to_string(),
            })
            .collect();
        if sites.is_empty() {
            return Ok(());
        }
        let input = GunSessionInput {
            sites,
            ppm: "2000".into(),
        };
        let now = app.now();
        match massage_gun::log_session(app, &self.who.patient, patient, &input).await {
            Ok(_) => {
                if let Some(last) = self.last_gun {
                    let hours = now.duration_since(last).as_secs_f64() / 3600.0;
                    if hours < 48.0 {
                        self.checks.gun_too_soon_accepted(day, hours);
                    }
                }
                self.last_gun = Some(now);
                self.note(day, "massage gun".into());
            }
            Err(AppError::Conflict(_) | AppError::Invalid(_)) => {}
            Err(other) => return Err(other),
        }
        Ok(())
    }

    /// A questionnaire every two weeks.
    async fn questionnaire(&mut self, day: u32, date: Date) -> AppResult<()> {
        if day == 0 || !day.is_multiple_of(14) {
            return Ok(());
        }
        self.set_clock(date, 20, 0);
        let score = self.tendon.visa_score();
        let answers = visa_for(i64::from(score));
        let app = &self.sim.app;
        match questionnaires::submit(app, &self.who.patient, self.who.patient.id(), &answers).await
        {
            Ok(scored) => {
                let total = scored.response.score;
                if total >= 90 && self.outcome.recovered_in_week.is_none() {
                    self.outcome.recovered_in_week = u16::try_from(day / 7 + 1).ok();
                }
            }
            Err(AppError::Conflict(_)) => {}
            Err(other) => return Err(other),
        }
        Ok(())
    }

    /// The clinician's weekly look: the caseload, a review of a changed plan, and the
    /// escalation check for a patient who has not improved by week 12.
    async fn clinician_week(&mut self, day: u32, date: Date) -> AppResult<()> {
        self.set_clock(date, 21, 0);
        let flags = self.clinician_flags().await?;
        if flags.contains(&FlagKind::PlanReview) {
            let app = &self.sim.app;
            mark_reviewed(app, &self.who.clinician, self.who.patient.id()).await?;
        }
        let escalated = flags.contains(&FlagKind::NoProgress);
        self.outcome.escalated |= escalated;
        let Some(plan) = &self.plan else {
            return Ok(());
        };
        let weeks_done = (date - plan.programme_start).get_days() / 7;
        // Adherence as the clinician's caseload counts it (`tendo_core::caseload`): training
        // days in the 28 days before today, against today's plan.
        let recent_days = self
            .logged
            .iter()
            .filter(|session| session.day + 28 >= day && session.day < day)
            .map(|session| session.day)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let adherent = recent_days as f64 >= 0.75 * f64::from(plan.days_planned.max(1)) * 4.0;
        if weeks_done >= 12
            && adherent
            && !self.outcome.stopped
            && let Some((first, latest)) = self.first_and_latest_score().await?
        {
            let gain = i32::from(latest) - i32::from(first);
            if gain < MEANINGFUL_GAIN && latest < 90 {
                self.checks.escalation(day, gain, escalated);
            }
        }
        Ok(())
    }

    /// The first questionnaire score (the intake's) and the latest.
    async fn first_and_latest_score(&self) -> AppResult<Option<(u8, u8)>> {
        let view =
            questionnaires::view(&self.sim.app, &self.who.patient, self.who.patient.id()).await?;
        let Some(list) = view.questionnaires else {
            return Ok(None);
        };
        // Newest first.
        let latest = list.responses.first().map(|scored| scored.response.score);
        let first = list.responses.last().map(|scored| scored.response.score);
        Ok(first.zip(latest))
    }

    /// Week 5 of a red-flag journey: a calf that is suddenly swollen and painful.
    async fn red_flag(&mut self, day: u32, date: Date) -> AppResult<()> {
        self.set_clock(date, 12, 0);
        let app = &self.sim.app;
        let patient = self.who.patient.id();
        let asked = symptoms::questions(app, &self.who.patient, patient).await?;
        // A suspected clot where it is asked (Achilles), otherwise the most urgent question.
        let flagged = asked
            .questions
            .iter()
            .find(|(id, _)| id == "calf-clot")
            .or(asked.questions.first())
            .map(|(id, _)| id.clone());
        let answers = asked
            .questions
            .iter()
            .map(|(id, _)| {
                let yes = Some(id) == flagged.as_ref();
                (id.clone(), if yes { "yes" } else { "no" }.to_string())
            })
            .collect();
        let outcome =
            symptoms::report(app, &self.who.patient, patient, &RedFlagsInput { answers }).await?;
        let reported = matches!(outcome, SymptomOutcome::Stopped { .. });
        let view = today::view(app, &self.who.patient, patient).await?;
        let stopped = matches!(view.status, CareStatus::Stopped { .. });
        let seen = self.clinician_flags().await?.contains(&FlagKind::RedFlag);
        self.checks.red_flag(day, reported && stopped, seen);
        self.outcome.stopped = true;
        self.outcome.escalated = true;
        self.waiting = None;
        self.note(day, format!("red flag reported: stopped {stopped}"));
        Ok(())
    }

    /// A week after a red flag, the clinician clears it and the patient finishes the intake
    /// again, which restarts the programme at its first level.
    async fn cleared(&mut self, day: u32, date: Date) -> AppResult<()> {
        self.set_clock(date, 10, 0);
        let app = &self.sim.app;
        let patient = self.who.patient.id();
        clear_red_flag(
            app,
            &self.who.clinician,
            patient,
            "Scan showed no clot; safe to resume loading.",
        )
        .await?;
        let score = i64::from(self.tendon.visa_score());
        intake::save_step(
            app,
            &self.who.patient,
            patient,
            &StepInput::Baseline(BaselineInput {
                visa: visa_for(score),
                morning_pain: self.spec.baseline_morning.to_string(),
                days_per_week: self.spec.days_per_week.to_string(),
                heel_raise_pain: if self.spec.condition.is_achilles() {
                    self.spec.heel_raise_pain.to_string()
                } else {
                    String::new()
                },
                equipment: None,
            }),
        )
        .await?;
        self.outcome.stopped = false;
        self.plan_moved = true;
        self.note(day, "red flag cleared, programme restarted".into());
        Ok(())
    }
}

/// How hard a position is, from 0 (the first level, or eased) to 1 (the last level).
fn demand_of(position: Position) -> f64 {
    if position.eased {
        return 0.0;
    }
    let levels = f64::from(position.protocol.level_count().max(2) - 1);
    f64::from(position.level.saturating_sub(1)) / levels
}

/// Runs one journey from its intake to its last week.
pub async fn run(sim: &Simulator, spec: &JourneySpec, index: usize) -> AppResult<JourneyOutcome> {
    let zone = TimeZone::get("Europe/London").unwrap_or(TimeZone::UTC);
    sim.clock.set(at(&zone, START, 8, 0));
    let who = people(sim, spec, index).await?;
    take_intake(sim, spec, &who).await?;
    let mut walk = Walk {
        sim,
        spec,
        who,
        zone,
        tendon: Tendon::new(spec),
        checks: Checks::default(),
        logged: Vec::new(),
        waiting: None,
        last_gun: None,
        plan: None,
        plan_moved: true,
        outcome: JourneyOutcome {
            spec: spec.clone(),
            recovered_in_week: None,
            regressions: 0,
            progressions: 0,
            escalated: false,
            stopped: false,
            sessions: 0,
            final_position: None,
            violations: Vec::new(),
            trace: Vec::new(),
        },
    };
    let red_flag_day = (spec.scenario == Scenario::RedFlagWeek5)
        .then(|| 28 + u32::try_from(spec.seed % 7).unwrap_or(0));
    let days = u32::from(spec.weeks) * 7;
    let mut trained_this_week = false;
    for day in 0..days {
        let Ok(date) = START.checked_add(i64::from(day).days()) else {
            break;
        };
        walk.morning(day, date).await?;
        if Some(day) == red_flag_day {
            walk.red_flag(day, date).await?;
        }
        if red_flag_day.is_some_and(|flagged| day == flagged + 7) {
            walk.cleared(day, date).await?;
        }
        if !walk.outcome.stopped {
            if walk.plan_moved || day % 7 == 0 {
                walk.read_plan(day, date).await?;
                walk.plan_moved = false;
            }
            trained_this_week |= walk.session(day, date).await?;
            walk.gun(day, date).await?;
        }
        walk.questionnaire(day, date).await?;
        if day % 7 == 6 {
            walk.tendon.end_of_week(trained_this_week);
            trained_this_week = false;
            walk.clinician_week(day, date).await?;
        }
    }
    let Walk {
        checks,
        mut outcome,
        ..
    } = walk;
    outcome.violations = checks.violations;
    Ok(outcome)
}
