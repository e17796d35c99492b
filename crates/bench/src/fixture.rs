//! The people the benchmark acts as: sessions and tokens made directly in the database (no
//! password hashing), for the clinic's existing users or for a small clinic it creates.

use jiff::{SignedDuration, Timestamp};
use tendo_app::secrets::{random_token, token_hash};
use tendo_store::Store;
use tendo_store::accounts::{
    Clinic, NewApiToken, NewClinic, NewSession, NewUser, Role, Scope, User,
};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::{ApiTokenId, ClinicId, UserId};

/// A user the benchmark can act as, with a session cookie, its CSRF token and a bearer token.
#[derive(Clone, Debug)]
pub struct Actor {
    /// The user.
    pub user: User,
    /// `tendo_session=…`.
    pub cookie: String,
    /// The session's CSRF token, for form posts.
    pub csrf: String,
    /// A read-and-write personal access token.
    pub bearer: String,
}

impl Actor {
    /// The headers of a signed-in browser.
    pub fn browser_headers(&self) -> Vec<(String, String)> {
        vec![("cookie".into(), self.cookie.clone())]
    }

    /// The headers of an API client with a token.
    pub fn api_headers(&self) -> Vec<(String, String)> {
        vec![("authorization".into(), format!("Bearer {}", self.bearer))]
    }
}

/// What an actor needs: a browser session, a token, or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    /// A session cookie.
    Browser,
    /// A bearer token.
    Api,
    /// Both.
    Both,
}

/// Makes a session and a token for `user` (only what `needs` asks for).
pub async fn actor(store: &dyn Store, user: User, needs: Needs) -> anyhow::Result<Actor> {
    let now = Timestamp::now();
    let audit = || AuditEntry::new("bench.session", "benchmark");
    let (mut cookie, mut csrf, mut bearer) = (String::new(), String::new(), String::new());
    if needs != Needs::Api {
        let session = random_token();
        csrf = random_token();
        store
            .create_session(
                &NewSession {
                    token_hash: token_hash(&session),
                    user_id: user.id,
                    csrf_token: csrf.clone(),
                    created_at: now,
                    expires_at: now + SignedDuration::from_hours(24),
                    ip: None,
                    user_agent: Some("tendo-bench".into()),
                },
                &audit(),
            )
            .await?;
        cookie = format!("tendo_session={session}");
    }
    if needs != Needs::Browser {
        bearer = format!("tendo_pat_{}", random_token());
        store
            .create_api_token(
                &NewApiToken {
                    id: ApiTokenId::new(),
                    user_id: user.id,
                    name: "benchmark".into(),
                    token_hash: token_hash(&bearer),
                    scopes: vec![Scope::Read, Scope::Write],
                    created_at: now,
                    expires_at: Some(now + SignedDuration::from_hours(24)),
                },
                &audit(),
            )
            .await?;
    }
    Ok(Actor {
        user,
        cookie,
        csrf,
        bearer,
    })
}

/// Makes actors for every user of `users`.
pub async fn actors(
    store: &dyn Store,
    users: Vec<User>,
    needs: Needs,
) -> anyhow::Result<Vec<Actor>> {
    let mut out = Vec::with_capacity(users.len());
    for user in users {
        out.push(actor(store, user, needs).await?);
    }
    Ok(out)
}

/// The clinic to measure: the first generated clinic (`tendon-clinic-1`) if there is one, else
/// the first clinic that is not a clinic of benchmark writers, else a small clinic made here.
pub async fn main_clinic(store: &dyn Store) -> anyhow::Result<Clinic> {
    let clinics = store.clinics().await?;
    if let Some(clinic) = clinics
        .iter()
        .find(|clinic| clinic.slug == "tendon-clinic-1")
        .or_else(|| {
            clinics
                .iter()
                .find(|clinic| !clinic.slug.starts_with(crate::writers::PREFIX))
        })
    {
        return Ok(clinic.clone());
    }
    let clinic = store
        .create_clinic(
            &NewClinic {
                id: ClinicId::new(),
                slug: "bench".into(),
                name: "Benchmark clinic".into(),
                time_zone: "Europe/London".into(),
                currency: "GBP".into(),
                created_at: Timestamp::now(),
            },
            &AuditEntry::new("bench.clinic", "benchmark"),
        )
        .await?;
    for (number, role) in [Role::Admin, Role::Clinician, Role::Patient, Role::Patient]
        .into_iter()
        .enumerate()
    {
        store
            .create_user(
                &NewUser {
                    id: UserId::new(),
                    clinic_id: clinic.id,
                    email: format!("bench{number}@bench.invalid"),
                    name: format!("Bench {number}"),
                    role,
                    profession: (role == Role::Clinician)
                        .then_some(tendo_store::accounts::Profession::Physiotherapist),
                    time_zone: "Europe/London".into(),
                    password_hash: None,
                    care_clinician: None,
                    created_at: Timestamp::now(),
                },
                &AuditEntry::new("bench.user", "benchmark"),
            )
            .await?;
    }
    Ok(clinic)
}

/// Up to `at_most` users of `clinic` with `role`, spread evenly over all of them (so that every
/// kind of patient is among them).
pub async fn people(
    store: &dyn Store,
    clinic: &Clinic,
    role: Role,
    at_most: usize,
) -> anyhow::Result<Vec<User>> {
    let users = store.users_with_role(clinic.id, role).await?;
    let step = (users.len() / at_most.max(1)).max(1);
    Ok(users.into_iter().step_by(step).take(at_most).collect())
}

/// A reference patient of the generated clinic (`reference-short@…`, `reference-long@…`).
pub async fn reference(
    store: &dyn Store,
    clinic: &Clinic,
    which: &str,
) -> anyhow::Result<Option<User>> {
    let email = format!("reference-{which}@{}.example", clinic.slug);
    Ok(store.credentials(&email).await.ok().map(|found| found.user))
}
