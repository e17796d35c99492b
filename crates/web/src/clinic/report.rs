//! The printable progress report: for the patient, or for a referring doctor, as a PDF with the
//! plan, the scores, the escalation the scores call for (with its rules) and the charts.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tendo_app::App;
use tendo_app::access::Caller;
use tendo_app::clinic::record::{self, PatientRecord};
use tendo_app::error::{AppError, AppResult};
use tendo_app::model::ids::UserId;
use tendo_app::patient::plan::CareStatus;
use tendo_core::escalation::{self, OutcomeHistory};
use uuid::Uuid;

use super::charts::charts;
use super::pdf::{Block, render};
use super::record::gun_words;
use crate::api::json::{ApiPath, ApiQuery};
use crate::auth::{ApiUser, PageUser, RequireRole, Staff};
use crate::error::{ApiError, ErrorBody, PageError};
use crate::patient::views::level_of;
use crate::state::AppState;
use crate::time::Local;

/// Who the report is for.
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ReportParams {
    /// `patient` (the default) or `doctor`, for a referring doctor: adds the clinical notes'
    /// assessments and the red-flag history.
    #[serde(rename = "for")]
    pub audience: Option<String>,
}

/// A reason: with its rule and evidence level for a doctor, in plain words for the patient.
fn reason_line(rule: tendo_core::rules::RuleId, message: &str, doctor: bool) -> String {
    if doctor {
        format!("{rule} ({}): {message}", level_of(rule))
    } else {
        crate::patient::views::plain_dates(message)
    }
}

/// The report's blocks.
fn blocks(
    view: &PatientRecord,
    clinic: &str,
    local: &Local,
    doctor: bool,
    now: jiff::Timestamp,
) -> Vec<Block> {
    let name = &view.patient.name;
    let mut out = vec![Block::Title(if doctor {
        format!("Report for the referring doctor: {name}")
    } else {
        format!("Progress report: {name}")
    })];
    out.push(Block::Text(format!(
        "Made by {clinic} with Tendo on {}. Times are in {}.",
        local.date_time(now),
        view.patient.time_zone
    )));
    match &view.status {
        CareStatus::Intake { next_step } => out.push(Block::Text(format!(
            "The intake is not finished yet (next step: {}), so there is no plan.",
            next_step.title()
        ))),
        CareStatus::Stopped { triage } => {
            out.push(Block::Heading("Self-management is stopped".into()));
            for finding in &triage.findings {
                let rules: Vec<&str> = finding.rules.iter().map(|rule| rule.as_str()).collect();
                let codes = if doctor {
                    format!(" ({})", rules.join(", "))
                } else {
                    String::new()
                };
                out.push(Block::Item(format!(
                    "{}{codes}: see {} {}.",
                    finding.message,
                    finding.see,
                    finding.urgency.label()
                )));
            }
        }
        CareStatus::Active(plan) => {
            let version = &plan.version;
            out.push(Block::Text(format!(
                "{}, {} side. Programme started {}; this is week {}.",
                plan.condition.label(),
                format!("{:?}", version.side).to_lowercase(),
                Local::date(version.programme_start),
                plan.week
            )));
            if let Some(progress) = &view.progress {
                out.push(Block::Heading("This week in words".into()));
                out.extend(progress.summary.iter().cloned().map(Block::Item));
                out.push(Block::Heading(format!(
                    "{} scores",
                    progress.questionnaire.name()
                )));
                if progress.scores.is_empty() {
                    out.push(Block::Text("No score yet.".into()));
                }
                for point in &progress.scores {
                    out.push(Block::Item(format!(
                        "{}: {}/100",
                        Local::date(point.date),
                        point.score
                    )));
                }
                let recent: Vec<_> = progress.weeks.iter().rev().take(4).collect();
                let due: u32 = recent.iter().map(|week| week.sessions_due).sum();
                let done: u32 = recent.iter().map(|week| week.sessions_done).sum();
                let history = OutcomeHistory {
                    condition: plan.condition,
                    programme_started: version.programme_start,
                    today: view.today,
                    adherence: if due == 0 {
                        0.0
                    } else {
                        (f64::from(done) / f64::from(due)).min(1.0)
                    },
                    visa: progress
                        .scores
                        .iter()
                        .map(|point| (point.date, point.score))
                        .collect(),
                };
                if let Ok(escalation) = escalation::escalate(&history) {
                    out.push(Block::Heading("Review and referral".into()));
                    out.extend(escalation.reasons.iter().map(|reason| {
                        Block::Item(reason_line(reason.rule, &reason.message, doctor))
                    }));
                }
            }
            out.push(Block::Heading("The plan".into()));
            out.push(Block::Text(if doctor {
                format!(
                    "{}, {}; {} training days a week.",
                    plan.week_plan.level_label,
                    plan.week_plan.protocol.label(),
                    plan.days_per_week()
                )
            } else {
                format!(
                    "{}; {} training days a week.",
                    plan.week_plan
                        .protocol
                        .plain_level(plan.week_plan.position.level),
                    plan.days_per_week()
                )
            }));
            for item in plan.training_items() {
                let dose = match (item.reps, item.hold_seconds) {
                    (Some(reps), _) => format!("{} sets × {reps}", item.sets),
                    (None, Some(hold)) => format!("{} holds × {hold} s", item.sets),
                    (None, None) => format!("{} sets", item.sets),
                };
                out.push(Block::Item(format!("{}: {dose}, {}", item.name, item.load)));
            }
            if let Some(prescription) = &version.adjustments.massage_gun {
                out.push(Block::Text(format!(
                    "Massage gun: {}.",
                    gun_words(prescription)
                )));
            }
            out.push(Block::Heading("How the plan changed".into()));
            for version in plan.versions.iter().rev() {
                out.push(Block::Item(format!(
                    "Version {} on {}: {}{}",
                    version.version,
                    local.date_time(version.created_at),
                    if doctor {
                        version
                            .position
                            .protocol
                            .level_label(version.position.level)
                    } else {
                        version
                            .position
                            .protocol
                            .plain_level(version.position.level)
                    },
                    version
                        .note
                        .as_ref()
                        .map(|note| format!(". Clinician's reason: {note}"))
                        .unwrap_or_default()
                )));
            }
            if let Some(progress) = &view.progress {
                let drawn = charts(progress, view.today, "report-");
                let name = progress.questionnaire.name();
                out.push(Block::Heading("Charts".into()));
                out.push(Block::Chart {
                    caption: "Pain around training: during, straight after and the next \
                              morning, 0–10, with the 5/10 limit."
                        .into(),
                    svg: drawn.pain,
                });
                out.push(Block::Chart {
                    caption: "Sessions done by week, as a share of those planned.".into(),
                    svg: drawn.adherence,
                });
                out.push(Block::Chart {
                    caption: format!("{name} score over time, 0–100, with the recovered line."),
                    svg: drawn.scores,
                });
            }
        }
    }
    if doctor {
        if !view.clearances.is_empty() {
            out.push(Block::Heading("Red-flag stops cleared".into()));
            for clearance in &view.clearances {
                out.push(Block::Item(format!(
                    "{}: {}",
                    local.date_time(clearance.cleared_at),
                    clearance.reason
                )));
            }
        }
        let signed: Vec<_> = view
            .notes
            .iter()
            .filter(|note| note.signed.is_some())
            .collect();
        if let Some(note) = signed.first() {
            out.push(Block::Heading("Latest signed clinical note".into()));
            if let Some(signature) = &note.signed {
                out.push(Block::Text(format!(
                    "Signed by {} on {}.",
                    signature.by.name,
                    local.date_time(signature.at)
                )));
            }
            out.push(Block::Text(format!(
                "Assessment: {}",
                note.sections.assessment
            )));
            out.push(Block::Text(format!("Plan: {}", note.sections.plan)));
            for amendment in &note.amendments {
                out.push(Block::Item(format!(
                    "Amendment by {}, {}: {}",
                    amendment.by.name,
                    local.date_time(amendment.at),
                    amendment.text
                )));
            }
        }
        out.push(Block::Text(
            "Tendo prescribes loading exercise only. Whether any other treatment is tried is \
             the examining doctor's decision (H6, E-REFER)."
                .into(),
        ));
    }
    out
}

/// The report of `patient` as PDF bytes.
pub async fn report(
    app: &App,
    caller: &Caller,
    patient: UserId,
    doctor: bool,
) -> AppResult<Vec<u8>> {
    let view = record::view(app, caller, patient, None).await?;
    let clinic = tendo_app::accounts::own_clinic(app, caller).await?;
    let local = Local::of(&caller.user);
    let title = if doctor {
        format!("Report for the referring doctor: {}", view.patient.name)
    } else {
        format!("Progress report: {}", view.patient.name)
    };
    let blocks = blocks(&view, &clinic.name, &local, doctor, app.now());
    render(&title, &blocks).map_err(|error| AppError::internal(error.to_string()))
}

fn audience(params: &ReportParams) -> AppResult<bool> {
    match params.audience.as_deref().map(str::trim) {
        None | Some("") | Some("patient") => Ok(false),
        Some("doctor") => Ok(true),
        Some(other) => Err(AppError::invalid(
            "for",
            format!("`{other}` is not an audience: expected `patient` or `doctor`"),
        )),
    }
}

/// The audience, read only after the caller's access is checked (and the attempt audited), so
/// that someone without rights learns nothing from the validation.
async fn checked_audience(
    app: &App,
    caller: &Caller,
    patient: UserId,
    params: &ReportParams,
) -> AppResult<bool> {
    let doctor = audience(params);
    if doctor.is_err() {
        tendo_app::patient::open(app, caller, patient, "record.read").await?;
    }
    doctor
}

fn pdf_response(bytes: Vec<u8>, doctor: bool) -> Response {
    let name = if doctor {
        "referral-report.pdf"
    } else {
        "progress-report.pdf"
    };
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /account/report.pdf`: the patient's own progress report, in their words.
pub async fn own_page(
    State(state): State<AppState>,
    user: PageUser,
) -> Result<Response, PageError> {
    let view = tendo_app::clinic::record::own_report(&state.app, &user.caller).await?;
    let clinic = tendo_app::accounts::own_clinic(&state.app, &user.caller).await?;
    let local = Local::of(&user.caller.user);
    let title = format!("Progress report: {}", view.patient.name);
    let blocks = blocks(&view, &clinic.name, &local, false, state.app.now());
    let bytes = render(&title, &blocks).map_err(|error| AppError::internal(error.to_string()))?;
    Ok(pdf_response(bytes, false))
}

/// `GET /clinic/patients/{patient}/report.pdf`.
pub async fn page(
    State(state): State<AppState>,
    _staff: RequireRole<Staff>,
    user: PageUser,
    Path(patient): Path<Uuid>,
    Query(params): Query<ReportParams>,
) -> Result<Response, PageError> {
    let patient = UserId::from_uuid(patient);
    let doctor = checked_audience(&state.app, &user.caller, patient, &params).await?;
    let bytes = report(&state.app, &user.caller, patient, doctor).await?;
    Ok(pdf_response(bytes, doctor))
}

/// `GET /api/v1/patients/{patient}/report`: the progress report as PDF.
#[utoipa::path(get, path = "/api/v1/patients/{patient}/report", tag = "clinic",
    operation_id = "patient_report",
    params(("patient" = Uuid, Path, description = "The patient's id"), ReportParams),
    responses(
        (status = 200, description = "The report, as a PDF", content_type = "application/pdf", body = Vec<u8>),
        (status = 403, description = "The caller may not do this", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn api(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    ApiQuery(params): ApiQuery<ReportParams>,
) -> Result<Response, ApiError> {
    let patient = UserId::from_uuid(patient);
    let doctor = checked_audience(&state.app, &caller, patient, &params).await?;
    let bytes = report(&state.app, &caller, patient, doctor).await?;
    Ok(pdf_response(bytes, doctor))
}
