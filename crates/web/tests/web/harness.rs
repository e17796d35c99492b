//! A real Tendo server on 127.0.0.1 with a fresh database, and HTTP clients that keep cookies.

use std::net::SocketAddr;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use reqwest::{Client, Response, redirect};
use tendo_app::accounts::{self, NewClinicForm, NewUserForm};
use tendo_app::clock::ShiftedClock;
use tendo_app::secrets::{random_token, token_hash};
use tendo_app::{App, Settings};
use tendo_store::Store;
use tendo_store::accounts::{Clinic, NewSession, Profession, Role, User};
use tendo_store::audit::AuditEntry;
use tendo_store_sql::testing::{TempSqlite, fresh_postgres};
use tendo_web::state::{AppState, WebConfig};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// The password of every user the harness creates.
pub const PASSWORD: &str = "a long enough passphrase";

/// Which database the server runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in a temporary directory.
    Sqlite,
    /// A fresh database on the test PostgreSQL server.
    Postgres,
}

/// A running server.
pub struct TestServer {
    /// The server's address, such as `http://127.0.0.1:43121`.
    pub base: String,
    /// The application behind it (for set-up and checks).
    pub app: App,
    /// The clock the server uses; tests move it forward.
    pub clock: Arc<ShiftedClock>,
    /// The store behind the application, kept before it was handed over (the services keep
    /// theirs private), for set-up and checks.
    store: Arc<dyn Store>,
    shutdown: Option<oneshot::Sender<()>>,
    _sqlite: Option<TempSqlite>,
    /// The PostgreSQL database's URL, so that more servers can share it.
    postgres_url: Option<String>,
}

impl TestServer {
    /// A server on SQLite.
    pub async fn start() -> Self {
        Self::start_on(Backend::Sqlite).await
    }

    /// A server on the given backend.
    pub async fn start_on(backend: Backend) -> Self {
        Self::start_with(backend, WebConfig::default()).await
    }

    /// A server with its own web settings.
    pub async fn start_with(backend: Backend, web: WebConfig) -> Self {
        let (store, sqlite, postgres_url): (Arc<dyn Store>, Option<TempSqlite>, _) = match backend {
            Backend::Sqlite => {
                let database = TempSqlite::new().await.expect("sqlite opens");
                let store = tendo_store_sql::SqliteStore::open_dir(database.dir.path())
                    .await
                    .expect("sqlite opens again");
                (Arc::new(store), Some(database), None)
            }
            Backend::Postgres => {
                let (store, url) = fresh_postgres().await.expect("postgres opens");
                (Arc::new(store), None, Some(url))
            }
        };
        Self::serve(
            store,
            sqlite,
            postgres_url,
            web,
            Arc::new(ShiftedClock::default()),
        )
        .await
    }

    /// A second app server on this server's PostgreSQL database, with the same clock: what
    /// several servers behind a balancer are.
    pub async fn start_beside(&self) -> Self {
        self.start_beside_with(WebConfig::default()).await
    }

    /// A second app server on this server's PostgreSQL database, with its own web settings.
    pub async fn start_beside_with(&self, web: WebConfig) -> Self {
        let url = self
            .postgres_url
            .clone()
            .expect("several servers share a PostgreSQL database");
        let store = tendo_store_sql::PostgresStore::connect(&url)
            .await
            .expect("postgres opens again");
        Self::serve(Arc::new(store), None, Some(url), web, self.clock.clone()).await
    }

    async fn serve(
        store: Arc<dyn Store>,
        sqlite: Option<TempSqlite>,
        postgres_url: Option<String>,
        web: WebConfig,
        clock: Arc<ShiftedClock>,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port is free");
        let address: SocketAddr = listener.local_addr().expect("bound");
        let base = format!("http://{address}");
        let settings = Settings {
            base_url: base.clone(),
            ..Settings::default()
        };
        let app = App::with_clock(store.clone(), settings, clock.clone());
        let state = AppState {
            app: app.clone(),
            web: Arc::new(web),
        };
        let (shutdown, wait) = oneshot::channel();
        tokio::spawn(async move {
            let _ = tendo_web::serve(listener, state, async {
                let _ = wait.await;
            })
            .await;
        });
        TestServer {
            base,
            app,
            clock,
            store,
            shutdown: Some(shutdown),
            _sqlite: sqlite,
            postgres_url,
        }
    }

    /// The store behind the server.
    pub fn store(&self) -> &dyn Store {
        &*self.store
    }

    /// A handle to the store behind the server, for set-up that keeps one (the demo generator).
    pub fn store_handle(&self) -> Arc<dyn Store> {
        self.store.clone()
    }

    /// The full address of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Moves the server's clock forward.
    pub fn advance(&self, by: SignedDuration) {
        self.clock.advance(by);
    }

    /// A browser-like client: keeps cookies, does not follow redirects.
    pub fn client(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(redirect::Policy::none())
            .build()
            .expect("a client builds")
    }

    /// Creates a clinic.
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
        .expect("clinic is created")
    }

    /// Creates a user with [`PASSWORD`].
    pub async fn user(&self, clinic: &Clinic, email: &str, role: Role) -> User {
        accounts::create_user(
            &self.app,
            clinic,
            &NewUserForm {
                email: email.into(),
                name: format!("Person {email}"),
                role,
                profession: Some(Profession::Physiotherapist),
                time_zone: "Europe/London".into(),
                password: PASSWORD.into(),
            },
        )
        .await
        .expect("user is created")
    }

    /// Signs in through the login form and returns a session.
    pub async fn sign_in(&self, email: &str) -> Session {
        let client = self.client();
        let response = client
            .post(self.url("/login"))
            .form(&[("email", email), ("password", PASSWORD)])
            .send()
            .await
            .expect("login answers");
        assert_eq!(response.status(), 303, "signing in {email} redirects");
        let mut session = Session {
            client,
            base: self.base.clone(),
            csrf: String::new(),
        };
        session.csrf = session.csrf_from("/account").await;
        session
    }

    /// A session for `user` made directly in the store (fast, no password hashing).
    pub async fn session_for(&self, user: &User) -> Session {
        let token = random_token();
        let csrf = random_token();
        let now = Timestamp::now();
        self.store()
            .create_session(
                &NewSession {
                    token_hash: token_hash(&token),
                    user_id: user.id,
                    csrf_token: csrf.clone(),
                    created_at: now,
                    expires_at: now + SignedDuration::from_hours(24 * 30),
                    ip: None,
                    user_agent: None,
                },
                &AuditEntry::new("session.start", "test"),
            )
            .await
            .expect("session is stored");
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let url = self.base.parse().expect("base url parses");
        jar.add_cookie_str(&format!("tendo_session={token}; Path=/"), &url);
        let client = Client::builder()
            .cookie_provider(jar)
            .redirect(redirect::Policy::none())
            .build()
            .expect("a client builds");
        Session {
            client,
            base: self.base.clone(),
            csrf,
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// A signed-in client and its CSRF token.
pub struct Session {
    /// The client, with the session cookie.
    pub client: Client,
    /// The server's address.
    pub base: String,
    /// The session's CSRF token.
    pub csrf: String,
}

impl Session {
    /// `GET path`.
    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("the server answers")
    }

    /// `POST path` as a form, with the CSRF token.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut fields: Vec<(&str, &str)> = fields.to_vec();
        fields.push(("_csrf", &self.csrf));
        self.client
            .post(format!("{}{path}", self.base))
            .form(&fields)
            .send()
            .await
            .expect("the server answers")
    }

    /// A request with JSON and the CSRF header.
    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &serde_json::Value,
    ) -> Response {
        self.client
            .request(method, format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf)
            .json(body)
            .send()
            .await
            .expect("the server answers")
    }

    /// Reads the CSRF token from a page's forms.
    pub async fn csrf_from(&self, path: &str) -> String {
        let page = self.get(path).await.text().await.expect("page has a body");
        csrf_in(&page).unwrap_or_default()
    }
}

/// The CSRF token in a page's hidden `_csrf` field.
pub fn csrf_in(page: &str) -> Option<String> {
    let marker = "name=\"_csrf\" value=\"";
    let start = page.find(marker)? + marker.len();
    let end = page[start..].find('"')? + start;
    Some(page[start..end].to_string())
}

/// Text between `before` and the next `after` in `page`.
pub fn between<'a>(page: &'a str, before: &str, after: &str) -> Option<&'a str> {
    let start = page.find(before)? + before.len();
    let end = page[start..].find(after)? + start;
    Some(&page[start..end])
}

/// Runs `script` with the suite's Python (`TENDO_TEST_PYTHON`, where `cargo xtask test` installs
/// the independent readers) with `input` on its standard input, and returns what it did.
pub fn run_python(script: &str, input: &[u8]) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let python = std::env::var("TENDO_TEST_PYTHON").unwrap_or_else(|_| {
        panic!("TENDO_TEST_PYTHON is not set: run `cargo xtask test`, which installs the readers")
    });
    let mut child = Command::new(python)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the test Python starts");
    child
        .stdin
        .take()
        .expect("its standard input")
        .write_all(input)
        .expect("the input is written");
    child.wait_with_output().expect("the test Python finishes")
}
