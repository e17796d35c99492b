//! A patient's own logs as a spreadsheet: every logged set of every session, one row each, as
//! CSV (RFC 4180, written by the `csv` crate), for the patient to keep or take elsewhere.

use std::collections::HashMap;

use super::plan::week_plan_of;
use super::{Record, open};
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};
use tendo_store::ids::{RecordId, UserId};
use tendo_store::training::TrainingSession;

/// The header row.
const COLUMNS: [&str; 11] = [
    "date",
    "logged at",
    "exercise",
    "exercise id",
    "set",
    "repetitions",
    "added load (kg)",
    "hold (seconds)",
    "pain during (0-10)",
    "pain straight after (0-10)",
    "note",
];

/// Every session the patient logged, oldest first, one row per set (a session with no sets has
/// one row), with times in the patient's zone. Exercises are named as the plan of that session
/// named them.
pub async fn logs_csv(app: &App, caller: &Caller, patient: UserId) -> AppResult<String> {
    let record = open(app, caller, patient, "logs.export").await?;
    let clinic = record.patient.clinic_id;
    let versions = app.store.plan_versions(clinic, record.id()).await?;
    let Some(first) = versions.first() else {
        return csv_text(&record, &[], &HashMap::new());
    };
    let sessions = app
        .store
        .sessions(clinic, record.id(), first.programme_start, record.today)
        .await?;
    let mut names: HashMap<(RecordId, String), String> = HashMap::new();
    for session in &sessions {
        let Some(version) = versions
            .iter()
            .find(|version| version.id == session.plan_version_id)
        else {
            continue;
        };
        if let Ok(plan) = week_plan_of(version, session.date) {
            for item in plan.items {
                names.insert((version.id, item.exercise), item.name);
            }
        }
    }
    csv_text(&record, &sessions, &names)
}

fn csv_text(
    record: &Record,
    sessions: &[TrainingSession],
    names: &HashMap<(RecordId, String), String>,
) -> AppResult<String> {
    let failed = |error: csv::Error| AppError::internal(format!("writing the logs: {error}"));
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(COLUMNS).map_err(failed)?;
    for session in sessions {
        let logged_at = session
            .logged_at
            .to_zoned(record.zone.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string();
        let common = |exercise: &str, id: &str, set: String, rest: [String; 3]| {
            let [reps, load, hold] = rest;
            [
                session.date.to_string(),
                logged_at.clone(),
                exercise.to_string(),
                id.to_string(),
                set,
                reps,
                load,
                hold,
                session.pain_during.value().to_string(),
                session.pain_after.value().to_string(),
                session.note.clone().unwrap_or_default(),
            ]
        };
        if session.sets.is_empty() {
            let row = common("", "", String::new(), Default::default());
            out.write_record(&row).map_err(failed)?;
        }
        for set in &session.sets {
            let name = names
                .get(&(session.plan_version_id, set.exercise.clone()))
                .cloned()
                .unwrap_or_else(|| set.exercise.replace('-', " "));
            let row = common(
                &name,
                &set.exercise,
                set.set_number.to_string(),
                [
                    set.reps.map(|reps| reps.to_string()).unwrap_or_default(),
                    set.load_kg.map(|kg| kg.to_string()).unwrap_or_default(),
                    set.hold_seconds
                        .map(|hold| hold.to_string())
                        .unwrap_or_default(),
                ],
            );
            out.write_record(&row).map_err(failed)?;
        }
    }
    let bytes = out
        .into_inner()
        .map_err(|error| AppError::internal(format!("writing the logs: {error}")))?;
    String::from_utf8(bytes).map_err(|error| AppError::internal(error.to_string()))
}
