//! `/clinic/patients/{patient}`: the patient record, with the forms of the clinician's changes
//! (the plan, its review, clearing a red-flag stop). Each change posts to its own address and
//! comes back here: with a message on success, or with the form kept and its messages (422).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use jiff::civil::Date;
use serde::Deserialize;
use tendo_app::clinic::plan::{self, GunSiteInput, PlanChangeInput, errors_of};
use tendo_app::clinic::record::{self, PatientRecord};
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::model::ids::UserId;
use tendo_app::patient::plan::CareStatus;
use uuid::Uuid;

use super::charts::{Charts, charts};
use super::plan_form::{PlanForm, plan_form};
use crate::auth::{Clinicians, PageUser, RequireRole, Staff};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, take_flash};
use crate::patient::form::FormData;
use crate::patient::pages::{FindingRow, findings, render_with};
use crate::patient::views::{ItemRow, ReasonRow, item_row, reasons, rule_chips};
use crate::state::AppState;
use crate::time::Local;

/// The record's query string.
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct RecordParams {
    /// The last day of the timeline shown, `YYYY-MM-DD` (default: today).
    pub until: Option<Date>,
}

/// A plan version as listed.
pub struct VersionRow {
    /// Its number.
    pub number: u32,
    /// When.
    pub when: String,
    /// Why, in words.
    pub cause: &'static str,
    /// The level.
    pub level: String,
    /// The clinician's reason.
    pub note: Option<String>,
    /// The engine's reasons.
    pub reasons: Vec<ReasonRow>,
}

/// A timeline entry as shown.
pub struct TimelineRow {
    /// Its kind, for the style.
    pub kind: &'static str,
    /// When, in the clinician's zone.
    pub when: String,
    /// The title.
    pub title: String,
    /// The detail.
    pub detail: String,
    /// Its rules.
    pub rules: Vec<(String, &'static str)>,
}

/// A note as listed.
pub struct NoteLine {
    /// Its address.
    pub href: String,
    /// Its title.
    pub title: String,
    /// When it was started.
    pub when: String,
    /// "signed by … on …", or "draft by …".
    pub status: String,
}

impl NoteLine {
    /// How `note` of `patient` is listed, times in `local`.
    pub fn of(patient: &str, note: &tendo_app::clinic::notes::NoteView, local: &Local) -> Self {
        NoteLine {
            href: format!("/clinic/patients/{patient}/notes/{}", note.id),
            title: match note.kind {
                tendo_app::model::clinic::NoteKind::FirstAssessment => "First assessment".into(),
                tendo_app::model::clinic::NoteKind::FollowUp => "Follow-up".into(),
            },
            when: local.date_time(note.created_at),
            status: match &note.signed {
                Some(signed) => format!(
                    "signed by {} on {}",
                    signed.by.name,
                    local.date_time(signed.at)
                ),
                None => format!("draft by {}", note.author.name),
            },
        }
    }
}

/// The active plan as shown.
pub struct PlanView {
    /// "Row 2 of Beyer's table …".
    pub level: String,
    /// The protocol's name.
    pub protocol: &'static str,
    /// The programme week.
    pub week: u16,
    /// Training days a week.
    pub sessions_per_week: u8,
    /// True once reviewed.
    pub reviewed: bool,
    /// This week's exercises.
    pub items: Vec<ItemRow>,
    /// The massage-gun prescription in words.
    pub gun: Option<String>,
    /// Every version, newest first.
    pub versions: Vec<VersionRow>,
}

/// An appointment as the record lists it, with the reason when it was cancelled.
struct RecordAppointment {
    id: String,
    when: String,
    kind: String,
    cancelled: bool,
    cancel_reason: Option<String>,
}

#[derive(Template)]
#[template(path = "clinic/record.html")]
struct RecordPage {
    chrome: Chrome,
    patient_id: String,
    name: String,
    email: String,
    can_change: bool,
    intake_step: Option<&'static str>,
    stop: Vec<FindingRow>,
    plan: Option<PlanView>,
    form: Option<PlanForm>,
    plan_errors: FieldErrors,
    clear_reason: String,
    clear_errors: FieldErrors,
    charts: Option<Charts>,
    summary: Vec<String>,
    timeline: Vec<TimelineRow>,
    timeline_range: String,
    earlier: String,
    later: Option<String>,
    notes: Vec<NoteLine>,
    /// True when the patient has older notes than those listed.
    older_notes: bool,
    /// True when the patient has older appointments than those listed.
    older_appointments: bool,
    screening: Vec<String>,
    questionnaires: Vec<(String, String, u8)>,
    appointments: Vec<RecordAppointment>,
    clearances: Vec<String>,
}

/// The gun prescription in words.
pub fn gun_words(prescription: &tendo_core::massage_gun::Prescription) -> String {
    let sites: Vec<String> = prescription
        .sites
        .iter()
        .map(|dose| format!("{} {} min", dose.site.label(), dose.minutes))
        .collect();
    format!(
        "{}; every {} days at most {} percussions per minute",
        sites.join(", "),
        prescription.every_days,
        prescription.max_ppm
    )
}

fn cause(version: &tendo_app::model::care::PlanVersion) -> &'static str {
    match version.cause {
        tendo_app::model::care::PlanCause::Intake => "made from the intake",
        tendo_app::model::care::PlanCause::Decision => "moved by a next-morning check-in",
        tendo_app::model::care::PlanCause::Clinician => "changed by a clinician",
    }
}

/// Everything the page needs except the forms' state.
fn page(
    state: &AppState,
    user: &PageUser,
    view: &PatientRecord,
    form: Option<FormData>,
    plan_errors: FieldErrors,
    clear: (String, FieldErrors),
) -> RecordPage {
    let local = Local::of(&user.caller.user);
    let id = view.patient.id;
    let mut page = RecordPage {
        chrome: Chrome::signed_in(
            state,
            user,
            format!("Record: {}", view.patient.name),
            "/clinic/patients",
        ),
        patient_id: id.to_string(),
        name: view.patient.name.clone(),
        email: view.patient.email.clone(),
        can_change: view.can_change,
        intake_step: None,
        stop: Vec::new(),
        plan: None,
        form: None,
        plan_errors,
        clear_reason: clear.0,
        clear_errors: clear.1,
        charts: view
            .progress
            .as_ref()
            .map(|progress| charts(progress, view.today, "record-")),
        summary: view
            .progress
            .as_ref()
            .map(|progress| progress.summary.clone())
            .unwrap_or_default(),
        timeline: view
            .timeline
            .iter()
            .map(|entry| TimelineRow {
                kind: entry.kind,
                when: local.date_time(entry.at),
                title: entry.title.clone(),
                detail: entry.detail.clone(),
                rules: rule_chips(&entry.rules),
            })
            .collect(),
        timeline_range: format!(
            "{} to {}",
            Local::date(view.timeline_from),
            Local::date(view.timeline_to)
        ),
        earlier: format!(
            "/clinic/patients/{id}?until={}#timeline",
            view.timeline_from.yesterday().unwrap_or(view.timeline_from)
        ),
        later: (view.timeline_to < view.today).then(|| {
            let next = view
                .timeline_to
                .checked_add(jiff::Span::new().days(28))
                .unwrap_or(view.today)
                .min(view.today);
            format!("/clinic/patients/{id}?until={next}#timeline")
        }),
        notes: view
            .notes
            .iter()
            .map(|note| NoteLine::of(&id.to_string(), note, &local))
            .collect(),
        older_notes: view.older_notes,
        older_appointments: view.older_appointments,
        screening: view
            .screening
            .as_ref()
            .map(|screening| {
                let answers = &screening.answers;
                vec![
                    format!("Answered {}", local.date_time(screening.answered_at)),
                    format!(
                        "Normal sensation: {}",
                        if answers.normal_sensation {
                            "yes"
                        } else {
                            "no"
                        }
                    ),
                    format!(
                        "Tendon settled: {}",
                        if answers.tendon_settled { "yes" } else { "no" }
                    ),
                    format!(
                        "Heel bursitis: {}",
                        if answers.heel_bursitis { "yes" } else { "no" }
                    ),
                    format!(
                        "Illnesses affecting repair: {}",
                        if answers.systemic_conditions.is_empty() {
                            "none".to_string()
                        } else {
                            format!("{:?}", answers.systemic_conditions).to_lowercase()
                        }
                    ),
                ]
            })
            .unwrap_or_default(),
        questionnaires: view
            .questionnaires
            .iter()
            .rev()
            .map(|response| {
                (
                    Local::date(response.taken_on),
                    response.questionnaire.name().to_string(),
                    response.score,
                )
            })
            .collect(),
        appointments: view
            .appointments
            .iter()
            .map(|line| RecordAppointment {
                id: line.id.to_string(),
                when: local.date_time(line.start),
                kind: line.kind.clone(),
                cancelled: line.cancelled,
                cancel_reason: line.cancel_reason.clone(),
            })
            .collect(),
        clearances: view
            .clearances
            .iter()
            .map(|clearance| {
                format!(
                    "{}: {} ({})",
                    local.date_time(clearance.cleared_at),
                    clearance.reason,
                    clearance
                        .rules
                        .iter()
                        .map(|rule| rule.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect(),
    };
    match &view.status {
        CareStatus::Intake { next_step } => page.intake_step = Some(next_step.title()),
        CareStatus::Stopped { triage } => page.stop = findings(triage),
        CareStatus::Active(active) => {
            let mut versions: Vec<VersionRow> = active
                .versions
                .iter()
                .map(|version| VersionRow {
                    number: version.version,
                    when: local.date_time(version.created_at),
                    cause: cause(version),
                    level: version
                        .position
                        .protocol
                        .level_label(version.position.level),
                    note: version.note.clone(),
                    reasons: reasons(&version.reasons),
                })
                .collect();
            versions.reverse();
            page.plan = Some(PlanView {
                level: active.week_plan.level_label.clone(),
                protocol: active.week_plan.protocol.label(),
                week: active.week,
                sessions_per_week: active.days_per_week(),
                reviewed: active.reviewed,
                items: active.training_items().into_iter().map(item_row).collect(),
                gun: active
                    .version
                    .adjustments
                    .massage_gun
                    .as_ref()
                    .map(gun_words),
                versions,
            });
            if view.can_change {
                page.form = Some(plan_form(
                    active,
                    view.screening.as_ref(),
                    view.today,
                    form,
                    state.app.now(),
                ));
            }
        }
    }
    page
}

/// `GET /clinic/patients/{patient}`.
pub async fn show(
    State(state): State<AppState>,
    _staff: RequireRole<Staff>,
    user: PageUser,
    jar: CookieJar,
    Path(patient): Path<Uuid>,
    Query(params): Query<RecordParams>,
) -> Result<Response, PageError> {
    let view = record::view(
        &state.app,
        &user.caller,
        UserId::from_uuid(patient),
        params.until,
    )
    .await?;
    let (jar, flash) = take_flash(jar);
    let mut page = page(
        &state,
        &user,
        &view,
        None,
        FieldErrors::default(),
        (String::new(), FieldErrors::default()),
    );
    page.chrome.flash = flash;
    Ok(axum::response::IntoResponse::into_response((
        jar,
        render_with(StatusCode::OK, &page)?,
    )))
}

/// Reads the plan form.
pub fn plan_input(form: &FormData) -> PlanChangeInput {
    PlanChangeInput {
        protocol: form.get("protocol"),
        level: form.get("level"),
        sessions_per_week: form.get("sessions_per_week"),
        omit: form.all("omit"),
        sets: (0..form.rows("sets"))
            .map(|index| {
                (
                    form.row("sets", index, "exercise"),
                    form.row("sets", index, "count"),
                )
            })
            .collect(),
        gun: form.get("gun"),
        gun_sites: (0..form.rows("gun_sites"))
            .map(|index| GunSiteInput {
                site: form.row("gun_sites", index, "site"),
                minutes: form.row("gun_sites", index, "minutes"),
            })
            .collect(),
        gun_ppm: form.get("gun_ppm"),
        gun_every_days: form.get("gun_every_days"),
        reason: form.get("reason"),
    }
}

async fn again(
    state: &AppState,
    user: &PageUser,
    patient: UserId,
    form: Option<FormData>,
    plan_errors: FieldErrors,
    clear: (String, FieldErrors),
) -> Result<Response, PageError> {
    let view = record::view(&state.app, &user.caller, patient, None).await?;
    let page = page(state, user, &view, form, plan_errors, clear);
    render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// `POST /clinic/patients/{patient}/plan`: a new plan version with the clinician's reason.
pub async fn change_plan(
    State(state): State<AppState>,
    _clinicians: RequireRole<Clinicians>,
    user: PageUser,
    jar: CookieJar,
    Path(patient): Path<Uuid>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let patient = UserId::from_uuid(patient);
    let form = FormData(pairs);
    match plan::change_plan(&state.app, &user.caller, patient, &plan_input(&form)).await {
        Ok(version) => Ok(redirect_with_flash(
            jar,
            &format!("/clinic/patients/{patient}#plan"),
            &format!(
                "Plan version {} saved. The patient sees it on their plan page.",
                version.version
            ),
        )),
        Err(error) => {
            let errors = errors_of(error)?;
            again(
                &state,
                &user,
                patient,
                Some(form),
                errors,
                Default::default(),
            )
            .await
        }
    }
}

/// `POST /clinic/patients/{patient}/plan/review`.
pub async fn review(
    State(state): State<AppState>,
    _clinicians: RequireRole<Clinicians>,
    user: PageUser,
    jar: CookieJar,
    Path(patient): Path<Uuid>,
) -> Result<Response, PageError> {
    let patient = UserId::from_uuid(patient);
    let version = plan::mark_reviewed(&state.app, &user.caller, patient).await?;
    Ok(redirect_with_flash(
        jar,
        &format!("/clinic/patients/{patient}#plan"),
        &format!("Plan version {} marked reviewed.", version.version),
    ))
}

/// The red-flag clearance form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ClearForm {
    reason: String,
}

/// `POST /clinic/patients/{patient}/red-flags/clear`.
pub async fn clear_red_flag(
    State(state): State<AppState>,
    _clinicians: RequireRole<Clinicians>,
    user: PageUser,
    jar: CookieJar,
    Path(patient): Path<Uuid>,
    Form(form): Form<ClearForm>,
) -> Result<Response, PageError> {
    let patient = UserId::from_uuid(patient);
    match plan::clear_red_flag(&state.app, &user.caller, patient, &form.reason).await {
        Ok(_) => Ok(redirect_with_flash(
            jar,
            &format!("/clinic/patients/{patient}"),
            "Red-flag stop cleared. The patient can finish the intake and start their plan.",
        )),
        Err(AppError::Invalid(errors)) => {
            again(
                &state,
                &user,
                patient,
                None,
                FieldErrors::default(),
                (form.reason, errors),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}
