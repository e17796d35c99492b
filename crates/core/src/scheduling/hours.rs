//! Working hours: a clinician's weekly hours and date exceptions, in their own IANA zone,
//! turned into UTC intervals, correct across daylight-saving changes.

use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, Timestamp, ToSpan};

use super::Interval;

/// One stretch of a clinician's week, in their local time: `weekday start–end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeeklyHours {
    /// The day of the week.
    pub weekday: Weekday,
    /// When work starts (local wall-clock time).
    pub start: Time,
    /// When it ends; before `start` is refused by callers.
    pub end: Time,
}

/// A change to one date: time off, or extra hours, in local time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exception {
    /// The date.
    pub date: Date,
    /// From (local time).
    pub start: Time,
    /// Until (local time); `23:59:59` or later means the end of the day.
    pub end: Time,
    /// `true` for extra hours, `false` for time off (a holiday, a training day).
    pub available: bool,
}

/// The instant a wall-clock time in `zone` stands for, with one explicit rule for the two
/// daylight-saving cases:
///
/// - in a **gap** (the clocks jump forward, so the time never shows), the instant the gap
///   ends: work that would start at 02:30 on the morning clocks go from 02:00 to 03:00 starts
///   at 03:00;
/// - in a **fold** (the clocks go back, so the time shows twice), the earlier of the two.
///
/// That is: the first instant at which the wall clock shows `local` or later.
pub fn instant_at(zone: &TimeZone, local: DateTime) -> Option<Timestamp> {
    let ambiguous = zone.to_ambiguous_timestamp(local);
    match ambiguous.offset() {
        AmbiguousOffset::Unambiguous { offset } => offset.to_timestamp(local).ok(),
        AmbiguousOffset::Fold { before, .. } => before.to_timestamp(local).ok(),
        AmbiguousOffset::Gap { before, .. } => {
            // Read with the offset before the gap, the time falls after the transition; the
            // transition just before that instant is where the gap ends.
            let late = before.to_timestamp(local).ok()?;
            let probe = late.checked_add(SignedDuration::from_secs(1)).ok()?;
            zone.preceding(probe)
                .next()
                .map(|transition| transition.timestamp())
        }
    }
}

fn end_of_day(time: Time) -> bool {
    time >= Time::constant(23, 59, 59, 0)
}

fn local_interval(zone: &TimeZone, date: Date, start: Time, end: Time) -> Option<Interval> {
    let start = instant_at(zone, date.to_datetime(start))?;
    let end = if end_of_day(end) {
        instant_at(
            zone,
            date.checked_add(1.day())
                .ok()?
                .to_datetime(Time::midnight()),
        )?
    } else {
        instant_at(zone, date.to_datetime(end))?
    };
    Interval::new(start, end)
}

/// Removes `cut` from every interval of `intervals`.
fn subtract(intervals: Vec<Interval>, cut: &Interval) -> Vec<Interval> {
    let mut out = Vec::with_capacity(intervals.len() + 1);
    for interval in intervals {
        if !interval.overlaps(cut) {
            out.push(interval);
            continue;
        }
        if let Some(before) = Interval::new(interval.start, cut.start) {
            out.push(before);
        }
        if let Some(after) = Interval::new(cut.end, interval.end) {
            out.push(after);
        }
    }
    out
}

/// The working intervals of the local dates `from..=to`, in UTC, sorted: the weekly hours of
/// each date, plus its extra hours, less its time off.
pub fn working_intervals(
    zone: &TimeZone,
    weekly: &[WeeklyHours],
    exceptions: &[Exception],
    from: Date,
    to: Date,
) -> Vec<Interval> {
    let mut out = Vec::new();
    let mut date = from;
    while date <= to {
        let mut day: Vec<Interval> = weekly
            .iter()
            .filter(|hours| hours.weekday == date.weekday())
            .filter_map(|hours| local_interval(zone, date, hours.start, hours.end))
            .collect();
        for exception in exceptions.iter().filter(|e| e.date == date && e.available) {
            if let Some(extra) = local_interval(zone, date, exception.start, exception.end) {
                day.push(extra);
            }
        }
        for exception in exceptions.iter().filter(|e| e.date == date && !e.available) {
            if let Some(off) = local_interval(zone, date, exception.start, exception.end) {
                day = subtract(day, &off);
            }
        }
        out.extend(day);
        match date.tomorrow() {
            Ok(next) => date = next,
            Err(_) => break,
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    fn zone(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap()
    }

    #[test]
    fn a_start_in_the_spring_gap_begins_when_the_gap_ends() {
        // London: 2027-03-28 01:00 GMT becomes 02:00 BST.
        let at = instant_at(&zone("Europe/London"), date(2027, 3, 28).at(1, 30, 0, 0)).unwrap();
        assert_eq!(at.to_string(), "2027-03-28T01:00:00Z");
    }

    #[test]
    fn a_time_in_the_autumn_fold_is_the_earlier_one() {
        // New York: 2026-11-01 02:00 EDT becomes 01:00 EST; 01:30 shows twice.
        let at = instant_at(&zone("America/New_York"), date(2026, 11, 1).at(1, 30, 0, 0)).unwrap();
        assert_eq!(at.to_string(), "2026-11-01T05:30:00Z");
    }

    #[test]
    fn nine_to_five_keeps_its_wall_clock_across_the_change() {
        let hours = [WeeklyHours {
            weekday: Weekday::Monday,
            start: time(9, 0, 0, 0),
            end: time(17, 0, 0, 0),
        }];
        let london = zone("Europe/London");
        let got = working_intervals(&london, &hours, &[], date(2026, 10, 19), date(2026, 10, 26));
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].start.to_string(), "2026-10-19T08:00:00Z");
        assert_eq!(got[1].start.to_string(), "2026-10-26T09:00:00Z");
    }

    #[test]
    fn time_off_and_extra_hours_change_one_date() {
        let hours = [WeeklyHours {
            weekday: Weekday::Tuesday,
            start: time(9, 0, 0, 0),
            end: time(17, 0, 0, 0),
        }];
        let utc = TimeZone::UTC;
        let exceptions = [
            Exception {
                date: date(2026, 12, 1),
                start: time(12, 0, 0, 0),
                end: time(13, 0, 0, 0),
                available: false,
            },
            Exception {
                date: date(2026, 12, 2),
                start: time(8, 0, 0, 0),
                end: time(10, 0, 0, 0),
                available: true,
            },
            Exception {
                date: date(2026, 12, 8),
                start: Time::midnight(),
                end: time(23, 59, 59, 0),
                available: false,
            },
        ];
        let got = working_intervals(
            &utc,
            &hours,
            &exceptions,
            date(2026, 12, 1),
            date(2026, 12, 8),
        );
        let text: Vec<String> = got
            .iter()
            .map(|i| format!("{}/{}", i.start, i.end))
            .collect();
        assert_eq!(
            text,
            [
                "2026-12-01T09:00:00Z/2026-12-01T12:00:00Z",
                "2026-12-01T13:00:00Z/2026-12-01T17:00:00Z",
                "2026-12-02T08:00:00Z/2026-12-02T10:00:00Z",
            ]
        );
    }
}
