//! Booking: appointment types, clinician profiles and hours, rooms and tables, appointments and
//! series, and private calendar feeds.
//!
//! [`BookingStore::change_bookings`] is the one way appointments are made, moved or cancelled:
//! in one transaction it locks the clinicians and resources involved (in a fixed order), checks
//! for overlaps with their buffers, writes, and queues the messages — so two people can never
//! hold the same clinician or table at the same time, whatever the backend.

use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::{Date, Time, Weekday};
use serde::Serialize;

use crate::accounts::{Profession, User};
use crate::audit::AuditEntry;
use crate::error::StoreResult;
use crate::ids::{
    AppointmentId, AppointmentTypeId, ClinicId, ExceptionId, ResourceId, SeriesId, UserId,
};
use crate::mail::NewMail;

macro_rules! spelled {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$doc])*
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($(#[$vdoc])* $variant,)* }

        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stored spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }

            /// Reads the stored spelling.
            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)* _ => None }
            }
        }
    };
}

spelled! {
    /// What an appointment is for.
    AppointmentKind {
        /// A first video consultation: assessment and a plan.
        VideoAssessment = "video-assessment",
        /// A later video consultation to review and adjust the plan.
        VideoFollowUp = "video-follow-up",
        /// Swedish massage: gentle, for people new to massage.
        SwedishMassage = "swedish-massage",
        /// Sports massage: Swedish and deep-tissue techniques together.
        SportsMassage = "sports-massage",
        /// Deep-tissue massage.
        DeepTissueMassage = "deep-tissue-massage",
    }
}

impl AppointmentKind {
    /// Whether it happens by video.
    pub fn is_video(self) -> bool {
        matches!(
            self,
            AppointmentKind::VideoAssessment | AppointmentKind::VideoFollowUp
        )
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            AppointmentKind::VideoAssessment => "Video assessment",
            AppointmentKind::VideoFollowUp => "Video follow-up",
            AppointmentKind::SwedishMassage => "Swedish massage",
            AppointmentKind::SportsMassage => "Sports massage",
            AppointmentKind::DeepTissueMassage => "Deep-tissue massage",
        }
    }
}

spelled! {
    /// A kind of bookable place.
    ResourceKind {
        /// A treatment room.
        Room = "room",
        /// A massage table.
        Table = "table",
    }
}

spelled! {
    /// Whether an appointment still stands.
    AppointmentStatus {
        /// Booked.
        Booked = "booked",
        /// Cancelled (by the patient or the clinic).
        Cancelled = "cancelled",
    }
}

/// No appointment's busy time (its length with the buffers before and after) is longer than
/// this: appointment types are at most 240 minutes with at most 120 minutes of buffer on each
/// side (`tendo_app::booking::setup` checks it). Reads of a window of the diary rely on it to
/// bound their index range.
pub const LONGEST_BUSY: jiff::SignedDuration = jiff::SignedDuration::from_hours(24);

/// A kind of appointment a clinic offers, with its price.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AppointmentType {
    /// Its id.
    pub id: AppointmentTypeId,
    /// Its clinic.
    pub clinic_id: ClinicId,
    /// What it is.
    pub kind: AppointmentKind,
    /// Its name, such as "Initial video assessment".
    pub name: String,
    /// A short description for the booking page.
    pub description: String,
    /// How long it lasts, in minutes.
    pub duration_minutes: u16,
    /// The price in the currency's minor unit (cents, pence).
    pub price_minor: u32,
    /// The currency, as an ISO 4217 code.
    pub currency: String,
    /// Minutes kept free before it.
    pub buffer_before_minutes: u16,
    /// Minutes kept free after it.
    pub buffer_after_minutes: u16,
    /// Which profession delivers it, if any one of them may.
    pub profession: Option<Profession>,
    /// Named clinicians who deliver it; when not empty, only they do.
    pub clinicians: Vec<UserId>,
    /// A room or table it needs, if any.
    pub resource: Option<ResourceKind>,
    /// Whether it can be booked.
    pub active: bool,
}

/// A room or a table.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Resource {
    /// Its id.
    pub id: ResourceId,
    /// Its clinic.
    pub clinic_id: ClinicId,
    /// Its name, such as "Table 1".
    pub name: String,
    /// What it is.
    pub kind: ResourceKind,
    /// Whether it can be booked.
    pub active: bool,
}

/// What the public sees of a clinician, and their booking limits.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClinicianProfile {
    /// The clinician's account.
    pub user: User,
    /// Qualifications, such as a physiotherapy degree and registration.
    pub qualifications: String,
    /// Specialties, such as "Achilles and hamstring tendinopathy; runners".
    pub specialties: String,
    /// A short biography.
    pub bio: String,
    /// The photo's content type, when there is a photo.
    pub photo_type: Option<String>,
    /// Shown on the public booking page and bookable online.
    pub listed: bool,
    /// The least notice for a booking, in minutes.
    pub min_notice_minutes: u32,
    /// How far ahead one may book, in days.
    pub horizon_days: u16,
}

/// Changes to a profile (the photo is set on its own).
#[derive(Clone, Debug)]
pub struct ProfileUpdate {
    /// Qualifications.
    pub qualifications: String,
    /// Specialties.
    pub specialties: String,
    /// Biography.
    pub bio: String,
    /// Shown on the public page.
    pub listed: bool,
}

/// One stretch of a clinician's week, in their own zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeeklyHours {
    /// The day.
    pub weekday: Weekday,
    /// From.
    pub start: Time,
    /// Until.
    pub end: Time,
}

/// Time off or extra hours on one date, in the clinician's zone.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScheduleException {
    /// Its id.
    pub id: ExceptionId,
    /// Whose.
    pub clinician_id: UserId,
    /// The date.
    pub date: Date,
    /// From.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub start: Time,
    /// Until (`23:59:59` for the end of the day).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub end: Time,
    /// Extra hours (`true`) or time off (`false`).
    pub available: bool,
    /// A note, such as "Bank holiday".
    pub note: String,
}

/// A clinician's hours and limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// Whose.
    pub clinician_id: UserId,
    /// Their weekly hours.
    pub weekly: Vec<WeeklyHours>,
    /// Their exceptions in the requested dates.
    pub exceptions: Vec<ScheduleException>,
}

/// An appointment.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Appointment {
    /// Its id.
    pub id: AppointmentId,
    /// Its clinic.
    pub clinic_id: ClinicId,
    /// The patient.
    pub patient_id: UserId,
    /// The clinician.
    pub clinician_id: UserId,
    /// What kind.
    pub type_id: AppointmentTypeId,
    /// The room or table, if it needs one.
    pub resource_id: Option<ResourceId>,
    /// The series it belongs to, if any.
    pub series_id: Option<SeriesId>,
    /// When it starts.
    pub start: Timestamp,
    /// When it ends.
    pub end: Timestamp,
    /// Minutes kept free before it.
    pub buffer_before_minutes: u16,
    /// Minutes kept free after it.
    pub buffer_after_minutes: u16,
    /// Booked or cancelled.
    pub status: AppointmentStatus,
    /// When it was booked.
    pub created_at: Timestamp,
    /// Who booked it.
    pub created_by: UserId,
    /// When it was cancelled.
    pub cancelled_at: Option<Timestamp>,
    /// Who cancelled it.
    pub cancelled_by: Option<UserId>,
    /// Why it was cancelled, in the words of whoever cancelled it (none for a move, or when a
    /// patient gave no reason).
    pub cancel_reason: Option<String>,
}

/// The time a booked appointment holds: what finding free times needs of it, and no more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookedTime {
    /// The appointment's id.
    pub id: AppointmentId,
    /// The clinician it holds.
    pub clinician_id: UserId,
    /// The room or table it holds, if any.
    pub resource_id: Option<ResourceId>,
    /// When it starts.
    pub start: Timestamp,
    /// When it ends.
    pub end: Timestamp,
    /// Minutes kept free before it.
    pub buffer_before_minutes: u16,
    /// Minutes kept free after it.
    pub buffer_after_minutes: u16,
}

impl From<&Appointment> for BookedTime {
    fn from(appointment: &Appointment) -> Self {
        BookedTime {
            id: appointment.id,
            clinician_id: appointment.clinician_id,
            resource_id: appointment.resource_id,
            start: appointment.start,
            end: appointment.end,
            buffer_before_minutes: appointment.buffer_before_minutes,
            buffer_after_minutes: appointment.buffer_after_minutes,
        }
    }
}

/// An appointment to book.
#[derive(Clone, Debug)]
pub struct NewAppointment {
    /// Its id.
    pub id: AppointmentId,
    /// Its clinic.
    pub clinic_id: ClinicId,
    /// The patient.
    pub patient_id: UserId,
    /// The clinician.
    pub clinician_id: UserId,
    /// What kind.
    pub type_id: AppointmentTypeId,
    /// The room or table.
    pub resource_id: Option<ResourceId>,
    /// Its series.
    pub series_id: Option<SeriesId>,
    /// Start.
    pub start: Timestamp,
    /// End.
    pub end: Timestamp,
    /// Buffer before, minutes.
    pub buffer_before_minutes: u16,
    /// Buffer after, minutes.
    pub buffer_after_minutes: u16,
    /// Who books it.
    pub created_by: UserId,
}

/// A series to create with its first appointments.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Series {
    /// Its id.
    pub id: SeriesId,
    /// Its clinic.
    pub clinic_id: ClinicId,
    /// The patient.
    pub patient_id: UserId,
    /// Weeks between sessions (1 or 2).
    pub every_weeks: u8,
    /// When it was created.
    pub created_at: Timestamp,
}

/// A reminder message tied to an appointment: removed if the appointment is cancelled.
#[derive(Clone, Debug)]
pub struct Reminder {
    /// The appointment.
    pub appointment_id: AppointmentId,
    /// The message, sent from its `send_after`.
    pub mail: NewMail,
}

/// One atomic change of the diary: cancel some appointments, book others, queue messages.
#[derive(Clone, Debug)]
pub struct BookingChange {
    /// The clinic.
    pub clinic_id: ClinicId,
    /// Appointments to cancel (their unsent reminders go too).
    pub cancel: Vec<AppointmentId>,
    /// Why they are cancelled, kept with each of them (`None` for a move).
    pub cancel_reason: Option<String>,
    /// Appointments to book.
    pub book: Vec<NewAppointment>,
    /// A new series the booked appointments belong to.
    pub series: Option<Series>,
    /// Messages to queue now.
    pub mail: Vec<NewMail>,
    /// Reminders to queue.
    pub reminders: Vec<Reminder>,
    /// Who makes the change.
    pub by: UserId,
    /// When.
    pub at: Timestamp,
    /// The request's one-time key, recorded with the booking so that a repeat finds it.
    pub request: Option<RequestKey>,
}

/// A booking request's one-time key: a form's hidden token or an API `Idempotency-Key`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestKey {
    /// Whose key it is (keys are unique per person).
    pub user_id: UserId,
    /// The key the client sent.
    pub key: String,
    /// What was asked for, so that the same key sent with another request is recognised.
    pub fingerprint: String,
}

/// What a request key booked the first time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyedBooking {
    /// What was asked for.
    pub fingerprint: String,
    /// The appointments booked, in order.
    pub appointments: Vec<AppointmentId>,
}

/// Booking storage.
#[async_trait]
pub trait BookingStore: Send + Sync {
    /// What `user`'s request with `key` booked, if it was made.
    async fn keyed_booking(&self, user: UserId, key: &str) -> StoreResult<Option<KeyedBooking>>;

    /// A clinic's appointment types, active or not, by name.
    async fn appointment_types(&self, clinic: ClinicId) -> StoreResult<Vec<AppointmentType>>;

    /// Creates or replaces an appointment type of its clinic.
    async fn save_appointment_type(
        &self,
        kind: &AppointmentType,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// A clinic's rooms and tables.
    async fn resources(&self, clinic: ClinicId) -> StoreResult<Vec<Resource>>;

    /// Creates or replaces a room or table.
    async fn save_resource(&self, resource: &Resource, audit: &AuditEntry) -> StoreResult<()>;

    /// Every clinician of a clinic with their profile (defaults when none was saved).
    async fn clinician_profiles(&self, clinic: ClinicId) -> StoreResult<Vec<ClinicianProfile>>;

    /// Changes a clinician's profile.
    async fn save_profile(
        &self,
        clinic: ClinicId,
        clinician: UserId,
        update: &ProfileUpdate,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// Sets a clinician's photo (already checked).
    async fn set_photo(
        &self,
        clinic: ClinicId,
        clinician: UserId,
        content_type: &str,
        bytes: &[u8],
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// A clinician's photo: content type and bytes.
    async fn photo(&self, clinic: ClinicId, clinician: UserId) -> StoreResult<(String, Vec<u8>)>;

    /// The schedules of a clinic's clinicians, with their exceptions between two dates.
    async fn schedules(&self, clinic: ClinicId, from: Date, to: Date)
    -> StoreResult<Vec<Schedule>>;

    /// Replaces a clinician's weekly hours and booking limits.
    async fn set_hours(
        &self,
        clinic: ClinicId,
        clinician: UserId,
        weekly: &[WeeklyHours],
        min_notice_minutes: u32,
        horizon_days: u16,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// Adds a date exception.
    async fn add_exception(
        &self,
        clinic: ClinicId,
        exception: &ScheduleException,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// Removes a date exception of a clinician.
    async fn remove_exception(
        &self,
        clinic: ClinicId,
        clinician: UserId,
        exception: ExceptionId,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// Booked appointments of a clinic whose buffered time overlaps `[from, to)`.
    async fn booked_between(
        &self,
        clinic: ClinicId,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<Appointment>>;

    /// The times held by the booked appointments of a clinic whose buffered time overlaps
    /// `[from, to)`: the rows of [`BookingStore::booked_between`] cut to what finding free times
    /// needs, read from one index without the table (the slot search of a large clinic reads
    /// thousands of them).
    async fn booked_times(
        &self,
        clinic: ClinicId,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<BookedTime>>;

    /// One appointment of a clinic.
    async fn appointment(
        &self,
        clinic: ClinicId,
        appointment: AppointmentId,
    ) -> StoreResult<Appointment>;

    /// A patient's appointments, by start.
    async fn patient_appointments(
        &self,
        clinic: ClinicId,
        patient: UserId,
    ) -> StoreResult<Vec<Appointment>>;

    /// The appointments the patient record shows, by start: every one starting at `now` or
    /// later, and the `past` latest before it. Its cost does not grow with older appointments.
    async fn record_appointments(
        &self,
        clinic: ClinicId,
        patient: UserId,
        now: Timestamp,
        past: u32,
    ) -> StoreResult<Vec<Appointment>>;

    /// A clinician's appointments starting in `[from, to)`, by start.
    async fn clinician_appointments(
        &self,
        clinic: ClinicId,
        clinician: UserId,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<Appointment>>;

    /// The appointments of a series, by start.
    async fn series_appointments(
        &self,
        clinic: ClinicId,
        series: SeriesId,
    ) -> StoreResult<Vec<Appointment>>;

    /// Cancels, books and queues atomically. Fails with `Conflict` (naming the first start that
    /// clashes) if a clinician or resource is already taken, counting buffers, and with
    /// `NotFound` if an appointment to cancel is not a booked one of the clinic.
    async fn change_bookings(
        &self,
        change: &BookingChange,
        audit: &AuditEntry,
    ) -> StoreResult<Vec<Appointment>>;

    /// Sets (or replaces) a person's calendar-feed token hash.
    async fn set_feed(
        &self,
        user: UserId,
        token_hash: &[u8],
        at: Timestamp,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// Revokes a person's calendar feed.
    async fn revoke_feed(&self, user: UserId, audit: &AuditEntry) -> StoreResult<()>;

    /// When a person's current feed was created, if they have one.
    async fn feed_created(&self, user: UserId) -> StoreResult<Option<Timestamp>>;

    /// The person whose feed has this token hash.
    async fn feed_owner(&self, token_hash: &[u8]) -> StoreResult<User>;
}
