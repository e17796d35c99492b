//! The next-morning values, one per day, and the usual level a morning is judged against.
//!
//! People sometimes log two sessions on one day; there is still only one next morning. A day's
//! value is the highest answer given for its sessions, so a sore morning is never hidden by a
//! second, calmer entry.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;

use super::{LoggedSession, MIN_RECENT_MORNINGS, RECENT_MORNING_DAYS};

/// The answered next-morning values, one per session day.
pub(super) struct Mornings(BTreeMap<Date, u8>);

/// A person's recent usual morning: the median of the answered mornings before a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct RecentUsual {
    /// The usual value, 0–10.
    pub value: u8,
    /// How many answered mornings it was taken from.
    pub count: usize,
}

impl Mornings {
    /// The mornings of `sessions`, keeping the highest answer of each day.
    pub(super) fn of(sessions: &[LoggedSession]) -> Self {
        let mut mornings = BTreeMap::new();
        for session in sessions {
            if let Some(pain) = session.pain_next_morning {
                let value = mornings.entry(session.date).or_insert(0);
                *value = pain.value().max(*value);
            }
        }
        Mornings(mornings)
    }

    /// The answer for the morning after `day`'s sessions, if any.
    pub(super) fn on(&self, day: Date) -> Option<u8> {
        self.0.get(&day).copied()
    }

    /// The latest day with an answer, and that answer.
    pub(super) fn latest(&self) -> Option<(Date, u8)> {
        self.0.last_key_value().map(|(day, value)| (*day, *value))
    }

    /// The answers of the days from `from` to `to`, both included, oldest first.
    pub(super) fn between(&self, from: Date, to: Date) -> impl Iterator<Item = (Date, u8)> + '_ {
        self.0.range(from..=to).map(|(day, value)| (*day, *value))
    }

    /// The recent usual morning before `day`: the median of the answers of the 14 days before
    /// it (not counting `day` itself, so a flare does not raise its own reference), from at
    /// least 2 answers. With an even count it is the higher of the two middle values: a value
    /// the person really reported, and one that half their mornings reached, so a morning at a
    /// level they often have is not read as a flare.
    pub(super) fn recent_usual(&self, day: Date) -> Option<RecentUsual> {
        let from = day.saturating_sub(RECENT_MORNING_DAYS.days());
        let to = day.saturating_sub(1.day());
        if to < from || to >= day {
            return None;
        }
        let mut values: Vec<u8> = self.between(from, to).map(|(_, value)| value).collect();
        if values.len() < MIN_RECENT_MORNINGS {
            return None;
        }
        values.sort_unstable();
        values.get(values.len() / 2).map(|&value| RecentUsual {
            value,
            count: values.len(),
        })
    }
}
