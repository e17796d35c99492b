//! Small helpers that put numbers, dates and names into plain words.

use jiff::civil::Date;
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};

use super::{Site, SystemicCondition};

/// The calendar date of a moment, in UTC.
pub(super) fn date_of(moment: Timestamp) -> Date {
    Offset::UTC.to_datetime(moment).date()
}

/// A moment as people read it, such as "2026-11-23 at 18:00 UTC".
pub(super) fn moment(moment: Timestamp) -> String {
    let civil = Offset::UTC.to_datetime(moment);
    format!(
        "{} at {:02}:{:02} UTC",
        civil.date(),
        civil.hour(),
        civil.minute()
    )
}

/// A duration in hours and minutes, such as "15 hours" or "1 hour and 30 minutes".
pub(super) fn hours(duration: SignedDuration) -> String {
    let total_minutes = duration.as_secs().max(0) / 60;
    let (hours, minutes) = (total_minutes / 60, total_minutes % 60);
    let hours_text = plural(hours, "hour");
    match (hours, minutes) {
        (_, 0) => hours_text,
        (0, _) => plural(minutes, "minute"),
        _ => format!("{hours_text} and {}", plural(minutes, "minute")),
    }
}

/// A count with its noun, such as "1 hour" or "3 hours".
pub(super) fn plural(count: i64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Minutes as a short number, such as "5", "2.5" or "1.5".
pub(super) fn minutes(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let text = format!("{rounded:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Items joined as people write them: "a", "a and b", "a, b and c".
pub(super) fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The name of a systemic illness for people.
pub(super) fn illness(condition: SystemicCondition) -> &'static str {
    match condition {
        SystemicCondition::Diabetes => "diabetes",
        SystemicCondition::Osteoporosis => "osteoporosis",
        SystemicCondition::IronDeficiency => "iron deficiency",
        SystemicCondition::KidneyDisease => "kidney disease",
        SystemicCondition::OtherSystemicIllness => "an illness that affects your body's repair",
    }
}

/// "your soleus (deep calf)" and the like.
pub(super) fn your(site: Site) -> String {
    format!("your {}", site.label())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(hours(SignedDuration::from_hours(15)), "15 hours");
        assert_eq!(
            hours(SignedDuration::from_mins(90)),
            "1 hour and 30 minutes"
        );
        assert_eq!(hours(SignedDuration::from_mins(1)), "1 minute");
    }

    #[test]
    fn minutes_drop_needless_decimals() {
        assert_eq!(minutes(5.0), "5");
        assert_eq!(minutes(2.5), "2.5");
        assert_eq!(minutes(1.5), "1.5");
        assert_eq!(minutes(4.0 / 3.0), "1.33");
    }

    #[test]
    fn lists_join_with_and() {
        let items = ["a", "b", "c"].map(String::from);
        assert_eq!(join(&items[..1]), "a");
        assert_eq!(join(&items[..2]), "a and b");
        assert_eq!(join(&items), "a, b and c");
    }
}
