//! Free slots, computed from busy intervals rather than by probing: every booked appointment
//! (with its own buffers) blocks a range of possible start times; what is left inside the
//! working hours, after the minimum notice and before the horizon, is free.

use jiff::{SignedDuration, Timestamp};

use super::Interval;

/// Something already in the diary: an appointment with its buffers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Busy {
    /// The appointment itself.
    pub at: Interval,
    /// Time kept free before it (preparation).
    pub before: SignedDuration,
    /// Time kept free after it (notes, cleaning a table).
    pub after: SignedDuration,
}

impl Busy {
    /// Busy time with no buffers (time off, another commitment).
    pub fn plain(at: Interval) -> Busy {
        Busy {
            at,
            before: SignedDuration::ZERO,
            after: SignedDuration::ZERO,
        }
    }
}

/// What a new appointment needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlotRules {
    /// How long it lasts.
    pub duration: SignedDuration,
    /// Its buffer before.
    pub buffer_before: SignedDuration,
    /// Its buffer after.
    pub buffer_after: SignedDuration,
    /// Offered starts are this far apart, from the start of each working stretch.
    pub step: SignedDuration,
    /// The earliest start offered (now plus the minimum notice).
    pub earliest: Timestamp,
    /// Starts must be before this (now plus how far ahead one may book).
    pub latest: Timestamp,
}

/// The open range of starts that `busy` rules out for an appointment under `rules`.
///
/// A new appointment clashes when its buffered time overlaps the other's appointment, or its
/// own time overlaps the other's buffers. Buffers do not stack: two buffers of 10 and 15
/// minutes between appointments need a gap of 15, not 25.
fn blocked(busy: &Busy, rules: &SlotRules) -> (Timestamp, Timestamp) {
    let lead = rules.buffer_after.max(busy.before) + rules.duration;
    let tail = rules.buffer_before.max(busy.after);
    (
        busy.at.start.checked_sub(lead).unwrap_or(busy.at.start),
        busy.at.end.checked_add(tail).unwrap_or(busy.at.end),
    )
}

/// Whether `start` clashes with `busy` for an appointment under `rules`.
pub fn clashes(start: Timestamp, busy: &Busy, rules: &SlotRules) -> bool {
    let (low, high) = blocked(busy, rules);
    low < start && start < high
}

/// Every free start inside `working`, sorted.
pub fn free_starts(working: &[Interval], busy: &[Busy], rules: &SlotRules) -> Vec<Timestamp> {
    let mut blocks: Vec<(Timestamp, Timestamp)> =
        busy.iter().map(|busy| blocked(busy, rules)).collect();
    blocks.sort_unstable();
    let mut out = Vec::new();
    if rules.step <= SignedDuration::ZERO || rules.duration <= SignedDuration::ZERO {
        return out;
    }
    for interval in working {
        let mut start = interval.start;
        // Blocks that end before this interval starts can never matter again for it.
        let first = blocks.partition_point(|(_, high)| *high <= start);
        let mut index = first;
        let mut reach: Option<Timestamp> = None;
        while let Ok(end) = start.checked_add(rules.duration) {
            if end > interval.end {
                break;
            }
            // Advance over blocks starting before `start`, remembering the furthest end.
            while index < blocks.len() && blocks[index].0 < start {
                let high = blocks[index].1;
                reach = Some(reach.map_or(high, |r| r.max(high)));
                index += 1;
            }
            let free =
                reach.is_none_or(|r| r <= start) && start >= rules.earliest && start < rules.latest;
            if free {
                out.push(start);
            }
            match start.checked_add(rules.step) {
                Ok(next) => start = next,
                Err(_) => break,
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The first resource (a room or table, by index into `resources`) free at `start`, if any.
pub fn resource_for(start: Timestamp, resources: &[Vec<Busy>], rules: &SlotRules) -> Option<usize> {
    resources
        .iter()
        .position(|busy| !busy.iter().any(|busy| clashes(start, busy, rules)))
}

/// Up to `count` of `starts` nearest to `wanted`, nearest first (alternatives to offer when a
/// time is taken).
pub fn nearest(starts: &[Timestamp], wanted: Timestamp, count: usize) -> Vec<Timestamp> {
    let mut sorted: Vec<Timestamp> = starts.to_vec();
    sorted.sort_by_key(|start| (start.duration_since(wanted).abs(), *start));
    sorted.truncate(count);
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn rules(minutes: i64, before: i64, after: i64) -> SlotRules {
        SlotRules {
            duration: SignedDuration::from_mins(minutes),
            buffer_before: SignedDuration::from_mins(before),
            buffer_after: SignedDuration::from_mins(after),
            step: SignedDuration::from_mins(15),
            earliest: at("2026-01-01T00:00:00Z"),
            latest: at("2027-01-01T00:00:00Z"),
        }
    }

    fn day() -> Vec<Interval> {
        vec![Interval::new(at("2026-12-01T09:00:00Z"), at("2026-12-01T12:00:00Z")).unwrap()]
    }

    #[test]
    fn buffers_of_both_sides_are_enforced_without_stacking() {
        let busy = [Busy {
            at: Interval::new(at("2026-12-01T10:00:00Z"), at("2026-12-01T10:30:00Z")).unwrap(),
            before: SignedDuration::from_mins(15),
            after: SignedDuration::from_mins(15),
        }];
        let starts = free_starts(&day(), &busy, &rules(30, 0, 0));
        let text: Vec<String> = starts.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            text,
            [
                "2026-12-01T09:00:00Z",
                "2026-12-01T09:15:00Z",
                "2026-12-01T10:45:00Z",
                "2026-12-01T11:00:00Z",
                "2026-12-01T11:15:00Z",
                "2026-12-01T11:30:00Z",
            ]
        );
        // The new appointment's own 30-minute buffer after rules out 09:15 too.
        let starts = free_starts(&day(), &busy, &rules(30, 0, 30));
        assert!(!starts.contains(&at("2026-12-01T09:15:00Z")));
        assert!(starts.contains(&at("2026-12-01T09:00:00Z")));
    }

    #[test]
    fn notice_and_horizon_cut_both_ends() {
        let mut rules = rules(60, 0, 0);
        rules.earliest = at("2026-12-01T10:00:00Z");
        rules.latest = at("2026-12-01T10:30:00Z");
        let starts = free_starts(&day(), &[], &rules);
        assert_eq!(
            starts,
            [at("2026-12-01T10:00:00Z"), at("2026-12-01T10:15:00Z")]
        );
    }

    #[test]
    fn a_resource_is_found_when_one_is_free() {
        let busy = Busy::plain(
            Interval::new(at("2026-12-01T09:00:00Z"), at("2026-12-01T10:00:00Z")).unwrap(),
        );
        let resources = vec![vec![busy], vec![]];
        let rules = rules(60, 0, 0);
        assert_eq!(
            resource_for(at("2026-12-01T09:00:00Z"), &resources, &rules),
            Some(1)
        );
        assert_eq!(
            resource_for(at("2026-12-01T09:00:00Z"), &resources[..1], &rules),
            None
        );
        assert_eq!(
            resource_for(at("2026-12-01T10:00:00Z"), &resources, &rules),
            Some(0)
        );
    }
}
