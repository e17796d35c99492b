//! The clinic's cancellation window: a patient may cancel online until a set number of hours
//! before the appointment; after that they contact the clinic.

use jiff::{SignedDuration, Timestamp};

/// Whether a patient may still cancel or move an appointment themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CancelDecision {
    /// True until the deadline.
    pub allowed: bool,
    /// The last moment a patient may cancel online.
    pub deadline: Timestamp,
}

/// Decides for an appointment starting at `start`, with the clinic's window of `window_hours`.
pub fn self_cancel(now: Timestamp, start: Timestamp, window_hours: u16) -> CancelDecision {
    let deadline = start
        .checked_sub(SignedDuration::from_hours(i64::from(window_hours)))
        .unwrap_or(start);
    CancelDecision {
        allowed: now < deadline,
        deadline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_closes_exactly_at_the_deadline() {
        let start: Timestamp = "2026-12-02T10:00:00Z".parse().unwrap();
        let before: Timestamp = "2026-12-01T09:59:59Z".parse().unwrap();
        let at: Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
        assert!(self_cancel(before, start, 24).allowed);
        assert!(!self_cancel(at, start, 24).allowed);
        assert_eq!(self_cancel(at, start, 24).deadline, at);
    }
}
