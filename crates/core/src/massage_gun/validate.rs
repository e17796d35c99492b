//! Validation of a screening: the checks the types cannot express.

use jiff::Timestamp;

use super::{Screening, SkinKind, words};
use crate::error::FieldError;

/// The slowest and fastest rates a real device is accepted with, in percussions per minute.
pub(super) const PPM_RANGE: std::ops::RangeInclusive<u32> = 100..=10_000;

/// Checks a screening; the date checks run only when `now` or the person's `today` is known.
pub(super) fn validate(screening: &Screening, now: Option<Timestamp>) -> Result<(), FieldError> {
    if let (Some(today), Some(now)) = (screening.today, now) {
        let utc_date = words::date_of(now);
        let days_apart = utc_date
            .until(today)
            .map_or(i64::MAX, |span| i64::from(span.get_days()).abs());
        if days_apart > 1 {
            return Err(FieldError::new(
                "today",
                format!(
                    "expected the date where you are at the time of the check, within a day of \
                     {utc_date} (UTC), got {today}"
                ),
            ));
        }
    }
    let today = screening.today.or_else(|| now.map(words::date_of));
    for (index, issue) in screening.skin.iter().enumerate() {
        let field = format!("skin[{index}].since");
        match (issue.kind, issue.since, today) {
            (SkinKind::Scar, None, _) => {
                return Err(FieldError::new(
                    field,
                    "a scar needs the date it formed (YYYY-MM-DD)",
                ));
            }
            (_, Some(since), Some(today)) if since > today => {
                return Err(FieldError::new(
                    field,
                    format!("expected a date on or before {today}, the date of the check"),
                ));
            }
            _ => {}
        }
    }

    if let Some(device) = screening.device {
        for (field, ppm) in [
            ("device.min_ppm", device.min_ppm),
            ("device.max_ppm", device.max_ppm),
        ] {
            if !PPM_RANGE.contains(&ppm) {
                return Err(FieldError::new(
                    field,
                    format!(
                        "expected percussions per minute from {} to {}, got {ppm}",
                        PPM_RANGE.start(),
                        PPM_RANGE.end()
                    ),
                ));
            }
        }
        if device.min_ppm > device.max_ppm {
            return Err(FieldError::new(
                "device.min_ppm",
                format!(
                    "expected at most device.max_ppm ({}), got {}",
                    device.max_ppm, device.min_ppm
                ),
            ));
        }
    }

    if let (Some(last), Some(now)) = (screening.last_session_at, now)
        && last > now
    {
        return Err(FieldError::new(
            "last_session_at",
            format!("expected a moment on or before {now}, the time of the check"),
        ));
    }
    Ok(())
}
