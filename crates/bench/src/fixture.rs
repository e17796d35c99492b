//! The people the benchmark acts as: sessions and tokens made directly in the database (no
//! password hashing), for the clinic's existing users or for a small clinic it creates.

use jiff::{SignedDuration, Timestamp};
use tendo_app::secrets::{random_token, token_hash};
use tendo_store::Store;
use tendo_store::accounts::{NewApiToken, NewClinic, NewSession, NewUser, Role, Scope, User};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::{ApiTokenId, ClinicId, UserId};

/// A user the benchmark can act as, with a session cookie, its CSRF token and a bearer token.
#[derive(Clone, Debug)]
pub struct Actor {
    /// The user.
    pub user: User,
    /// `tendo_session=…`.
    pub cookie: String,
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

/// Makes a session and a token for `user`.
pub async fn actor(store: &dyn Store, user: User) -> anyhow::Result<Actor> {
    let now = Timestamp::now();
    let session = random_token();
    let audit = AuditEntry::new("bench.session", "benchmark");
    store
        .create_session(
            &NewSession {
                token_hash: token_hash(&session),
                user_id: user.id,
                csrf_token: random_token(),
                created_at: now,
                expires_at: now + SignedDuration::from_hours(24),
                ip: None,
                user_agent: Some("tendo-bench".into()),
            },
            &audit,
        )
        .await?;
    let bearer = format!("tendo_pat_{}", random_token());
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
            &audit,
        )
        .await?;
    Ok(Actor {
        user,
        cookie: format!("tendo_session={session}"),
        bearer,
    })
}

/// The users of the first clinic, by role, creating a small clinic if there is none.
pub async fn people(store: &dyn Store, role: Role, at_most: usize) -> anyhow::Result<Vec<User>> {
    let clinic = match store.clinics().await?.into_iter().next() {
        Some(clinic) => clinic,
        None => {
            let clinic = store
                .create_clinic(
                    &NewClinic {
                        id: ClinicId::new(),
                        slug: "bench".into(),
                        name: "Benchmark clinic".into(),
                        time_zone: "Europe/London".into(),
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
            clinic
        }
    };
    let mut users = store.users_with_role(clinic.id, role).await?;
    users.truncate(at_most);
    Ok(users)
}
