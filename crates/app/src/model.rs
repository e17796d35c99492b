//! The data types the surfaces (the web app, the JSON API, the command line) may see: ids,
//! people and clinics, booking rows, care plans, clinical notes and the rest, re-exported from
//! `tendo-store` so that no surface depends on the store itself.
//!
//! Only values live here, never the `Store` trait or its per-area traits: a surface reads and
//! changes data through the services of this crate, which check the caller's rights and write
//! the audit entries.

/// Typed ids (UUIDv7 newtypes).
pub mod ids {
    pub use tendo_store::ids::{
        ApiTokenId, AppointmentId, AppointmentTypeId, AuditId, ClinicId, ExceptionId, Id,
        InvitationId, RecordId, ResourceId, SeriesId, UserId, WaitingEntryId,
    };
}

/// Clinics, people, invitations, API tokens and sign-ups waiting to be finished.
pub mod accounts {
    pub use tendo_store::accounts::{
        ApiToken, Clinic, ClinicSettings, EndedAccess, Invitation, PendingBooking, PendingSignUp,
        Profession, Role, Scope, User,
    };
}

/// Entries of the audit log, as read back.
pub mod audit {
    pub use tendo_store::audit::AuditEntry;
}

/// Appointment types, team profiles, working hours, rooms and appointments.
pub mod booking {
    pub use tendo_store::booking::{
        Appointment, AppointmentKind, AppointmentStatus, AppointmentType, ClinicianProfile,
        ProfileUpdate, Resource, ResourceKind, Schedule, ScheduleException, WeeklyHours,
    };
}

/// The kinds of training reminder.
pub mod reminders {
    pub use tendo_store::reminders::ReminderKind;
}

/// Today's session in progress (workout mode).
pub mod drafts {
    pub use tendo_store::drafts::SessionDraft;
    pub use tendo_store::training::LoggedSet;
}

/// Intake and care-plan versions.
pub mod care {
    pub use tendo_store::care::{Intake, PlanCause, PlanVersion};
}

/// Clinical notes, messages with the care team and red-flag clearances.
pub mod clinic {
    pub use tendo_store::clinic::{
        Message, Note, NoteKind, NoteSections, RedFlagClearance, ThreadSummary,
    };
}

/// The clinic's public holidays and closures.
pub mod closures {
    pub use tendo_store::closures::ClinicClosure;
}

/// Messages sent to people.
pub mod mail {
    pub use tendo_store::mail::Mail;
}

/// Questionnaire scores, screenings, massage-gun sessions and running weeks.
pub mod outcomes {
    pub use tendo_store::outcomes::{
        MassageGunSession, QuestionnaireResponse, RunningWeekRecord, ScreeningRecord,
    };
}

/// A patient's summary and the export of their data.
pub mod patients {
    pub use tendo_store::patients::{ExportLayout, PatientExport, PatientSummary};
}

/// The database's schema, pool and outbox, as an operator sees them.
pub mod operations {
    pub use tendo_store::operations::{OutboxStatus, PoolStatus, SchemaStatus};
}
