//! The builders of care records the conformance stories share: times and pain scores, VISA
//! answers, plan versions, the screening, an intake's completion, a patient on a plan, a
//! logged session and a massage-gun session.

use jiff::Timestamp;
use jiff::civil::{Date, date};
use serde_json::json;
use tendo_core::condition::{Condition, Side};
use tendo_core::massage_gun::{Screening, Site};
use tendo_core::pain_score::PainScore;
use tendo_core::programme::{Position, Protocol};
use tendo_core::questionnaire::{Q8Answer, Q8Branch, Q8Minutes, Questionnaire, VisaAnswers};
use tendo_core::reason::Reason;
use tendo_core::rules;
use tendo_store::Store;
use tendo_store::accounts::{Clinic, Role, User};
use tendo_store::care::{IntakeCompletion, NewPlanVersion, PlanCause, PlanVersion};
use tendo_store::ids::RecordId;
use tendo_store::outcomes::{
    NewMassageGunSession, NewQuestionnaireResponse, NewScreening, SiteMinutes,
};
use tendo_store::training::{LoggedSet, NewTrainingSession};

use crate::fixtures::{audit, clinic, user};

pub(crate) fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

pub(crate) fn pain(value: u8) -> PainScore {
    PainScore::new(value).unwrap()
}

pub(crate) fn answers(q1: u8) -> VisaAnswers {
    VisaAnswers {
        q1,
        q2: 5,
        q3: 5,
        q4: 5,
        q5: 5,
        q6: 5,
        q7: 4,
        q8: Q8Answer {
            branch: Q8Branch::B,
            minutes: Q8Minutes::UpTo20,
        },
    }
}

pub(crate) fn plan(clinic: &Clinic, patient: &User, cause: PlanCause, level: u8) -> NewPlanVersion {
    NewPlanVersion {
        id: RecordId::new(),
        patient_id: patient.id,
        clinic_id: clinic.id,
        created_at: at("2026-03-02T08:00:00Z"),
        created_by: Some(patient.id),
        cause,
        condition: Condition::AchillesMidportion,
        side: Side::Left,
        position: Position {
            protocol: Protocol::HeavySlowResistance,
            level,
            weeks_at_level: 1,
            eased: level == 1,
        },
        sessions_per_week: 3,
        programme_start: date(2026, 3, 2),
        reasons: vec![Reason::new(rules::P_HSR, "three days a week")],
        note: None,
        adjustments: Default::default(),
        equipment: None,
    }
}

pub(crate) fn screening() -> Screening {
    Screening {
        condition: Condition::AchillesMidportion,
        now: None,
        normal_sensation: true,
        systemic_conditions: Vec::new(),
        heel_bursitis: false,
        tendon_settled: false,
        skin: Vec::new(),
        device: None,
        last_session_at: None,
        today: None,
        suspected_clot: Some(false),
        blood_thinners: Some(false),
        bleeding_disorder: Some(false),
        pregnant: Some(false),
        implanted_device: Some(false),
    }
}

pub(crate) fn completion(clinic: &Clinic, patient: &User, with_plan: bool) -> IntakeCompletion {
    IntakeCompletion {
        patient_id: patient.id,
        clinic_id: clinic.id,
        answers: json!({"condition": "Achilles tendinitis", "side": "left"}),
        completed_at: at("2026-03-02T08:00:00Z"),
        plan: with_plan.then(|| plan(clinic, patient, PlanCause::Intake, 1)),
        baseline: Some(NewQuestionnaireResponse {
            id: RecordId::new(),
            patient_id: patient.id,
            clinic_id: clinic.id,
            questionnaire: Questionnaire::VisaA,
            taken_at: at("2026-03-02T08:00:00Z"),
            taken_on: date(2026, 3, 2),
            answers: answers(3),
            score: 47,
        }),
        screening: Some(NewScreening {
            id: RecordId::new(),
            patient_id: patient.id,
            clinic_id: clinic.id,
            answered_at: at("2026-03-02T08:00:00Z"),
            answers: screening(),
        }),
    }
}

/// Completes `patient`'s intake with a plan, as [`completion`] builds it, and returns the
/// plan's first version.
pub(crate) async fn on_a_plan(store: &dyn Store, clinic: &Clinic, patient: &User) -> PlanVersion {
    store
        .complete_intake(
            &completion(clinic, patient, true),
            &[audit("intake.complete")],
        )
        .await
        .unwrap();
    store.plan_versions(clinic.id, patient.id).await.unwrap()[0].clone()
}

pub(crate) async fn people(store: &dyn Store) -> (Clinic, Clinic, User) {
    let north = clinic(store, "north").await;
    let south = clinic(store, "south").await;
    let patient = user(store, &north, "p@north.test", Role::Patient).await;
    (north, south, patient)
}

pub(crate) fn session(
    clinic: &Clinic,
    patient: &User,
    plan: RecordId,
    day: Date,
    during: u8,
) -> NewTrainingSession {
    NewTrainingSession {
        id: RecordId::new(),
        patient_id: patient.id,
        clinic_id: clinic.id,
        plan_version_id: plan,
        date: day,
        logged_at: at("2026-03-02T18:00:00Z"),
        pain_during: pain(during),
        pain_after: pain(2),
        sets: vec![
            LoggedSet {
                exercise: "seated-calf-raise-bent-knee".into(),
                set_number: 2,
                reps: Some(14),
                load_kg: Some(22.5),
                hold_seconds: None,
            },
            LoggedSet {
                exercise: "seated-calf-raise-bent-knee".into(),
                set_number: 1,
                reps: Some(15),
                load_kg: Some(22.5),
                hold_seconds: None,
            },
            LoggedSet {
                exercise: "bridge-hold".into(),
                set_number: 1,
                reps: None,
                load_kg: None,
                hold_seconds: Some(45),
            },
        ],
        note: Some("felt fine".into()),
    }
}

/// A massage-gun session of two minutes on the soleus, started and logged at `started`.
pub(crate) fn gun_session(clinic: &Clinic, patient: &User, started: &str) -> NewMassageGunSession {
    NewMassageGunSession {
        id: RecordId::new(),
        patient_id: patient.id,
        clinic_id: clinic.id,
        started_at: at(started),
        logged_at: at(started),
        ppm: None,
        sites: vec![SiteMinutes {
            site: Site::Soleus,
            minutes: 2.0,
        }],
    }
}
