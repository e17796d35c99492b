//! What a FHIR export holds: the patient's record as domain values, read through the store.

use jiff::Timestamp;
use jiff::civil::date;
use tendo_store::StoreError;
use tendo_store::accounts::{Role, User};
use tendo_store::booking::{Appointment, AppointmentType};
use tendo_store::care::{Intake, PlanVersion};
use tendo_store::clinic::Note;
use tendo_store::ids::UserId;
use tendo_store::outcomes::{
    MassageGunSession, QuestionnaireResponse, RunningWeekRecord, ScreeningRecord,
};
use tendo_store::training::{Checkin, TrainingSession};

use crate::App;
use crate::error::AppResult;

/// A patient's whole record, ready to be written as FHIR.
#[derive(Clone, Debug)]
pub struct FhirRecord {
    /// The patient.
    pub patient: User,
    /// The clinicians who made a plan version, wrote or signed a note, or see the patient.
    pub clinicians: Vec<User>,
    /// The intake, if started.
    pub intake: Option<Intake>,
    /// Every plan version, oldest first.
    pub plan_versions: Vec<PlanVersion>,
    /// Every training session, oldest first.
    pub sessions: Vec<TrainingSession>,
    /// Every next-morning check-in, oldest first.
    pub checkins: Vec<Checkin>,
    /// Every questionnaire response, oldest first.
    pub questionnaires: Vec<QuestionnaireResponse>,
    /// Every massage-gun screening, oldest first (the latest one is in force).
    pub screenings: Vec<ScreeningRecord>,
    /// Every massage-gun session, oldest first.
    pub gun_sessions: Vec<MassageGunSession>,
    /// The running log, oldest week first.
    pub running_weeks: Vec<RunningWeekRecord>,
    /// Every appointment, by start.
    pub appointments: Vec<Appointment>,
    /// The clinic's appointment types, for their names.
    pub appointment_types: Vec<AppointmentType>,
    /// The signed clinical notes (drafts stay in the clinic).
    pub notes: Vec<Note>,
    /// When the export was made.
    pub exported_at: Timestamp,
    /// The address Tendo is reached at, for the entries' full URLs.
    pub base_url: String,
}

/// The most massage-gun sessions an export reads (years of the most frequent use allowed).
const MAX_GUN_SESSIONS: u32 = 100_000;

/// Reads everything the export holds. The caller has checked access and recorded the read.
pub(crate) async fn read(app: &App, patient: User) -> AppResult<FhirRecord> {
    let store = &*app.store;
    let clinic = patient.clinic_id;
    let id = patient.id;
    let first_day = date(1900, 1, 1);
    let last_day = date(9999, 12, 31);
    let plan_versions = store.plan_versions(clinic, id).await?;
    let mut gun_sessions = store
        .massage_gun_sessions(clinic, id, MAX_GUN_SESSIONS)
        .await?;
    gun_sessions.sort_by_key(|session| session.started_at);
    let notes: Vec<Note> = store
        .notes(clinic, id)
        .await?
        .into_iter()
        .filter(|note| note.signed_at.is_some())
        .collect();
    let appointments = store.patient_appointments(clinic, id).await?;
    let mut clinician_ids: Vec<UserId> = store.patient(clinic, id).await?.care_team;
    clinician_ids.extend(plan_versions.iter().filter_map(|plan| plan.created_by));
    clinician_ids.extend(
        appointments
            .iter()
            .map(|appointment| appointment.clinician_id),
    );
    for note in &notes {
        clinician_ids.push(note.author_id);
        clinician_ids.extend(note.signed_by);
        clinician_ids.extend(note.amendments.iter().map(|amendment| amendment.author_id));
    }
    clinician_ids.retain(|clinician| *clinician != id);
    clinician_ids.sort();
    clinician_ids.dedup();
    let mut clinicians = Vec::with_capacity(clinician_ids.len());
    for clinician in clinician_ids {
        clinicians.push(match store.user(clinic, clinician).await {
            Ok(user) => user,
            // Someone whose account is gone still wrote what they wrote.
            Err(StoreError::NotFound) => User {
                id: clinician,
                clinic_id: clinic,
                email: String::new(),
                name: "A clinician who has left the clinic".into(),
                role: Role::Clinician,
                profession: None,
                time_zone: patient.time_zone.clone(),
                created_at: patient.created_at,
                locked_until: None,
            },
            Err(other) => return Err(other.into()),
        });
    }
    Ok(FhirRecord {
        intake: store.intake(clinic, id).await?,
        sessions: store.sessions(clinic, id, first_day, last_day).await?,
        checkins: store.checkins(clinic, id, first_day, last_day).await?,
        questionnaires: store.questionnaires(clinic, id).await?,
        screenings: store.screenings(clinic, id).await?,
        running_weeks: store.running_weeks(clinic, id).await?,
        appointment_types: store.appointment_types(clinic).await?,
        plan_versions,
        gun_sessions,
        appointments,
        notes,
        clinicians,
        patient,
        exported_at: app.now(),
        base_url: app.settings.base_url.trim_end_matches('/').to_string(),
    })
}
