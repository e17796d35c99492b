//! The clinician's patient record read together: one read of bounded windows, chosen by the
//! service, on one connection.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::booking::{Appointment, AppointmentType};
use crate::care::{Intake, PlanVersion};
use crate::clinic::{GunRefusalRecord, Note, RedFlagClearance};
use crate::outcomes::{
    MassageGunSession, QuestionnaireResponse, RunningWeekRecord, ScreeningRecord,
};
use crate::training::{Checkin, DaySummary, TrainingSession};
use tendo_core::pain_score::PainScore;

/// The windows a patient record reads.
#[derive(Clone, Copy, Debug)]
pub struct RecordWindow {
    /// The plan versions in force from this moment on (the one in force then and every later
    /// one).
    pub versions_since: Timestamp,
    /// The first day of the charts' training days and next-morning pains.
    pub charts_from: Date,
    /// Today in the patient's zone: the charts' last day.
    pub today: Date,
    /// The questionnaire responses from this moment on (with the one just before it and the
    /// first).
    pub questionnaires_since: Timestamp,
    /// The first day of the timeline.
    pub timeline_from: Date,
    /// The last day of the timeline.
    pub timeline_to: Date,
    /// The first moment of the timeline's first day.
    pub timeline_since: Timestamp,
    /// The first moment after the timeline's last day.
    pub timeline_until: Timestamp,
    /// How many of the latest notes (besides those of the timeline).
    pub latest_notes: u32,
    /// How many of the latest massage-gun sessions.
    pub gun_sessions: u32,
    /// Now: appointments from now on are upcoming.
    pub now: Timestamp,
    /// How many of the latest past appointments.
    pub past_appointments: u32,
}

/// What a patient record is made of, read by [`crate::clinic::ClinicStore::patient_record`].
#[derive(Clone, Debug)]
pub struct RecordParts {
    /// The intake, once started.
    pub intake: Option<Intake>,
    /// The plan versions of the window, oldest first.
    pub versions: Vec<PlanVersion>,
    /// The charts' training days, oldest first.
    pub days: Vec<DaySummary>,
    /// The charts' next-morning pains, by session day.
    pub mornings: Vec<(Date, PainScore)>,
    /// The questionnaire responses of the window (with the first and the one just before),
    /// oldest first.
    pub questionnaires: Vec<QuestionnaireResponse>,
    /// The timeline's sessions with their sets, oldest first.
    pub sessions: Vec<TrainingSession>,
    /// The timeline's check-ins, oldest first.
    pub checkins: Vec<Checkin>,
    /// The latest massage-gun sessions, newest first.
    pub gun_sessions: Vec<MassageGunSession>,
    /// Refused massage-gun attempts since the timeline's start, newest first.
    pub refusals: Vec<GunRefusalRecord>,
    /// The latest notes and those of the timeline, newest first, with their amendments.
    pub notes: Vec<Note>,
    /// Running weeks from the timeline's start (with the one just before), oldest first.
    pub running_weeks: Vec<RunningWeekRecord>,
    /// The clinic's appointment types.
    pub appointment_types: Vec<AppointmentType>,
    /// Upcoming appointments and the latest past ones, by start.
    pub appointments: Vec<Appointment>,
    /// The latest massage-gun screening.
    pub screening: Option<ScreeningRecord>,
    /// Red-flag stops cleared, oldest first.
    pub clearances: Vec<RedFlagClearance>,
}
