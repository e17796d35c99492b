//! The patients who write during a run. A patient logs a session (or two) a day, ticks its sets
//! in workout mode, answers one check-in a morning and books a free time once, so each run adds
//! a fresh clinic of writers (`bench-writers-…`, made by the same generator as `tendo demo
//! generate`, with two weeks of history ending yesterday) and sends each write request once.
//! The clinic being measured is not changed by it, apart from the time its writes take on a
//! shared database.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use serde_json::json;
use tendo_app::access::{Caller, Credential, RequestMeta};
use tendo_app::demo::bulk::{BulkScale, generate_clinics};
use tendo_app::patient::today;
use tendo_app::{App, Settings};
use tendo_store::Store;
use tendo_store::accounts::{Role, User};
use tendo_store::ids::UserId;

use crate::fixture::{Actor, Needs, actors};
use crate::load::Prepared;

/// The prefix of writers' clinics.
pub const PREFIX: &str = "bench-writers";

/// Days of history each writer has.
const HISTORY_DAYS: u32 = 14;

/// The write requests of a run, each to be sent once.
#[derive(Default)]
pub struct Writes {
    /// Sessions logged through the API.
    pub api_sessions: Vec<Prepared>,
    /// Sessions logged with the today page's form.
    pub form_sessions: Vec<Prepared>,
    /// Next-morning check-ins through the API.
    pub checkins: Vec<Prepared>,
    /// Appointments booked through the API.
    pub bookings: Vec<Prepared>,
    /// Sets ticked in workout mode: today's draft saved whole, one more set each time.
    pub ticks: Vec<Prepared>,
    /// Sessions for the mixed run.
    pub mix_sessions: Vec<Prepared>,
    /// Check-ins for the mixed run.
    pub mix_checkins: Vec<Prepared>,
    /// Bookings for the mixed run.
    pub mix_bookings: Vec<Prepared>,
    /// Sign-ins with an email address and a password, each from its own address.
    pub sign_ins: Vec<Prepared>,
}

/// How many writers sign in with a password during a run: each hash takes Argon2id's full
/// memory and time, so this is what shows what sign-ins cost the server.
const SIGN_INS: usize = 300;

/// How many sets each ticking writer ticks.
const TICKS_EACH: usize = 3;

/// The password the signing-in writers have.
const SIGN_IN_PASSWORD: &str = "bench writers sign in with this";

/// A session as a patient logs it from today's plan: every set done as planned.
fn session_sets(today: &today::Today) -> Vec<serde_json::Value> {
    let mut sets = Vec::new();
    for item in &today.items {
        let loaded = item.load.contains("RM") || item.load.contains("kg");
        for number in 1..=item.sets {
            sets.push(json!({
                "exercise": item.exercise,
                "set_number": number,
                "reps": item.reps,
                "load_kg": loaded.then_some(20.0),
                "hold_seconds": item.hold_seconds,
            }));
        }
    }
    sets
}

/// The first sets of a session ticked one at a time in workout mode: each request saves the
/// draft whole, with one more set than the last.
fn ticks(actor: &Actor, sets: &[serde_json::Value]) -> Vec<Prepared> {
    (1..=sets.len().min(TICKS_EACH))
        .map(|ticked| {
            Prepared::put(
                format!("/api/v1/patients/{}/sessions/draft", actor.user.id),
                actor.api_headers(),
                "application/json",
                json!({ "sets": &sets[..ticked] }).to_string(),
            )
        })
        .collect()
}

/// Percent-encodes a form value (ids, numbers and words need little).
fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn form_body(actor: &Actor, sets: &[serde_json::Value]) -> String {
    let mut pairs = vec![("_csrf".to_string(), actor.csrf.clone())];
    for (index, set) in sets.iter().enumerate() {
        for field in ["exercise", "set_number", "reps", "load_kg", "hold_seconds"] {
            let value = match &set[field] {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            pairs.push((format!("sets[{index}].{field}"), value));
        }
    }
    pairs.push(("pain_during".into(), "3".into()));
    pairs.push(("pain_after".into(), "2".into()));
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Makes a fresh clinic of `count` writers and prepares their write requests.
pub async fn prepare(store: Arc<dyn Store>, count: usize) -> anyhow::Result<Writes> {
    if count == 0 {
        return Ok(Writes::default());
    }
    let now = Timestamp::now();
    let prefix = format!("{PREFIX}-{}", now.as_second());
    let scale = BulkScale {
        clinics: 1,
        clinicians_per_clinic: 30,
        patients_per_clinic: count,
        days: HISTORY_DAYS,
        heavy_logs: 0,
    };
    generate_clinics(store.clone(), &prefix, &scale, now, &|_| {}).await?;
    let app = App::new(store.clone(), Settings::default());
    let clinic = store.clinic_by_slug(&format!("{prefix}-1")).await?;
    let patients = store.users_with_role(clinic.id, Role::Patient).await?;
    let mut loggers: Vec<(User, Vec<serde_json::Value>)> = Vec::new();
    let mut pending: Vec<User> = Vec::new();
    for user in &patients {
        let caller = Caller {
            user: user.clone(),
            credential: Credential::Session,
            meta: RequestMeta::default(),
        };
        let view = today::view(&app, &caller, user.id).await?;
        let Some(day) = view.today else { continue };
        if day.prompt.is_some() {
            pending.push(user.clone());
        }
        if day.can_log && !day.items.is_empty() {
            loggers.push((user.clone(), session_sets(&day)));
        }
    }
    // Passwords first: setting one ends the person's sessions, and the actors' come next.
    let sign_ins = with_passwords(&*store, &patients[..patients.len().min(SIGN_INS)]).await?;
    let everyone = actors(&*store, patients.clone(), Needs::Both).await?;
    let by_id: HashMap<UserId, &Actor> = everyone
        .iter()
        .map(|actor| (actor.user.id, actor))
        .collect();
    let mut writes = Writes {
        sign_ins,
        ..Writes::default()
    };
    // A check-in may change the plan, and with it the exercises a session may log: the
    // sessions of the mixed run (which comes after the check-in run) are left to patients
    // who send no check-in.
    let checkers: std::collections::HashSet<UserId> = pending.iter().map(|user| user.id).collect();
    let split = loggers.len() * 2 / 5;
    let form_end = loggers.len() * 3 / 5;
    for (index, (user, sets)) in loggers.iter().enumerate() {
        let Some(actor) = by_id.get(&user.id) else {
            continue;
        };
        if (split..form_end).contains(&index) {
            writes.form_sessions.push(Prepared::post(
                "/today/session",
                actor.browser_headers(),
                "application/x-www-form-urlencoded",
                form_body(actor, sets),
            ));
            continue;
        }
        let request = Prepared::post(
            format!("/api/v1/patients/{}/sessions", user.id),
            actor.api_headers(),
            "application/json",
            json!({ "sets": sets, "pain_during": 3, "pain_after": 2 }).to_string(),
        );
        if index < split {
            writes.api_sessions.push(request);
        } else if !checkers.contains(&user.id) {
            // Before the mixed run logs their session, these writers tick sets in workout
            // mode (a draft does not stand in the way of a session logged).
            writes.ticks.extend(ticks(actor, sets));
            writes.mix_sessions.push(request);
        }
    }
    for (index, user) in pending.iter().enumerate() {
        let Some(actor) = by_id.get(&user.id) else {
            continue;
        };
        let request = Prepared::post(
            format!("/api/v1/patients/{}/checkins", user.id),
            actor.api_headers(),
            "application/json",
            json!({ "pain": 2 }).to_string(),
        );
        if index % 2 == 0 {
            writes.checkins.push(request);
        } else {
            writes.mix_checkins.push(request);
        }
    }
    let bookings = bookings(&app, &clinic, &everyone, now).await?;
    for (index, request) in bookings.into_iter().enumerate() {
        if index % 2 == 0 {
            writes.bookings.push(request);
        } else {
            writes.mix_bookings.push(request);
        }
    }
    Ok(writes)
}

/// Gives `people` the same password (hashed once, as a server would) and prepares one sign-in
/// for each, from its own documentation address (the server trusts `X-Forwarded-For` in the
/// benchmark), as sign-ins come from many places.
async fn with_passwords(store: &dyn Store, people: &[User]) -> anyhow::Result<Vec<Prepared>> {
    let hash = tendo_app::password::hash(SIGN_IN_PASSWORD.to_string()).await?;
    let mut out = Vec::new();
    for (index, person) in people.iter().enumerate() {
        let audit = tendo_store::audit::AuditEntry::new("bench.password_set", "password")
            .in_clinic(person.clinic_id)
            .about(person.id);
        store.set_password(person.id, &hash, &audit).await?;
        let address = format!("198.18.{}.{}", index / 250, index % 250 + 1);
        out.push(Prepared::post(
            "/login",
            vec![("x-forwarded-for".into(), address)],
            "application/x-www-form-urlencoded",
            format!(
                "email={}&password={}",
                encode(&person.email),
                encode(SIGN_IN_PASSWORD)
            ),
        ));
    }
    Ok(out)
}

/// One booking per patient at free times two days to two weeks ahead, no two of a clinician
/// overlapping.
async fn bookings(
    app: &App,
    clinic: &tendo_store::accounts::Clinic,
    patients: &[Actor],
    now: Timestamp,
) -> anyhow::Result<Vec<Prepared>> {
    let types = tendo_app::booking::catalogue::bookable_types(app, clinic.id).await?;
    let Some(kind) = types.iter().find(|kind| kind.name == "Video follow-up") else {
        return Ok(Vec::new());
    };
    let zone = TimeZone::get(&clinic.time_zone).unwrap_or(TimeZone::UTC);
    let from: Date = now.to_zoned(zone.clone()).date().checked_add(2.days())?;
    let (_, options) = tendo_app::booking::slots::find(
        app,
        clinic.clone(),
        kind.id,
        None,
        &zone,
        from,
        tendo_app::booking::slots::MAX_DAYS,
    )
    .await?;
    let pitch = SignedDuration::from_mins(
        i64::from(kind.duration_minutes) + i64::from(kind.buffer_after_minutes),
    );
    let mut free_from: HashMap<UserId, Timestamp> = HashMap::new();
    let mut patients = patients.iter();
    let mut out = Vec::new();
    for option in options {
        for clinician in &option.clinicians {
            if free_from
                .get(clinician)
                .is_some_and(|free| option.start < *free)
            {
                continue;
            }
            let Some(patient) = patients.next() else {
                return Ok(out);
            };
            free_from.insert(*clinician, option.start.checked_add(pitch)?);
            out.push(Prepared::post(
                "/api/v1/appointments",
                patient.api_headers(),
                "application/json",
                json!({
                    "type": kind.id.to_string(),
                    "start": option.start.to_string(),
                    "clinician": clinician.to_string(),
                })
                .to_string(),
            ));
        }
    }
    Ok(out)
}
