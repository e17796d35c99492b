//! What the benchmark asks of the server: each scenario is one endpoint, with its requests
//! prepared for many different people so that caches do not flatter the figures; the scaling
//! scenarios ask the same of two reference patients whose histories differ a thousandfold.

use tendo_store::Store;
use tendo_store::accounts::{Clinic, Role};

use crate::fixture::{Actor, Needs, actor, actors, people, reference};
use crate::load::Prepared;
use crate::writers::Writes;

/// One measured scenario.
pub struct Scenario {
    /// Its name in the report.
    pub name: String,
    /// Its group in the report: `read`, `write`, `scaling`.
    pub group: &'static str,
    /// The requests, sent in turn.
    pub requests: Vec<Prepared>,
    /// Whether each request is sent at most once.
    pub once: bool,
    /// Whether the server may not have this endpoint yet (it is left out if it answers 404).
    pub optional: bool,
    /// Whether each request is sent with the `ETag` of its first answer in `If-None-Match`,
    /// as by a client that holds the view (left out when the server does not tag it).
    pub revalidated: bool,
}

/// The people a run acts as.
pub struct Cast {
    /// The clinic measured.
    pub clinic: Clinic,
    /// Patients of the clinic (every kind, most on a plan).
    pub patients: Vec<Actor>,
    /// Clinicians of the clinic.
    pub clinicians: Vec<Actor>,
    /// The reference patients with a short and a long history, when the clinic has them.
    pub references: Option<(Actor, Actor)>,
}

/// Finds the people of the clinic to measure and signs them in.
pub async fn cast(store: &dyn Store) -> anyhow::Result<Cast> {
    let clinic = crate::fixture::main_clinic(store).await?;
    let patients = actors(
        store,
        people(store, &clinic, Role::Patient, 400).await?,
        Needs::Both,
    )
    .await?;
    anyhow::ensure!(!patients.is_empty(), "the clinic has no patients to act as");
    let clinicians = actors(
        store,
        people(store, &clinic, Role::Clinician, 50).await?,
        Needs::Both,
    )
    .await?;
    let references = match (
        reference(store, &clinic, "short").await?,
        reference(store, &clinic, "long").await?,
    ) {
        (Some(short), Some(long)) => Some((
            actor(store, short, Needs::Both).await?,
            actor(store, long, Needs::Both).await?,
        )),
        _ => None,
    };
    Ok(Cast {
        clinic,
        patients,
        clinicians,
        references,
    })
}

/// A page for each of `actors`.
pub fn pages(actors: &[Actor], path: &str) -> Vec<Prepared> {
    actors
        .iter()
        .map(|actor| Prepared::get(path, actor.browser_headers()))
        .collect()
}

/// An API read of each of `actors`' own record: `/api/v1/patients/{id}/{tail}`.
pub fn patient_api(actors: &[Actor], tail: &str) -> Vec<Prepared> {
    actors
        .iter()
        .map(|actor| {
            Prepared::get(
                format!("/api/v1/patients/{}/{tail}", actor.user.id),
                actor.api_headers(),
            )
        })
        .collect()
}

/// The slot search of the clinic's follow-up type, for the next week from each of the next
/// seven days.
pub async fn slot_searches(store: &dyn Store, clinic: &Clinic) -> anyhow::Result<Vec<Prepared>> {
    let types = store.appointment_types(clinic.id).await?;
    let Some(kind) = types.iter().find(|kind| kind.active) else {
        return Ok(Vec::new());
    };
    let today = jiff::Zoned::now().date();
    Ok((1..=7)
        .filter_map(|offset| today.checked_add(jiff::Span::new().days(offset)).ok())
        .map(|from| {
            Prepared::get(
                format!(
                    "/api/v1/clinics/{}/slots?type={}&from={from}&days=7",
                    clinic.slug, kind.id
                ),
                Vec::new(),
            )
        })
        .collect())
}

/// The record of each patient of the cast read by a clinician of their care team (as a page
/// or, with `api`, through the API); patients with no signed-in clinician are left out.
pub async fn records(store: &dyn Store, cast: &Cast, api: bool) -> anyhow::Result<Vec<Prepared>> {
    let mut out = Vec::new();
    for patient in &cast.patients {
        let team = store
            .patient(cast.clinic.id, patient.user.id)
            .await?
            .care_team;
        let Some(clinician) = cast
            .clinicians
            .iter()
            .find(|clinician| team.contains(&clinician.user.id))
        else {
            continue;
        };
        out.push(if api {
            Prepared::get(
                format!("/api/v1/patients/{}/record", patient.user.id),
                clinician.api_headers(),
            )
        } else {
            Prepared::get(
                format!("/clinic/patients/{}", patient.user.id),
                clinician.browser_headers(),
            )
        });
    }
    Ok(out)
}

fn read(name: &str, requests: Vec<Prepared>) -> Scenario {
    Scenario {
        name: name.into(),
        group: "read",
        requests,
        once: false,
        optional: false,
        revalidated: false,
    }
}

fn write(name: &str, requests: Vec<Prepared>) -> Scenario {
    Scenario {
        name: name.into(),
        group: "write",
        requests,
        once: true,
        optional: false,
        revalidated: false,
    }
}

/// Every scenario, one endpoint each.
pub async fn all(
    store: &dyn Store,
    cast: &Cast,
    writes: &mut Writes,
) -> anyhow::Result<Vec<Scenario>> {
    let patients = &cast.patients;
    let mut out = vec![
        read(
            "sign-in page (GET /login)",
            vec![Prepared::get("/login", Vec::new())],
        ),
        read(
            "patient: today page (GET /today)",
            pages(patients, "/today"),
        ),
        read(
            "patient: progress charts (GET /progress)",
            pages(patients, "/progress"),
        ),
        read("patient: plan page (GET /plan)", pages(patients, "/plan")),
        read(
            "patient: running log (GET /running)",
            pages(patients, "/running"),
        ),
        read(
            "API: who am I (GET /api/v1/me)",
            patients
                .iter()
                .map(|p| Prepared::get("/api/v1/me", p.api_headers()))
                .collect(),
        ),
        read(
            "API: today (GET /api/v1/patients/{id}/today)",
            patient_api(patients, "today"),
        ),
        read(
            "API: progress (GET /api/v1/patients/{id}/progress)",
            patient_api(patients, "progress"),
        ),
        Scenario {
            revalidated: true,
            ..read(
                "API: progress, unchanged (GET …/progress with If-None-Match: 304)",
                patient_api(patients, "progress"),
            )
        },
        read(
            "API: 28 days of sessions (GET /api/v1/patients/{id}/sessions)",
            patient_api(patients, "sessions"),
        ),
        read(
            "clinician: calendar (GET /clinic/calendar)",
            pages(&cast.clinicians, "/clinic/calendar"),
        ),
        read(
            "clinician: caseload (GET /clinic/caseload)",
            pages(&cast.clinicians, "/clinic/caseload"),
        ),
        read(
            "API: caseload (GET /api/v1/caseload)",
            cast.clinicians
                .iter()
                .map(|c| Prepared::get("/api/v1/caseload", c.api_headers()))
                .collect(),
        ),
        read(
            "clinician: a patient's record (GET /clinic/patients/{id})",
            records(store, cast, false).await?,
        ),
        read(
            "API: a patient's record (GET /api/v1/patients/{id}/record)",
            records(store, cast, true).await?,
        ),
        read(
            "public: slot search, 7 days (GET /api/v1/clinics/{slug}/slots)",
            slot_searches(store, &cast.clinic).await?,
        ),
        read(
            "API: a patient's full export (GET /api/v1/patients/{id}/export)",
            patient_api(patients, "export"),
        ),
    ];
    out.push(write(
        "write: log a session (POST /api/v1/patients/{id}/sessions)",
        std::mem::take(&mut writes.api_sessions),
    ));
    out.push(write(
        "write: log a session, form (POST /today/session)",
        std::mem::take(&mut writes.form_sessions),
    ));
    out.push(write(
        "write: next-morning check-in (POST /api/v1/patients/{id}/checkins)",
        std::mem::take(&mut writes.checkins),
    ));
    out.push(write(
        "write: tick a set in workout mode (PUT /api/v1/patients/{id}/sessions/draft)",
        std::mem::take(&mut writes.ticks),
    ));
    out.push(write(
        "write: book an appointment (POST /api/v1/appointments)",
        std::mem::take(&mut writes.bookings),
    ));
    out.push(write(
        "write: sign in with a password (POST /login)",
        std::mem::take(&mut writes.sign_ins),
    ));
    if let Some((short, long)) = &cast.references {
        for (label, actor) in [("short", short), ("long", long)] {
            let one = std::slice::from_ref(actor);
            for (what, requests) in [
                ("today page", pages(one, "/today")),
                ("progress charts", pages(one, "/progress")),
                ("plan page", pages(one, "/plan")),
                ("running log", pages(one, "/running")),
                ("questionnaires", pages(one, "/questionnaires")),
                ("API today", patient_api(one, "today")),
                ("API progress", patient_api(one, "progress")),
                ("API plan", patient_api(one, "plan")),
            ] {
                out.push(Scenario {
                    name: format!("scaling, {label} history: {what}"),
                    group: "scaling",
                    requests,
                    once: false,
                    optional: false,
                    revalidated: false,
                });
            }
        }
    }
    out.retain(|scenario| !scenario.requests.is_empty());
    Ok(out)
}
