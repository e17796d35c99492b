//! The people and the intake of a simulated journey: a clinic of its own with one clinician and
//! one patient in their care, and the intake answered as the pages would send it.

use jiff::ToSpan;
use tendo_core::condition::Condition;
use tendo_store::accounts::{NewClinic, NewUser, Profession, Role, User};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::{ClinicId, UserId};

use super::Simulator;
use super::journey::START;
use super::scenario::JourneySpec;
use crate::access::{Caller, Credential, RequestMeta};
use crate::demo::history::visa_for;
use crate::error::AppResult;
use crate::patient::intake;
use crate::patient::intake::steps::{
    BaselineInput, ConditionInput, HistoryInput, MassageGunInput, RedFlagsInput, StepInput,
};

/// The clinician and the patient of one journey, signed in.
pub(super) struct People {
    /// The patient.
    pub patient: Caller,
    /// Their clinician.
    pub clinician: Caller,
}

fn caller(user: User) -> Caller {
    Caller {
        user,
        credential: Credential::Session,
        meta: RequestMeta::default(),
    }
}

/// The clinic, clinician and patient of one journey.
pub(super) async fn people(sim: &Simulator, spec: &JourneySpec, index: usize) -> AppResult<People> {
    let app = &sim.app;
    let id = ClinicId::new();
    let mut audit = AuditEntry::new("clinic.create", format!("clinic/{id}")).in_clinic(id);
    audit.at = app.now();
    let clinic = app
        .store
        .create_clinic(
            &NewClinic {
                id,
                slug: format!("sim-{index}-{}", spec.seed),
                name: format!("Simulated clinic {index}"),
                time_zone: "Europe/London".into(),
                currency: "GBP".into(),
                created_at: app.now(),
            },
            &audit,
        )
        .await?;
    let make = async |role: Role, care: Option<UserId>| -> AppResult<User> {
        let id = UserId::new();
        let mut audit = AuditEntry::new("user.create", format!("user/{id}")).in_clinic(clinic.id);
        audit.at = app.now();
        if role == Role::Patient {
            audit = audit.about(id);
        }
        let word = if role == Role::Patient {
            "patient"
        } else {
            "physio"
        };
        Ok(app
            .store
            .create_user(
                &NewUser {
                    id,
                    clinic_id: clinic.id,
                    email: format!("{word}-{index}@sim.example"),
                    name: format!("Simulated {word} {index}"),
                    role,
                    profession: (role == Role::Clinician).then_some(Profession::Physiotherapist),
                    time_zone: clinic.time_zone.clone(),
                    password_hash: None,
                    care_clinician: care,
                    created_at: app.now(),
                },
                &audit,
            )
            .await?)
    };
    let clinician = make(Role::Clinician, None).await?;
    let patient = make(Role::Patient, Some(clinician.id)).await?;
    Ok(People {
        patient: caller(patient),
        clinician: caller(clinician),
    })
}

/// The words a patient would type for their condition.
pub(super) fn condition_words(condition: Condition) -> &'static str {
    match condition {
        Condition::AchillesMidportion => "Achilles tendinopathy (midportion)",
        Condition::AchillesInsertional => "insertional Achilles tendinopathy",
        Condition::AchillesLocationUnknown => "Achilles tendinopathy",
        Condition::ProximalHamstring => "high hamstring tendinopathy",
    }
}

/// The intake, as the pages would send it.
pub(super) async fn take_intake(
    sim: &Simulator,
    spec: &JourneySpec,
    who: &People,
) -> AppResult<()> {
    let app = &sim.app;
    let id = who.patient.id();
    let save = async |input: StepInput| intake::save_step(app, &who.patient, id, &input).await;
    save(StepInput::Condition(ConditionInput {
        condition: condition_words(spec.condition).into(),
        location: if spec.condition == Condition::AchillesLocationUnknown {
            "not-sure"
        } else {
            ""
        }
        .into(),
        side: if spec.seed.is_multiple_of(2) {
            "left"
        } else {
            "right"
        }
        .into(),
    }))
    .await?;
    save(StepInput::History(HistoryInput {
        started_on: START.checked_sub(60.days()).unwrap_or(START).to_string(),
        onset: "gradual".into(),
        changes: vec!["more-distance".into()],
        change_note: String::new(),
    }))
    .await?;
    save(StepInput::RedFlags(all_no(sim, who).await?)).await?;
    save(StepInput::MassageGun(
        MassageGunInput {
            normal_sensation: "yes".into(),
            heel_bursitis: "no".into(),
            tendon_settled: "no".into(),
            device_min_ppm: "1800".into(),
            device_max_ppm: "3200".into(),
            ..MassageGunInput::default()
        }
        .with_no_health_concerns(),
    ))
    .await?;
    let score = 100_i64 - i64::from(spec.baseline_morning) * 11 - 6;
    save(StepInput::Baseline(BaselineInput {
        visa: visa_for(score),
        morning_pain: spec.baseline_morning.to_string(),
        days_per_week: spec.days_per_week.to_string(),
        heel_raise_pain: if spec.condition.is_achilles() {
            spec.heel_raise_pain.to_string()
        } else {
            String::new()
        },
        equipment: None,
    }))
    .await?;
    Ok(())
}

/// "No" to every red-flag question of the patient's condition.
async fn all_no(sim: &Simulator, who: &People) -> AppResult<RedFlagsInput> {
    let view = intake::view(&sim.app, &who.patient, who.patient.id()).await?;
    Ok(RedFlagsInput {
        answers: view
            .red_flag_questions
            .iter()
            .map(|question| (intake::answers::flag_id(question.flag), "no".to_string()))
            .collect(),
    })
}
