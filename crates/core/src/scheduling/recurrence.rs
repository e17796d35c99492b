//! Series: a massage every week or every two weeks, for a number of sessions or until a date
//! (H4), each at the same wall-clock time in the clinician's zone.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use super::hours::instant_at;

/// The most occurrences a series may have (a year of weekly sessions).
pub const MAX_OCCURRENCES: usize = 52;

/// When a series ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeriesEnd {
    /// After this many sessions, the first included.
    Count(u16),
    /// On or before this local date.
    Until(Date),
}

/// The starts of a series whose first session is at `first` (read in `zone`), repeating every
/// `every_weeks` weeks at the same wall-clock time, so a 10:00 massage stays at 10:00 when the
/// clocks change. At most [`MAX_OCCURRENCES`].
pub fn occurrences(
    zone: &TimeZone,
    first: Timestamp,
    every_weeks: u8,
    end: SeriesEnd,
) -> Vec<Timestamp> {
    let local = first.to_zoned(zone.clone()).datetime();
    let mut out = Vec::new();
    let every = i64::from(every_weeks.max(1));
    for index in 0..MAX_OCCURRENCES as i64 {
        let Ok(datetime) = local.checked_add((index * every).weeks()) else {
            break;
        };
        let within = match end {
            SeriesEnd::Count(count) => index < i64::from(count),
            SeriesEnd::Until(date) => datetime.date() <= date,
        };
        if !within {
            break;
        }
        if let Some(start) = instant_at(zone, datetime) {
            out.push(start);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_weekly_series_keeps_its_local_time_across_the_clock_change() {
        let zone = TimeZone::get("Europe/London").unwrap();
        let first: Timestamp = "2026-10-13T09:00:00Z".parse().unwrap(); // 10:00 BST
        let starts = occurrences(&zone, first, 1, SeriesEnd::Count(4));
        let text: Vec<String> = starts.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            text,
            [
                "2026-10-13T09:00:00Z",
                "2026-10-20T09:00:00Z",
                "2026-10-27T10:00:00Z",
                "2026-11-03T10:00:00Z",
            ]
        );
    }

    #[test]
    fn a_fortnightly_series_until_a_date_includes_that_date() {
        let zone = TimeZone::UTC;
        let first: Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
        let starts = occurrences(&zone, first, 2, SeriesEnd::Until(date(2026, 12, 29)));
        assert_eq!(starts.len(), 3);
        assert_eq!(
            occurrences(&zone, first, 1, SeriesEnd::Count(500)).len(),
            MAX_OCCURRENCES
        );
    }
}
