//! Clinic administration: people and invitations, and the audit log.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tendo_app::accounts::{self, ClinicPeople, InviteForm};
use tendo_app::audit_log::{self, AuditLogQuery};
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::model::accounts::{Invitation, Profession, Role, User};
use tendo_app::model::audit::AuditEntry;
use tendo_app::model::ids::UserId;

use crate::auth::{PageUser, RequireRole, Staff};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;
use crate::time::Local;

/// A person as the page lists them.
struct PersonRow {
    id: String,
    name: String,
    email: String,
    role: String,
}

/// An invitation as the page lists it.
struct InvitationRow {
    name: String,
    email: String,
    role: &'static str,
    state: String,
}

#[derive(Template)]
#[template(path = "people.html")]
struct PeoplePage {
    chrome: Chrome,
    is_admin: bool,
    staff: Vec<PersonRow>,
    patients: Vec<PersonRow>,
    clinicians: Vec<(String, String)>,
    invitations: Vec<InvitationRow>,
    errors: FieldErrors,
    form: InviteFields,
    link: Option<String>,
    link_for: Option<String>,
}

/// The invitation form's fields, kept when it is shown again.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InviteFields {
    name: String,
    email: String,
    role: String,
    profession: String,
    care_clinician: String,
}

fn person(user: &User) -> PersonRow {
    PersonRow {
        id: user.id.to_string(),
        name: user.name.clone(),
        email: user.email.clone(),
        role: match (user.role, user.profession) {
            (Role::Admin, _) => "administrator".into(),
            (Role::Clinician, Some(Profession::MassageTherapist)) => "massage therapist".into(),
            (Role::Clinician, _) => "physiotherapist".into(),
            (Role::Patient, _) => "patient".into(),
        },
    }
}

fn invitation_row(invitation: &Invitation, local: &Local, now: jiff::Timestamp) -> InvitationRow {
    InvitationRow {
        name: invitation.name.clone(),
        email: invitation.email.clone(),
        role: match invitation.role {
            Role::Patient => "patient",
            Role::Clinician => "clinician",
            Role::Admin => "administrator",
        },
        state: match invitation.accepted_at {
            Some(at) => format!("accepted {}", local.date_time(at)),
            None if invitation.expires_at <= now => "expired".into(),
            None => format!("open until {}", local.date_time(invitation.expires_at)),
        },
    }
}

async fn people_page(
    state: &AppState,
    user: &PageUser,
    errors: FieldErrors,
    form: InviteFields,
    link: Option<(String, String)>,
) -> Result<PeoplePage, PageError> {
    let caller = &user.caller;
    let is_admin = caller.user.role == Role::Admin;
    let ClinicPeople {
        staff,
        clinicians,
        patients,
        invitations,
    } = accounts::clinic_people(&state.app, caller).await?;
    let local = Local::of(&caller.user);
    let now = state.app.now();
    let invitations = invitations
        .iter()
        .map(|invitation| invitation_row(invitation, &local, now))
        .collect();
    let title = if is_admin {
        "People"
    } else {
        "Invite a patient"
    };
    Ok(PeoplePage {
        chrome: Chrome::signed_in(state, user, title, "/clinic/people"),
        is_admin,
        staff: staff.iter().map(person).collect(),
        patients: patients.iter().map(person).collect(),
        clinicians: clinicians
            .iter()
            .map(|clinician| (clinician.id.to_string(), clinician.name.clone()))
            .collect(),
        invitations,
        errors,
        form,
        link: link.as_ref().map(|(link, _)| link.clone()),
        link_for: link.map(|(_, name)| name),
    })
}

/// `GET /clinic/people`.
pub async fn people(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let page = people_page(
        &state,
        &user,
        FieldErrors::default(),
        InviteFields::default(),
        None,
    )
    .await?;
    Ok(render(&page)?.into_response())
}

fn parse_invite(fields: &InviteFields, inviter: Role) -> Result<InviteForm, AppError> {
    let role = match (inviter, fields.role.as_str()) {
        (Role::Clinician, _) | (_, "patient") => Role::Patient,
        (_, "clinician") => Role::Clinician,
        (_, "admin") => Role::Admin,
        _ => {
            return Err(AppError::invalid(
                "role",
                "choose patient, clinician or administrator",
            ));
        }
    };
    let care_clinician = match fields.care_clinician.trim() {
        "" => None,
        id => Some(id.parse::<UserId>().map_err(|_| {
            AppError::invalid("care_clinician", "choose a clinician from the list")
        })?),
    };
    Ok(InviteForm {
        email: fields.email.clone(),
        name: fields.name.clone(),
        role,
        profession: Profession::parse(&fields.profession),
        care_clinician,
    })
}

/// `POST /clinic/people/invite`: creates an invitation, queues its email and shows the link.
pub async fn invite(
    State(state): State<AppState>,
    _staff: RequireRole<Staff>,
    user: PageUser,
    Form(fields): Form<InviteFields>,
) -> Result<Response, PageError> {
    let invited = match parse_invite(&fields, user.caller.user.role) {
        Ok(form) => accounts::invite(&state.app, &user.caller, &form).await,
        Err(error) => Err(error),
    };
    match invited {
        Ok(invited) => {
            let link = accounts::invitation_link(&state.app, &invited.token);
            // When the address has an account elsewhere, its owner was sent a note instead.
            accounts::mail_invitation(&state.app, &user.caller, &invited).await?;
            let page = people_page(
                &state,
                &user,
                FieldErrors::default(),
                InviteFields::default(),
                Some((link, invited.invitation.name)),
            )
            .await?;
            Ok(render(&page)?.into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let page = people_page(&state, &user, errors, fields, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(AppError::Conflict(message)) => {
            let errors = FieldErrors::one("email", message);
            let page = people_page(&state, &user, errors, fields, None).await?;
            Ok((StatusCode::CONFLICT, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /clinic/people/{user}/reset-link`: a one-hour reset link to hand over in person.
pub async fn reset_link(
    State(state): State<AppState>,
    user: PageUser,
    Path(person): Path<UserId>,
) -> Result<Response, PageError> {
    let made = accounts::admin_reset_link(&state.app, &user.caller, person).await?;
    let found = made.person;
    let link = format!(
        "{}/reset-password/{}",
        state.app.settings.base_url, made.token
    );
    let page = people_page(
        &state,
        &user,
        FieldErrors::default(),
        InviteFields::default(),
        Some((link, format!("{} (password reset)", found.name))),
    )
    .await?;
    Ok(render(&page)?.into_response())
}

/// An audit entry as the page lists it.
struct AuditRow {
    at: String,
    actor: String,
    action: String,
    target: String,
    patient: String,
    ip: String,
}

/// A choice of a filter.
struct PersonChoice {
    id: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    rows: Vec<AuditRow>,
    actors: Vec<PersonChoice>,
    patients: Vec<PersonChoice>,
    /// The filters as a query string (`actor=…&patient=…`), for the paging and export links.
    filters: String,
    older: Option<String>,
    paged: bool,
    page_size: u32,
}

/// Filters of the audit log.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    actor: String,
    patient: String,
    before: String,
    format: String,
}

impl AuditFilter {
    /// The service's query, or the field that is wrong.
    fn query(&self, limit: u32) -> Result<AuditLogQuery, AppError> {
        let person = |field: &str, text: &str| match text.trim() {
            "" => Ok(None),
            id => id
                .parse::<UserId>()
                .map(Some)
                .map_err(|_| AppError::invalid(field, "choose someone from the list")),
        };
        let before = match self.before.trim() {
            "" => None,
            at => Some(at.parse().map_err(|_| {
                AppError::invalid("before", "give a moment such as 2026-12-03T10:00:00Z")
            })?),
        };
        Ok(AuditLogQuery {
            actor: person("actor", &self.actor)?,
            patient: person("patient", &self.patient)?,
            before,
            limit,
        })
    }

    fn query_string(&self) -> String {
        let pairs: Vec<(&str, &str)> = [
            ("actor", self.actor.trim()),
            ("patient", self.patient.trim()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

fn role_word(role: Role) -> &'static str {
    match role {
        Role::Admin => "administrator",
        Role::Clinician => "clinician",
        Role::Patient => "patient",
    }
}

/// `GET /clinic/audit`: the clinic's audit log, newest first, 50 a page, filtered by who acted
/// and whose data it was, with names.
pub async fn audit(
    State(state): State<AppState>,
    user: PageUser,
    Query(filter): Query<AuditFilter>,
) -> Result<Response, PageError> {
    let found = audit_log::read(
        &state.app,
        &user.caller,
        filter.query(audit_log::PAGE_SIZE)?,
    )
    .await?;
    let local = Local::of(&user.caller.user);
    let rows = found
        .entries
        .iter()
        .map(|named| {
            let entry = &named.entry;
            AuditRow {
                at: local.date_time(entry.at),
                actor: match (&named.actor_name, entry.actor_role, entry.actor_id) {
                    (Some(name), Some(role), _) => format!("{name} ({})", role_word(role)),
                    (Some(name), None, _) => name.clone(),
                    (None, _, Some(_)) => "a former account".into(),
                    (None, _, None) => "Tendo (no one signed in)".into(),
                },
                action: entry.action.clone(),
                target: entry.target.clone(),
                patient: match (&named.patient_name, entry.patient_id) {
                    (Some(name), _) => name.clone(),
                    (None, Some(_)) => "a former patient".into(),
                    (None, None) => String::new(),
                },
                ip: entry.ip.clone().unwrap_or_default(),
            }
        })
        .collect();
    let choices = |roles: &[Role], chosen: &str| {
        found
            .people
            .iter()
            .filter(|person| roles.contains(&person.role))
            .map(|person| PersonChoice {
                id: person.id.to_string(),
                label: format!("{} ({})", person.name, role_word(person.role)),
                selected: person.id.to_string() == chosen.trim(),
            })
            .collect::<Vec<_>>()
    };
    let page = AuditPage {
        chrome: Chrome::signed_in(&state, &user, "Audit log", "/clinic/audit"),
        rows,
        actors: choices(
            &[Role::Admin, Role::Clinician, Role::Patient],
            &filter.actor,
        ),
        patients: choices(&[Role::Patient], &filter.patient),
        filters: filter.query_string(),
        older: found.older.map(|at| at.to_string()),
        paged: !filter.before.trim().is_empty(),
        page_size: audit_log::PAGE_SIZE,
    };
    Ok(render(&page)?.into_response())
}

/// `GET /clinic/audit/export?format=csv|json`: up to 100,000 entries as a download.
pub async fn audit_export(
    State(state): State<AppState>,
    user: PageUser,
    Query(filter): Query<AuditFilter>,
) -> Result<Response, PageError> {
    let found: Vec<AuditEntry> = audit_log::read(
        &state.app,
        &user.caller,
        filter.query(audit_log::MAX_ENTRIES)?,
    )
    .await?
    .entries
    .into_iter()
    .map(|named| named.entry)
    .collect();
    if filter.format == "json" {
        let body = serde_json::to_string_pretty(&found)
            .map_err(|error| AppError::internal(error.to_string()))?;
        return Ok((
            [
                (header::CONTENT_TYPE, "application/json"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"audit-log.json\"",
                ),
            ],
            body,
        )
            .into_response());
    }
    let mut csv = String::from("at,actor_id,actor_role,patient_id,action,target,ip,detail\n");
    for entry in &found {
        let fields = [
            entry.at.to_string(),
            entry.actor_id.map(|id| id.to_string()).unwrap_or_default(),
            entry
                .actor_role
                .map(|role| role.as_str().to_string())
                .unwrap_or_default(),
            entry
                .patient_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            entry.action.clone(),
            entry.target.clone(),
            entry.ip.clone().unwrap_or_default(),
            entry.detail.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|field| csv_field(field)).collect();
        csv.push_str(&line.join(","));
        csv.push('\n');
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit-log.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}

/// Quotes a CSV field when it needs it, and defuses spreadsheet formulas.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
    }
}
