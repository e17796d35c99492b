//! Calendar files: an `.ics` for each appointment and a private feed per person, written with
//! the `icalendar` crate, every time in UTC.

use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use jiff::Timestamp;
use tendo_store::accounts::{Clinic, Role, User};
use tendo_store::booking::{Appointment, AppointmentStatus, AppointmentType};

use crate::App;
use crate::error::{AppError, AppResult};
use crate::secrets::{random_token, token_hash};

fn utc(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// What one event says.
pub struct EventText<'a> {
    /// The appointment.
    pub appointment: &'a Appointment,
    /// Its type.
    pub kind: &'a AppointmentType,
    /// The other person's name, as the reader sees it ("with Sam Reed").
    pub with: &'a str,
    /// Where: the video room's address or the clinic.
    pub location: String,
}

fn event(clinic: &Clinic, text: &EventText<'_>, stamp: Timestamp) -> Event {
    let appointment = text.appointment;
    let mut event = Event::new();
    event
        .uid(&format!("{}@tendo", appointment.id))
        .summary(&format!("{} with {}", text.kind.name, text.with))
        .description(&match (&appointment.status, &appointment.cancel_reason) {
            (AppointmentStatus::Cancelled, Some(reason)) => format!(
                "{} at {}: cancelled. The reason given: {reason}",
                text.kind.name, clinic.name
            ),
            (AppointmentStatus::Cancelled, None) => {
                format!("{} at {}: cancelled.", text.kind.name, clinic.name)
            }
            (AppointmentStatus::Booked, _) => format!(
                "{} at {}. To cancel or move it, use Tendo or contact the clinic.",
                text.kind.name, clinic.name
            ),
        })
        .location(&text.location)
        .add_property("DTSTAMP", utc(stamp))
        .add_property("DTSTART", utc(appointment.start))
        .add_property("DTEND", utc(appointment.end))
        .add_property(
            "SEQUENCE",
            if appointment.status == AppointmentStatus::Cancelled {
                "1"
            } else {
                "0"
            },
        )
        .status(if appointment.status == AppointmentStatus::Cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    event.done()
}

/// A calendar with the given events.
pub fn calendar(clinic: &Clinic, name: &str, events: &[EventText<'_>], stamp: Timestamp) -> String {
    let mut calendar = Calendar::new();
    calendar.name(name);
    calendar.append_property(("PRODID", "-//Tendo//Booking//EN"));
    for text in events {
        calendar.push(event(clinic, text, stamp));
    }
    calendar.done().to_string()
}

/// Where an appointment happens, for calendars and messages.
pub fn location(
    app: &App,
    clinic: &Clinic,
    appointment: &Appointment,
    kind: &AppointmentType,
) -> String {
    if !kind.kind.is_video() {
        return match &clinic.settings.address {
            Some(address) => format!("{}, {}", clinic.name, one_line(address)),
            None => clinic.name.clone(),
        };
    }
    match &clinic.settings.meeting_link_template {
        Some(template) => template.replace("{appointment}", &appointment.id.to_string()),
        None => format!(
            "{}/appointments/{}/video",
            app.settings.base_url, appointment.id
        ),
    }
}

/// An address of several lines on one, the lines joined by commas.
pub fn one_line(address: &str) -> String {
    address
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Creates (or replaces) the caller's private feed and returns its secret address.
pub async fn new_feed(app: &App, caller: &crate::access::Caller) -> AppResult<String> {
    caller.require_write()?;
    let token = random_token();
    let audit = caller.audit(
        "calendar-feed.create",
        format!("user/{}", caller.id()),
        app.now(),
    );
    app.store
        .set_feed(caller.id(), &token_hash(&token), app.now(), &audit)
        .await?;
    Ok(format!(
        "{}/calendar/{token}/appointments.ics",
        app.settings.base_url
    ))
}

/// When the caller's current feed address was made, if they have one.
pub async fn feed_created(
    app: &App,
    caller: &crate::access::Caller,
) -> AppResult<Option<Timestamp>> {
    Ok(app.store.feed_created(caller.id()).await?)
}

/// Revokes the caller's feed: its address stops working at once.
pub async fn revoke_feed(app: &App, caller: &crate::access::Caller) -> AppResult<()> {
    caller.require_write()?;
    let audit = caller.audit(
        "calendar-feed.revoke",
        format!("user/{}", caller.id()),
        app.now(),
    );
    Ok(app.store.revoke_feed(caller.id(), &audit).await?)
}

/// The feed behind a secret token: the owner's appointments from 30 days ago on, cancelled
/// ones marked so calendars remove them.
pub async fn feed(app: &App, token: &str) -> AppResult<String> {
    let owner: User =
        app.store
            .feed_owner(&token_hash(token))
            .await
            .map_err(|error| match error {
                tendo_store::StoreError::NotFound => AppError::NotFound,
                other => other.into(),
            })?;
    let clinic = app.store.clinic(owner.clinic_id).await?;
    let since = app.now() - jiff::SignedDuration::from_hours(24 * 30);
    let appointments = match owner.role {
        Role::Patient => app.store.patient_appointments(clinic.id, owner.id).await?,
        _ => {
            app.store
                .clinician_appointments(clinic.id, owner.id, since, Timestamp::MAX)
                .await?
        }
    };
    let types = app.store.appointment_types(clinic.id).await?;
    let mut names = Vec::new();
    let mut people = super::People::new(app, clinic.id);
    for appointment in appointments.iter().filter(|a| a.end >= since) {
        let other = if owner.role == Role::Patient {
            appointment.clinician_id
        } else {
            appointment.patient_id
        };
        let name = people
            .get(other)
            .await
            .map(|user| user.name)
            .unwrap_or_default();
        names.push((appointment, name));
    }
    let events: Vec<EventText<'_>> = names
        .iter()
        .filter_map(|(appointment, name)| {
            let kind = types.iter().find(|kind| kind.id == appointment.type_id)?;
            Some(EventText {
                appointment,
                kind,
                with: name,
                location: location(app, &clinic, appointment, kind),
            })
        })
        .collect();
    let mut entry =
        tendo_store::audit::AuditEntry::new("calendar-feed.read", format!("user/{}", owner.id))
            .by(owner.id, owner.role, clinic.id);
    entry.at = app.now();
    if owner.role == Role::Patient {
        entry = entry.about(owner.id);
    }
    app.audit.record(entry).await?;
    Ok(calendar(
        &clinic,
        &format!("{} appointments", clinic.name),
        &events,
        app.now(),
    ))
}
