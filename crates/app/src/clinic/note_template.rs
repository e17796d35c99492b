//! What a new note starts with: the prompts of its kind, filled in with what Tendo already
//! knows of the patient (the plan in force, the latest pains, the questionnaire trend), so the
//! clinician checks and completes the note rather than copying from the record.

use jiff::ToSpan;
use jiff::civil::Date;
use tendo_core::condition::Side;
use tendo_store::clinic::{NoteKind, NoteSections};
use tendo_store::ids::UserId;

use crate::App;
use crate::access::{Caller, Relation};
use crate::error::{AppError, AppResult};
use crate::patient::plan::{CareStatus, current_status};
use crate::patient::{Record, open};

/// How far back the latest pains are looked for, in days.
pub const RECENT_DAYS: i64 = 28;

/// The template of a kind of note: the prompts each section starts with.
pub fn template(kind: NoteKind) -> NoteSections {
    match kind {
        NoteKind::FirstAssessment => NoteSections {
            subjective: "Where and since when:\nWhat changed in training or life before it \
                         started:\nMorning pain and stiffness:\nPain with activity (0–10):\n\
                         Medicines and health:\nGoals:"
                .into(),
            objective: "Observation and swelling:\nPalpation:\nSingle-leg heel raises (count, \
                        pain):\nHop or load test:\nRange of movement:\nQuestionnaire score:"
                .into(),
            assessment: "Working diagnosis:\nIrritability:\nRed flags checked:".into(),
            plan: "Loading programme and level:\nTraining days a week:\nRunning:\nMassage gun:\n\
                   Review in:"
                .into(),
        },
        NoteKind::FollowUp => NoteSections {
            subjective: "Since the last visit:\nPain during, after and the next morning:\n\
                         Sessions done:\nRunning:"
                .into(),
            objective: "Single-leg heel raises (count, pain):\nLoad test:\nQuestionnaire score:"
                .into(),
            assessment: "Progress against the goals:".into(),
            plan: "Level and dose from here:\nReview in:".into(),
        },
    }
}

/// What Tendo knows of a patient that a note asks for, each as the words to write after its
/// prompt; `None` when nothing is known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Known {
    /// The plan in force: condition, side, level and week.
    pub plan: Option<String>,
    /// Training days a week in the plan.
    pub days_a_week: Option<String>,
    /// The usual morning pain given at the intake.
    pub morning_baseline: Option<String>,
    /// The latest session's pains during and after, and the latest next-morning pain.
    pub pains: Option<String>,
    /// Sessions logged over the last two weeks.
    pub sessions: Option<String>,
    /// The questionnaire scores: the first, the latest and the change.
    pub scores: Option<String>,
}

/// Writes `value` after the line `prompt` of `text` (a line that is exactly the prompt).
fn fill(text: &mut String, prompt: &str, value: Option<&String>) {
    let Some(value) = value else { return };
    *text = text
        .lines()
        .map(|line| {
            if line == prompt {
                format!("{prompt} {value}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
}

/// The template of `kind` with what is `known` written after its prompts.
pub fn filled(kind: NoteKind, known: &Known) -> NoteSections {
    let mut sections = template(kind);
    let pains = known.pains.as_ref();
    match kind {
        NoteKind::FirstAssessment => {
            fill(
                &mut sections.subjective,
                "Morning pain and stiffness:",
                known.morning_baseline.as_ref(),
            );
            fill(
                &mut sections.subjective,
                "Pain with activity (0–10):",
                pains,
            );
            fill(
                &mut sections.objective,
                "Questionnaire score:",
                known.scores.as_ref(),
            );
            fill(
                &mut sections.plan,
                "Loading programme and level:",
                known.plan.as_ref(),
            );
            fill(
                &mut sections.plan,
                "Training days a week:",
                known.days_a_week.as_ref(),
            );
        }
        NoteKind::FollowUp => {
            fill(
                &mut sections.subjective,
                "Pain during, after and the next morning:",
                pains,
            );
            fill(
                &mut sections.subjective,
                "Sessions done:",
                known.sessions.as_ref(),
            );
            fill(
                &mut sections.objective,
                "Questionnaire score:",
                known.scores.as_ref(),
            );
            let now = known.plan.as_ref().map(|plan| format!("(now: {plan})"));
            fill(
                &mut sections.plan,
                "Level and dose from here:",
                now.as_ref(),
            );
        }
    }
    sections
}

fn day(date: Date) -> String {
    date.strftime("%-d %b %Y").to_string()
}

fn side(side: Side) -> &'static str {
    match side {
        Side::Left => "left",
        Side::Right => "right",
        Side::Both => "both sides",
    }
}

/// What Tendo knows of the patient of `record`.
async fn known_of(app: &App, record: &Record) -> AppResult<Known> {
    let clinic = record.patient.clinic_id;
    let id = record.id();
    let mut known = Known::default();
    if let CareStatus::Active(plan) = current_status(app, record).await? {
        known.plan = Some(format!(
            "{}, {}; {} (programme week {})",
            plan.condition.label(),
            side(plan.version.side),
            plan.week_plan.level_label,
            plan.week
        ));
        known.days_a_week = Some(plan.version.sessions_per_week.to_string());
        known.morning_baseline = Some(format!(
            "usual morning pain {} at the intake",
            plan.baseline_morning_pain
        ));
    }
    let from = record
        .today
        .checked_sub(RECENT_DAYS.days())
        .unwrap_or(record.today);
    let sessions = app.store.sessions(clinic, id, from, record.today).await?;
    let mut pains = Vec::new();
    if let Some(latest) = sessions.iter().max_by_key(|session| session.logged_at) {
        pains.push(format!(
            "{} during and {} after the session of {}",
            latest.pain_during,
            latest.pain_after,
            day(record.date_of(latest.logged_at))
        ));
    }
    let checkins = app.store.checkins(clinic, id, from, record.today).await?;
    if let Some(latest) = checkins.iter().max_by_key(|checkin| checkin.answered_at) {
        pains.push(format!(
            "{} the morning after {}",
            latest.pain,
            day(latest.session_date)
        ));
    }
    if !pains.is_empty() {
        known.pains = Some(format!("{} (logged in Tendo)", pains.join("; ")));
    }
    let fortnight = record.today.checked_sub(13.days()).unwrap_or(record.today);
    let recent = sessions
        .iter()
        .filter(|session| record.date_of(session.logged_at) >= fortnight)
        .count();
    known.sessions = Some(format!("{recent} logged in Tendo over the last two weeks"));
    let mut scores = app.store.questionnaires(clinic, id).await?;
    scores.sort_by_key(|response| response.taken_at);
    if let (Some(first), Some(latest)) = (scores.first(), scores.last()) {
        let name = latest.questionnaire.name();
        known.scores = Some(if scores.len() == 1 {
            format!("{name} {}/100 ({})", latest.score, day(latest.taken_on))
        } else {
            format!(
                "{name} {}/100 ({}) to {}/100 ({}), {:+} points over {} answers",
                first.score,
                day(first.taken_on),
                latest.score,
                day(latest.taken_on),
                i32::from(latest.score) - i32::from(first.score),
                scores.len()
            )
        });
    }
    Ok(known)
}

/// The sections a new note of `kind` about `patient` starts with: its template filled in with
/// what Tendo knows. Reading them is a read of the record, audited as `notes.template`.
pub async fn starting_sections(
    app: &App,
    caller: &Caller,
    patient: UserId,
    kind: NoteKind,
) -> AppResult<NoteSections> {
    let record = open(app, caller, patient, "notes.template").await?;
    if record.relation == Relation::Own {
        return Err(AppError::Forbidden(
            "clinical notes are kept by your care team".into(),
        ));
    }
    Ok(filled(kind, &known_of(app, &record).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_known_is_written_after_its_prompt_and_the_rest_stays_a_prompt() {
        let known = Known {
            plan: Some(
                "Achilles tendinopathy (midportion), left; 3 × 15 (programme week 4)".into(),
            ),
            pains: Some("2/10 during and 3/10 after the session of 1 Dec 2026".into()),
            scores: Some(
                "VISA-A 48/100 (1 Nov 2026) to 61/100 (1 Dec 2026), +13 points over 2 answers"
                    .into(),
            ),
            ..Known::default()
        };
        let note = filled(NoteKind::FollowUp, &known);
        assert!(note.subjective.contains(
            "Pain during, after and the next morning: 2/10 during and 3/10 after the session of 1 Dec 2026"
        ));
        assert!(
            note.objective
                .contains("Questionnaire score: VISA-A 48/100")
        );
        assert!(
            note.plan
                .contains("Level and dose from here: (now: Achilles")
        );
        assert!(
            note.subjective.lines().any(|line| line == "Sessions done:"),
            "what is not known stays a prompt: {}",
            note.subjective
        );
        let empty = filled(NoteKind::FirstAssessment, &Known::default());
        assert_eq!(empty, template(NoteKind::FirstAssessment));
    }
}
