//! `/plan`: this week's programme with each exercise's dose and why, and every version of the
//! plan with the reason it changed.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use tendo_app::model::care::{PlanCause, PlanVersion};
use tendo_app::patient::plan::{self, ActivePlan};

use super::{render_with, require_plan};
use crate::auth::{PageUser, Patients, RequireRole};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::take_flash;
use crate::patient::views::{ItemRow, ReasonRow, item_row, long_date, reasons, rule_notes};
use crate::state::AppState;
use crate::time::Local;

/// A caution as shown.
pub struct CautionRow {
    /// What to avoid.
    pub what: String,
    /// Why.
    pub why: String,
    /// The rules.
    pub rules: Vec<ReasonRow>,
}

/// A plan version as listed.
pub struct VersionRow {
    /// Its number.
    pub number: u32,
    /// When, in the patient's zone.
    pub when: String,
    /// Why it was made, in words.
    pub cause: &'static str,
    /// The level it set.
    pub level: String,
    /// Its reasons.
    pub reasons: Vec<ReasonRow>,
    /// The clinician's reason, for a change they made.
    pub note: Option<String>,
}

#[derive(Template)]
#[template(path = "patient/plan.html")]
struct PlanPage {
    chrome: Chrome,
    clinician_change: Option<super::today::ChangeNotice>,
    protocol: &'static str,
    level: String,
    week: u16,
    week_start: String,
    sessions_per_week: u8,
    reviewed: bool,
    items: Vec<ItemRow>,
    load_test: Option<ItemRow>,
    avoid: Vec<CautionRow>,
    reasons: Vec<ReasonRow>,
    versions: Vec<VersionRow>,
    gun: Option<String>,
}

fn cause(version: &PlanVersion) -> &'static str {
    match version.cause {
        PlanCause::Intake => "made from your intake",
        PlanCause::Decision => "moved by your next-morning check-in",
        PlanCause::Clinician => "changed by your clinician",
    }
}

fn plan_page(state: &AppState, user: &PageUser, plan: &ActivePlan) -> PlanPage {
    let local = Local::of(&user.caller.user);
    let week_plan = &plan.week_plan;
    let mut versions: Vec<VersionRow> = plan
        .versions
        .iter()
        .map(|version| {
            let mut level = version
                .position
                .protocol
                .plain_level(version.position.level);
            if version.position.eased {
                level.push_str(" (eased while the pain settles)");
            }
            VersionRow {
                number: version.version,
                when: local.date_time(version.created_at),
                cause: cause(version),
                level,
                reasons: reasons(&version.reasons),
                note: version.note.clone(),
            }
        })
        .collect();
    versions.reverse();
    let week_start = plan
        .version
        .programme_start
        .checked_add(jiff::Span::new().days(i64::from(plan.week - 1) * 7))
        .unwrap_or(plan.version.programme_start);
    PlanPage {
        chrome: Chrome::signed_in(state, user, "Your plan", "/plan"),
        clinician_change: (plan.version.cause == PlanCause::Clinician).then(|| {
            super::today::ChangeNotice {
                version: plan.version.version,
                on: local.date_time(plan.version.created_at),
                reason: plan.version.note.clone(),
            }
        }),
        protocol: week_plan.protocol.label(),
        level: week_plan.protocol.plain_level(week_plan.position.level),
        week: plan.week,
        week_start: long_date(week_start),
        sessions_per_week: plan.days_per_week(),
        reviewed: plan.reviewed,
        items: plan
            .training_items()
            .into_iter()
            .map(|item| item_row(item).demonstrated(item, week_plan.side, "plan"))
            .collect(),
        load_test: plan
            .load_test()
            .map(|item| item_row(item).demonstrated(item, week_plan.side, "plan")),
        avoid: week_plan
            .avoid
            .iter()
            .map(|caution| CautionRow {
                what: caution.what.clone(),
                why: caution.why.clone(),
                rules: rule_notes(&caution.rules),
            })
            .collect(),
        reasons: reasons(&week_plan.reasons),
        versions,
        gun: plan
            .version
            .adjustments
            .massage_gun
            .as_ref()
            .map(crate::clinic::gun_words),
    }
}

/// `GET /plan`.
pub async fn show(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let status = plan::view(&state.app, &user.caller, user.caller.id()).await?;
    let plan = match require_plan(&state, &user, &status, "/plan") {
        Ok(plan) => plan,
        Err(response) => return Ok(*response),
    };
    let (jar, flash) = take_flash(jar);
    let mut page = plan_page(&state, &user, plan);
    page.chrome.flash = flash;
    Ok((jar, render_with(StatusCode::OK, &page)?).into_response())
}
