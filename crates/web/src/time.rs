//! Showing moments in the person's own time zone, on the clock (12- or 24-hour) of the
//! visitor's locale.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use tendo_app::model::accounts::User;

/// A person's time zone, for display.
#[derive(Clone, Debug)]
pub struct Local {
    zone: TimeZone,
}

impl Local {
    /// The time zone of `user` (UTC if it is unknown).
    pub fn of(user: &User) -> Self {
        Local::named(&user.time_zone)
    }

    /// The time zone with this IANA name (UTC if it is unknown).
    pub fn named(name: &str) -> Self {
        Local {
            zone: TimeZone::get(name).unwrap_or(TimeZone::UTC),
        }
    }

    /// The zone itself.
    pub fn zone(&self) -> &TimeZone {
        &self.zone
    }

    /// Today's date here at `now`.
    pub fn today(&self, now: Timestamp) -> Date {
        now.to_zoned(self.zone.clone()).date()
    }

    /// A moment as "Mon 23 Nov 2026, 18:00 GMT" (or "6:00 PM" for a 12-hour locale).
    pub fn date_time(&self, at: Timestamp) -> String {
        let zoned = at.to_zoned(self.zone.clone());
        format!(
            "{}, {} {}",
            zoned.strftime("%a %-d %b %Y"),
            clock_time(zoned.time()),
            zoned.strftime("%Z")
        )
    }

    /// A moment's time of day, "18:00" (or "6:00 PM" for a 12-hour locale).
    pub fn time(&self, at: Timestamp) -> String {
        clock_time(at.to_zoned(self.zone.clone()).time())
    }

    /// A date as "Mon 23 Nov 2026".
    pub fn date(date: Date) -> String {
        date.strftime("%a %-d %b %Y").to_string()
    }
}

/// A time of day on the visitor's clock: "18:00", or "6:00 PM" where the locale's people
/// write times on a 12-hour clock.
pub fn clock_time(time: jiff::civil::Time) -> String {
    let pattern = if crate::locale::twelve_hour_clock() {
        "%-I:%M %p"
    } else {
        "%H:%M"
    };
    time.strftime(pattern).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_shown_in_the_persons_zone() {
        let at: Timestamp = "2026-07-01T12:00:00Z".parse().unwrap();
        assert_eq!(
            Local::named("Europe/London").date_time(at),
            "Wed 1 Jul 2026, 13:00 BST"
        );
        assert_eq!(Local::named("America/New_York").time(at), "08:00");
        assert_eq!(Local::named("Not/AZone").time(at), "12:00");
    }
}
