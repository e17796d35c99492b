//! What the booking pages show, prepared for the templates.

use jiff::Timestamp;
use tendo_app::booking::AppointmentView;
use tendo_app::booking::calendar::one_line;
use tendo_app::booking::messages::policy_text;
use tendo_app::model::accounts::Clinic;
use tendo_app::model::booking::{AppointmentStatus, AppointmentType};
use tendo_core::evidence;
use tendo_core::rules::{self, RuleId};
use tendo_core::scheduling::self_cancel;

use crate::time::Local;

/// An appointment as listed.
pub struct AppointmentRow {
    /// Its id.
    pub id: String,
    /// "Sports massage".
    pub name: String,
    /// When, in the reader's zone.
    pub when: String,
    /// With whom (the other person).
    pub with: String,
    /// "booked" or "cancelled".
    pub status: &'static str,
    /// Whether it is a video consultation.
    pub video: bool,
    /// Whether it is part of a series.
    pub in_series: bool,
    /// Why it was cancelled, when it was and a reason was given.
    pub cancel_reason: Option<String>,
}

impl AppointmentRow {
    /// A row for `view`, read by someone in `local`, naming the other person.
    pub fn of(view: &AppointmentView, local: &Local, reader_is_patient: bool) -> Self {
        AppointmentRow {
            id: view.appointment.id.to_string(),
            name: view.kind.name.clone(),
            when: format!(
                "{}–{}",
                local.date_time(view.appointment.start),
                local.time(view.appointment.end)
            ),
            with: if reader_is_patient {
                view.clinician.name.clone()
            } else {
                view.patient.name.clone()
            },
            status: view.appointment.status.as_str(),
            video: view.kind.kind.is_video(),
            in_series: view.appointment.series_id.is_some(),
            cancel_reason: view.appointment.cancel_reason.clone(),
        }
    }
}

/// A rule behind what a page shows, with its evidence level.
pub struct RuleNote {
    /// "H4".
    pub id: &'static str,
    /// What it says, in Tendo's words.
    pub text: String,
    /// The evidence level.
    pub level: String,
}

/// The rule notes for an appointment type: A23/H7 for what is offered, H3/H4 for massage.
pub fn rule_notes(kind: Option<&AppointmentType>) -> Vec<RuleNote> {
    let mut ids: Vec<(RuleId, &str)> = vec![(
        rules::A23,
        "Video consultations with a named physiotherapist: an assessment and a plan made for you.",
    )];
    if kind.is_none_or(|kind| !kind.kind.is_video()) {
        ids.push((
            rules::H7,
            "Massage sessions are booked here, with the clinic's massage therapists.",
        ));
        ids.push((rules::H3, "New to massage? Start with Swedish, then move on to sports massage; deep-tissue is the usual choice later."));
        ids.push((rules::H4, "Massage eases things for a while: for the full benefit, book it every week or every two weeks over several months, alongside your exercises."));
    }
    ids.into_iter()
        .map(|(id, text)| RuleNote {
            id: id.as_str(),
            text: text.into(),
            level: evidence::rule(id)
                .map(|rule| rule.level.label().to_string())
                .unwrap_or_else(|| "not graded".into()),
        })
        .collect()
}

/// An appointment type as offered.
pub struct TypeRow {
    /// Its id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// "45 minutes".
    pub duration: String,
    /// The price as the visitor writes money, such as "£65.00".
    pub price: String,
    /// Whether it happens by video.
    pub video: bool,
    /// Whether a series can be booked (massage).
    pub series: bool,
    /// For an appointment in person at a clinic that gave its address: the address on one
    /// line, and a link to it on a map.
    pub place: Option<(String, String)>,
}

/// A link to `address` on OpenStreetMap's search.
pub fn map_link(address: &str) -> String {
    let query = serde_urlencoded::to_string([("query", one_line(address))]).unwrap_or_default();
    format!("https://www.openstreetmap.org/search?{query}")
}

impl TypeRow {
    /// A row for `kind`, offered by `clinic`.
    pub fn of(kind: &AppointmentType, clinic: &Clinic) -> Self {
        TypeRow {
            id: kind.id.to_string(),
            name: kind.name.clone(),
            description: kind.description.clone(),
            duration: format!("{} minutes", kind.duration_minutes),
            price: crate::locale::price(kind.price_minor, &kind.currency),
            video: kind.kind.is_video(),
            series: !kind.kind.is_video(),
            place: match (&clinic.settings.address, kind.kind.is_video()) {
                (Some(address), false) => Some((one_line(address), map_link(address))),
                _ => None,
            },
        }
    }
}

/// The cancellation sentence and whether the patient may still cancel online.
pub fn policy(
    clinic: &Clinic,
    view: &AppointmentView,
    zone: &str,
    now: Timestamp,
) -> (String, bool) {
    let open = view.appointment.status == AppointmentStatus::Booked
        && self_cancel(
            now,
            view.appointment.start,
            clinic.settings.cancellation_window_hours,
        )
        .allowed;
    (policy_text(clinic, &view.appointment, zone, now), open)
}
