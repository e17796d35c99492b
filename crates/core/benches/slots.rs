//! A week of free slots for a clinic of 50 clinicians, each with 40 appointments (four a day),
//! in their own zones: the pure part of "find a time".

#![expect(clippy::unwrap_used, missing_docs, reason = "benchmark set-up")]

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::{Time, Weekday, date};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use std::hint::black_box;
use tendo_core::scheduling::{
    Busy, Interval, SlotRules, WeeklyHours, free_starts, working_intervals,
};

fn clinic() -> Vec<(TimeZone, Vec<WeeklyHours>, Vec<Busy>)> {
    let zones = ["Europe/London", "Europe/Paris", "America/New_York"];
    (0..50)
        .map(|index| {
            let zone = TimeZone::get(zones[index % zones.len()]).unwrap();
            let weekly = [
                Weekday::Monday,
                Weekday::Tuesday,
                Weekday::Wednesday,
                Weekday::Thursday,
                Weekday::Friday,
            ]
            .into_iter()
            .map(|weekday| WeeklyHours {
                weekday,
                start: Time::constant(8, 0, 0, 0),
                end: Time::constant(18, 0, 0, 0),
            })
            .collect();
            let monday: Timestamp = "2026-10-19T07:00:00Z".parse().unwrap();
            let busy = (0..40)
                .map(|n| {
                    let start = monday
                        + SignedDuration::from_mins(
                            i64::from(n / 4) * 24 * 60
                                + i64::from(n % 4) * 180
                                + i64::try_from(index).unwrap() % 4 * 15,
                        );
                    Busy {
                        at: Interval::new(start, start + SignedDuration::from_mins(60)).unwrap(),
                        before: SignedDuration::from_mins(5),
                        after: SignedDuration::from_mins(10),
                    }
                })
                .collect();
            (zone, weekly, busy)
        })
        .collect()
}

fn week_of_slots(criterion: &mut Criterion) {
    let clinic = clinic();
    let rules = SlotRules {
        duration: SignedDuration::from_mins(60),
        buffer_before: SignedDuration::from_mins(5),
        buffer_after: SignedDuration::from_mins(10),
        step: SignedDuration::from_mins(15),
        earliest: "2026-10-18T00:00:00Z".parse().unwrap(),
        latest: "2027-01-01T00:00:00Z".parse().unwrap(),
    };
    criterion.bench_function("slots: a week for 50 clinicians", |bench| {
        bench.iter(|| {
            let mut total = 0;
            for (zone, weekly, busy) in &clinic {
                let working =
                    working_intervals(zone, weekly, &[], date(2026, 10, 19), date(2026, 10, 25));
                total += free_starts(&working, busy, &rules).len();
            }
            assert!(total > 0);
            black_box(total)
        });
    });
}

criterion_group!(benches, week_of_slots);
criterion_main!(benches);
