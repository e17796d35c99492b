//! Slot maths against a simple reference: minute-by-minute, straight from the definitions,
//! across daylight-saving changes in several zones (both hemispheres, and one that changes at
//! midnight).

#![expect(clippy::unwrap_used, reason = "test set-up")]

use jiff::civil::{Date, DateTime, Time, Weekday, date};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use proptest::prelude::*;
use tendo_core::scheduling::{
    Busy, Interval, SeriesEnd, SlotRules, WeeklyHours, free_starts, occurrences, working_intervals,
};

const ZONES: &[&str] = &[
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "America/Santiago",
    "Asia/Kolkata",
    "Europe/Paris",
];

/// Weeks holding a clock change somewhere in `ZONES`.
const CHANGE_WEEKS: &[(i16, i8, i8)] = &[
    (2026, 3, 5),
    (2026, 3, 26),
    (2026, 4, 2),
    (2026, 9, 3),
    (2026, 10, 1),
    (2026, 10, 22),
    (2026, 10, 29),
    (2027, 3, 25),
];

fn local(zone: &TimeZone, at: Timestamp) -> DateTime {
    at.to_zoned(zone.clone()).datetime()
}

/// The first whole minute at which the wall clock shows `wanted` or later, scanning forward
/// from well before it.
fn first_minute_at_or_after(zone: &TimeZone, wanted: DateTime, from: Timestamp) -> Timestamp {
    let mut minute = from;
    while local(zone, minute) < wanted {
        minute += SignedDuration::from_mins(1);
    }
    minute
}

fn reference_working(
    zone: &TimeZone,
    weekly: &[WeeklyHours],
    from: Date,
    to: Date,
) -> Vec<Interval> {
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        for hours in weekly.iter().filter(|h| h.weekday == day.weekday()) {
            let scan_from = day
                .to_datetime(Time::midnight())
                .to_zoned(TimeZone::UTC)
                .unwrap()
                .timestamp()
                - SignedDuration::from_hours(16);
            let start = first_minute_at_or_after(zone, day.to_datetime(hours.start), scan_from);
            let end_local = if hours.end >= Time::constant(23, 59, 59, 0) {
                day.tomorrow().unwrap().to_datetime(Time::midnight())
            } else {
                day.to_datetime(hours.end)
            };
            let end = first_minute_at_or_after(zone, end_local, start);
            if start < end {
                out.push(Interval { start, end });
            }
        }
        day = day.tomorrow().unwrap();
    }
    out.sort();
    out
}

fn overlaps(a: (Timestamp, Timestamp), b: (Timestamp, Timestamp)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn reference_slots(working: &[Interval], busy: &[Busy], rules: &SlotRules) -> Vec<Timestamp> {
    let mut out = Vec::new();
    for interval in working {
        let mut start = interval.start;
        while start + rules.duration <= interval.end {
            let end = start + rules.duration;
            let mine = (start - rules.buffer_before, end + rules.buffer_after);
            let free = start >= rules.earliest
                && start < rules.latest
                && busy.iter().all(|b| {
                    !overlaps(mine, (b.at.start, b.at.end))
                        && !overlaps((start, end), (b.at.start - b.before, b.at.end + b.after))
                });
            if free {
                out.push(start);
            }
            start += rules.step;
        }
    }
    out.sort();
    out.dedup();
    out
}

fn weekday(index: u8) -> Weekday {
    Weekday::from_monday_zero_offset(i8::try_from(index % 7).unwrap()).unwrap()
}

prop_compose! {
    fn hours()(day in 0u8..7, start_half_hours in 0u8..48, length in 1u16..40) -> WeeklyHours {
        let start = Time::new(i8::try_from(start_half_hours / 2).unwrap(), if start_half_hours % 2 == 0 { 0 } else { 30 }, 0, 0).unwrap();
        let end_minutes = u16::from(start_half_hours) * 30 + length * 15;
        let end = if end_minutes >= 24 * 60 {
            Time::constant(23, 59, 59, 0)
        } else {
            Time::new(i8::try_from(end_minutes / 60).unwrap(), i8::try_from(end_minutes % 60).unwrap(), 0, 0).unwrap()
        };
        WeeklyHours { weekday: weekday(day), start, end }
    }
}

prop_compose! {
    fn busy(origin: Timestamp)(offset in 0i64..(8 * 24 * 4), length in 1i64..12, before in 0i64..3, after in 0i64..3) -> Busy {
        let start = origin + SignedDuration::from_mins(offset * 15);
        Busy {
            at: Interval { start, end: start + SignedDuration::from_mins(length * 10) },
            before: SignedDuration::from_mins(before * 10),
            after: SignedDuration::from_mins(after * 10),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn slots_match_the_reference_across_clock_changes(
        zone_index in 0usize..ZONES.len(),
        week in 0usize..CHANGE_WEEKS.len(),
        weekly in prop::collection::vec(hours(), 1..4),
        busy in prop::collection::vec(busy("2026-01-01T00:00:00Z".parse().unwrap()), 0..8),
        busy_shift in 0i64..500,
        duration in 1i64..8,
        buffers in (0i64..3, 0i64..3),
        notice_hours in 0i64..72,
        horizon_days in 1i64..9,
    ) {
        let zone = TimeZone::get(ZONES[zone_index]).unwrap();
        let (year, month, day) = CHANGE_WEEKS[week];
        let from = date(year, month, day);
        let to = from.checked_add(7.days()).unwrap();
        let origin = from.to_datetime(Time::midnight()).to_zoned(TimeZone::UTC).unwrap().timestamp();
        // Busy intervals around the week, moved from the generator's origin.
        let shift = origin.duration_since("2026-01-01T00:00:00Z".parse().unwrap()) + SignedDuration::from_mins(busy_shift * 5);
        let busy: Vec<Busy> = busy.iter().map(|b| Busy { at: Interval { start: b.at.start + shift, end: b.at.end + shift }, ..*b }).collect();
        let now = origin - SignedDuration::from_hours(12);
        let rules = SlotRules {
            duration: SignedDuration::from_mins(duration * 15),
            buffer_before: SignedDuration::from_mins(buffers.0 * 10),
            buffer_after: SignedDuration::from_mins(buffers.1 * 10),
            step: SignedDuration::from_mins(15),
            earliest: now + SignedDuration::from_hours(notice_hours),
            latest: now + SignedDuration::from_hours(horizon_days * 24),
        };
        let working = working_intervals(&zone, &weekly, &[], from, to);
        let expected_working = reference_working(&zone, &weekly, from, to);
        prop_assert_eq!(&working, &expected_working);
        let fast = free_starts(&working, &busy, &rules);
        let slow = reference_slots(&expected_working, &busy, &rules);
        prop_assert_eq!(fast, slow);
    }

    #[test]
    fn series_keep_the_clinicians_wall_clock(
        zone_index in 0usize..ZONES.len(),
        week in 0usize..CHANGE_WEEKS.len(),
        hour in 7i8..20,
        every in 1u8..3,
        count in 1u16..20,
    ) {
        let zone = TimeZone::get(ZONES[zone_index]).unwrap();
        let (year, month, day) = CHANGE_WEEKS[week];
        let first = date(year, month, day).at(hour, 0, 0, 0).to_zoned(zone.clone()).unwrap().timestamp();
        let starts = occurrences(&zone, first, every, SeriesEnd::Count(count));
        prop_assert_eq!(starts.len(), usize::from(count));
        for (index, start) in starts.iter().enumerate() {
            let shown = start.to_zoned(zone.clone());
            prop_assert_eq!(shown.hour(), hour);
            let days = shown.date().since(date(year, month, day)).unwrap().get_days();
            prop_assert_eq!(i64::from(days), i64::try_from(index).unwrap() * 7 * i64::from(every));
        }
    }
}
