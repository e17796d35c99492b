//! What the benchmark asks of the server: each scenario is one endpoint (or a mix), with its
//! requests prepared for many different people so that caches do not flatter the figures.

use tendo_store::Store;
use tendo_store::accounts::Role;

use crate::fixture::{actor, people};
use crate::load::Prepared;

/// One measured scenario.
pub struct Scenario {
    /// Its name in the report.
    pub name: String,
    /// The requests, sent in turn.
    pub requests: Vec<Prepared>,
}

/// Prepares every scenario against the data in `store`.
pub async fn prepare(store: &dyn Store) -> anyhow::Result<Vec<Scenario>> {
    let mut patients = Vec::new();
    for user in people(store, Role::Patient, 200).await? {
        patients.push(actor(store, user).await?);
    }
    anyhow::ensure!(
        !patients.is_empty(),
        "the database has no patients to act as"
    );
    let pages = |path: &str| -> Vec<Prepared> {
        patients
            .iter()
            .map(|patient| Prepared::get(path, patient.browser_headers()))
            .collect()
    };
    let api = |path: &str| -> Vec<Prepared> {
        patients
            .iter()
            .map(|patient| Prepared::get(path, patient.api_headers()))
            .collect()
    };
    Ok(vec![
        Scenario {
            name: "sign-in page (GET /login)".into(),
            requests: vec![Prepared::get("/login", Vec::new())],
        },
        Scenario {
            name: "account page, signed in (GET /account)".into(),
            requests: pages("/account"),
        },
        Scenario {
            name: "API: who am I (GET /api/v1/me, token)".into(),
            requests: api("/api/v1/me"),
        },
        Scenario {
            name: "API: a patient's full export (GET /api/v1/patients/{id}/export)".into(),
            requests: patients
                .iter()
                .map(|patient| {
                    Prepared::get(
                        format!("/api/v1/patients/{}/export", patient.user.id),
                        patient.api_headers(),
                    )
                })
                .collect(),
        },
    ])
}
