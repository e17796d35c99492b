//! The request bodies of the clinician workspace's API. Numbers are turned into text for the
//! services, so the API and the pages share every check and every message.

use std::collections::BTreeMap;

use serde::Deserialize;
use tendo_app::clinic::notes::NoteInput;
use tendo_app::clinic::plan::{GunSiteInput, PlanChangeInput};
use tendo_app::clinic::settings::SettingsInput;
use utoipa::ToSchema;

/// Minutes on one site in each prescribed massage-gun session.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteDoseBody {
    /// The site, such as `soleus`.
    pub site: String,
    /// Minutes each session.
    pub minutes: f64,
}

/// A massage-gun prescription.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrescriptionBody {
    /// The sites with their minutes.
    pub sites: Vec<SiteDoseBody>,
    /// The highest percussion rate.
    pub max_ppm: u32,
    /// Days between sessions (2 or more).
    pub every_days: u8,
}

/// A change of plan: a new plan version.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanChangeBody {
    /// The protocol's id, such as `heavy-slow-resistance` (the current one when absent).
    #[serde(default)]
    pub protocol: Option<String>,
    /// The level within the protocol, from 1.
    pub level: u8,
    /// Training days a week, 1 to 7.
    pub sessions_per_week: u8,
    /// Exercises to leave out, by id.
    #[serde(default)]
    pub omit: Vec<String>,
    /// Fewer sets than the protocol's, by exercise id.
    #[serde(default)]
    pub sets: BTreeMap<String, u8>,
    /// The massage-gun prescription; none when absent.
    #[serde(default)]
    pub massage_gun: Option<PrescriptionBody>,
    /// Why the plan changes; the patient reads it.
    pub reason: String,
}

impl From<PlanChangeBody> for PlanChangeInput {
    fn from(body: PlanChangeBody) -> Self {
        let gun = body.massage_gun;
        PlanChangeInput {
            protocol: body.protocol.unwrap_or_default(),
            level: body.level.to_string(),
            sessions_per_week: body.sessions_per_week.to_string(),
            omit: body.omit,
            sets: body
                .sets
                .into_iter()
                .map(|(exercise, sets)| (exercise, sets.to_string()))
                .collect(),
            gun: if gun.is_some() { "prescribe" } else { "none" }.into(),
            gun_ppm: gun
                .as_ref()
                .map(|gun| gun.max_ppm.to_string())
                .unwrap_or_default(),
            gun_every_days: gun
                .as_ref()
                .map(|gun| gun.every_days.to_string())
                .unwrap_or_default(),
            gun_sites: gun
                .map(|gun| {
                    gun.sites
                        .into_iter()
                        .map(|dose| GunSiteInput {
                            site: dose.site,
                            minutes: dose.minutes.to_string(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            reason: body.reason,
        }
    }
}

/// A reason, such as for clearing a red-flag stop.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    /// What the clinician's assessment found.
    pub reason: String,
}

/// A clinical note's text.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    /// `first-assessment` or `follow-up` (for a new note).
    #[serde(default)]
    pub kind: Option<String>,
    /// What the patient reports.
    #[serde(default)]
    pub subjective: String,
    /// What the clinician found.
    #[serde(default)]
    pub objective: String,
    /// The assessment.
    #[serde(default)]
    pub assessment: String,
    /// The plan.
    #[serde(default)]
    pub plan: String,
    /// Sign the note at once (it then never changes).
    #[serde(default)]
    pub sign: bool,
}

impl NoteBody {
    /// The service's input.
    pub fn input(&self) -> NoteInput {
        NoteInput {
            kind: self.kind.clone().unwrap_or_default(),
            subjective: self.subjective.clone(),
            objective: self.objective.clone(),
            assessment: self.assessment.clone(),
            plan: self.plan.clone(),
        }
    }
}

/// An amendment to a signed note.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AmendmentBody {
    /// What it says.
    pub text: String,
}

/// A message.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageBody {
    /// The text, up to 4,000 characters.
    pub body: String,
}

/// The clinic's settings.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsBody {
    /// Days between questionnaires, 7 to 90.
    #[schema(minimum = 7, maximum = 90)]
    pub questionnaire_interval_days: u16,
    /// Hours before an appointment when online cancelling closes, 0 to 168.
    #[schema(maximum = 168)]
    pub cancellation_window_hours: u16,
    /// An `https://` address with `{appointment}` where the appointment's id goes, one line
    /// without spaces, at most 500 characters; null or empty for Tendo's own video room.
    #[serde(default)]
    #[schema(
        pattern = "^(https://[^\\s\\u0000-\\u001F\\u007F-\\u009F]*\\{appointment\\}[^\\s\\u0000-\\u001F\\u007F-\\u009F]*)?$",
        max_length = 500
    )]
    pub meeting_link_template: Option<String>,
    /// A three-letter ISO 4217 currency code, such as `EUR` or `GBP`.
    #[schema(pattern = "^[A-Za-z]{3}$")]
    pub currency: String,
    /// Where patients come for appointments in person (at most 300 characters; lines
    /// allowed); null or absent to leave it out.
    #[serde(default)]
    #[schema(max_length = 300)]
    pub address: Option<String>,
}

impl From<SettingsBody> for SettingsInput {
    fn from(body: SettingsBody) -> Self {
        SettingsInput {
            questionnaire_interval_days: body.questionnaire_interval_days.to_string(),
            cancellation_window_hours: body.cancellation_window_hours.to_string(),
            meeting_link_template: body.meeting_link_template.unwrap_or_default(),
            currency: body.currency,
            address: body.address.unwrap_or_default(),
        }
    }
}
