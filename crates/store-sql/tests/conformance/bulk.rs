//! Bulk writes (for generated data) and the windowed reads that keep a page's cost independent
//! of the length of a patient's history, on both backends.

use jiff::civil::{Date, date};
use jiff::{SignedDuration, Timestamp, ToSpan};
use serde_json::json;
use tendo_core::condition::{Condition, Side};
use tendo_core::massage_gun::{Screening, Site};
use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::pain_score::PainScore;
use tendo_core::programme::{Position, Protocol};
use tendo_core::questionnaire::{Q8Answer, Q8Branch, Q8Minutes, Questionnaire, VisaAnswers};
use tendo_core::reason::Reason;
use tendo_core::rules;
use tendo_store::Store;
use tendo_store::accounts::{Clinic, Role};
use tendo_store::audit::AuditQuery;
use tendo_store::booking::{AppointmentKind, AppointmentType};
use tendo_store::bulk::{
    BulkAppointment, BulkBatch, BulkCheckin, BulkIntake, BulkPlanVersion, BulkRunningWeek,
};
use tendo_store::care::{NewPlanVersion, PlanCause};
use tendo_store::ids::{AppointmentId, AppointmentTypeId, RecordId, UserId};
use tendo_store::outcomes::{
    NewMassageGunSession, NewQuestionnaireResponse, NewScreening, RunningWeekRecord, SiteMinutes,
};
use tendo_store::training::{LoggedSet, NewTrainingSession};

use crate::fixtures::{audit, clinic, new_user, user};
use crate::on_both_backends;

on_both_backends!(
    a_bulk_batch_reads_back_like_single_writes,
    windowed_reads_return_the_window_and_what_it_needs,
);

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn pain(value: u8) -> PainScore {
    PainScore::new(value).unwrap()
}

pub(crate) fn noon(day: Date) -> Timestamp {
    day.at(12, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp()
}

/// Ten sets of 15 seated calf raises at 12.5 kg.
pub(crate) fn ten_sets() -> Vec<LoggedSet> {
    (1..=10)
        .map(|number| LoggedSet {
            exercise: "seated-calf-raise".into(),
            set_number: number,
            reps: Some(15),
            load_kg: Some(12.5),
            hold_seconds: None,
        })
        .collect()
}

pub(crate) fn plan_version(
    clinic: &Clinic,
    patient: UserId,
    version: u32,
    made: Date,
) -> BulkPlanVersion {
    BulkPlanVersion {
        version,
        plan: NewPlanVersion {
            id: RecordId::new(),
            patient_id: patient,
            clinic_id: clinic.id,
            created_at: noon(made),
            created_by: Some(patient),
            cause: if version == 1 {
                PlanCause::Intake
            } else {
                PlanCause::Decision
            },
            condition: Condition::AchillesMidportion,
            side: Side::Right,
            position: Position {
                protocol: Protocol::HeavySlowResistance,
                level: u8::try_from(version.min(5)).unwrap(),
                weeks_at_level: 0,
                eased: false,
            },
            sessions_per_week: 3,
            programme_start: date(2026, 1, 5),
            reasons: vec![Reason::new(rules::P_HSR, "three days a week")],
            note: None,
            adjustments: Default::default(),
            equipment: None,
        },
    }
}

fn visa(q1: u8) -> VisaAnswers {
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

fn response(clinic: &Clinic, patient: UserId, day: Date, q1: u8) -> NewQuestionnaireResponse {
    NewQuestionnaireResponse {
        id: RecordId::new(),
        patient_id: patient,
        clinic_id: clinic.id,
        questionnaire: Questionnaire::VisaA,
        taken_at: noon(day),
        taken_on: day,
        answers: visa(q1),
        score: 40 + q1,
    }
}

async fn a_bulk_batch_reads_back_like_single_writes(store: &dyn Store) {
    let clinic = clinic(store, "bulk").await;
    let physio = user(store, &clinic, "physio@bulk.example", Role::Clinician).await;
    let mut patient = new_user(&clinic, "patient@bulk.example", Role::Patient);
    patient.care_clinician = Some(physio.id);
    let id = patient.id;
    let mut batch = BulkBatch::default();
    batch.users.push(patient);
    batch.intakes.push(BulkIntake {
        patient_id: id,
        clinic_id: clinic.id,
        answers: json!({"condition": "achilles-midportion"}),
        started_at: at("2026-01-05T08:00:00Z"),
        updated_at: at("2026-01-05T08:10:00Z"),
        completed_at: Some(at("2026-01-05T08:10:00Z")),
    });
    let first = plan_version(&clinic, id, 1, date(2026, 1, 5));
    let second = plan_version(&clinic, id, 2, date(2026, 1, 13));
    batch.plan_versions.extend([first.clone(), second.clone()]);
    // 150 sessions of 10 sets: more rows than one statement takes.
    for day in 0..150 {
        let session_date = date(2026, 1, 5).checked_add(day.days()).unwrap();
        batch.sessions.push(NewTrainingSession {
            id: RecordId::new(),
            patient_id: id,
            clinic_id: clinic.id,
            plan_version_id: if day < 8 {
                first.plan.id
            } else {
                second.plan.id
            },
            date: session_date,
            logged_at: noon(session_date),
            pain_during: pain(3),
            pain_after: pain(2),
            sets: ten_sets(),
            note: (day == 0).then(|| "first one".to_string()),
        });
    }
    batch.checkins.push(BulkCheckin {
        id: RecordId::new(),
        patient_id: id,
        clinic_id: clinic.id,
        session_date: date(2026, 1, 12),
        answered_at: at("2026-01-13T07:30:00Z"),
        pain: pain(2),
        decision: LoadDecision::Progress,
        reasons: vec![Reason::new(rules::R_PM1, "within the limits")],
        plan_version_id: Some(second.plan.id),
    });
    batch
        .questionnaires
        .push(response(&clinic, id, date(2026, 1, 5), 3));
    batch.screenings.push(NewScreening {
        id: RecordId::new(),
        patient_id: id,
        clinic_id: clinic.id,
        answered_at: at("2026-01-05T08:10:00Z"),
        answers: Screening {
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
        },
    });
    batch.gun_sessions.push(NewMassageGunSession {
        id: RecordId::new(),
        patient_id: id,
        clinic_id: clinic.id,
        started_at: at("2026-01-06T19:30:00Z"),
        logged_at: at("2026-01-06T19:40:00Z"),
        ppm: Some(2000),
        sites: vec![SiteMinutes {
            site: Site::Soleus,
            minutes: 2.0,
        }],
    });
    batch.running_weeks.push(BulkRunningWeek {
        patient_id: id,
        clinic_id: clinic.id,
        week: RunningWeekRecord {
            week_start: date(2026, 1, 5),
            distance_km: 14.5,
            hard_sessions: 1,
            updated_at: at("2026-01-12T21:00:00Z"),
        },
    });
    let kind = AppointmentType {
        id: AppointmentTypeId::new(),
        clinic_id: clinic.id,
        kind: AppointmentKind::VideoFollowUp,
        name: "Video follow-up".into(),
        description: String::new(),
        duration_minutes: 45,
        price_minor: 6000,
        currency: "EUR".into(),
        buffer_before_minutes: 5,
        buffer_after_minutes: 15,
        profession: None,
        clinicians: Vec::new(),
        resource: None,
        active: true,
    };
    store
        .save_appointment_type(&kind, &audit("type.save"))
        .await
        .unwrap();
    let start = at("2026-02-02T09:00:00Z");
    batch.appointments.push(BulkAppointment {
        appointment: tendo_store::booking::NewAppointment {
            id: AppointmentId::new(),
            clinic_id: clinic.id,
            patient_id: id,
            clinician_id: physio.id,
            type_id: kind.id,
            resource_id: None,
            series_id: None,
            start,
            end: start + SignedDuration::from_mins(45),
            buffer_before_minutes: 5,
            buffer_after_minutes: 15,
            created_by: id,
        },
        created_at: at("2026-01-20T10:00:00Z"),
    });
    batch
        .audit
        .push(audit("demo.generate").in_clinic(clinic.id).about(id));
    assert_eq!(
        batch.rows(),
        1 + 1 + 2 + 150 * 11 + 1 + 1 + 1 + 1 + 1 + 1 + 1
    );
    store.write_bulk(&batch).await.unwrap();

    let summary = store.patient(clinic.id, id).await.unwrap();
    assert_eq!(summary.user.email, "patient@bulk.example");
    assert!(store.cares_for(physio.id, id).await.unwrap());
    let intake = store.intake(clinic.id, id).await.unwrap().unwrap();
    assert!(intake.completed_at.is_some());
    let versions = store.plan_versions(clinic.id, id).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [1, 2]
    );
    let sessions = store
        .sessions(clinic.id, id, date(2026, 1, 1), date(2026, 12, 31))
        .await
        .unwrap();
    assert_eq!(sessions.len(), 150);
    assert!(sessions.iter().all(|session| session.sets.len() == 10));
    assert_eq!(sessions[0].note.as_deref(), Some("first one"));
    assert_eq!(sessions[0].sets[0].load_kg, Some(12.5));
    // The days are the sums of their sessions; a later batch with another session on a day
    // already written adds to it, keeping the worse pain.
    let days = store
        .training_days(clinic.id, id, date(2026, 1, 1), date(2026, 12, 31))
        .await
        .unwrap();
    assert_eq!(days.len(), 150);
    assert!(days.iter().all(
        |day| (day.sessions, day.reps, day.hold_seconds) == (1, 150, 0)
            && day.volume_load_kg == 1875.0
            && (day.pain_during.value(), day.pain_after.value()) == (3, 2)
    ));
    let mut later = BulkBatch::default();
    later.sessions.push(NewTrainingSession {
        id: RecordId::new(),
        date: date(2026, 1, 5),
        logged_at: noon(date(2026, 1, 5))
            .checked_add(SignedDuration::from_hours(5))
            .unwrap(),
        pain_during: pain(5),
        pain_after: pain(1),
        note: None,
        ..sessions_like(&batch)
    });
    store.write_bulk(&later).await.unwrap();
    let first_day = &store
        .training_days(clinic.id, id, date(2026, 1, 5), date(2026, 1, 5))
        .await
        .unwrap()[0];
    assert_eq!(
        (first_day.sessions, first_day.reps, first_day.volume_load_kg),
        (2, 300, 3750.0)
    );
    assert_eq!(
        (first_day.pain_during.value(), first_day.pain_after.value()),
        (5, 2)
    );
    let checkins = store
        .checkins(clinic.id, id, date(2026, 1, 1), date(2026, 12, 31))
        .await
        .unwrap();
    assert_eq!(checkins[0].plan_version_id, Some(second.plan.id));
    assert_eq!(checkins[0].decision, LoadDecision::Progress);
    assert_eq!(
        store.questionnaires(clinic.id, id).await.unwrap()[0].score,
        43
    );
    assert!(store.screening(clinic.id, id).await.unwrap().is_some());
    let guns = store.massage_gun_sessions(clinic.id, id, 5).await.unwrap();
    assert_eq!(guns[0].sites[0].site, Site::Soleus);
    assert_eq!(
        store.running_weeks(clinic.id, id).await.unwrap()[0].distance_km,
        14.5
    );
    let booked = store.patient_appointments(clinic.id, id).await.unwrap();
    assert_eq!(booked.len(), 1);
    assert_eq!(booked[0].start, start);
    let entries = store
        .audit_entries(
            clinic.id,
            &AuditQuery {
                patient_id: Some(id),
                actor_id: None,
                before: None,
                limit: 10,
            },
        )
        .await
        .unwrap();
    assert!(entries.iter().any(|entry| entry.action == "demo.generate"));
    // A batch that breaks a rule is written not at all.
    let mut broken = BulkBatch::default();
    broken
        .questionnaires
        .push(response(&clinic, id, date(2026, 3, 1), 5));
    broken.sessions.push(NewTrainingSession {
        plan_version_id: RecordId::new(),
        ..sessions_like(&batch)
    });
    assert!(store.write_bulk(&broken).await.is_err());
    assert_eq!(store.questionnaires(clinic.id, id).await.unwrap().len(), 1);
}

fn sessions_like(batch: &BulkBatch) -> NewTrainingSession {
    NewTrainingSession {
        id: RecordId::new(),
        date: date(2026, 8, 1),
        ..batch.sessions[0].clone()
    }
}

async fn windowed_reads_return_the_window_and_what_it_needs(store: &dyn Store) {
    let clinic = clinic(store, "windows").await;
    let patient = new_user(&clinic, "long@windows.example", Role::Patient);
    let id = patient.id;
    let mut batch = BulkBatch::default();
    batch.users.push(patient);
    let start = date(2020, 1, 6);
    for version in 1..=200u32 {
        let made = start.checked_add((i64::from(version) * 7).days()).unwrap();
        batch
            .plan_versions
            .push(plan_version(&clinic, id, version, made));
    }
    for fortnight in 0..100 {
        let day = start.checked_add((fortnight * 14).days()).unwrap();
        let q1 = u8::try_from(fortnight % 10).unwrap();
        batch.questionnaires.push(response(&clinic, id, day, q1));
    }
    for week in 0..150 {
        if (100..110).contains(&week) {
            continue; // ten weeks without running
        }
        batch.running_weeks.push(BulkRunningWeek {
            patient_id: id,
            clinic_id: clinic.id,
            week: RunningWeekRecord {
                week_start: start.checked_add((week * 7).days()).unwrap(),
                distance_km: 10.0,
                hard_sessions: 1,
                updated_at: noon(start),
            },
        });
    }
    store.write_bulk(&batch).await.unwrap();

    // Version 150 was made on day 1050; asking from the day after gives it and the later ones.
    let since = noon(start.checked_add(1051.days()).unwrap());
    let versions = store
        .plan_versions_since(clinic.id, id, since)
        .await
        .unwrap();
    let numbers: Vec<u32> = versions.iter().map(|v| v.version).collect();
    assert_eq!(numbers, (150..=200).collect::<Vec<_>>());
    let before_all = store
        .plan_versions_since(clinic.id, id, noon(date(2019, 1, 1)))
        .await
        .unwrap();
    assert_eq!(before_all.len(), 200, "before the first, every version");
    let after_all = store
        .plan_versions_since(clinic.id, id, noon(date(2030, 1, 1)))
        .await
        .unwrap();
    assert_eq!(after_all.len(), 1, "after the last, the one in force");
    assert_eq!(after_all[0].version, 200);

    // Responses every 14 days from day 0: since day 1300 gives the first, the one of day 1288
    // and those from day 1302 on.
    let since = noon(start.checked_add(1300.days()).unwrap());
    let responses = store
        .questionnaires_since(clinic.id, id, since)
        .await
        .unwrap();
    let days: Vec<i64> = responses
        .iter()
        .map(|r| (r.taken_on - start).get_days().into())
        .collect();
    let mut expected = vec![0, 1288];
    expected.extend((93..100).map(|fortnight| fortnight * 14));
    assert_eq!(days, expected);
    let only_first = store
        .questionnaires_since(clinic.id, id, noon(date(2019, 1, 1)))
        .await
        .unwrap();
    assert_eq!(
        only_first.len(),
        100,
        "before the first, every response once"
    );

    // Weeks 100 to 109 are missing: from week 105 gives week 99 (the last before), then 110 on.
    let from = start.checked_add((105 * 7).days()).unwrap();
    let weeks = store
        .running_weeks_since(clinic.id, id, from)
        .await
        .unwrap();
    let numbers: Vec<i64> = weeks
        .iter()
        .map(|w| i64::from((w.week_start - start).get_days()) / 7)
        .collect();
    let mut expected = vec![99];
    expected.extend(110..150);
    assert_eq!(numbers, expected);
}
