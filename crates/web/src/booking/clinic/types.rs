//! Appointment types with their prices, and rooms and tables.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::Form;
use serde::Deserialize;
use tendo_app::accounts;
use tendo_app::booking::catalogue;
use tendo_app::booking::setup::{self, TypeForm};
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::model::booking::{AppointmentKind, ResourceKind};

use crate::auth::{Admins, PageUser, RequireRole};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, render, take_flash};
use crate::state::AppState;

struct TypeEdit {
    id: String,
    fields: TypeFields,
    price: String,
    active: bool,
}

#[derive(Template)]
#[template(path = "booking/types.html")]
struct TypesPage {
    chrome: Chrome,
    types: Vec<TypeEdit>,
    kinds: Vec<(&'static str, &'static str)>,
    clinicians: Vec<(String, String)>,
    resources: Vec<(String, &'static str, bool)>,
    errors: FieldErrors,
    new_type: TypeFields,
    clinic_slug: String,
    currency: String,
}

/// The appointment-type form.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct TypeFields {
    kind: String,
    name: String,
    description: String,
    duration_minutes: String,
    price: String,
    currency: String,
    buffer_before_minutes: String,
    buffer_after_minutes: String,
    profession: String,
    /// The clinicians ticked (their ids); none means everyone of the profession.
    clinicians: Vec<String>,
    resource: String,
    active: String,
    resource_name: String,
    resource_kind: String,
}

impl TypeFields {
    /// Whether the clinician with `id` is ticked.
    fn has_clinician(&self, id: &str) -> bool {
        self.clinicians.iter().any(|ticked| ticked == id)
    }

    fn form(&self) -> TypeForm {
        TypeForm {
            kind: AppointmentKind::parse(&self.kind),
            name: self.name.clone(),
            description: self.description.clone(),
            duration_minutes: tendo_app::booking::whole_number(&self.duration_minutes),
            price: self.price.clone(),
            currency: self.currency.clone(),
            buffer_before_minutes: setup::whole_minutes(&self.buffer_before_minutes),
            buffer_after_minutes: setup::whole_minutes(&self.buffer_after_minutes),
            profession: self.profession.clone(),
            clinicians: self
                .clinicians
                .iter()
                .map(|id| id.trim().to_string())
                .filter(|id| !id.is_empty())
                .collect(),
            resource: self.resource.clone(),
            active: !self.active.is_empty(),
        }
    }
}

async fn types_page(
    state: &AppState,
    user: &PageUser,
    errors: FieldErrors,
    new_type: TypeFields,
) -> Result<TypesPage, PageError> {
    let clinic = accounts::own_clinic(&state.app, &user.caller).await?;
    let types = catalogue::clinic_types(&state.app, &user.caller).await?;
    let clinicians = accounts::clinicians(&state.app, &user.caller).await?;
    Ok(TypesPage {
        chrome: Chrome::signed_in(state, user, "Appointment types", "/clinic/settings"),
        types: types
            .iter()
            .map(|t| TypeEdit {
                id: t.id.to_string(),
                price: crate::locale::price(t.price_minor, &t.currency),
                active: t.active,
                fields: TypeFields {
                    kind: t.kind.as_str().into(),
                    name: t.name.clone(),
                    description: t.description.clone(),
                    duration_minutes: t.duration_minutes.to_string(),
                    price: format!("{}.{:02}", t.price_minor / 100, t.price_minor % 100),
                    currency: t.currency.clone(),
                    buffer_before_minutes: t.buffer_before_minutes.to_string(),
                    buffer_after_minutes: t.buffer_after_minutes.to_string(),
                    profession: t
                        .profession
                        .map(|p| p.as_str().to_string())
                        .unwrap_or_default(),
                    clinicians: t.clinicians.iter().map(ToString::to_string).collect(),
                    resource: t
                        .resource
                        .map(|r| r.as_str().to_string())
                        .unwrap_or_default(),
                    active: if t.active { "on".into() } else { String::new() },
                    ..TypeFields::default()
                },
            })
            .collect(),
        kinds: AppointmentKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect(),
        clinicians: clinicians
            .iter()
            .map(|c| (c.id.to_string(), c.name.clone()))
            .collect(),
        resources: catalogue::resources(&state.app, &user.caller)
            .await?
            .iter()
            .map(|r| {
                (
                    r.name.clone(),
                    if r.kind == ResourceKind::Table {
                        "table"
                    } else {
                        "room"
                    },
                    r.active,
                )
            })
            .collect(),
        errors,
        new_type,
        currency: clinic.settings.currency.clone(),
        clinic_slug: clinic.slug,
    })
}

/// `GET /clinic/appointment-types`: types with prices, rooms and tables.
pub async fn types(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let (jar, flash) = take_flash(jar);
    let mut page = types_page(
        &state,
        &user,
        FieldErrors::default(),
        TypeFields {
            active: "on".into(),
            ..TypeFields::default()
        },
    )
    .await?;
    page.chrome.flash = flash;
    Ok((jar, render(&page)?).into_response())
}

async fn save_type(
    state: AppState,
    user: PageUser,
    jar: CookieJar,
    id: Option<tendo_app::model::ids::AppointmentTypeId>,
    fields: TypeFields,
) -> Result<Response, PageError> {
    match setup::save_type(&state.app, &user.caller, id, &fields.form()).await {
        Ok(saved) => Ok(redirect_with_flash(
            jar,
            "/clinic/appointment-types",
            &format!("Saved {}.", saved.name),
        )),
        Err(AppError::Invalid(errors)) => {
            let page = types_page(&state, &user, errors, fields).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /clinic/appointment-types`.
pub async fn create_type(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Form(fields): Form<TypeFields>,
) -> Result<Response, PageError> {
    save_type(state, user, jar, None, fields).await
}

/// `POST /clinic/appointment-types/{type}`.
pub async fn update_type(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(fields): Form<TypeFields>,
) -> Result<Response, PageError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    save_type(state, user, jar, Some(id), fields).await
}

/// `POST /clinic/resources`.
pub async fn add_resource(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Form(fields): Form<TypeFields>,
) -> Result<Response, PageError> {
    match setup::add_resource(
        &state.app,
        &user.caller,
        &fields.resource_name,
        &fields.resource_kind,
    )
    .await
    {
        Ok(resource) => Ok(redirect_with_flash(
            jar,
            "/clinic/appointment-types",
            &format!("Added {}.", resource.name),
        )),
        Err(AppError::Invalid(errors)) => {
            let page = types_page(
                &state,
                &user,
                errors,
                TypeFields {
                    active: "on".into(),
                    ..TypeFields::default()
                },
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
