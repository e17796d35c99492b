//! `/clinic/caseload`: the clinician's patients, most in need of attention first, with the
//! reasons and their rules; filters by flag and condition, search by name, pages of 25.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use tendo_app::clinic::caseload::{self, CaseloadQuery};
use tendo_app::error::{AppError, FieldErrors};
use tendo_core::caseload::FlagKind;
use tendo_core::condition::Condition;

use super::views::{EntryRow, entry_row};
use crate::auth::{Clinicians, PageUser, RequireRole};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::patient::pages::render_with;
use crate::state::AppState;

/// The caseload's query string.
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct CaseloadParams {
    /// Only patients with this flag, such as `pain-rules`.
    #[param(value_type = Option<tendo_core::caseload::FlagKind>)]
    pub flag: Option<String>,
    /// Only patients with this condition, such as `achilles-midportion`.
    #[param(value_type = Option<tendo_core::condition::Condition>)]
    pub condition: Option<String>,
    /// Only patients whose name or email contains this.
    pub q: Option<String>,
    /// The page, from 1.
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
}

impl CaseloadParams {
    /// The service's query.
    pub fn query(&self) -> CaseloadQuery {
        CaseloadQuery {
            flag: self.flag.clone(),
            condition: self.condition.clone(),
            search: self.q.clone(),
            page: self.page,
        }
    }
}

/// A choice of a select.
pub struct Choice {
    /// Its value.
    pub value: &'static str,
    /// Its words.
    pub label: String,
    /// True when chosen.
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "clinic/caseload.html")]
struct CaseloadPage {
    chrome: Chrome,
    entries: Vec<EntryRow>,
    flags: Vec<Choice>,
    conditions: Vec<Choice>,
    search: String,
    counts: Vec<(String, &'static str, usize)>,
    matching: usize,
    total: usize,
    page: u32,
    pages: u32,
    previous: Option<String>,
    next: Option<String>,
    errors: FieldErrors,
}

fn link(params: &CaseloadParams, page: u32) -> String {
    let mut pairs = Vec::new();
    for (name, value) in [
        ("flag", params.flag.as_deref()),
        ("condition", params.condition.as_deref()),
        ("q", params.q.as_deref()),
    ] {
        if let Some(value) = value.filter(|value| !value.is_empty()) {
            pairs.push((name, value.to_string()));
        }
    }
    pairs.push(("page", page.to_string()));
    format!(
        "/clinic/caseload?{}",
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    )
}

fn choices(params: &CaseloadParams) -> (Vec<Choice>, Vec<Choice>) {
    let mut flags = vec![Choice {
        value: "",
        label: "Any flag".into(),
        selected: params.flag.as_deref().unwrap_or("").is_empty(),
    }];
    flags.extend(FlagKind::ALL.into_iter().map(|kind| Choice {
        value: kind.id(),
        label: kind.label().into(),
        selected: params.flag.as_deref() == Some(kind.id()),
    }));
    let mut conditions = vec![Choice {
        value: "",
        label: "Any condition".into(),
        selected: params.condition.as_deref().unwrap_or("").is_empty(),
    }];
    conditions.extend(Condition::ALL.into_iter().map(|condition| Choice {
        value: condition.id(),
        label: condition.label().into(),
        selected: params.condition.as_deref() == Some(condition.id()),
    }));
    (flags, conditions)
}

/// `GET /clinic/caseload`.
pub async fn show(
    State(state): State<AppState>,
    _clinicians: RequireRole<Clinicians>,
    user: PageUser,
    Query(params): Query<CaseloadParams>,
) -> Result<Response, PageError> {
    let chrome = Chrome::signed_in(&state, &user, "Caseload", "/clinic/caseload");
    let (flags, conditions) = choices(&params);
    let search = params.q.clone().unwrap_or_default();
    match caseload::caseload(&state.app, &user.caller, &params.query()).await {
        Ok(found) => {
            let page = CaseloadPage {
                chrome,
                entries: found
                    .entries
                    .iter()
                    .map(|entry| entry_row(entry, &crate::time::Local::of(&user.caller.user)))
                    .collect(),
                flags,
                conditions,
                search,
                counts: found
                    .counts
                    .iter()
                    .filter(|count| count.patients > 0)
                    .map(|count| {
                        let only = CaseloadParams {
                            flag: Some(count.flag.id().to_string()),
                            ..CaseloadParams::default()
                        };
                        (link(&only, 1), count.flag.label(), count.patients)
                    })
                    .collect(),
                matching: found.matching,
                total: found.total,
                page: found.page,
                pages: found.pages,
                previous: (found.page > 1).then(|| link(&params, found.page - 1)),
                next: (found.page < found.pages).then(|| link(&params, found.page + 1)),
                errors: FieldErrors::default(),
            };
            render_with(StatusCode::OK, &page)
        }
        Err(AppError::Invalid(errors)) => {
            let page = CaseloadPage {
                chrome,
                entries: Vec::new(),
                flags,
                conditions,
                search,
                counts: Vec::new(),
                matching: 0,
                total: 0,
                page: 1,
                pages: 1,
                previous: None,
                next: None,
                errors,
            };
            render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other.into()),
    }
}
