//! What a clinic offers: appointment types with prices, rooms and tables, the team's public
//! profiles and photos (each clinician's hours are in [`super::hours`]).

use tendo_store::accounts::{Profession, Role};
use tendo_store::booking::{
    AppointmentKind, AppointmentType, ProfileUpdate, Resource, ResourceKind,
};
use tendo_store::ids::{AppointmentTypeId, ClinicId, ResourceId, UserId};

use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult, FieldErrors};

pub use super::photo::MAX_PHOTO_BYTES;

/// An appointment type as sent: text where people type text, numbers and kinds read at the edge
/// (the page reads its text with [`whole_minutes`] and [`AppointmentKind::parse`], the API's
/// body holds them typed).
#[derive(Clone, Debug, Default)]
pub struct TypeForm {
    /// What it is for; `None` when nothing known was chosen (the error names `kind`).
    pub kind: Option<AppointmentKind>,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Its length in whole minutes; `None` when what was typed is not a whole number (the error
    /// names `duration_minutes`, as for a length out of range).
    pub duration_minutes: Option<u16>,
    /// Price such as `65.00`.
    pub price: String,
    /// ISO 4217 code; the clinic's currency when empty.
    pub currency: String,
    /// Free minutes kept before it; `None` when what was typed is not a whole number.
    pub buffer_before_minutes: Option<u16>,
    /// Free minutes kept after it; `None` when what was typed is not a whole number.
    pub buffer_after_minutes: Option<u16>,
    /// `physiotherapist`, `massage-therapist` or empty for anyone.
    pub profession: String,
    /// Named clinicians' ids (empty for anyone of the profession).
    pub clinicians: Vec<String>,
    /// `room`, `table` or empty.
    pub resource: String,
    /// Whether it can be booked.
    pub active: bool,
}

/// The longest appointment type, in minutes.
pub const MAX_DURATION_MINUTES: u16 = 240;
/// The longest buffer before or after an appointment, in minutes.
pub const MAX_BUFFER_MINUTES: u16 = 120;

/// Minutes as typed into an optional field of the form: empty is 0; `None` when the text is
/// not a whole number.
pub fn whole_minutes(text: &str) -> Option<u16> {
    match text.trim() {
        "" => Some(0),
        text => text.parse().ok(),
    }
}

/// Whole minutes from `low` to `high`; the error names the field by its `label`.
fn minutes(
    errors: &mut FieldErrors,
    (field, label): (&str, &str),
    value: Option<u16>,
    low: u16,
    high: u16,
) -> u16 {
    match value {
        Some(value) if (low..=high).contains(&value) => value,
        _ => {
            errors.add(
                field,
                format!("{label}: enter whole minutes from {low} to {high}"),
            );
            low
        }
    }
}

/// The most whole units a price may have (99999.99 at most).
pub const MAX_PRICE_DIGITS: usize = 5;

/// Reads a price such as `65`, `65.5` or `65.00` into minor units: at most
/// [`MAX_PRICE_DIGITS`] whole digits and two decimals.
pub fn parse_price(text: &str) -> Option<u32> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty()
        || whole.len() > MAX_PRICE_DIGITS
        || fraction.len() > 2
        || !whole.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    if !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let cents = format!("{fraction:0<2}").parse::<u32>().ok()?;
    whole
        .parse::<u32>()
        .ok()?
        .checked_mul(100)?
        .checked_add(cents)
}

/// Creates (`id` empty) or changes an appointment type of the administrator's clinic.
pub async fn save_type(
    app: &App,
    caller: &Caller,
    id: Option<AppointmentTypeId>,
    form: &TypeForm,
) -> AppResult<AppointmentType> {
    caller.require_write()?;
    caller.require_role(&[Role::Admin])?;
    let clinic = app.store.clinic(caller.user.clinic_id).await?;
    if let Some(id) = id
        && !app
            .store
            .appointment_types(clinic.id)
            .await?
            .iter()
            .any(|t| t.id == id)
    {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::default();
    let kind = form.kind;
    if kind.is_none() {
        errors.add(
            "kind",
            "choose video assessment, video follow-up, or a kind of massage",
        );
    }
    crate::accounts::check_name(&mut errors, "name", &form.name);
    if form.description.chars().count() > 600 {
        errors.add("description", "use at most 600 characters");
    }
    let duration = minutes(
        &mut errors,
        ("duration_minutes", "Length"),
        form.duration_minutes,
        10,
        MAX_DURATION_MINUTES,
    );
    let before = minutes(
        &mut errors,
        ("buffer_before_minutes", "Free before"),
        form.buffer_before_minutes,
        0,
        MAX_BUFFER_MINUTES,
    );
    let after = minutes(
        &mut errors,
        ("buffer_after_minutes", "Free after"),
        form.buffer_after_minutes,
        0,
        MAX_BUFFER_MINUTES,
    );
    let price = parse_price(&form.price);
    if price.is_none() {
        errors.add(
            "price",
            "Price: enter an amount such as 65 or 65.00 (0 for free, at most 99999.99)",
        );
    }
    let currency = match form.currency.trim() {
        "" => clinic.settings.currency.clone(),
        code => code.to_ascii_uppercase(),
    };
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
        errors.add(
            "currency",
            "Currency: use a three-letter ISO 4217 code such as EUR or GBP",
        );
    }
    let profession = match form.profession.trim() {
        "" => None,
        text => {
            let found = Profession::parse(text);
            if found.is_none() {
                errors.add(
                    "profession",
                    "choose physiotherapist, massage therapist or anyone",
                );
            }
            found
        }
    };
    let resource = match form.resource.trim() {
        "" => None,
        text => {
            let found = ResourceKind::parse(text);
            if found.is_none() {
                errors.add("resource", "choose a room, a table or nothing");
            }
            found
        }
    };
    let team = app
        .store
        .users_with_role(clinic.id, Role::Clinician)
        .await?;
    let mut clinicians = Vec::new();
    for text in form
        .clinicians
        .iter()
        .filter(|text| !text.trim().is_empty())
    {
        match text.trim().parse::<UserId>() {
            Ok(id) if team.iter().any(|user| user.id == id) => clinicians.push(id),
            // An id that names nobody of this clinic's team is not the caller's to see.
            Ok(_) => return Err(AppError::NotFound),
            Err(_) => errors.add(
                "clinicians",
                "Only these clinicians: choose clinicians of this clinic from the list",
            ),
        }
    }
    errors.into_result()?;
    let (Some(kind), Some(price_minor)) = (kind, price) else {
        return Err(AppError::internal("validated fields are missing"));
    };
    let saved = AppointmentType {
        id: id.unwrap_or_default(),
        clinic_id: clinic.id,
        kind,
        name: form.name.trim().to_string(),
        description: form.description.trim().to_string(),
        duration_minutes: duration,
        price_minor,
        currency,
        buffer_before_minutes: before,
        buffer_after_minutes: after,
        profession,
        clinicians,
        resource,
        active: form.active,
    };
    let audit = caller.audit(
        "appointment-type.save",
        format!("appointment-type/{}", saved.id),
        app.now(),
    );
    app.store.save_appointment_type(&saved, &audit).await?;
    Ok(saved)
}

/// Adds a room or table to the administrator's clinic.
pub async fn add_resource(
    app: &App,
    caller: &Caller,
    name: &str,
    kind: &str,
) -> AppResult<Resource> {
    caller.require_write()?;
    caller.require_role(&[Role::Admin])?;
    let mut errors = FieldErrors::default();
    crate::accounts::check_name(&mut errors, "resource_name", name);
    let kind = ResourceKind::parse(kind.trim());
    if kind.is_none() {
        errors.add("resource_kind", "choose room or table");
    }
    errors.into_result()?;
    let resource = Resource {
        id: ResourceId::new(),
        clinic_id: caller.user.clinic_id,
        name: name.trim().to_string(),
        kind: kind.unwrap_or(ResourceKind::Room),
        active: true,
    };
    let audit = caller.audit(
        "resource.save",
        format!("resource/{}", resource.id),
        app.now(),
    );
    app.store.save_resource(&resource, &audit).await?;
    Ok(resource)
}

/// Refuses anyone but an administrator of the clinic or the clinician themselves.
pub(super) fn may_edit(caller: &Caller, clinician: UserId) -> AppResult<ClinicId> {
    caller.require_write()?;
    match caller.role() {
        Role::Admin => Ok(caller.user.clinic_id),
        Role::Clinician if caller.id() == clinician => Ok(caller.user.clinic_id),
        Role::Clinician => Err(AppError::Forbidden(
            "clinicians change their own profile and hours; an administrator changes anyone's"
                .into(),
        )),
        Role::Patient => Err(AppError::NotFound),
    }
}

/// Changes a clinician's public profile.
pub async fn save_profile(
    app: &App,
    caller: &Caller,
    clinician: UserId,
    update: &ProfileUpdate,
) -> AppResult<()> {
    let clinic = may_edit(caller, clinician)?;
    let mut errors = FieldErrors::default();
    for (field, text, limit) in [
        ("qualifications", &update.qualifications, 300),
        ("specialties", &update.specialties, 300),
        ("bio", &update.bio, 2000),
    ] {
        if text.chars().count() > limit {
            errors.add(field, format!("use at most {limit} characters"));
        }
    }
    errors.into_result()?;
    let audit = caller.audit("profile.save", format!("user/{clinician}"), app.now());
    Ok(app
        .store
        .save_profile(clinic, clinician, update, &audit)
        .await?)
}

/// Sets a clinician's photo after checking its size and that it decodes as a PNG, JPEG or WebP
/// image within the limits of [`super::photo::checked_photo`].
pub async fn set_photo(
    app: &App,
    caller: &Caller,
    clinician: UserId,
    bytes: &[u8],
) -> AppResult<()> {
    let clinic = may_edit(caller, clinician)?;
    let content_type = super::photo::checked_photo(bytes)?;
    let audit = caller.audit("profile.photo", format!("user/{clinician}"), app.now());
    Ok(app
        .store
        .set_photo(clinic, clinician, content_type, bytes, &audit)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_appointment_fits_the_stores_window_bound() {
        let longest = i64::from(MAX_DURATION_MINUTES + 2 * MAX_BUFFER_MINUTES);
        assert!(
            jiff::SignedDuration::from_mins(longest) < tendo_store::booking::LONGEST_BUSY,
            "diary reads would miss an appointment of {longest} minutes"
        );
    }

    #[test]
    fn prices_are_read_exactly() {
        assert_eq!(parse_price("65"), Some(6500));
        assert_eq!(parse_price("65.5"), Some(6550));
        assert_eq!(parse_price("0.05"), Some(5));
        assert_eq!(parse_price("65.555"), None);
        assert_eq!(parse_price("-1"), None);
        assert_eq!(parse_price("99999.99"), Some(9_999_999));
        assert_eq!(parse_price("100000"), None);
        assert_eq!(parse_price(""), None);
    }
}
