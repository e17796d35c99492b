//! The patient record as the care team reads it: where the patient stands, the progress
//! numbers, a timeline of everything logged (four weeks at a time), the screening,
//! questionnaires, appointments, notes, red-flag clearances and refused massage-gun attempts.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;
use tendo_core::rules::RuleId;
use tendo_store::accounts::User;
use tendo_store::booking::AppointmentStatus;
use tendo_store::care::PlanCause;
use tendo_store::clinic::RedFlagClearance;
use tendo_store::ids::{AppointmentId, UserId};
use tendo_store::outcomes::{QuestionnaireResponse, ScreeningRecord};
use tendo_store::record::RecordWindow;

use crate::App;
use crate::access::{Caller, Relation};
use crate::error::{AppError, AppResult};
use crate::patient::plan::{CareStatus, status_from, status_of, versions_since};
use crate::patient::progress::{
    Progress, charts_earliest, progress_from, progress_of, scores_since,
};
use crate::patient::{Record, open};

/// Days of the timeline shown at a time.
pub const TIMELINE_DAYS: i64 = 28;

/// How many of the latest notes the record lists (besides those in the timeline's window);
/// every note is in the notes list.
pub const RECORD_NOTES: usize = 20;

/// How many of the latest massage-gun sessions the record reads for its timeline.
const GUN_SESSIONS_READ: u32 = 60;

/// How many past appointments the record lists, besides every upcoming one.
pub const RECORD_PAST_APPOINTMENTS: usize = 20;

/// One thing logged, as the timeline shows it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct TimelineEntry {
    /// When it happened.
    pub at: Timestamp,
    /// What it is: `session`, `checkin`, `questionnaire`, `massage-gun`, `massage-gun-refused`,
    /// `plan`, `note` or `running`.
    pub kind: &'static str,
    /// A short title.
    pub title: String,
    /// The detail, in words.
    pub detail: String,
    /// The rules behind it, if any.
    pub rules: Vec<RuleId>,
}

/// An appointment as listed in the record.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct AppointmentLine {
    /// Its id.
    pub id: AppointmentId,
    /// When it starts.
    pub start: Timestamp,
    /// The kind's name.
    pub kind: String,
    /// True when it was cancelled.
    pub cancelled: bool,
    /// Why it was cancelled, when a reason was given.
    pub cancel_reason: Option<String>,
}

/// The patient record.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct PatientRecord {
    /// The patient.
    pub patient: User,
    /// Today in the patient's zone.
    pub today: Date,
    /// True when the caller may change the plan and write notes (their clinician).
    pub can_change: bool,
    /// Where the patient stands, with the plan and its versions.
    pub status: CareStatus,
    /// The progress numbers, on a plan.
    pub progress: Option<Progress>,
    /// The first day of the timeline shown.
    pub timeline_from: Date,
    /// The last day of the timeline shown.
    pub timeline_to: Date,
    /// Everything logged in those days, newest first.
    pub timeline: Vec<TimelineEntry>,
    /// The latest massage-gun screening.
    pub screening: Option<ScreeningRecord>,
    /// The questionnaires, oldest first: the first one, and those of the last
    /// [`SCORE_WEEKS`](crate::patient::progress::SCORE_WEEKS) weeks and of the timeline's
    /// window (with the one just before them).
    pub questionnaires: Vec<QuestionnaireResponse>,
    /// Every upcoming appointment and the [`RECORD_PAST_APPOINTMENTS`] latest before now, by
    /// start.
    pub appointments: Vec<AppointmentLine>,
    /// True when the patient has older appointments than those listed.
    pub older_appointments: bool,
    /// The [`RECORD_NOTES`] latest notes, newest first.
    pub notes: Vec<super::notes::NoteView>,
    /// True when the patient has older notes than those listed (the notes list has them all).
    pub older_notes: bool,
    /// Red-flag stops cleared.
    pub clearances: Vec<RedFlagClearance>,
}

fn in_window(record: &Record, at: Timestamp, from: Date, to: Date) -> bool {
    let day = record.date_of(at);
    day >= from && day <= to
}

fn cause(cause: PlanCause) -> &'static str {
    match cause {
        PlanCause::Intake => "made from the intake",
        PlanCause::Decision => "moved by a next-morning check-in",
        PlanCause::Clinician => "changed by a clinician",
    }
}

/// What a patient's own progress report holds: their plan and progress, and nothing the care
/// team keeps for itself (no notes, timeline, screening or red-flag history).
pub async fn own_report(app: &App, caller: &Caller) -> AppResult<PatientRecord> {
    let record = open(app, caller, caller.user.id, "report.read").await?;
    if record.relation != Relation::Own {
        return Err(AppError::Forbidden(
            "this report is the patient's own; the care team prints theirs from the record".into(),
        ));
    }
    let status = status_of(app, &record).await?;
    let progress = match &status {
        CareStatus::Active(plan) => Some(progress_of(app, &record, plan).await?),
        _ => None,
    };
    Ok(PatientRecord {
        patient: record.patient.clone(),
        today: record.today,
        can_change: false,
        status,
        progress,
        timeline_from: record.today,
        timeline_to: record.today,
        timeline: Vec::new(),
        screening: None,
        questionnaires: Vec::new(),
        appointments: Vec::new(),
        older_appointments: false,
        notes: Vec::new(),
        older_notes: false,
        clearances: Vec::new(),
    })
}

/// The record of `patient`, with the timeline of the four weeks up to `until` (today when
/// absent). For the care team and clinic administrators.
pub async fn view(
    app: &App,
    caller: &Caller,
    patient: UserId,
    until: Option<Date>,
) -> AppResult<PatientRecord> {
    let record = open(app, caller, patient, "record.read").await?;
    if record.relation == Relation::Own {
        return Err(AppError::Forbidden(
            "the patient record is for the care team".into(),
        ));
    }
    let clinic = record.patient.clinic_id;
    let to = until.unwrap_or(record.today).min(record.today);
    let from = to.checked_sub((TIMELINE_DAYS - 1).days()).unwrap_or(to);
    let since = record.start_of(from);
    let window = RecordWindow {
        versions_since: versions_since(&record),
        charts_from: charts_earliest(&record),
        today: record.today,
        questionnaires_since: since.min(scores_since(&record)),
        timeline_from: from,
        timeline_to: to,
        timeline_since: since,
        timeline_until: record.start_of(to.checked_add(1.day()).unwrap_or(to)),
        latest_notes: row_count(RECORD_NOTES + 1),
        gun_sessions: GUN_SESSIONS_READ,
        now: record.now,
        past_appointments: row_count(RECORD_PAST_APPOINTMENTS + 1),
    };
    let parts = app
        .store
        .patient_record(clinic, record.id(), &window)
        .await?;
    let status = status_from(&record, parts.intake, parts.versions)?;
    let progress = match &status {
        CareStatus::Active(plan) => Some(progress_from(
            &record,
            plan,
            &parts.days,
            &parts.mornings,
            &parts.questionnaires,
        )),
        _ => None,
    };
    let mut timeline = Vec::new();
    for session in parts.sessions {
        timeline.push(TimelineEntry {
            at: session.logged_at,
            kind: "session",
            title: "Training session".into(),
            detail: format!(
                "{} sets; pain {} during, {} after{}",
                session.sets.len(),
                session.pain_during,
                session.pain_after,
                session
                    .note
                    .as_ref()
                    .map(|note| format!(". “{note}”"))
                    .unwrap_or_default()
            ),
            rules: Vec::new(),
        });
    }
    for checkin in parts.checkins {
        timeline.push(TimelineEntry {
            at: checkin.answered_at,
            kind: "checkin",
            title: format!("Next-morning check-in: {:?}", checkin.decision).to_lowercase(),
            detail: format!(
                "Pain {} the morning after {}.{}",
                checkin.pain,
                checkin.session_date,
                if checkin.plan_version_id.is_some() {
                    " The plan moved."
                } else {
                    ""
                }
            ),
            rules: checkin.reasons.iter().map(|reason| reason.rule).collect(),
        });
    }
    let questionnaires = parts.questionnaires;
    for response in questionnaires
        .iter()
        .filter(|r| in_window(&record, r.taken_at, from, to))
    {
        timeline.push(TimelineEntry {
            at: response.taken_at,
            kind: "questionnaire",
            title: format!("{} answered", response.questionnaire.name()),
            detail: format!("Score {}/100.", response.score),
            rules: Vec::new(),
        });
    }
    for session in parts.gun_sessions {
        if in_window(&record, session.started_at, from, to) {
            let sites: Vec<String> = session
                .sites
                .iter()
                .map(|site| format!("{} {} min", site.site.label(), site.minutes))
                .collect();
            timeline.push(TimelineEntry {
                at: session.started_at,
                kind: "massage-gun",
                title: "Massage-gun session".into(),
                detail: sites.join(", "),
                rules: Vec::new(),
            });
        }
    }
    for refusal in parts.refusals.iter().filter(|r| r.date <= to) {
        timeline.push(TimelineEntry {
            at: refusal.at,
            kind: "massage-gun-refused",
            title: "Massage-gun session refused".into(),
            detail: refusal.detail.clone(),
            rules: refusal.rules.clone(),
        });
    }
    if let CareStatus::Active(plan) = &status {
        for version in plan
            .versions
            .iter()
            .filter(|v| in_window(&record, v.created_at, from, to))
        {
            timeline.push(TimelineEntry {
                at: version.created_at,
                kind: "plan",
                title: format!("Plan version {}", version.version),
                detail: format!(
                    "{}, {}.{}",
                    version
                        .position
                        .protocol
                        .level_label(version.position.level),
                    cause(version.cause),
                    version
                        .note
                        .as_ref()
                        .map(|note| format!(" “{note}”"))
                        .unwrap_or_default()
                ),
                rules: version.reasons.iter().map(|reason| reason.rule).collect(),
            });
        }
    }
    // The latest notes and those of the window, newest first: one more than the list shows,
    // to know whether there are older ones.
    let notes = super::notes::views(app, clinic, parts.notes).await?;
    for note in notes
        .iter()
        .filter(|n| in_window(&record, n.created_at, from, to))
    {
        timeline.push(TimelineEntry {
            at: note.created_at,
            kind: "note",
            title: format!(
                "{} note{}",
                match note.kind {
                    tendo_store::clinic::NoteKind::FirstAssessment => "First-assessment",
                    tendo_store::clinic::NoteKind::FollowUp => "Follow-up",
                },
                if note.signed.is_some() {
                    " (signed)"
                } else {
                    " (draft)"
                }
            ),
            detail: note
                .sections
                .assessment
                .lines()
                .next()
                .unwrap_or_default()
                .to_string(),
            rules: Vec::new(),
        });
    }
    // Only the timeline's window is shown: read from its start on, not the whole log.
    for week in parts.running_weeks {
        if week.week_start >= from && week.week_start <= to {
            timeline.push(TimelineEntry {
                at: week.updated_at,
                kind: "running",
                title: format!("Running, week of {}", week.week_start),
                detail: format!(
                    "{} km, {} hard sessions",
                    week.distance_km, week.hard_sessions
                ),
                rules: Vec::new(),
            });
        }
    }
    timeline.sort_by_key(|entry| std::cmp::Reverse(entry.at));
    let types = parts.appointment_types;
    let listed = parts.appointments;
    let past = listed
        .iter()
        .filter(|appointment| appointment.start < record.now)
        .count();
    let older_appointments = past > RECORD_PAST_APPOINTMENTS;
    let appointments = listed
        .into_iter()
        .skip(past.saturating_sub(RECORD_PAST_APPOINTMENTS))
        .map(|appointment| AppointmentLine {
            id: appointment.id,
            start: appointment.start,
            kind: types
                .iter()
                .find(|kind| kind.id == appointment.type_id)
                .map(|kind| kind.name.clone())
                .unwrap_or_else(|| "Appointment".into()),
            cancelled: appointment.status != AppointmentStatus::Booked,
            cancel_reason: appointment.cancel_reason.clone(),
        })
        .collect();
    Ok(PatientRecord {
        can_change: record.relation == Relation::CareTeam,
        today: record.today,
        screening: parts.screening,
        clearances: parts.clearances,
        patient: record.patient,
        status,
        progress,
        timeline_from: from,
        timeline_to: to,
        timeline,
        questionnaires,
        appointments,
        older_appointments,
        older_notes: notes.len() > RECORD_NOTES,
        notes: notes.into_iter().take(RECORD_NOTES).collect(),
    })
}

/// A count of rows to ask the store for.
fn row_count(count: usize) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}
