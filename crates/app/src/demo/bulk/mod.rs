//! Large generated clinics for performance runs (`tendo demo generate`): up to hundreds of
//! clinicians and tens of thousands of patients with a year of history each, written in bulk.
//!
//! The clinical history is computed with the engine directly — the intake's first plan, every
//! next-morning decision and the plan versions it makes, questionnaire scores, the massage-gun
//! advice — by the same pure functions the services call, but without a request per change. A
//! producer thread computes the rows and a writer sends them to the store in large batches
//! ([`tendo_store::bulk::BulkStore`]), so that computing and writing overlap.
//!
//! Patients cycle through the demo's [`Archetype`]s (about one in forty each is new, half-way
//! through the intake or stopped by a red flag; the rest are on a plan). With
//! [`BulkScale::heavy_logs`] the first clinic also gets two reference patients with the same
//! twice-daily programme: one with about a thousand logs and one with about `heavy_logs`, for
//! showing that a page costs the same whatever the length of the history.

mod clinic;
mod history;
mod intake;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;
use tendo_store::Store;
use tendo_store::accounts::{NewUser, Role};
use tendo_store::audit::AuditEntry;
use tendo_store::bulk::BulkBatch;
use tendo_store::ids::UserId;

use self::clinic::{GeneratedClinic, ZONE, follow_ups, set_up};
use self::history::{Counts, Spec, generate};
use super::people::Archetype;
use super::{DEMO_PASSWORD, DemoLogin};
use crate::error::{AppError, AppResult};
use crate::password;

/// Rows per batch written in one transaction.
const BATCH_ROWS: usize = 40_000;

/// How big a generated database to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BulkScale {
    /// Clinics.
    pub clinics: usize,
    /// Clinicians per clinic (every third a massage therapist).
    pub clinicians_per_clinic: usize,
    /// Patients per clinic.
    pub patients_per_clinic: usize,
    /// Days of history before today (each patient starts up to four weeks later than this).
    pub days: u32,
    /// When not zero, the first clinic gets a reference patient with about a thousand logs and
    /// one with about this many.
    pub heavy_logs: u64,
}

impl BulkScale {
    /// A small clinic: 5 clinicians, 100 patients, a year each.
    pub const SMALL: BulkScale = BulkScale {
        clinics: 1,
        clinicians_per_clinic: 5,
        patients_per_clinic: 100,
        days: 365,
        heavy_logs: 0,
    };

    /// A large clinic: 200 clinicians, 20,000 patients, a year each, and the reference
    /// patients with a thousand and a million logs.
    pub const LARGE: BulkScale = BulkScale {
        clinics: 1,
        clinicians_per_clinic: 200,
        patients_per_clinic: 20_000,
        days: 365,
        heavy_logs: 1_000_000,
    };
}

/// How far the generator has got.
#[derive(Clone, Copy, Debug, Default)]
pub struct BulkProgress {
    /// Patients whose history is written.
    pub patients_done: u64,
    /// Patients to write.
    pub patients_total: u64,
    /// Rows written so far.
    pub rows_written: u64,
}

/// What was generated.
#[derive(Clone, Debug, Serialize)]
pub struct BulkSummary {
    /// The password of every account.
    pub password: String,
    /// The scale asked for.
    pub scale: BulkScale,
    /// Some logins of each clinic: its administrator, two clinicians, a patient of each
    /// archetype and the reference patients.
    pub logins: Vec<DemoLogin>,
    /// Patients made.
    pub patients: u64,
    /// Logs (sessions, sets, check-ins, questionnaires, massage-gun sessions, running weeks).
    pub logs: u64,
    /// Plan versions.
    pub plan_versions: u64,
    /// Rows written in all.
    pub rows: u64,
    /// The reference patients' emails with their logs.
    pub reference_patients: Vec<(String, u64)>,
}

/// The archetype of the `number`th patient of a clinic.
fn archetype_of(number: usize) -> Archetype {
    const ACTIVE: [Archetype; 5] = [
        Archetype::Steady,
        Archetype::Flare,
        Archetype::Hamstring,
        Archetype::Isometric,
        Archetype::Gaps,
    ];
    match number % 40 {
        0 => Archetype::RedFlag,
        1 => Archetype::HalfIntake,
        2 => Archetype::New,
        n => ACTIVE[n % ACTIVE.len()],
    }
}

const FIRST_NAMES: [&str; 12] = [
    "Alex", "Bea", "Chris", "Dana", "Eli", "Fran", "Gus", "Hana", "Ines", "Jon", "Kira", "Luca",
];
const SURNAMES: [&str; 10] = [
    "Fairweather",
    "Moreau",
    "Adeyemi",
    "Novak",
    "Sato",
    "Quinn",
    "Brennan",
    "Costa",
    "Lindqvist",
    "Okafor",
];

/// One patient to make: their account and how long their history is.
struct Planned {
    user: NewUser,
    archetype: Archetype,
    seed: u64,
    days: i64,
    physio: Option<(UserId, usize)>,
}

fn patient(clinic: &GeneratedClinic, number: usize, hash: &str, now: Timestamp) -> NewUser {
    let first = FIRST_NAMES[number % FIRST_NAMES.len()];
    let surname = SURNAMES[(number / FIRST_NAMES.len()) % SURNAMES.len()];
    NewUser {
        id: UserId::new(),
        clinic_id: clinic.clinic.id,
        email: format!("patient{}@{}", number + 1, clinic.domain),
        name: format!("{first} {surname} {}", number + 1),
        role: Role::Patient,
        profession: None,
        time_zone: ZONE.into(),
        password_hash: Some(hash.to_string()),
        care_clinician: None,
        created_at: now,
    }
}

/// Logs of `days` of the reference patients' twice-daily history, counted without keeping the
/// rows.
fn logs_in(user: &NewUser, days: i64, today: Date) -> AppResult<u64> {
    let spec = Spec {
        user,
        archetype: Archetype::Flare,
        seed: 1,
        days,
        today,
    };
    let mut scratch = BulkBatch::default();
    let counts = generate(&spec, &mut scratch, 10_000, &mut |batch| {
        *batch = BulkBatch::default();
    })?;
    Ok(counts.logs.max(1))
}

/// Days of the reference patients' history that make about `logs` logs: estimated from twelve
/// weeks, then corrected once on a full count (the plan changes as the history grows).
fn days_for_logs(user: &NewUser, logs: u64, today: Date) -> AppResult<i64> {
    let sample = 84;
    let mut days = (logs as f64 / (logs_in(user, sample, today)? as f64 / sample as f64)).ceil();
    if days > sample as f64 {
        let counted = logs_in(user, days as i64, today)? as f64;
        days = (days * logs as f64 / counted).ceil();
    }
    Ok((days as i64).max(1))
}

/// Everyone of a clinic to generate, in order, with the reference patients last.
fn roster(
    clinic: &GeneratedClinic,
    scale: &BulkScale,
    first_clinic: bool,
    hash: &str,
    now: Timestamp,
    today: Date,
) -> AppResult<Vec<Planned>> {
    let physio_for = |number: usize| {
        (!clinic.physios.is_empty()).then(|| {
            let count = clinic.physios.len();
            (clinic.physios[number % count], number / count)
        })
    };
    let mut planned = Vec::with_capacity(scale.patients_per_clinic + 2);
    for number in 0..scale.patients_per_clinic {
        let mut user = patient(clinic, number, hash, now);
        let physio = physio_for(number);
        user.care_clinician = physio.map(|(id, _)| id);
        let archetype = archetype_of(number);
        let seed = number as u64;
        let days = i64::from(scale.days.max(7)) - i64::try_from(seed % 28).unwrap_or(0);
        planned.push(Planned {
            user,
            archetype,
            seed,
            days: days.max(7),
            physio,
        });
    }
    if first_clinic && scale.heavy_logs > 0 {
        for (offset, (name, logs)) in [("short", 1_000), ("long", scale.heavy_logs)]
            .into_iter()
            .enumerate()
        {
            let number = scale.patients_per_clinic + offset;
            let mut user = patient(clinic, number, hash, now);
            user.email = format!("reference-{name}@{}", clinic.domain);
            user.name = format!("Reference {name} history");
            let physio = physio_for(number);
            user.care_clinician = physio.map(|(id, _)| id);
            let days = days_for_logs(&user, logs, today)?;
            planned.push(Planned {
                user,
                archetype: Archetype::Flare,
                seed: 1,
                days,
                physio,
            });
        }
    }
    Ok(planned)
}

/// The prefix of generated clinics' slugs: `tendon-clinic-1`, `tendon-clinic-2` …
pub const CLINIC_PREFIX: &str = "tendon-clinic";

/// Makes the clinics of `scale` in `store` (`tendon-clinic-1` …), with history up to
/// yesterday (today is left free for the benchmark's writes), reporting progress after each
/// batch.
pub async fn generate_bulk(
    store: Arc<dyn Store>,
    scale: &BulkScale,
    now: Timestamp,
    progress: &(dyn Fn(&BulkProgress) + Send + Sync),
) -> AppResult<BulkSummary> {
    generate_clinics(store, CLINIC_PREFIX, scale, now, progress).await
}

/// Makes the clinics of `scale` with slugs `{prefix}-1`, `{prefix}-2` … (the slugs must be
/// free), as [`generate_bulk`] does.
pub async fn generate_clinics(
    store: Arc<dyn Store>,
    prefix: &str,
    scale: &BulkScale,
    now: Timestamp,
    progress: &(dyn Fn(&BulkProgress) + Send + Sync),
) -> AppResult<BulkSummary> {
    let hash = password::hash(DEMO_PASSWORD.to_string()).await?;
    let today = now
        .to_zoned(jiff::tz::TimeZone::get(ZONE).unwrap_or(jiff::tz::TimeZone::UTC))
        .date();
    let mut clinics = Vec::new();
    for index in 0..scale.clinics.max(1) {
        clinics.push(set_up(&*store, prefix, index + 1, scale, &hash, now).await?);
    }
    let mut rosters = Vec::new();
    for (index, clinic) in clinics.iter().enumerate() {
        rosters.push(roster(clinic, scale, index == 0, &hash, now, today)?);
    }
    let total: u64 = rosters.iter().map(|roster| roster.len() as u64).sum();
    let done = Arc::new(AtomicU64::new(0));
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<BulkBatch>(2);
    let producer = {
        let clinics = clinics.clone();
        let done = done.clone();
        tokio::task::spawn_blocking(move || produce(&clinics, rosters, today, now, &done, &sender))
    };
    let mut rows = 0u64;
    let mut failure = None;
    while let Some(batch) = receiver.recv().await {
        if let Err(error) = store.write_bulk(&batch).await {
            failure = Some(error);
            break;
        }
        rows += batch.rows() as u64;
        progress(&BulkProgress {
            patients_done: done.load(Ordering::Relaxed),
            patients_total: total,
            rows_written: rows,
        });
    }
    drop(receiver);
    let produced = producer
        .await
        .map_err(|error| AppError::internal(format!("the generator stopped: {error}")))?;
    if let Some(error) = failure {
        return Err(error.into());
    }
    let (counts, references) = produced?;
    let mut logins = Vec::new();
    for clinic in &clinics {
        logins.extend(sample_logins(clinic));
    }
    Ok(BulkSummary {
        password: DEMO_PASSWORD.into(),
        scale: *scale,
        logins,
        patients: total,
        logs: counts.logs,
        plan_versions: counts.plan_versions,
        rows,
        reference_patients: references,
    })
}

type Produced = AppResult<(Counts, Vec<(String, u64)>)>;

/// Computes every patient's rows and sends them in batches; stops when the writer stops.
fn produce(
    clinics: &[GeneratedClinic],
    rosters: Vec<Vec<Planned>>,
    today: Date,
    now: Timestamp,
    done: &AtomicU64,
    sender: &tokio::sync::mpsc::Sender<BulkBatch>,
) -> Produced {
    let mut totals = Counts::default();
    let mut references = Vec::new();
    let mut batch = BulkBatch::default();
    let mut writer = Writer {
        sender,
        closed: false,
    };
    for (clinic, roster) in clinics.iter().zip(rosters) {
        for planned in roster {
            batch.users.push(planned.user.clone());
            let spec = Spec {
                user: &planned.user,
                archetype: planned.archetype,
                seed: planned.seed,
                days: planned.days,
                today,
            };
            let counts = generate(&spec, &mut batch, BATCH_ROWS, &mut |full| writer.send(full))?;
            if let Some((physio, k)) = planned.physio
                && counts.plan_versions > 0
            {
                let first = today
                    .checked_sub(planned.days.min(365).days())
                    .unwrap_or(today);
                let user = planned.user.id;
                batch
                    .appointments
                    .extend(follow_ups(clinic, user, physio, k, first, today, now));
            }
            let mut entry =
                AuditEntry::new("demo.generate", format!("patient/{}", planned.user.id))
                    .in_clinic(clinic.clinic.id)
                    .about(planned.user.id)
                    .detail(format!(
                        "generated history: {} logs, {} plan versions",
                        counts.logs, counts.plan_versions
                    ));
            entry.at = now;
            batch.audit.push(entry);
            totals.logs += counts.logs;
            totals.plan_versions += counts.plan_versions;
            if planned.user.email.starts_with("reference-") {
                references.push((planned.user.email.clone(), counts.logs));
            }
            done.fetch_add(1, Ordering::Relaxed);
            if batch.rows() >= BATCH_ROWS {
                writer.send(&mut batch);
            }
            if writer.closed {
                return Ok((totals, references));
            }
        }
    }
    writer.send(&mut batch);
    Ok((totals, references))
}

/// Hands full batches to the writer task.
struct Writer<'a> {
    sender: &'a tokio::sync::mpsc::Sender<BulkBatch>,
    closed: bool,
}

impl Writer<'_> {
    fn send(&mut self, batch: &mut BulkBatch) {
        let full = std::mem::take(batch);
        if !self.closed && self.sender.blocking_send(full).is_err() {
            self.closed = true;
        }
    }
}

/// The logins worth printing: the administrator, two clinicians, one patient of each archetype
/// and the reference patients.
fn sample_logins(clinic: &GeneratedClinic) -> Vec<DemoLogin> {
    let mut logins = vec![DemoLogin {
        role: Role::Admin,
        name: clinic.admin.name.clone(),
        email: clinic.admin.email.clone(),
        shows: "The clinic's people, calendar and audit log.".into(),
    }];
    for clinician in clinic.clinicians.iter().take(2) {
        logins.push(DemoLogin {
            role: Role::Clinician,
            name: clinician.name.clone(),
            email: clinician.email.clone(),
            shows: "A clinician of the generated clinic.".into(),
        });
    }
    for number in 0..8 {
        let archetype = archetype_of(number);
        logins.push(DemoLogin {
            role: Role::Patient,
            name: format!("Patient {}", number + 1),
            email: format!("patient{}@{}", number + 1, clinic.domain),
            shows: archetype.shows().into(),
        });
    }
    logins
}
