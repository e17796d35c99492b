//! Clinics, users, sessions, invitations, password resets and API tokens.

use async_trait::async_trait;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::audit::AuditEntry;
use crate::error::StoreResult;
use crate::ids::{ApiTokenId, ClinicId, InvitationId, UserId};
use crate::mail::NewMail;

mod limits;
mod pending;
pub use limits::{AttemptId, AttemptLimit, EndedAccess, Reservation};
pub use pending::{NewPendingSignUp, PendingBooking, PendingSignUp, PendingSignUpStore};

/// What a person may do.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Follows a programme and sees only their own records.
    Patient,
    /// A physiotherapist or massage therapist caring for patients.
    Clinician,
    /// Runs a clinic: its people, settings and audit log.
    Admin,
}

impl Role {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Patient => "patient",
            Role::Clinician => "clinician",
            Role::Admin => "admin",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "patient" => Some(Role::Patient),
            "clinician" => Some(Role::Clinician),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// A clinician's profession.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Profession {
    /// A physiotherapist: assesses, prescribes and adjusts plans.
    Physiotherapist,
    /// A massage therapist.
    MassageTherapist,
}

impl Profession {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Profession::Physiotherapist => "physiotherapist",
            Profession::MassageTherapist => "massage-therapist",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Option<Profession> {
        match text {
            "physiotherapist" => Some(Profession::Physiotherapist),
            "massage-therapist" => Some(Profession::MassageTherapist),
            _ => None,
        }
    }
}

/// A clinic's settings.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicSettings {
    /// Days between questionnaires.
    pub questionnaire_interval_days: u16,
    /// Hours before an appointment after which a patient can no longer cancel online.
    pub cancellation_window_hours: u16,
    /// A template for external meeting links, such as `https://meet.example/{appointment}`.
    pub meeting_link_template: Option<String>,
    /// The currency of prices, as an ISO 4217 code.
    pub currency: String,
    /// Where patients come for appointments in person (a massage), on one or more lines;
    /// `None` until the clinic gives it.
    #[serde(default)]
    pub address: Option<String>,
}

impl Default for ClinicSettings {
    fn default() -> Self {
        ClinicSettings {
            questionnaire_interval_days: 14,
            cancellation_window_hours: 24,
            meeting_link_template: None,
            currency: "EUR".into(),
            address: None,
        }
    }
}

/// A clinic: the boundary nothing crosses.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Clinic {
    /// The clinic's id.
    pub id: ClinicId,
    /// The short name in its public address, such as `north-tendon-clinic`.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Its IANA time zone, such as `Europe/London`.
    pub time_zone: String,
    /// When it was created.
    pub created_at: Timestamp,
    /// Its settings.
    pub settings: ClinicSettings,
    /// The count of changes to its booked appointments: every booking, cancellation and
    /// patient's erasure raises it in the same change, so booked times read at one count are
    /// still current while it stays. Internal: never sent.
    #[serde(skip)]
    pub appointments_revision: u64,
}

/// A clinic to create.
#[derive(Clone, Debug)]
pub struct NewClinic {
    /// Its id.
    pub id: ClinicId,
    /// The short name in its public address.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Its IANA time zone.
    pub time_zone: String,
    /// The currency of its prices, as an ISO 4217 code such as `GBP`.
    pub currency: String,
    /// When it is created.
    pub created_at: Timestamp,
}

/// A person who signs in.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct User {
    /// Their id (a patient's record shares it).
    pub id: UserId,
    /// Their clinic.
    pub clinic_id: ClinicId,
    /// Their email address, in lower case.
    pub email: String,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// Their profession, for clinicians.
    pub profession: Option<Profession>,
    /// Their IANA time zone.
    pub time_zone: String,
    /// When the account was created.
    pub created_at: Timestamp,
    /// Sign-in is refused until this moment, after too many failed attempts.
    pub locked_until: Option<Timestamp>,
}

/// A user to create. For a patient, the patient record is created with it.
#[derive(Clone, Debug)]
pub struct NewUser {
    /// Their id.
    pub id: UserId,
    /// Their clinic.
    pub clinic_id: ClinicId,
    /// Their email address, in lower case.
    pub email: String,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// Their profession, for clinicians.
    pub profession: Option<Profession>,
    /// Their IANA time zone.
    pub time_zone: String,
    /// The Argon2id hash of their password, if they have set one.
    pub password_hash: Option<String>,
    /// For a patient: the clinician who cares for them.
    pub care_clinician: Option<UserId>,
    /// When the account is created.
    pub created_at: Timestamp,
}

/// A user with their password hash, for signing in.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// The user.
    pub user: User,
    /// Their Argon2id password hash; `None` if no password was ever set.
    pub password_hash: Option<String>,
}

/// A signed-in session to create. The token itself is never stored, only its hash.
#[derive(Clone, Debug)]
pub struct NewSession {
    /// SHA-256 of the session token.
    pub token_hash: Vec<u8>,
    /// Whose session it is.
    pub user_id: UserId,
    /// The token forms must echo back (CSRF protection).
    pub csrf_token: String,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it stops working.
    pub expires_at: Timestamp,
    /// Where the sign-in came from.
    pub ip: Option<String>,
    /// The browser that signed in.
    pub user_agent: Option<String>,
}

/// A session that is still valid, with its user.
#[derive(Clone, Debug)]
pub struct ActiveSession {
    /// Whose session it is.
    pub user: User,
    /// The token forms must echo back.
    pub csrf_token: String,
    /// When it stops working.
    pub expires_at: Timestamp,
    /// Messages to this person not read yet (the navigation's badge), read with the session
    /// so a page needs no second query for it; 0 for administrators.
    pub unread_messages: u32,
}

/// An invitation to create.
#[derive(Clone, Debug)]
pub struct NewInvitation {
    /// Its id.
    pub id: InvitationId,
    /// The clinic the person will join.
    pub clinic_id: ClinicId,
    /// SHA-256 of the one-time token in the link.
    pub token_hash: Vec<u8>,
    /// The invitee's email address, in lower case.
    pub email: String,
    /// The invitee's name.
    pub name: String,
    /// The role they will have.
    pub role: Role,
    /// Their profession, for clinicians.
    pub profession: Option<Profession>,
    /// Who invited them.
    pub invited_by: UserId,
    /// For a patient: the clinician who will care for them.
    pub care_clinician: Option<UserId>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When the link stops working.
    pub expires_at: Timestamp,
}

/// An invitation as stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Invitation {
    /// Its id.
    pub id: InvitationId,
    /// The clinic the person will join.
    pub clinic_id: ClinicId,
    /// The invitee's email address.
    pub email: String,
    /// The invitee's name.
    pub name: String,
    /// The role they will have.
    pub role: Role,
    /// Their profession, for clinicians.
    pub profession: Option<Profession>,
    /// Who invited them.
    pub invited_by: UserId,
    /// For a patient: the clinician who will care for them.
    pub care_clinician: Option<UserId>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When the link stops working.
    pub expires_at: Timestamp,
    /// When it was accepted, if it was.
    pub accepted_at: Option<Timestamp>,
}

/// What an API token may do.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Read what the owner may read.
    Read,
    /// Change what the owner may change.
    Write,
}

impl Scope {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Option<Scope> {
        match text {
            "read" => Some(Scope::Read),
            "write" => Some(Scope::Write),
            _ => None,
        }
    }
}

/// A personal access token to create. Only the hash of the token is stored.
#[derive(Clone, Debug)]
pub struct NewApiToken {
    /// Its id.
    pub id: ApiTokenId,
    /// Whose token it is.
    pub user_id: UserId,
    /// A name to recognise it by.
    pub name: String,
    /// SHA-256 of the token.
    pub token_hash: Vec<u8>,
    /// What it may do.
    pub scopes: Vec<Scope>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it stops working, if ever.
    pub expires_at: Option<Timestamp>,
}

/// A personal access token as stored (never the token itself).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    /// Its id.
    pub id: ApiTokenId,
    /// Whose token it is.
    pub user_id: UserId,
    /// A name to recognise it by.
    pub name: String,
    /// What it may do.
    pub scopes: Vec<Scope>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it stops working, if ever.
    pub expires_at: Option<Timestamp>,
    /// When it was last used, to the minute: a use within a minute of the last recorded one
    /// is not written again.
    pub last_used_at: Option<Timestamp>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
}

/// Clinics, users and everything about signing in.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Creates a clinic. Fails with `Conflict` if the slug is taken.
    async fn create_clinic(&self, clinic: &NewClinic, audit: &AuditEntry) -> StoreResult<Clinic>;

    /// A clinic by id.
    async fn clinic(&self, id: ClinicId) -> StoreResult<Clinic>;

    /// A clinic by its public slug.
    async fn clinic_by_slug(&self, slug: &str) -> StoreResult<Clinic>;

    /// Every clinic.
    async fn clinics(&self) -> StoreResult<Vec<Clinic>>;

    /// Changes a clinic's settings.
    async fn update_clinic_settings(
        &self,
        id: ClinicId,
        settings: &ClinicSettings,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// Creates a user (and, for a patient, their record and care team). Fails with `Conflict`
    /// if the email is taken.
    async fn create_user(&self, user: &NewUser, audit: &AuditEntry) -> StoreResult<User>;

    /// A user by id, within a clinic.
    async fn user(&self, clinic: ClinicId, id: UserId) -> StoreResult<User>;

    /// The users of `ids` within a clinic, each once, in no set order: one read for a view that
    /// names many people. `NotFound` unless every one is a current user of the clinic.
    async fn users(&self, clinic: ClinicId, ids: &[UserId]) -> StoreResult<Vec<User>>;

    /// A user and their password hash, by email (any clinic).
    async fn credentials(&self, email: &str) -> StoreResult<Credentials>;

    /// A clinic's users with a role, by name.
    async fn users_with_role(&self, clinic: ClinicId, role: Role) -> StoreResult<Vec<User>>;

    /// Sets a new password hash and ends every session of the user.
    async fn set_password(
        &self,
        user: UserId,
        password_hash: &str,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// Refuses sign-in until `until`, or lifts the lock with `None`.
    async fn set_locked_until(&self, user: UserId, until: Option<Timestamp>) -> StoreResult<()>;

    /// Counts a failed sign-in under each key (an address, an account) and returns, for each
    /// key, the failures since `since`.
    async fn record_login_failure(
        &self,
        keys: &[String],
        at: Timestamp,
        since: Timestamp,
    ) -> StoreResult<Vec<u32>>;

    /// The failures under `key` since `since`.
    async fn login_failures(&self, key: &str, since: Timestamp) -> StoreResult<u32>;

    /// Forgets the failures under `key` (after a successful sign-in).
    async fn clear_login_failures(&self, key: &str) -> StoreResult<()>;

    /// Reserves one attempt under every limit, atomically, BEFORE the slow work it guards (a
    /// password check, a mail): with the keys locked, counts the attempts since `since` under
    /// each key and, if none is full, records `attempt` at `at` under every key. A full key
    /// refuses the attempt and records nothing. Parallel callers are serialised per key, so
    /// no more than `max` attempts are ever reserved in a window.
    async fn reserve_attempt(
        &self,
        limits: &[AttemptLimit],
        attempt: AttemptId,
        at: Timestamp,
        since: Timestamp,
    ) -> StoreResult<Reservation>;

    /// Gives back the reservation of `attempt` under `key` (a sign-in that succeeded does not
    /// count against its address).
    async fn release_attempt(&self, key: &str, attempt: AttemptId) -> StoreResult<()>;

    /// Starts a session.
    async fn create_session(&self, session: &NewSession, audit: &AuditEntry) -> StoreResult<()>;

    /// The session with this token hash, if it is still valid at `now`.
    async fn active_session(
        &self,
        token_hash: &[u8],
        now: Timestamp,
    ) -> StoreResult<Option<ActiveSession>>;

    /// Ends one session.
    async fn end_session(&self, token_hash: &[u8]) -> StoreResult<()>;

    /// Ends every session of a user and revokes every API token they hold ("sign out
    /// everywhere"), in one transaction; returns how many of each were ended.
    async fn end_all_access(&self, user: UserId, audit: &AuditEntry) -> StoreResult<EndedAccess>;

    /// Creates an invitation.
    async fn create_invitation(
        &self,
        invitation: &NewInvitation,
        audit: &AuditEntry,
    ) -> StoreResult<Invitation>;

    /// The invitation with this token hash, used or not.
    async fn invitation(&self, token_hash: &[u8]) -> StoreResult<Invitation>;

    /// A clinic's invitations, newest first.
    async fn invitations(&self, clinic: ClinicId) -> StoreResult<Vec<Invitation>>;

    /// Accepts an invitation and creates its user, atomically. Fails with `Expired` if it was
    /// already used or has expired at `user.created_at`.
    async fn accept_invitation(
        &self,
        token_hash: &[u8],
        user: &NewUser,
        audit: &AuditEntry,
    ) -> StoreResult<User>;

    /// Stores a password-reset token hash for a user and, in the same transaction, queues
    /// `mail` (the link to the account's own address) if there is one.
    async fn create_password_reset(
        &self,
        user: UserId,
        token_hash: &[u8],
        created_at: Timestamp,
        expires_at: Timestamp,
        mail: Option<&NewMail>,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// Uses a password-reset token once: sets the new hash, lifts any lock, ends every session,
    /// revokes every API token and voids the user's other unused reset links, in one
    /// transaction; returns the user and what was ended. Fails with `Expired` if the token was
    /// used or has expired at `now`.
    async fn reset_password(
        &self,
        token_hash: &[u8],
        password_hash: &str,
        now: Timestamp,
        audit: &AuditEntry,
    ) -> StoreResult<(User, EndedAccess)>;

    /// Creates a personal access token.
    async fn create_api_token(
        &self,
        token: &NewApiToken,
        audit: &AuditEntry,
    ) -> StoreResult<ApiToken>;

    /// The token with this hash and its user, if it is neither revoked nor expired at `now`;
    /// records its use.
    async fn active_api_token(
        &self,
        token_hash: &[u8],
        now: Timestamp,
    ) -> StoreResult<Option<(ApiToken, User)>>;

    /// A user's tokens, newest first.
    async fn api_tokens(&self, user: UserId) -> StoreResult<Vec<ApiToken>>;

    /// Revokes one of a user's tokens.
    async fn revoke_api_token(
        &self,
        user: UserId,
        token: ApiTokenId,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
}
