//! Creating clinics and users directly (the first administrator, the command line).

use tendo_store::accounts::{Clinic, NewClinic, NewUser, Profession, Role, User};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::{ClinicId, UserId};

use super::{check_email, check_name, check_time_zone, normalise_email};
use crate::App;
use crate::error::{AppResult, FieldErrors};
use crate::password;

/// A clinic to create.
#[derive(Clone, Debug)]
pub struct NewClinicForm {
    /// Its name.
    pub name: String,
    /// The short name in its public address: lower-case letters, digits and dashes.
    pub slug: String,
    /// Its IANA time zone.
    pub time_zone: String,
    /// The currency of its prices: a three-letter ISO 4217 code such as `GBP` or `EUR`.
    pub currency: String,
}

/// A user to create directly, with a password.
#[derive(Clone, Debug)]
pub struct NewUserForm {
    /// Their email address.
    pub email: String,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// Their profession, for clinicians.
    pub profession: Option<Profession>,
    /// Their IANA time zone.
    pub time_zone: String,
    /// Their password.
    pub password: String,
}

/// Creates a clinic (from the command line: there is no caller yet).
pub async fn create_clinic(app: &App, form: &NewClinicForm) -> AppResult<Clinic> {
    let mut errors = FieldErrors::default();
    check_name(&mut errors, "name", &form.name);
    let slug_ok = !form.slug.is_empty()
        && form.slug.len() <= 60
        && form
            .slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !form.slug.starts_with('-')
        && !form.slug.ends_with('-');
    if !slug_ok {
        errors.add(
            "slug",
            "use lower-case letters, digits and dashes, such as north-tendon-clinic",
        );
    }
    check_time_zone(&mut errors, "time_zone", &form.time_zone);
    let currency = form.currency.trim().to_ascii_uppercase();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
        errors.add(
            "currency",
            "give the three-letter ISO 4217 code of the clinic's prices, such as GBP, EUR or USD",
        );
    }
    errors.into_result()?;
    let id = ClinicId::new();
    let now = app.now();
    let mut audit = AuditEntry::new("clinic.create", format!("clinic/{id}")).in_clinic(id);
    audit.at = now;
    Ok(app
        .store
        .create_clinic(
            &NewClinic {
                id,
                slug: form.slug.clone(),
                name: form.name.trim().to_string(),
                time_zone: form.time_zone.clone(),
                currency,
                created_at: now,
            },
            &audit,
        )
        .await?)
}

/// Creates a user in a clinic with a password (from the command line or the demo).
pub async fn create_user(app: &App, clinic: &Clinic, form: &NewUserForm) -> AppResult<User> {
    let email = normalise_email(&form.email);
    let mut errors = FieldErrors::default();
    check_email(&mut errors, "email", &email);
    check_name(&mut errors, "name", &form.name);
    check_time_zone(&mut errors, "time_zone", &form.time_zone);
    if form.role == Role::Clinician && form.profession.is_none() {
        errors.add(
            "profession",
            "a clinician is a physiotherapist or a massage therapist",
        );
    }
    if let Err(crate::error::AppError::Invalid(problems)) =
        password::check_policy("password", &form.password, &email)
    {
        errors.0.extend(problems.0);
    }
    errors.into_result()?;
    let hash = password::hash(form.password.clone()).await?;
    let id = UserId::new();
    let now = app.now();
    let mut audit = AuditEntry::new("user.create", format!("user/{id}")).in_clinic(clinic.id);
    audit.at = now;
    if form.role == Role::Patient {
        audit = audit.about(id);
    }
    Ok(app
        .store
        .create_user(
            &NewUser {
                id,
                clinic_id: clinic.id,
                email,
                name: form.name.trim().to_string(),
                role: form.role,
                profession: if form.role == Role::Clinician {
                    form.profession
                } else {
                    None
                },
                time_zone: form.time_zone.clone(),
                password_hash: Some(hash),
                care_clinician: None,
                created_at: now,
            },
            &audit,
        )
        .await?)
}
