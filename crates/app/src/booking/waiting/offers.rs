//! Offers to the waiting list. When a time frees up, the first [`OFFERS_AT_ONCE`] people on the
//! list, in joining order, whose appointment type, clinician and dates fit a time that is free
//! now are each mailed an offer of the earliest such time: the offer and its mail are written
//! in one transaction, the link's token is kept hashed, and the link works once, for
//! [`OFFER_LIFETIME`]. Pressing the button behind it books through the normal booking service
//! (so the red-flag stop, overlaps and request keys all hold) and takes the patient off the
//! list; if the time was taken meanwhile, they are told so and keep their place.

use jiff::civil::{Date, Time};
use jiff::{SignedDuration, Timestamp, ToSpan};
use tendo_core::scheduling::instant_at;
use tendo_store::StoreError;
use tendo_store::accounts::{Clinic, User};
use tendo_store::audit::AuditEntry;
use tendo_store::booking::{Appointment, AppointmentType};
use tendo_store::ids::{AppointmentTypeId, ClinicId, RecordId};
use tendo_store::mail::NewMail;
use tendo_store::waiting::{NewWaitingOffer, WaitingEntry, WaitingOffer};

use super::zone_of;
use crate::App;
use crate::access::{Caller, Credential, RequestMeta};
use crate::booking::AppointmentView;
use crate::booking::diary::{self, BookRequest};
use crate::booking::messages::local;
use crate::booking::slots::{BOOKABLE_DAYS, Diary};
use crate::error::{AppError, AppResult};
use crate::secrets::{random_token, token_hash};

/// How long an offer's link works: long enough to see a mail sent overnight, short enough that
/// the time goes to someone else while it is still useful.
pub const OFFER_LIFETIME: SignedDuration = SignedDuration::from_hours(12);

/// How many people on the list are offered freed times at once; the first to book has it.
pub const OFFERS_AT_ONCE: usize = 3;

/// How many entries of the list, in joining order, one freed time is checked against.
const ENTRIES_CHECKED: u32 = 200;

/// The message for an offer link that cannot be used.
pub const OFFER_NOT_VALID: &str = "This offer has expired or was already used. You are still on \
                                   the waiting list unless you booked it: look for another time \
                                   on the booking page, or wait for the next offer.";

/// Offers the times `freed` (cancelled or moved appointments) left free. Offering never undoes
/// what freed the time: a failure is logged and the list waits for the next freed time.
pub async fn appointments_freed<'a>(
    app: &App,
    clinic: &Clinic,
    freed: impl IntoIterator<Item = &'a Appointment>,
) {
    let window = freed.into_iter().fold(None, |window, appointment| {
        let start = appointment.start
            - SignedDuration::from_mins(i64::from(appointment.buffer_before_minutes));
        let end = appointment.end
            + SignedDuration::from_mins(i64::from(appointment.buffer_after_minutes));
        match window {
            None => Some((start, end)),
            Some((from, to)) => Some((start.min(from), end.max(to))),
        }
    });
    if let Some((from, to)) = window
        && let Err(error) = offer_freed(app, clinic, from, to).await
    {
        tracing::warn!(%error, clinic = %clinic.id, "freed times were not offered to the waiting list");
    }
}

/// Offers the times a clinician's new hours opened (weekly hours, extra hours, time off taken
/// back), anywhere on the list's dates.
pub async fn hours_opened(app: &App, clinic: ClinicId) {
    let now = app.now();
    let result = match app.store.clinic(clinic).await {
        Ok(clinic) => {
            offer_freed(
                app,
                &clinic,
                now,
                now + SignedDuration::from_hours(24 * BOOKABLE_DAYS),
            )
            .await
        }
        Err(error) => Err(error.into()),
    };
    if let Err(error) = result {
        tracing::warn!(%error, %clinic, "opened hours were not offered to the waiting list");
    }
}

/// The moments an entry's dates cover in its patient's zone: from the first date's midnight to
/// the midnight after the last.
fn entry_window(entry: &WaitingEntry, patient: &User) -> (Timestamp, Timestamp) {
    let zone = zone_of(patient);
    let at = |date: Date| instant_at(&zone, date.to_datetime(Time::midnight()));
    let start = at(entry.from).unwrap_or(Timestamp::MIN);
    let end = entry
        .to
        .checked_add(1.day())
        .ok()
        .and_then(at)
        .unwrap_or(Timestamp::MAX);
    (start, end)
}

/// Offers free times in `[from, to)` to the first people on the list they suit; how many were
/// offered one.
pub async fn offer_freed(
    app: &App,
    clinic: &Clinic,
    from: Timestamp,
    to: Timestamp,
) -> AppResult<usize> {
    let now = app.now();
    let from = from.max(now);
    if to <= from {
        return Ok(0);
    }
    // Entries are in their patients' dates; a day either side covers every zone.
    let utc = |at: Timestamp| at.to_zoned(jiff::tz::TimeZone::UTC).date();
    let first = utc(from).yesterday().unwrap_or(Date::MIN);
    let last = utc(to).tomorrow().unwrap_or(Date::MAX);
    let waiting = app
        .store
        .waiting_to_offer(clinic.id, first, last, now, ENTRIES_CHECKED)
        .await?;
    if waiting.is_empty() {
        return Ok(0);
    }
    let mut people = crate::booking::People::new(app, clinic.id);
    let mut wanted = Vec::with_capacity(waiting.len());
    for entry in waiting {
        let patient = people.get(entry.patient_id).await?;
        let (start, end) = entry_window(&entry, &patient);
        let (start, end) = (start.max(from), end.min(to));
        if start < end {
            wanted.push((entry, patient, start, end));
        }
    }
    // The diary is read once, for the stretch the waiting people's dates reach.
    let (Some(start), Some(end)) = (
        wanted.iter().map(|(_, _, start, _)| *start).min(),
        wanted.iter().map(|(_, _, _, end)| *end).max(),
    ) else {
        return Ok(0);
    };
    let diary = Diary::load(app, clinic.clone(), start, end).await?;
    let mut offered = 0;
    for (entry, patient, start, end) in wanted {
        if offered == OFFERS_AT_ONCE {
            break;
        }
        let Ok(kind) = diary.kind(entry.type_id) else {
            continue;
        };
        // Someone whose programme a red flag has stopped cannot book a massage: not offered.
        if diary::massage_allowed(app, clinic, patient.id, kind)
            .await
            .is_err()
        {
            continue;
        }
        let free = diary.options(kind, entry.clinician_id, (start, end), true, &[]);
        if let Some(time) = free.first() {
            offer(app, clinic, &entry, &patient, kind, time.start).await?;
            offered += 1;
        }
    }
    Ok(offered)
}

/// Makes one offer and queues its mail, in one transaction.
async fn offer(
    app: &App,
    clinic: &Clinic,
    entry: &WaitingEntry,
    patient: &User,
    kind: &AppointmentType,
    start: Timestamp,
) -> AppResult<()> {
    let now = app.now();
    let token = random_token();
    let link = format!("{}/waiting-list/offers/{token}", app.settings.base_url);
    let when = local(start, &patient.time_zone);
    let with = match entry.clinician_id {
        Some(id) => format!(" with {}", app.store.user(clinic.id, id).await?.name),
        None => String::new(),
    };
    let mail = NewMail {
        id: RecordId::new(),
        clinic_id: Some(clinic.id),
        user_id: Some(patient.id),
        to: patient.email.clone(),
        subject: format!("A time is free: {} on {when}", kind.name),
        body: format!(
            "Hello {},\n\nA time you were waiting for at {} is free: {}{with} on {when}.\n\nTo \
             book it, open this link within {} hours and press the button:\n\n{link}\n\nA few \
             people on the waiting list may be offered the same time; the first to book it has \
             it. If it is gone, you keep your place on the list.\n",
            patient.name,
            clinic.name,
            kind.name,
            OFFER_LIFETIME.as_hours(),
        ),
        calendar: None,
        created_at: now,
        send_after: now,
    };
    let offer = NewWaitingOffer {
        offer: WaitingOffer {
            id: RecordId::new(),
            entry_id: entry.id,
            clinic_id: clinic.id,
            patient_id: patient.id,
            type_id: kind.id,
            clinician_id: entry.clinician_id,
            start,
            created_at: now,
            expires_at: now + OFFER_LIFETIME,
            used_at: None,
        },
        token_hash: token_hash(&token),
    };
    let mut audit = AuditEntry::new("waiting-list.offer", format!("waiting-list/{}", entry.id))
        .in_clinic(clinic.id)
        .about(patient.id)
        .detail(format!("{} at {start}", kind.name));
    audit.at = now;
    Ok(app
        .store
        .create_waiting_offer(&offer, &mail, &audit)
        .await?)
}

/// An offer as its link shows it.
#[derive(Clone, Debug)]
pub struct OfferView {
    /// The offer.
    pub offer: WaitingOffer,
    /// The clinic.
    pub clinic: Clinic,
    /// The patient it was made to.
    pub patient: User,
    /// The appointment type's name.
    pub type_name: String,
    /// The clinician's name, or `None` for anyone free.
    pub clinician_name: Option<String>,
}

fn not_valid(error: StoreError) -> AppError {
    match error {
        StoreError::NotFound | StoreError::Expired => AppError::Expired(OFFER_NOT_VALID.into()),
        other => other.into(),
    }
}

/// The offer behind a link, if the link can still be used (gone otherwise).
pub async fn open_offer(app: &App, token: &str) -> AppResult<OfferView> {
    let offer = app
        .store
        .waiting_offer(&token_hash(token))
        .await
        .map_err(not_valid)?;
    if offer.used_at.is_some() || offer.expires_at <= app.now() {
        return Err(AppError::Expired(OFFER_NOT_VALID.into()));
    }
    let clinic = app.store.clinic(offer.clinic_id).await?;
    let patient = app.store.user(clinic.id, offer.patient_id).await?;
    let type_name = name_of(app, &clinic, offer.type_id).await?;
    let clinician_name = match offer.clinician_id {
        Some(id) => Some(app.store.user(clinic.id, id).await?.name),
        None => None,
    };
    Ok(OfferView {
        offer,
        clinic,
        patient,
        type_name,
        clinician_name,
    })
}

async fn name_of(app: &App, clinic: &Clinic, kind: AppointmentTypeId) -> AppResult<String> {
    Ok(app
        .store
        .appointment_types(clinic.id)
        .await?
        .into_iter()
        .find(|candidate| candidate.id == kind)
        .map(|kind| kind.name)
        .unwrap_or_else(|| "An appointment".into()))
}

/// What became of an accepted offer.
#[derive(Clone, Debug)]
pub enum OfferOutcome {
    /// Booked; the patient is off the waiting list for it.
    Booked(Box<AppointmentView>),
    /// Not booked (most often, someone else took the time first); the patient keeps their
    /// place on the list.
    NotBooked {
        /// The clinic, to choose another time.
        clinic: Box<Clinic>,
        /// The appointment type they wait for.
        type_id: AppointmentTypeId,
        /// Why, in plain words.
        reason: String,
    },
}

/// Uses an offer's link, once: books the offered time for its patient if it is still free and
/// takes them off the list, or says why not and keeps them on it.
pub async fn accept_offer(app: &App, token: &str, meta: &RequestMeta) -> AppResult<OfferOutcome> {
    let hash = token_hash(token);
    let offer = app
        .store
        .claim_waiting_offer(&hash, app.now())
        .await
        .map_err(not_valid)?;
    let clinic = app.store.clinic(offer.clinic_id).await?;
    let patient = app.store.user(clinic.id, offer.patient_id).await?;
    let caller = Caller {
        user: patient,
        credential: Credential::Session,
        meta: meta.clone(),
    };
    let request = BookRequest {
        type_id: offer.type_id,
        start: offer.start,
        clinician: offer.clinician_id,
        patient: None,
        key: Some(format!("waiting-list-offer-{}", offer.id)),
    };
    match diary::book(app, &caller, clinic.clone(), &request).await {
        Ok(view) => {
            let audit = caller
                .audit(
                    "waiting-list.booked",
                    format!("waiting-list/{}", offer.entry_id),
                    app.now(),
                )
                .about(caller.id())
                .detail(format!("booked {}", view.appointment.id));
            app.store
                .fulfil_waiting_offer(clinic.id, offer.entry_id, &audit)
                .await?;
            Ok(OfferOutcome::Booked(Box::new(view)))
        }
        Err(error @ (AppError::Conflict(_) | AppError::Invalid(_) | AppError::NotFound)) => {
            let reason = match error {
                AppError::Conflict(message)
                    if message == diary::TAKEN || message == super::super::slots::NOT_FREE =>
                {
                    "Someone else booked that time first.".to_string()
                }
                // Another rule, such as a red-flag stop: its own words.
                AppError::Conflict(message) => message,
                _ => "That time can no longer be booked.".to_string(),
            };
            Ok(OfferOutcome::NotBooked {
                clinic: Box::new(clinic),
                type_id: offer.type_id,
                reason,
            })
        }
        Err(other) => {
            // A passing failure: the link works again.
            app.store.release_waiting_offer(&hash).await?;
            Err(other)
        }
    }
}
