//! Scheduling maths for booking: working hours in a clinician's own time zone, free slots from
//! busy intervals, weekly and fortnightly series, and the cancellation window.
//!
//! Everything is pure: callers pass the zone, the hours, what is already booked and the current
//! time, and get instants back. Moments are UTC [`Timestamp`]s; wall-clock times are turned into
//! instants with one explicit rule for daylight-saving changes, [`instant_at`].

mod hours;
mod policy;
mod recurrence;
mod slots;

pub use hours::{Exception, WeeklyHours, instant_at, working_intervals};
pub use policy::{CancelDecision, self_cancel};
pub use recurrence::{SeriesEnd, occurrences};
pub use slots::{Busy, SlotRules, clashes, free_starts, nearest, resource_for};

use jiff::Timestamp;

/// A half-open stretch of time `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    /// The first instant inside.
    pub start: Timestamp,
    /// The first instant after.
    pub end: Timestamp,
}

impl Interval {
    /// An interval; `None` when it would be empty or reversed.
    pub fn new(start: Timestamp, end: Timestamp) -> Option<Interval> {
        (start < end).then_some(Interval { start, end })
    }

    /// Whether the two share any instant.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies wholly inside this one.
    pub fn contains(&self, other: &Interval) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}
