//! The demo clinic: clinicians, an administrator and patients at different stages, with weeks
//! of realistic history, written through the store by the application's own services.
//!
//! [`generate`] takes a [`DemoScale`]; the default is one small clinic (3 clinicians, 8
//! patients, 12 weeks). A performance run can ask for many clinics, patients and days: every
//! patient's history is made by the same services a real patient uses (intake, sessions,
//! check-ins moving the plan, questionnaires, the massage gun, the running log), at the moments
//! a demo clock is set to, so the data has the shape real data has.

mod booking;
pub mod bulk;
pub(crate) mod history;
mod people;

use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tendo_store::Store;
use tendo_store::accounts::{NewClinic, Role};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::ClinicId;

use crate::clock::Clock;
use crate::error::AppResult;
use crate::{App, Settings, password};

pub use people::Archetype;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "tendo-demo-2024";

/// How big a demo to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoScale {
    /// Clinics.
    pub clinics: usize,
    /// Clinicians per clinic (every third is a massage therapist).
    pub clinicians_per_clinic: usize,
    /// Patients per clinic, cycling through the [`Archetype`]s.
    pub patients_per_clinic: usize,
    /// Days of history for the patients who started longest ago.
    pub days: u32,
}

impl Default for DemoScale {
    fn default() -> Self {
        DemoScale {
            clinics: 1,
            clinicians_per_clinic: 3,
            patients_per_clinic: 8,
            days: 84,
        }
    }
}

/// One demo account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoLogin {
    /// `patient`, `clinician` or `admin`.
    pub role: Role,
    /// Their name.
    pub name: String,
    /// Their sign-in email.
    pub email: String,
    /// What signing in as them shows.
    pub shows: String,
}

/// A demo clinic and its accounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoClinic {
    /// The clinic's name.
    pub name: String,
    /// Its address part: its public booking page is `/c/{slug}`.
    #[serde(default)]
    pub slug: String,
    /// Its accounts: administrator, clinicians, patients.
    pub logins: Vec<DemoLogin>,
}

/// What was made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Demo {
    /// The password of every account.
    pub password: String,
    /// The clinics.
    pub clinics: Vec<DemoClinic>,
}

/// A clock the demo sets to each moment of the history it writes.
#[derive(Debug)]
pub(crate) struct DemoClock(Mutex<Timestamp>);

impl DemoClock {
    /// A clock standing at `at`.
    pub(crate) fn at(at: Timestamp) -> DemoClock {
        DemoClock(Mutex::new(at))
    }

    pub(crate) fn set(&self, at: Timestamp) {
        if let Ok(mut now) = self.0.lock() {
            *now = at;
        }
    }
}

impl Clock for DemoClock {
    fn now(&self) -> Timestamp {
        self.0
            .lock()
            .map(|now| *now)
            .unwrap_or_else(|_| Timestamp::now())
    }
}

/// Makes the demo clinics in `store`, with history up to `now`.
pub async fn generate(store: Arc<dyn Store>, scale: &DemoScale, now: Timestamp) -> AppResult<Demo> {
    let clock = Arc::new(DemoClock(Mutex::new(now)));
    let app = App::with_clock(store.clone(), Settings::default(), clock.clone());
    let hash = password::hash(DEMO_PASSWORD.to_string()).await?;
    let mut clinics = Vec::new();
    for index in 0..scale.clinics.max(1) {
        let (slug, name) = if index == 0 {
            (
                "riverside-demo".to_string(),
                "Riverside Tendon Clinic".to_string(),
            )
        } else {
            (
                format!("riverside-demo-{}", index + 1),
                format!("Riverside Tendon Clinic {}", index + 1),
            )
        };
        let id = ClinicId::new();
        let mut audit = AuditEntry::new("clinic.create", format!("clinic/{id}")).in_clinic(id);
        audit.at = now;
        let clinic = store
            .create_clinic(
                &NewClinic {
                    id,
                    slug,
                    name: name.clone(),
                    time_zone: "Europe/London".into(),
                    currency: "GBP".into(),
                    created_at: now,
                },
                &audit,
            )
            .await?;
        let domain = if index == 0 {
            "riverside.example".to_string()
        } else {
            format!("riverside{}.example", index + 1)
        };
        let staff = people::staff(&app, &clinic, &domain, &hash, scale).await?;
        booking::set_up(&app, &clinic, &staff.admin, &staff.clinicians).await?;
        let mut logins = staff.logins;
        for number in 0..scale.patients_per_clinic {
            let patient =
                people::patient(&app, &clinic, &domain, &hash, number, &staff.physios).await?;
            history::write(&app, &clock, &patient, scale.days, now).await?;
            logins.push(patient.login);
        }
        clinics.push(DemoClinic {
            name,
            slug: clinic.slug.clone(),
            logins,
        });
    }
    Ok(Demo {
        password: DEMO_PASSWORD.into(),
        clinics,
    })
}
