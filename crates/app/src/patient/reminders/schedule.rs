//! When each reminder falls due, on the patient's wall clock in their own time zone.
//!
//! A wall-clock time is read with the scheduling rule for clock changes
//! ([`tendo_core::scheduling::instant_at`]): a time that does not exist that day (the
//! clocks jump forward over it) fires when the gap ends, the next valid minute; a time that shows
//! twice (the clocks go back) fires the first time.

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use tendo_core::scheduling::instant_at;
use tendo_store::reminders::{ReminderKind, ReminderPreferences};

/// The weekdays, Monday first, as the settings list them.
pub const WEEK: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

/// The bit of `day` in a set of chosen days (Monday is bit 0).
pub fn day_bit(day: Weekday) -> u8 {
    1 << day.to_monday_zero_offset()
}

/// Whether `day` is among the chosen `days`.
pub fn is_chosen(days: u8, day: Weekday) -> bool {
    days & day_bit(day) != 0
}

/// How many days are chosen.
pub fn chosen_count(days: u8) -> u8 {
    // At most 7 bits are ever set, so the count fits.
    u8::try_from((days & 0x7f).count_ones()).unwrap_or(7)
}

/// The moment the reminder of `kind` is due on the local `date`, if it is on and that date is
/// one of its days: the training reminder on a chosen day at the training time; the next-morning
/// reminders at the morning time, the missed-session one only the morning after a chosen day.
/// Whether it is then sent depends on what is logged (see the job).
pub fn due_on(
    preferences: &ReminderPreferences,
    kind: ReminderKind,
    zone: &TimeZone,
    date: Date,
) -> Option<Timestamp> {
    if !preferences.is_on(kind) {
        return None;
    }
    let time = match kind {
        ReminderKind::Training => {
            if !is_chosen(preferences.days, date.weekday()) {
                return None;
            }
            preferences.training_time
        }
        ReminderKind::MissedSession => {
            let yesterday = date.checked_sub(1.day()).ok()?;
            if !is_chosen(preferences.days, yesterday.weekday()) {
                return None;
            }
            preferences.morning_time
        }
        ReminderKind::MorningCheck => preferences.morning_time,
    };
    instant_at(zone, date.to_datetime(time))
}

/// The first moment after `after` at which any reminder that is on falls due; `None` when none
/// is on (or no day is chosen for those that need one).
pub fn next_due_after(
    preferences: &ReminderPreferences,
    zone: &TimeZone,
    after: Timestamp,
) -> Option<Timestamp> {
    let today = after.to_zoned(zone.clone()).date();
    // Yesterday to eight days on covers every weekday, whatever the offset of the zone.
    (-1..=8_i64)
        .filter_map(|offset| today.checked_add(offset.days()).ok())
        .flat_map(|date| {
            ReminderKind::ALL
                .into_iter()
                .filter_map(move |kind| due_on(preferences, kind, zone, date))
        })
        .filter(|moment| *moment > after)
        .min()
}

/// The reminders due in a run: those of today's local date (at `now`) whose moment lies from
/// `since` (the check that fell due) to `now`. A reminder of an earlier day that a stopped
/// server missed is not sent late the next day.
pub fn due_between(
    preferences: &ReminderPreferences,
    zone: &TimeZone,
    since: Timestamp,
    now: Timestamp,
) -> Vec<(ReminderKind, Date)> {
    let today = now.to_zoned(zone.clone()).date();
    ReminderKind::ALL
        .into_iter()
        .filter(|kind| {
            due_on(preferences, *kind, zone, today)
                .is_some_and(|moment| moment >= since && moment <= now)
        })
        .map(|kind| (kind, today))
        .collect()
}

#[cfg(test)]
mod tests {
    use jiff::civil::{Time, date};
    use tendo_store::ids::{ClinicId, UserId};

    use super::*;

    fn new_york() -> TimeZone {
        TimeZone::get("America/New_York").unwrap()
    }

    fn preferences(days: &[Weekday], training: Time, morning: Time) -> ReminderPreferences {
        ReminderPreferences {
            patient_id: UserId::new(),
            clinic_id: ClinicId::new(),
            days: days
                .iter()
                .map(|day| day_bit(*day))
                .fold(0, |all, bit| all | bit),
            training_time: training,
            morning_time: morning,
            training_on: true,
            missed_session_on: true,
            morning_check_on: true,
            updated_at: Timestamp::UNIX_EPOCH,
            next_check_at: None,
        }
    }

    fn local(zone: &TimeZone, day: Date, hour: i8, minute: i8) -> Timestamp {
        day.at(hour, minute, 0, 0)
            .to_zoned(zone.clone())
            .unwrap()
            .timestamp()
    }

    #[test]
    fn a_training_time_in_the_spring_gap_fires_at_the_next_valid_minute() {
        // On Sunday 14 March 2027 New York's clocks go from 02:00 to 03:00: 02:30 never shows.
        let zone = new_york();
        let settings = preferences(
            &[Weekday::Sunday],
            Time::constant(2, 30, 0, 0),
            Time::constant(8, 0, 0, 0),
        );
        let due = due_on(&settings, ReminderKind::Training, &zone, date(2027, 3, 14)).unwrap();
        assert_eq!(due, local(&zone, date(2027, 3, 14), 3, 0));
        assert_eq!(
            due.to_zoned(zone.clone()).time(),
            Time::constant(3, 0, 0, 0)
        );
    }

    #[test]
    fn a_time_that_shows_twice_in_the_autumn_fires_the_first_time() {
        // On Sunday 7 November 2027 New York's clocks go back from 02:00 to 01:00.
        let zone = new_york();
        let settings = preferences(
            &[Weekday::Sunday],
            Time::constant(1, 30, 0, 0),
            Time::constant(8, 0, 0, 0),
        );
        let due = due_on(&settings, ReminderKind::Training, &zone, date(2027, 11, 7)).unwrap();
        let first = date(2027, 11, 7)
            .at(1, 30, 0, 0)
            .to_zoned(zone.clone())
            .unwrap()
            .timestamp();
        assert_eq!(due, first);
        assert_eq!(
            due.to_zoned(zone.clone()).offset().seconds(),
            -4 * 3600,
            "the first 01:30 is still on summer time"
        );
    }

    #[test]
    fn reminders_fall_on_the_chosen_days_at_the_chosen_local_time() {
        let zone = new_york();
        let settings = preferences(
            &[Weekday::Monday, Weekday::Thursday],
            Time::constant(18, 15, 0, 0),
            Time::constant(7, 30, 0, 0),
        );
        // Week of Monday 8 March 2027: training Mon and Thu at 18:15, missed-session checks
        // the mornings after (Tue, Fri), morning checks every morning.
        let mut moments = Vec::new();
        let mut after = local(&zone, date(2027, 3, 8), 0, 0);
        while let Some(next) = next_due_after(&settings, &zone, after) {
            if next >= local(&zone, date(2027, 3, 15), 0, 0) {
                break;
            }
            moments.push(next.to_zoned(zone.clone()).datetime());
            after = next;
        }
        let expected: Vec<_> = [
            (8, 7, 30),
            (8, 18, 15),
            (9, 7, 30),
            (10, 7, 30),
            (11, 7, 30),
            (11, 18, 15),
            (12, 7, 30),
            (13, 7, 30),
            (14, 7, 30),
        ]
        .iter()
        .map(|(day, hour, minute)| date(2027, 3, *day).at(*hour, *minute, 0, 0))
        .collect();
        assert_eq!(moments, expected);
        let tuesday_morning = local(&zone, date(2027, 3, 9), 7, 30);
        assert_eq!(
            due_between(&settings, &zone, tuesday_morning, tuesday_morning),
            vec![
                (ReminderKind::MissedSession, date(2027, 3, 9)),
                (ReminderKind::MorningCheck, date(2027, 3, 9)),
            ]
        );
        let wednesday_morning = local(&zone, date(2027, 3, 10), 7, 30);
        assert_eq!(
            due_between(&settings, &zone, wednesday_morning, wednesday_morning),
            vec![(ReminderKind::MorningCheck, date(2027, 3, 10))],
            "Tuesday was not a training day"
        );
    }

    #[test]
    fn nothing_is_due_when_every_reminder_is_off() {
        let zone = new_york();
        let mut settings = preferences(
            &[Weekday::Monday],
            Time::constant(18, 0, 0, 0),
            Time::constant(8, 0, 0, 0),
        );
        for kind in ReminderKind::ALL {
            settings.set(kind, false);
        }
        assert_eq!(
            next_due_after(&settings, &zone, Timestamp::UNIX_EPOCH),
            None
        );
    }

    #[test]
    fn a_reminder_missed_yesterday_is_not_sent_today() {
        let zone = new_york();
        let settings = preferences(
            &[Weekday::Monday],
            Time::constant(18, 0, 0, 0),
            Time::constant(8, 0, 0, 0),
        );
        let monday_evening = local(&zone, date(2027, 3, 8), 18, 0);
        let tuesday_noon = local(&zone, date(2027, 3, 9), 12, 0);
        let due = due_between(&settings, &zone, monday_evening, tuesday_noon);
        assert!(
            !due.iter().any(|(kind, _)| *kind == ReminderKind::Training),
            "{due:?}"
        );
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        const ZONES: [&str; 4] = [
            "America/New_York",
            "Australia/Sydney",
            "Europe/London",
            "Asia/Kathmandu",
        ];

        proptest! {
            /// Whatever the days, times, zone and moment: the next reminder is after that
            /// moment and within eight days, falls on a chosen day (or the morning after one,
            /// or any morning for the check), and shows the chosen time on the patient's clock
            /// unless the clocks skipped it, when it comes at the end of the skipped hour.
            #[test]
            fn the_next_reminder_keeps_the_patients_days_and_clock(
                days in 1u8..128,
                training in (0i8..24, 0i8..60),
                morning in (0i8..24, 0i8..60),
                kinds in (any::<bool>(), any::<bool>(), any::<bool>()),
                zone in 0usize..ZONES.len(),
                after in 1_700_000_000i64..1_900_000_000,
            ) {
                let zone = TimeZone::get(ZONES[zone]).unwrap();
                let mut settings = preferences(
                    &[],
                    Time::constant(training.0, training.1, 0, 0),
                    Time::constant(morning.0, morning.1, 0, 0),
                );
                settings.days = days;
                settings.training_on = kinds.0;
                settings.missed_session_on = kinds.1;
                settings.morning_check_on = kinds.2;
                let after = Timestamp::from_second(after).unwrap();
                let next = next_due_after(&settings, &zone, after);
                prop_assert_eq!(next.is_some(), kinds.0 || kinds.1 || kinds.2);
                if let Some(next) = next {
                    prop_assert!(next > after);
                    prop_assert!(next <= after + jiff::SignedDuration::from_hours(24 * 8));
                    let shown = next.to_zoned(zone.clone());
                    let due: Vec<_> = ReminderKind::ALL
                        .into_iter()
                        .filter(|kind| due_on(&settings, *kind, &zone, shown.date()) == Some(next))
                        .collect();
                    prop_assert!(!due.is_empty(), "{next} is no reminder's moment");
                    for kind in due {
                        let chosen = match kind {
                            ReminderKind::Training => settings.training_time,
                            _ => settings.morning_time,
                        };
                        let skipped = shown.time() != chosen;
                        if skipped {
                            // The chosen time did not exist that day: the clocks had just gone
                            // forward, so a minute earlier shows an earlier offset.
                            let before = (next - jiff::SignedDuration::from_mins(1))
                                .to_zoned(zone.clone());
                            prop_assert!(before.offset() < shown.offset(), "{kind:?} at {shown} for {chosen}");
                            prop_assert!(shown.time() > chosen);
                        }
                        if kind == ReminderKind::Training {
                            prop_assert!(is_chosen(settings.days, shown.date().weekday()));
                        }
                    }
                }
            }
        }
    }
}
