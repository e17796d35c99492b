//! A new patient signs up with a clinic at the last step of booking: name, email, password.
//! Limited per address like sign-in, so it cannot be used to flood a clinic with accounts.

use tendo_store::accounts::{AttemptId, AttemptLimit, Clinic, Profession, Reservation, Role};

use crate::App;
use crate::access::RequestMeta;
use crate::accounts::{self, NewUserForm, SignedIn};
use crate::error::{AppError, AppResult};

/// Accounts one address may create within the sign-in failure window.
pub const MAX_SIGNUPS_PER_ADDRESS: u32 = 5;

/// The new patient's details.
#[derive(Clone, Debug, Default)]
pub struct SignUp {
    /// Name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Password.
    pub password: String,
    /// IANA zone (from the browser, or the clinic's).
    pub time_zone: String,
}

/// Creates a patient account in `clinic` and signs them in.
pub async fn sign_up(
    app: &App,
    clinic: &Clinic,
    form: &SignUp,
    meta: &RequestMeta,
) -> AppResult<SignedIn> {
    let now = app.now();
    let key = format!("signup:{}", meta.ip.as_deref().unwrap_or("unknown"));
    let since = now - app.settings.failure_window;
    // Counted and checked in one locked transaction before the password is hashed, so a burst
    // of parallel sign-ups cannot all pass the check.
    let reservation = app
        .store
        .reserve_attempt(
            &[AttemptLimit::new(key, MAX_SIGNUPS_PER_ADDRESS)],
            AttemptId::new(),
            now,
            since,
        )
        .await?;
    if let Reservation::Refused { .. } = reservation {
        return Err(AppError::TooManyAttempts {
            retry_after_seconds: app.settings.failure_window.as_secs().unsigned_abs(),
        });
    }
    let zone = if form.time_zone.trim().is_empty() {
        clinic.time_zone.clone()
    } else {
        form.time_zone.trim().to_string()
    };
    let created = accounts::create_user(
        app,
        clinic,
        &NewUserForm {
            email: form.email.clone(),
            name: form.name.clone(),
            role: Role::Patient,
            profession: None::<Profession>,
            time_zone: zone,
            password: form.password.clone(),
        },
    )
    .await;
    match created {
        Ok(_) => {}
        Err(AppError::Conflict(_)) => {
            return Err(AppError::invalid(
                "email",
                "an account with this email address exists; sign in instead",
            ));
        }
        Err(other) => return Err(other),
    }
    accounts::login(app, &form.email, &form.password, meta, None).await
}
