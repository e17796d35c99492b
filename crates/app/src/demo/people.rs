//! The demo's people: an administrator, clinicians, and patients of eight archetypes.

use tendo_store::accounts::{Clinic, NewUser, Profession, Role, User};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::UserId;

use super::{DemoLogin, DemoScale};
use crate::App;
use crate::error::AppResult;

/// The kinds of demo patient, each showing a different part of Tendo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Archetype {
    /// Midportion Achilles on heavy slow resistance, steady progress, a running week that
    /// jumped; this morning's check-in waits.
    Steady,
    /// Insertional Achilles on Alfredson's floor-level heel drops, with a flare that stepped the
    /// plan back, then recovery.
    Flare,
    /// Proximal hamstring through Goom's stages, with the daily load test.
    Hamstring,
    /// Midportion Achilles whose heel raise hurts: three weeks of isometric holds.
    Isometric,
    /// Midportion Achilles with missed weeks: never punished, "pick up where you left off".
    Gaps,
    /// A red flag (a swollen calf): no plan, see a doctor now.
    RedFlag,
    /// The intake half done: condition and history saved.
    HalfIntake,
    /// Just invited: the intake is next.
    New,
}

impl Archetype {
    /// The archetypes, in the order patients are made.
    pub const ALL: [Archetype; 8] = [
        Archetype::Steady,
        Archetype::Flare,
        Archetype::Hamstring,
        Archetype::Isometric,
        Archetype::Gaps,
        Archetype::RedFlag,
        Archetype::HalfIntake,
        Archetype::New,
    ];

    fn first_name(self) -> &'static str {
        match self {
            Archetype::Steady => "Alex",
            Archetype::Flare => "Bea",
            Archetype::Hamstring => "Chris",
            Archetype::Isometric => "Dana",
            Archetype::Gaps => "Eli",
            Archetype::RedFlag => "Fran",
            Archetype::HalfIntake => "Gus",
            Archetype::New => "Hana",
        }
    }

    /// What signing in as this patient shows.
    pub fn shows(self) -> &'static str {
        match self {
            Archetype::Steady => {
                "12 weeks of heavy slow resistance for a midportion Achilles: plan versions moving \
                 up Beyer's table, VISA-A rising, a running week that jumped, massage-gun \
                 sessions; this morning's check-in is waiting on Today."
            }
            Archetype::Flare => {
                "Insertional Achilles on floor-level heel drops twice a day: a flare in week 6 \
                 stepped the plan back (eased, never rest), then it recovered."
            }
            Archetype::Hamstring => {
                "Proximal hamstring tendinopathy through Goom's stages with the 24-hour bridge \
                 load test, VISA-H, and massage advice (type and frequency)."
            }
            Archetype::Isometric => {
                "A painful heel raise at intake, so the programme started six days ago with \
                 isometric holds (hold and rest timers); the first weekly review comes next."
            }
            Archetype::Gaps => {
                "Missed weeks shown plainly on the charts, with a welcome back instead of a \
                 streak to lose."
            }
            Archetype::RedFlag => {
                "A swollen calf reported at intake: no programme, a prominent page saying to go \
                 to an emergency department now."
            }
            Archetype::HalfIntake => {
                "An intake saved halfway: it picks up at the safety questions."
            }
            Archetype::New => "A new patient: the intake starts at the first step.",
        }
    }
}

/// A demo patient about to get their history.
pub(crate) struct DemoPatient {
    /// Their account.
    pub user: User,
    /// Their archetype.
    pub archetype: Archetype,
    /// A number that varies their history a little.
    pub seed: u64,
    /// Their login, for the printed list.
    pub login: DemoLogin,
}

/// The clinic's staff.
pub(crate) struct Staff {
    /// Their logins.
    pub logins: Vec<DemoLogin>,
    /// The physiotherapists, who care for the patients in turn.
    pub physios: Vec<UserId>,
    /// The administrator.
    pub admin: User,
    /// Every clinician, physiotherapists and massage therapists.
    pub clinicians: Vec<User>,
}

const STAFF_NAMES: [&str; 6] = [
    "Priya Shah",
    "Tom Okafor",
    "Mia Lindqvist",
    "Jonas Weber",
    "Aisha Khan",
    "Leo Martins",
];

const SURNAMES: [&str; 8] = [
    "Fairweather",
    "Moreau",
    "Adeyemi",
    "Novak",
    "Sato",
    "Quinn",
    "Brennan",
    "Costa",
];

/// Who to create.
struct Who {
    email: String,
    name: String,
    role: Role,
    profession: Option<Profession>,
    care: Option<UserId>,
}

async fn create(app: &App, clinic: &Clinic, who: Who, hash: &str) -> AppResult<User> {
    let Who {
        email,
        name,
        role,
        profession,
        care,
    } = who;
    let id = UserId::new();
    let mut audit = AuditEntry::new("user.create", format!("user/{id}")).in_clinic(clinic.id);
    audit.at = app.now();
    if role == Role::Patient {
        audit = audit.about(id);
    }
    Ok(app
        .store
        .create_user(
            &NewUser {
                id,
                clinic_id: clinic.id,
                email,
                name,
                role,
                profession,
                time_zone: clinic.time_zone.clone(),
                password_hash: Some(hash.to_string()),
                care_clinician: care,
                created_at: app.now(),
            },
            &audit,
        )
        .await?)
}

/// The administrator and the clinicians.
pub(crate) async fn staff(
    app: &App,
    clinic: &Clinic,
    domain: &str,
    hash: &str,
    scale: &DemoScale,
) -> AppResult<Staff> {
    let mut logins = Vec::new();
    let admin = create(
        app,
        clinic,
        Who {
            email: format!("admin@{domain}"),
            name: "Robin Hale".into(),
            role: Role::Admin,
            profession: None,
            care: None,
        },
        hash,
    )
    .await?;
    logins.push(DemoLogin {
        role: Role::Admin,
        name: admin.name.clone(),
        email: admin.email.clone(),
        shows: "The clinic's people, invitations and the audit log of every access.".into(),
    });
    let mut physios = Vec::new();
    let mut clinicians = Vec::new();
    for index in 0..scale.clinicians_per_clinic.max(1) {
        let massage = index % 3 == 2;
        let name = match STAFF_NAMES.get(index) {
            Some(name) => (*name).to_string(),
            None => format!("Clinician {}", index + 1),
        };
        let local = name.split(' ').next().unwrap_or("clinician").to_lowercase();
        let email = if index < STAFF_NAMES.len() {
            format!("{local}@{domain}")
        } else {
            format!("clinician{}@{domain}", index + 1)
        };
        let profession = if massage {
            Profession::MassageTherapist
        } else {
            Profession::Physiotherapist
        };
        let who = Who {
            email,
            name,
            role: Role::Clinician,
            profession: Some(profession),
            care: None,
        };
        let clinician = create(app, clinic, who, hash).await?;
        if !massage {
            physios.push(clinician.id);
        }
        clinicians.push(clinician.clone());
        logins.push(DemoLogin {
            role: Role::Clinician,
            name: clinician.name,
            email: clinician.email,
            shows: if massage {
                "A massage therapist of the clinic.".into()
            } else {
                "A physiotherapist caring for some of the demo patients.".into()
            },
        });
    }
    Ok(Staff {
        logins,
        physios,
        admin,
        clinicians,
    })
}

/// The `number`th patient of a clinic.
pub(crate) async fn patient(
    app: &App,
    clinic: &Clinic,
    domain: &str,
    hash: &str,
    number: usize,
    physios: &[UserId],
) -> AppResult<DemoPatient> {
    let archetype = Archetype::ALL[number % Archetype::ALL.len()];
    let round = number / Archetype::ALL.len();
    let surname = SURNAMES[number % SURNAMES.len()];
    let first = archetype.first_name();
    let name = if round == 0 {
        format!("{first} {surname}")
    } else {
        format!("{first} {surname} {}", round + 1)
    };
    let email = if round == 0 {
        format!("{}@{domain}", first.to_lowercase())
    } else {
        format!("{}{}@{domain}", first.to_lowercase(), round + 1)
    };
    let care = (!physios.is_empty()).then(|| physios[number % physios.len()]);
    let who = Who {
        email,
        name,
        role: Role::Patient,
        profession: None,
        care,
    };
    let user = create(app, clinic, who, hash).await?;
    let login = DemoLogin {
        role: Role::Patient,
        name: user.name.clone(),
        email: user.email.clone(),
        shows: archetype.shows().into(),
    };
    Ok(DemoPatient {
        user,
        archetype,
        seed: number as u64,
        login,
    })
}
