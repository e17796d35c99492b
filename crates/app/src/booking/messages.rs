//! The messages that go with a booking: confirmation (with the calendar file), reminder the day
//! before, and cancellation. Each states the clinic's cancellation window. They are queued in
//! the outbox in the same transaction as the booking; people without mail delivery read them in
//! the app.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use tendo_core::scheduling::self_cancel;
use tendo_store::accounts::{Clinic, User};
use tendo_store::booking::{Appointment, AppointmentType, Reminder};
use tendo_store::ids::RecordId;
use tendo_store::mail::NewMail;

use crate::App;
use crate::booking::calendar::{self, EventText};

/// How long before an appointment its reminder goes out.
pub const REMINDER_BEFORE_HOURS: i64 = 24;

/// A moment in a person's zone, such as "Tue 1 Dec 2026, 10:00 GMT".
pub fn local(at: Timestamp, zone: &str) -> String {
    at.to_zoned(TimeZone::get(zone).unwrap_or(TimeZone::UTC))
        .strftime("%a %-d %b %Y, %H:%M %Z")
        .to_string()
}

/// The sentence about cancelling, for every confirmation, reminder and page, as it stands at
/// `now`.
pub fn policy_text(
    clinic: &Clinic,
    appointment: &Appointment,
    zone: &str,
    now: Timestamp,
) -> String {
    policy_for(clinic, appointment.start, zone, now)
}

/// The sentence about cancelling an appointment starting at `start`, as it stands at `now`.
pub fn policy_for(clinic: &Clinic, start: Timestamp, zone: &str, now: Timestamp) -> String {
    let window = clinic.settings.cancellation_window_hours;
    let decision = self_cancel(now, start, window);
    if !decision.allowed {
        return format!(
            "It starts within {window} hours, so it can no longer be cancelled or moved online: \
             please contact {} to cancel.",
            clinic.name
        );
    }
    let deadline = decision.deadline;
    format!(
        "You can cancel or move this appointment online until {} ({window} hours before it \
         starts). After that, please contact {} to cancel.",
        local(deadline, zone),
        clinic.name
    )
}

/// Everything a message about one appointment needs.
pub struct About<'a> {
    /// The clinic.
    pub clinic: &'a Clinic,
    /// The appointment.
    pub appointment: &'a Appointment,
    /// Its type.
    pub kind: &'a AppointmentType,
    /// The patient.
    pub patient: &'a User,
    /// The clinician.
    pub clinician: &'a User,
}

fn mail(
    app: &App,
    about: &About<'_>,
    subject: String,
    body: String,
    send_after: Timestamp,
    with_calendar: bool,
) -> NewMail {
    let calendar = with_calendar.then(|| {
        calendar::calendar(
            about.clinic,
            &about.kind.name,
            &[EventText {
                appointment: about.appointment,
                kind: about.kind,
                with: &about.clinician.name,
                location: calendar::location(app, about.clinic, about.appointment, about.kind),
            }],
            app.now(),
        )
    });
    NewMail {
        id: RecordId::new(),
        clinic_id: Some(about.clinic.id),
        user_id: Some(about.patient.id),
        to: about.patient.email.clone(),
        subject,
        body,
        calendar,
        created_at: app.now(),
        send_after,
    }
}

fn details(app: &App, about: &About<'_>) -> String {
    let zone = &about.patient.time_zone;
    format!(
        "{} with {}\n{} to {}\nWhere: {}\n\n{}\n\nYour appointments: {}/appointments/{}\n",
        about.kind.name,
        about.clinician.name,
        local(about.appointment.start, zone),
        local(about.appointment.end, zone),
        calendar::location(app, about.clinic, about.appointment, about.kind),
        policy_text(about.clinic, about.appointment, zone, app.now()),
        app.settings.base_url,
        about.appointment.id,
    )
}

/// The confirmation, sent now, with the calendar file.
pub fn confirmation(app: &App, about: &About<'_>) -> NewMail {
    let body = format!(
        "Hello {},\n\nYour appointment is booked.\n\n{}",
        about.patient.name,
        details(app, about)
    );
    mail(
        app,
        about,
        format!(
            "Booked: {} on {}",
            about.kind.name,
            local(about.appointment.start, &about.patient.time_zone)
        ),
        body,
        app.now(),
        true,
    )
}

/// The reminder, sent the day before (or not at all if that moment has passed).
pub fn reminder(app: &App, about: &About<'_>) -> Option<Reminder> {
    let send_after = about.appointment.start - SignedDuration::from_hours(REMINDER_BEFORE_HOURS);
    if send_after <= app.now() {
        return None;
    }
    let body = format!(
        "Hello {},\n\nA reminder of your appointment tomorrow.\n\n{}",
        about.patient.name,
        details(app, about)
    );
    Some(Reminder {
        appointment_id: about.appointment.id,
        mail: mail(
            app,
            about,
            format!(
                "Tomorrow: {} at {}",
                about.kind.name,
                local(about.appointment.start, &about.patient.time_zone)
            ),
            body,
            send_after,
            false,
        ),
    })
}

/// The notice that an appointment was cancelled.
pub fn cancellation(
    app: &App,
    about: &About<'_>,
    by_clinic: bool,
    reason: Option<&str>,
) -> NewMail {
    let who = if by_clinic {
        about.clinic.name.as_str()
    } else {
        "you"
    };
    let reason = reason
        .map(|reason| format!("\n\nThe reason given: {reason}"))
        .unwrap_or_default();
    let body = format!(
        "Hello {},\n\nYour {} with {} on {} was cancelled by {who}.{reason}\n\nBook another time at {}/appointments.\n",
        about.patient.name,
        about.kind.name,
        about.clinician.name,
        local(about.appointment.start, &about.patient.time_zone),
        app.settings.base_url,
    );
    mail(
        app,
        about,
        format!(
            "Cancelled: {} on {}",
            about.kind.name,
            local(about.appointment.start, &about.patient.time_zone)
        ),
        body,
        app.now(),
        false,
    )
}
