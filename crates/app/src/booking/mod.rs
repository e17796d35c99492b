//! Booking: what clinics offer (appointment types, team profiles, hours, rooms and tables),
//! finding a free time, booking, moving and cancelling (one appointment or a series), the
//! messages and reminders that go with them, calendar files and feeds, and who may join a
//! video consultation.

mod access;
pub mod calendar;
pub mod diary;
pub mod messages;
pub mod register;
pub mod series;
pub mod setup;
pub mod slots;
pub mod video;

pub use access::{AppointmentView, appointment_for};

use tendo_store::accounts::Clinic;

use crate::App;
use crate::error::AppResult;

/// How far before its start a video room opens, in minutes.
pub const VIDEO_OPENS_MINUTES: i64 = 10;

/// A clinic by its public slug.
pub async fn clinic_by_slug(app: &App, slug: &str) -> AppResult<Clinic> {
    Ok(app.store.clinic_by_slug(slug).await?)
}

/// A price in minor units as text, such as "65.00 GBP".
pub fn price_text(minor: u32, currency: &str) -> String {
    format!("{}.{:02} {currency}", minor / 100, minor % 100)
}
