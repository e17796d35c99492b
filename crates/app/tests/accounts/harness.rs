//! A fresh application on a temporary SQLite database, with a clock tests can move.

use std::sync::Arc;

use jiff::SignedDuration;
use tendo_app::access::{Caller, Credential, RequestMeta};
use tendo_app::accounts::{self, NewClinicForm, NewUserForm};
use tendo_app::clock::ShiftedClock;
use tendo_app::{App, Settings};
use tendo_store::accounts::{Clinic, Profession, Role, User};
use tendo_store_sql::testing::TempSqlite;

pub const PASSWORD: &str = "a long enough passphrase";

pub struct Harness {
    pub app: App,
    /// The store behind the application, kept before it was handed over (the services keep
    /// theirs private), for checking what was written.
    pub store: Arc<dyn tendo_store::Store>,
    pub clock: Arc<ShiftedClock>,
    _database: TempSqlite,
}

impl Harness {
    pub async fn new() -> Self {
        let database = TempSqlite::new().await.unwrap();
        let store: Arc<dyn tendo_store::Store> = Arc::new(
            tendo_store_sql::SqliteStore::open_dir(database.dir.path())
                .await
                .unwrap(),
        );
        let clock = Arc::new(ShiftedClock::default());
        let app = App::with_clock(store.clone(), Settings::default(), clock.clone());
        Harness {
            app,
            store,
            clock,
            _database: database,
        }
    }

    pub fn advance(&self, by: SignedDuration) {
        self.clock.advance(by);
    }

    pub async fn clinic(&self, slug: &str) -> Clinic {
        accounts::create_clinic(
            &self.app,
            &NewClinicForm {
                name: format!("Clinic {slug}"),
                slug: slug.into(),
                time_zone: "Europe/London".into(),
                currency: "GBP".into(),
            },
        )
        .await
        .unwrap()
    }

    pub async fn user(&self, clinic: &Clinic, email: &str, role: Role) -> User {
        accounts::create_user(
            &self.app,
            clinic,
            &NewUserForm {
                email: email.into(),
                name: format!("Person {email}"),
                role,
                profession: Some(Profession::Physiotherapist),
                time_zone: "Europe/Paris".into(),
                password: PASSWORD.into(),
            },
        )
        .await
        .unwrap()
    }
}

pub fn caller(user: &User) -> Caller {
    Caller {
        user: user.clone(),
        credential: Credential::Session,
        meta: meta(),
    }
}

pub fn meta() -> RequestMeta {
    RequestMeta {
        ip: Some("192.0.2.7".into()),
        user_agent: Some("test".into()),
    }
}
