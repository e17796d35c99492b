//! The clinic's settings, changed by its administrators: the questionnaire interval, the
//! cancellation window, the meeting-link template for video consultations, and the currency.

use serde::{Deserialize, Serialize};
use tendo_store::accounts::{Clinic, ClinicSettings, Role};

use crate::App;
use crate::access::Caller;
use crate::error::AppResult;
use crate::patient::input::Reader;

/// The longest address, in characters.
pub const MAX_ADDRESS: usize = 300;

/// The settings as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingsInput {
    /// Days between questionnaires, 7 to 90.
    pub questionnaire_interval_days: String,
    /// Hours before an appointment when online cancelling closes, 0 to 168.
    pub cancellation_window_hours: String,
    /// An `https://` address with `{appointment}` in it, or empty for Tendo's own video room.
    pub meeting_link_template: String,
    /// A three-letter ISO 4217 code, such as `EUR`.
    pub currency: String,
    /// Where patients come for appointments in person; empty when not given.
    pub address: String,
}

impl SettingsInput {
    /// The typed form of stored settings.
    pub fn of(settings: &ClinicSettings) -> Self {
        SettingsInput {
            questionnaire_interval_days: settings.questionnaire_interval_days.to_string(),
            cancellation_window_hours: settings.cancellation_window_hours.to_string(),
            meeting_link_template: settings.meeting_link_template.clone().unwrap_or_default(),
            currency: settings.currency.clone(),
            address: settings.address.clone().unwrap_or_default(),
        }
    }
}

/// The caller's clinic (administrators only).
pub async fn view(app: &App, caller: &Caller) -> AppResult<Clinic> {
    caller.require_role(&[Role::Admin])?;
    Ok(app.store.clinic(caller.user.clinic_id).await?)
}

/// Changes the caller's clinic's settings. Bad input names the field and saves nothing.
pub async fn update(app: &App, caller: &Caller, input: &SettingsInput) -> AppResult<Clinic> {
    caller.require_role(&[Role::Admin])?;
    caller.require_write()?;
    let mut reader = Reader::default();
    let interval = reader.number(
        "questionnaire_interval_days",
        &input.questionnaire_interval_days,
        7,
        90,
        "the days between questionnaires",
    );
    let window = reader.number(
        "cancellation_window_hours",
        &input.cancellation_window_hours,
        0,
        168,
        "the hours before an appointment",
    );
    let template = input.meeting_link_template.trim();
    let template = if template.is_empty() {
        None
    } else if !template.starts_with("https://") || !template.contains("{appointment}") {
        reader.errors.add(
            "meeting_link_template",
            "give an https:// address with {appointment} where the appointment's id goes, or \
             leave it empty for Tendo's own video room",
        );
        None
    } else if template.chars().count() > 500 || template.contains(char::is_whitespace) {
        reader.errors.add(
            "meeting_link_template",
            "the address must be one line without spaces, at most 500 characters",
        );
        None
    } else {
        Some(template.to_string())
    };
    let currency = input.currency.trim().to_ascii_uppercase();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
        reader.errors.add(
            "currency",
            "give a three-letter currency code, such as EUR, GBP or USD",
        );
    }
    let address = input.address.trim();
    if address.chars().count() > MAX_ADDRESS {
        reader
            .errors
            .add("address", format!("use at most {MAX_ADDRESS} characters"));
    }
    reader.errors.into_result()?;
    let settings = ClinicSettings {
        address: (!address.is_empty()).then(|| address.to_string()),
        questionnaire_interval_days: u16::try_from(interval.unwrap_or(14)).unwrap_or(14),
        cancellation_window_hours: u16::try_from(window.unwrap_or(24)).unwrap_or(24),
        meeting_link_template: template,
        currency,
    };
    let now = app.now();
    let audit = caller
        .audit(
            "clinic.settings",
            format!("clinic/{}", caller.user.clinic_id),
            now,
        )
        .detail(format!(
            "questionnaire every {} days, cancellation window {} h, currency {}",
            settings.questionnaire_interval_days,
            settings.cancellation_window_hours,
            settings.currency
        ));
    app.store
        .update_clinic_settings(caller.user.clinic_id, &settings, &audit)
        .await?;
    Ok(app.store.clinic(caller.user.clinic_id).await?)
}
