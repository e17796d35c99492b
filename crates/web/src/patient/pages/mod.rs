//! The patient's pages. Each works without JavaScript and fits a 360-pixel screen.

pub mod gun;
pub mod intake;
pub mod learn;
pub mod plan;
pub mod progress;
pub mod questionnaires;
pub mod reminders;
pub mod running;
pub mod symptoms;
pub mod today;
pub mod workout;

use askama::Template;
use axum::response::{IntoResponse, Redirect, Response};
use tendo_app::patient::plan::{ActivePlan, CareStatus};
use tendo_core::red_flags::Triage;

use super::views::rule_chips;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;

/// One red-flag finding as shown.
pub struct FindingRow {
    /// How soon, such as "today".
    pub urgency: &'static str,
    /// True for an emergency.
    pub emergency: bool,
    /// Whom to see.
    pub see: String,
    /// What it may mean and what to do.
    pub message: String,
    /// The rules, with their levels, for clinicians.
    pub rules: Vec<(String, &'static str)>,
    /// The rules with their sources, for the patient's "Why?".
    pub notes: Vec<super::views::ReasonRow>,
}

/// The findings of a triage, most urgent first.
pub fn findings(triage: &Triage) -> Vec<FindingRow> {
    triage
        .findings
        .iter()
        .map(|finding| FindingRow {
            urgency: finding.urgency.label(),
            emergency: finding.urgency == tendo_core::red_flags::Urgency::Emergency,
            see: finding.see.clone(),
            message: finding.message.clone(),
            rules: rule_chips(&finding.rules),
            notes: super::views::rule_notes(&finding.rules),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "patient/stop.html")]
struct StopPage {
    chrome: Chrome,
    findings: Vec<FindingRow>,
}

/// The plan, or the response for a patient without one: the intake to finish, or the
/// red-flag stop page (shown instead of the programme, whom to see first).
pub fn require_plan<'a>(
    state: &AppState,
    user: &PageUser,
    status: &'a CareStatus,
    path: &str,
) -> Result<&'a ActivePlan, Box<Response>> {
    match status {
        CareStatus::Active(plan) => Ok(plan),
        CareStatus::Intake { next_step } => Err(Box::new(
            Redirect::to(&format!("/intake/{}", next_step.id())).into_response(),
        )),
        CareStatus::Stopped { triage } => {
            let page = StopPage {
                chrome: Chrome::signed_in(state, user, "Please see a clinician first", path),
                findings: findings(triage),
            };
            Err(Box::new(match render(&page) {
                Ok(html) => html.into_response(),
                Err(error) => error.into_response(),
            }))
        }
    }
}

/// Renders a page with a status (422 for a form shown again with its messages).
pub fn render_with<T: Template>(
    status: axum::http::StatusCode,
    page: &T,
) -> Result<Response, PageError> {
    Ok((status, render(page)?).into_response())
}
