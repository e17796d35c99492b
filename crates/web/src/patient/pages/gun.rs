//! `/massage-gun`: where it may go today and for how long, a guided timer per site, logging a
//! session, the screening, and massage guidance.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::patient::intake::answers::{
    ILLNESSES, SKIN_KINDS, illness_id, illness_label, skin_kind_id, skin_kind_label,
};
use tendo_app::patient::massage_gun::{self, GunSessionInput, GunState, SiteInput};
use tendo_core::massage::{MassageType, Technique};
use tendo_core::massage_gun::{Screening, Site, SiteVerdict, Verdict};

use super::{render_with, require_plan};
use crate::auth::{PageUser, Patients, RequireRole};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, take_flash};
use crate::patient::form::FormData;
use crate::patient::pages::intake::gun_input;
use crate::patient::views::{ReasonRow, minutes, reasons, rule_notes};
use crate::state::AppState;
use crate::time::Local;

/// The choices of the screening form.
pub struct GunChoices {
    /// True for an Achilles condition (asks about heel bursitis).
    pub achilles: bool,
    /// Illnesses that rule a gun out.
    pub illnesses: Vec<(&'static str, &'static str)>,
    /// Sites a skin problem may be on.
    pub sites: Vec<(&'static str, &'static str)>,
    /// Kinds of skin problem.
    pub kinds: Vec<(&'static str, &'static str)>,
}

impl GunChoices {
    /// The choices for an Achilles or hamstring condition.
    pub fn for_condition(achilles: bool) -> GunChoices {
        GunChoices {
            achilles,
            illnesses: ILLNESSES
                .iter()
                .map(|illness| (illness_id(*illness), illness_label(*illness)))
                .collect(),
            sites: Site::ALL
                .iter()
                .filter(|site| !matches!(site, Site::Face | Site::Neck | Site::Chest))
                .map(|site| (site.id(), site.label()))
                .collect(),
            kinds: SKIN_KINDS
                .iter()
                .map(|kind| (skin_kind_id(*kind), skin_kind_label(*kind)))
                .collect(),
        }
    }
}

/// Adds a screening's answers to a form.
pub fn gun_fields(form: &mut FormData, screening: &Screening) {
    let yes_no = |value: bool| if value { "yes" } else { "no" };
    form.push("normal_sensation", yes_no(screening.normal_sensation));
    for illness in &screening.systemic_conditions {
        form.push("systemic_conditions", illness_id(*illness));
    }
    form.push("heel_bursitis", yes_no(screening.heel_bursitis));
    form.push("tendon_settled", yes_no(screening.tendon_settled));
    for (index, issue) in screening.skin.iter().enumerate() {
        form.push(format!("skin[{index}].site"), issue.site.id());
        form.push(format!("skin[{index}].kind"), skin_kind_id(issue.kind));
        if let Some(since) = issue.since {
            form.push(format!("skin[{index}].since"), since.to_string());
        }
    }
    if let Some(device) = screening.device {
        form.push("device.min_ppm", device.min_ppm.to_string());
        form.push("device.max_ppm", device.max_ppm.to_string());
    }
    let health = [
        ("suspected_clot", screening.suspected_clot),
        ("blood_thinners", screening.blood_thinners),
        ("bleeding_disorder", screening.bleeding_disorder),
        ("pregnant", screening.pregnant),
        ("implanted_device", screening.implanted_device),
    ];
    for (field, answer) in health {
        if let Some(answer) = answer {
            form.push(field, yes_no(answer));
        }
    }
}

/// A site as listed, with its verdict.
pub struct SiteRow {
    /// Its row on the session form (`sites[index]`).
    pub index: usize,
    /// The form field of its minutes.
    pub field: String,
    /// The site's id.
    pub id: &'static str,
    /// Its name.
    pub label: &'static str,
    /// `allowed`, `not-yet`, `avoid` or `never`.
    pub verdict: &'static str,
    /// The verdict in words.
    pub verdict_label: &'static str,
    /// The most minutes, when allowed.
    pub max_minutes: String,
    /// The most seconds, for the timer.
    pub max_seconds: u32,
    /// The most time as a clock, such as "2:30".
    pub max_clock: String,
    /// True for the calf sites that share the 5-minute total.
    pub calf: bool,
    /// When it may first be treated, when known: a day, or the start of the next session.
    pub until: Option<String>,
    /// The rules.
    pub rules: Vec<crate::patient::views::ReasonRow>,
}

/// A past session as listed.
pub struct SessionRow {
    /// When it started, in the patient's zone.
    pub started: String,
    /// What was treated, in words.
    pub sites: String,
}

/// The guidance on massage by hand or by a therapist.
pub struct Guidance {
    /// Where to massage.
    pub focus: Vec<&'static str>,
    /// Where only gently.
    pub gently: Vec<&'static str>,
    /// Where not.
    pub leave_alone: Vec<&'static str>,
    /// Techniques never to use.
    pub never: Vec<&'static str>,
    /// Why.
    pub reasons: Vec<ReasonRow>,
    /// For a hamstring: the massage to book and how often.
    pub professional: Option<(String, Vec<ReasonRow>)>,
}

#[derive(Template)]
#[template(path = "patient/massage_gun.html")]
struct GunPage {
    chrome: Chrome,
    verdict: &'static str,
    /// True when a screening question is still unanswered (a screening saved before it was
    /// asked): the gun waits for the answer.
    unanswered: bool,
    next_start: Option<String>,
    max_ppm: u32,
    calf_total: String,
    allowed: Vec<SiteRow>,
    others: Vec<SiteRow>,
    reasons: Vec<ReasonRow>,
    recent: Vec<SessionRow>,
    guidance: Guidance,
    seconds_per_minute: u32,
    form: FormData,
    errors: FieldErrors,
}

fn verdict_words(verdict: SiteVerdict) -> (&'static str, &'static str) {
    match verdict {
        SiteVerdict::Allowed => ("allowed", "allowed"),
        SiteVerdict::NotYet => ("not-yet", "not yet"),
        SiteVerdict::Avoid => ("avoid", "avoid"),
        SiteVerdict::Never => ("never", "never"),
    }
}

fn technique(technique: Technique) -> &'static str {
    match technique {
        Technique::SustainedPressure => "steady pressure on a tender spot",
        Technique::Kneading => "slow kneading",
        Technique::GentleStroking => "gentle stroking",
        Technique::CrossFriction => "hard rubbing across the tendon (cross-friction)",
    }
}

fn massage_type(kind: MassageType) -> &'static str {
    match kind {
        MassageType::Swedish => "a Swedish massage",
        MassageType::Sports => "a sports massage",
        MassageType::DeepTissue => "a deep-tissue massage",
    }
}

fn guidance_of(state: &GunState) -> Guidance {
    let own = &state.guidance.self_massage;
    let labels = |sites: &[Site]| sites.iter().map(|site| site.label()).collect();
    Guidance {
        focus: labels(&own.focus),
        gently: labels(&own.gently_if_at_all),
        leave_alone: labels(&own.leave_alone),
        never: own.never.iter().map(|kind| technique(*kind)).collect(),
        reasons: reasons(&own.reasons),
        professional: state.guidance.professional.as_ref().map(|professional| {
            let then = professional
                .then
                .map(|next| format!(", then {}", massage_type(next)))
                .unwrap_or_default();
            (
                format!(
                    "Book {}{then}, every {} to {} weeks {}.",
                    massage_type(professional.massage_type),
                    professional.interval.min_weeks,
                    professional.interval.max_weeks,
                    professional.course
                ),
                reasons(&professional.reasons),
            )
        }),
    }
}

fn site_row(site: Site, advice: &tendo_core::massage_gun::SiteAdvice, local: &Local) -> SiteRow {
    let (verdict, verdict_label) = verdict_words(advice.verdict);
    SiteRow {
        index: 0,
        field: String::new(),
        id: site.id(),
        label: site.label(),
        verdict,
        verdict_label,
        max_minutes: minutes(advice.max_minutes),
        max_seconds: (advice.max_minutes * 60.0).round() as u32,
        max_clock: {
            let seconds = (advice.max_minutes * 60.0).round() as u32;
            format!("{}:{:02}", seconds / 60, seconds % 60)
        },
        calf: Site::CALF.contains(&site),
        until: match (advice.until, advice.not_before) {
            (_, Some(next)) => Some(local.date_time(next)),
            (Some(date), None) => Some(date.strftime("%a %-d %b %Y").to_string()),
            (None, None) => None,
        },
        rules: rule_notes(&advice.rules),
    }
}

/// The page's query: `?seconds_per_minute=N` runs the timers N times faster than real minutes
/// (for demonstrations and tests; 1 to 60, default 60). The minutes logged are still the
/// minutes the timer stands for, and the server checks them against each site's cap.
#[derive(Debug, Default, Deserialize)]
pub struct TimerQuery {
    seconds_per_minute: Option<u32>,
}

async fn page(
    state: &AppState,
    user: &PageUser,
    seconds_per_minute: u32,
    form: FormData,
    errors: FieldErrors,
) -> Result<Result<GunPage, Response>, PageError> {
    let view = massage_gun::view(&state.app, &user.caller, user.caller.id()).await?;
    if let Err(response) = require_plan(state, user, &view.status, "/massage-gun") {
        return Ok(Err(*response));
    }
    let Some(gun) = view.gun else {
        return Err(PageError(AppError::internal("a plan without a screening")));
    };
    let local = Local::of(&user.caller.user);
    let advice = &gun.advice;
    let mut allowed = Vec::new();
    let mut others = Vec::new();
    for (site, site_advice) in &advice.sites {
        let row = site_row(*site, site_advice, &local);
        if site_advice.verdict == SiteVerdict::Allowed && site_advice.max_minutes > 0.0 {
            allowed.push(row);
        } else {
            others.push(row);
        }
    }
    allowed.sort_by_key(|row| !row.calf);
    for (index, row) in allowed.iter_mut().enumerate() {
        row.index = index;
        row.field = format!("sites[{index}].minutes");
    }
    let answers = &gun.screening.answers;
    let unanswered = [
        answers.suspected_clot,
        answers.blood_thinners,
        answers.bleeding_disorder,
        answers.pregnant,
        answers.implanted_device,
    ]
    .iter()
    .any(Option::is_none);
    Ok(Ok(GunPage {
        chrome: Chrome::signed_in(state, user, "Massage gun", "/massage-gun"),
        unanswered,
        verdict: match advice.verdict {
            Verdict::Ok => "ok",
            Verdict::Wait => "wait",
            Verdict::DoNotUse => "do-not-use",
        },
        next_start: advice
            .next_session_not_before
            .map(|next| local.date_time(next)),
        max_ppm: advice.max_ppm,
        calf_total: minutes(advice.max_minutes_per_calf),
        allowed,
        others,
        reasons: reasons(&advice.reasons),
        recent: gun
            .recent
            .iter()
            .map(|session| SessionRow {
                started: local.date_time(session.started_at),
                sites: session
                    .sites
                    .iter()
                    .map(|done| {
                        format!("{} min on the {}", minutes(done.minutes), done.site.label())
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect(),
        guidance: guidance_of(&gun),
        seconds_per_minute: seconds_per_minute.clamp(1, 60),
        form,
        errors,
    }))
}

/// `GET /massage-gun`.
pub async fn show(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    Query(query): Query<TimerQuery>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let (jar, flash) = take_flash(jar);
    let speed = query.seconds_per_minute.unwrap_or(60);
    match page(
        &state,
        &user,
        speed,
        FormData::default(),
        FieldErrors::default(),
    )
    .await?
    {
        Ok(mut page) => {
            page.chrome.flash = flash;
            Ok((jar, render_with(StatusCode::OK, &page)?).into_response())
        }
        Err(response) => Ok(response),
    }
}

/// `POST /massage-gun/session`: logs a session; a refusal shows the page again with the rule.
pub async fn log_session(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(pairs);
    let input = GunSessionInput {
        sites: (0..form.rows("sites"))
            .map(|index| SiteInput {
                site: form.row("sites", index, "site"),
                minutes: form.row("sites", index, "minutes"),
            })
            .collect(),
        ppm: form.get("ppm"),
    };
    let result = massage_gun::log_session(&state.app, &user.caller, user.caller.id(), &input).await;
    let errors = match result {
        Ok(_) => {
            return Ok(redirect_with_flash(
                jar,
                "/massage-gun",
                "Session logged. Leave at least 48 hours before the next one.",
            ));
        }
        Err(AppError::Invalid(errors)) => errors,
        Err(AppError::Conflict(message)) => FieldErrors::one("session", message),
        Err(other) => return Err(other.into()),
    };
    match page(&state, &user, 60, form, errors).await? {
        Ok(page) => render_with(StatusCode::UNPROCESSABLE_ENTITY, &page),
        Err(response) => Ok(response),
    }
}

#[derive(Template)]
#[template(path = "patient/screening.html")]
struct ScreeningPage {
    chrome: Chrome,
    gun: GunChoices,
    form: FormData,
    errors: FieldErrors,
}

/// `GET /massage-gun/screening`: the screening questions again, with the last answers.
pub async fn screening_form(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
) -> Result<Response, PageError> {
    let view = massage_gun::view(&state.app, &user.caller, user.caller.id()).await?;
    if let Err(response) = require_plan(&state, &user, &view.status, "/massage-gun") {
        return Ok(*response);
    }
    let Some(gun) = view.gun else {
        return Err(PageError(AppError::internal("a plan without a screening")));
    };
    let mut form = FormData::default();
    gun_fields(&mut form, &gun.screening.answers);
    let page = ScreeningPage {
        chrome: Chrome::signed_in(&state, &user, "Massage-gun screening", "/massage-gun"),
        gun: GunChoices::for_condition(gun.condition.is_achilles()),
        form,
        errors: FieldErrors::default(),
    };
    render_with(StatusCode::OK, &page)
}

/// `POST /massage-gun/screening`.
pub async fn save_screening(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(pairs);
    let input = gun_input(&form);
    match massage_gun::update_screening(&state.app, &user.caller, user.caller.id(), &input).await {
        Ok(()) => Ok(redirect_with_flash(
            jar,
            "/massage-gun",
            "Your answers are saved; the advice below uses them.",
        )),
        Err(AppError::Invalid(errors)) => {
            let view = massage_gun::view(&state.app, &user.caller, user.caller.id()).await?;
            let achilles = view.gun.is_none_or(|gun| gun.condition.is_achilles());
            let page = ScreeningPage {
                chrome: Chrome::signed_in(&state, &user, "Massage-gun screening", "/massage-gun"),
                gun: GunChoices::for_condition(achilles),
                form,
                errors,
            };
            render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other.into()),
    }
}
