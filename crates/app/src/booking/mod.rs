//! Booking: what clinics offer (appointment types, team profiles, hours, rooms and tables),
//! finding a free time, booking, moving and cancelling (one appointment or a series), the
//! messages and reminders that go with them, calendar files and feeds, and who may join a
//! video consultation.

mod access;
pub(crate) mod booked_times;
pub mod calendar;
pub mod cancel;
pub mod catalogue;
pub mod clinic_diary;
pub mod closures;
pub mod diary;
pub mod hours;
pub mod listing;
pub mod messages;
pub mod photo;
pub mod register;
pub mod series;
pub mod setup;
pub mod slots;
pub mod video;
pub mod video_rooms;
pub mod waiting;

pub use access::{AppointmentView, appointment_for};

use std::collections::HashMap;

use tendo_store::accounts::{Clinic, User};
use tendo_store::ids::{ClinicId, UserId};

use crate::App;
use crate::error::AppResult;

/// The people of a clinic, each read from the store once per request however many
/// appointments name them.
pub struct People<'a> {
    app: &'a App,
    clinic: ClinicId,
    known: HashMap<UserId, User>,
}

impl<'a> People<'a> {
    /// An empty cache for `clinic`.
    pub fn new(app: &'a App, clinic: ClinicId) -> Self {
        People {
            app,
            clinic,
            known: HashMap::new(),
        }
    }

    /// A person of the clinic.
    pub async fn get(&mut self, id: UserId) -> AppResult<User> {
        if let Some(user) = self.known.get(&id) {
            return Ok(user.clone());
        }
        let user = self.app.store.user(self.clinic, id).await?;
        self.known.insert(id, user.clone());
        Ok(user)
    }

    /// Reads every person of `ids` not yet known in one read, so that [`People::get`] finds
    /// them without a read each.
    pub async fn load(&mut self, ids: impl IntoIterator<Item = UserId>) -> AppResult<()> {
        let unknown: Vec<UserId> = ids
            .into_iter()
            .filter(|id| !self.known.contains_key(id))
            .collect();
        if unknown.is_empty() {
            return Ok(());
        }
        for user in self.app.store.users(self.clinic, &unknown).await? {
            self.known.insert(user.id, user);
        }
        Ok(())
    }
}

/// A whole number as typed into a form (spaces around it ignored); `None` when it is not one,
/// which the service that checks the number's range reports by the field's name. Forms read
/// their numbers with it at the edge and hand the services numbers, as the JSON API does.
pub fn whole_number<T: std::str::FromStr>(text: &str) -> Option<T> {
    text.trim().parse().ok()
}

/// How far before its start a video room opens, in minutes.
pub const VIDEO_OPENS_MINUTES: i64 = 10;

/// A clinic by its public slug.
pub async fn clinic_by_slug(app: &App, slug: &str) -> AppResult<Clinic> {
    Ok(app.store.clinic_by_slug(slug).await?)
}

/// The most clinics the home page lists.
pub const MAX_LISTED_CLINICS: usize = 50;

/// Clinics that take bookings online (at least one bookable appointment type), by name, for
/// the home page: at most [`MAX_LISTED_CLINICS`].
pub async fn bookable_clinics(app: &App) -> AppResult<Vec<Clinic>> {
    let mut clinics = app.store.clinics().await?;
    clinics.sort_by_key(|clinic| clinic.name.to_lowercase());
    let mut bookable = Vec::new();
    for clinic in clinics {
        if bookable.len() == MAX_LISTED_CLINICS {
            break;
        }
        let types = app.store.appointment_types(clinic.id).await?;
        if types.iter().any(|kind| kind.active) {
            bookable.push(clinic);
        }
    }
    Ok(bookable)
}
