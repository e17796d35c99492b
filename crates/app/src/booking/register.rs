//! A new patient signs up with a clinic at the last step of booking: name, email, password.
//!
//! Signing up never tells whether an address already has an account. Every sign-up is answered
//! "check your email to finish", after the same work: the limit is reserved, the fields are
//! checked, the address is looked up, the password is hashed, a link token is made and one
//! transaction queues one mail. For a new address the mail holds a one-time link (kept hashed,
//! for [`SIGN_UP_LINK_LIFETIME`]) and the sign-up waits with the booking the person was making;
//! opening the link makes the account, signs them in and books the time if it is still free.
//! For an address with an account, the mail tells its owner that someone tried to sign up, and
//! nothing else changes. Limited per address like sign-in, so it cannot be used to flood a
//! clinic with accounts or anyone with mail.

use jiff::SignedDuration;
use tendo_store::StoreError;
use tendo_store::accounts::{
    AttemptId, AttemptLimit, Clinic, NewPendingSignUp, NewUser, PendingBooking, PendingSignUp,
    Reservation, Role,
};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::{AppointmentId, RecordId, UserId};
use tendo_store::mail::NewMail;

use crate::access::{Caller, Credential, RequestMeta};
use crate::accounts::{self, SignedIn};
use crate::booking::diary::{self, BookRequest};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::secrets::{random_token, token_hash};
use crate::{App, password};

/// Accounts one address may create within the sign-in failure window.
pub const MAX_SIGNUPS_PER_ADDRESS: u32 = 5;

/// How long a sign-up link works.
pub const SIGN_UP_LINK_LIFETIME: SignedDuration = SignedDuration::from_hours(24);

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
    /// The booking the person was making, made once they confirm their address.
    pub booking: Option<PendingBooking>,
}

/// Starts a sign-up with `clinic`: checks the fields, then queues the mail that finishes it
/// (or, for an address that has an account, the mail that tells its owner). Answers the same
/// for every address: `Ok(())` means "check your email to finish".
pub async fn sign_up(
    app: &App,
    clinic: &Clinic,
    form: &SignUp,
    meta: &RequestMeta,
) -> AppResult<()> {
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
    let email = accounts::normalise_email(&form.email);
    let zone = if form.time_zone.trim().is_empty() {
        clinic.time_zone.clone()
    } else {
        form.time_zone.trim().to_string()
    };
    let mut errors = FieldErrors::default();
    accounts::check_email(&mut errors, "email", &email);
    accounts::check_name(&mut errors, "name", &form.name);
    accounts::check_time_zone(&mut errors, "time_zone", &zone);
    if let Err(AppError::Invalid(problems)) =
        password::check_policy("password", &form.password, &email)
    {
        errors.0.extend(problems.0);
    }
    errors.into_result()?;
    let owner = match app.store.credentials(&email).await {
        Ok(found) => Some(found.user),
        Err(StoreError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    // Both branches hash the password and make a token, so both take the same time.
    let password_hash = password::hash(form.password.clone()).await?;
    let token = random_token();
    let link = format!("{}/sign-up/{token}", app.settings.base_url);
    match owner {
        Some(owner) => {
            let note = NewMail {
                id: RecordId::new(),
                clinic_id: Some(owner.clinic_id),
                user_id: Some(owner.id),
                to: owner.email.clone(),
                subject: "Someone tried to sign up with your address".into(),
                body: format!(
                    "Hello {},\n\nSomeone tried to create a Tendo account with {} at {}. This \
                     address already has an account, so nothing was changed. If it was you, sign \
                     in at {}/login, or reset your password at {}/forgot-password if you have \
                     forgotten it. If it was not you, you can ignore this message.\n",
                    owner.name,
                    clinic.name,
                    owner.email,
                    app.settings.base_url,
                    app.settings.base_url
                ),
                calendar: None,
                created_at: now,
                send_after: now,
            };
            app.store.enqueue_mail(&note).await?;
        }
        None => {
            let name = form.name.trim().to_string();
            let mail = NewMail {
                id: RecordId::new(),
                clinic_id: Some(clinic.id),
                user_id: None,
                to: email.clone(),
                subject: format!("Finish creating your account with {}", clinic.name),
                body: format!(
                    "Hello {name},\n\nTo finish creating your account with {} on Tendo{}, open \
                     this link within 24 hours:\n\n{link}\n\nIf you did not sign up, ignore this \
                     message: no account is made without the link.\n",
                    clinic.name,
                    if form.booking.is_some() {
                        " and book the time you chose"
                    } else {
                        ""
                    }
                ),
                calendar: None,
                created_at: now,
                send_after: now,
            };
            let pending = NewPendingSignUp {
                token_hash: token_hash(&token),
                clinic_id: clinic.id,
                email,
                name,
                password_hash,
                time_zone: zone,
                booking: form.booking.clone(),
                created_at: now,
                expires_at: now + SIGN_UP_LINK_LIFETIME,
            };
            app.store.create_pending_sign_up(&pending, &mail).await?;
        }
    }
    Ok(())
}

/// The message for a sign-up link that cannot be used.
const LINK_NOT_VALID: &str =
    "This link has expired or was already used. Sign in, or sign up again to get a new link.";

/// The sign-up waiting behind a link, if the link can still be used.
pub async fn pending_sign_up(app: &App, token: &str) -> AppResult<PendingSignUp> {
    let pending = app
        .store
        .pending_sign_up(&token_hash(token))
        .await
        .map_err(|error| match error {
            StoreError::NotFound => AppError::Expired(LINK_NOT_VALID.into()),
            other => other.into(),
        })?;
    if pending.expires_at <= app.now() {
        return Err(AppError::Expired(LINK_NOT_VALID.into()));
    }
    Ok(pending)
}

/// The clinic a waiting sign-up joins (its link's page names it).
pub async fn sign_up_clinic(app: &App, pending: &PendingSignUp) -> AppResult<Clinic> {
    Ok(app.store.clinic(pending.clinic_id).await?)
}

/// What became of the booking a person was making when they signed up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PendingBookingOutcome {
    /// It was booked.
    Booked(AppointmentId),
    /// It could not be booked (most often, someone else took the time); the sentence says why.
    NotBooked {
        /// The appointment type they wanted, to choose another time for.
        type_id: tendo_store::ids::AppointmentTypeId,
        /// Why, in plain words.
        reason: String,
    },
}

/// A confirmed sign-up: the new session and, if the person was booking, what became of it.
#[derive(Clone, Debug)]
pub struct Confirmed {
    /// The new patient's session.
    pub signed_in: SignedIn,
    /// The clinic they joined.
    pub clinic: Clinic,
    /// The booking they were making, if any.
    pub booking: Option<PendingBookingOutcome>,
}

/// Opens a sign-up link, once: makes the patient account, signs them in and books the time they
/// chose if it is still free.
pub async fn confirm_sign_up(app: &App, token: &str, meta: &RequestMeta) -> AppResult<Confirmed> {
    let pending = pending_sign_up(app, token).await?;
    let clinic = app.store.clinic(pending.clinic_id).await?;
    let now = app.now();
    let id = UserId::new();
    let user = NewUser {
        id,
        clinic_id: clinic.id,
        email: pending.email.clone(),
        name: pending.name.clone(),
        role: Role::Patient,
        profession: None,
        time_zone: pending.time_zone.clone(),
        password_hash: Some(pending.password_hash.clone()),
        care_clinician: None,
        created_at: now,
    };
    let mut audit = AuditEntry::new("user.sign-up", format!("user/{id}"))
        .by(id, Role::Patient, clinic.id)
        .about(id)
        .from_ip(meta.ip.clone());
    audit.at = now;
    let user = app
        .store
        .complete_pending_sign_up(&token_hash(token), &user, &audit)
        .await
        .map_err(|error| match error {
            StoreError::Expired => AppError::Expired(LINK_NOT_VALID.into()),
            StoreError::Conflict(_) => AppError::Expired(
                "This address has an account now. Sign in, or reset your password.".into(),
            ),
            other => other.into(),
        })?;
    let signed_in = accounts::start_session(app, user.clone(), meta, now).await?;
    let booking = match pending.booking {
        Some(wanted) => Some(book_pending(app, &user, &clinic, &wanted, meta).await?),
        None => None,
    };
    Ok(Confirmed {
        signed_in,
        clinic,
        booking,
    })
}

/// Books what the person chose before they confirmed their address, as them.
async fn book_pending(
    app: &App,
    user: &tendo_store::accounts::User,
    clinic: &Clinic,
    wanted: &PendingBooking,
    meta: &RequestMeta,
) -> AppResult<PendingBookingOutcome> {
    let caller = Caller {
        user: user.clone(),
        credential: Credential::Session,
        meta: meta.clone(),
    };
    let request = BookRequest {
        type_id: wanted.type_id,
        start: wanted.start,
        clinician: wanted.clinician,
        patient: None,
        key: None,
    };
    match diary::book(app, &caller, clinic.clone(), &request).await {
        Ok(view) => Ok(PendingBookingOutcome::Booked(view.appointment.id)),
        Err(error @ (AppError::Conflict(_) | AppError::Invalid(_) | AppError::NotFound)) => {
            let reason = match error {
                AppError::Conflict(_) => diary::TAKEN.to_string(),
                _ => "That time can no longer be booked. Choose another time.".to_string(),
            };
            Ok(PendingBookingOutcome::NotBooked {
                type_id: wanted.type_id,
                reason,
            })
        }
        Err(other) => Err(other),
    }
}
