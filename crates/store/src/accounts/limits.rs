//! Attempt limits (sign-in, sign-up, password-reset requests) and what ending a person's access
//! ended.

use serde::Serialize;

use crate::ids::RecordId;

/// A limit on attempts counted under one key, such as `address:192.0.2.7` or
/// `account:pat@example.com`, within a window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttemptLimit {
    /// What the attempts are counted under.
    pub key: String,
    /// How many attempts the window allows.
    pub max: u32,
}

impl AttemptLimit {
    /// A limit of `max` attempts under `key`.
    pub fn new(key: impl Into<String>, max: u32) -> Self {
        AttemptLimit {
            key: key.into(),
            max,
        }
    }
}

/// The answer to a reservation: the check and the count happen in one transaction, with the
/// keys locked, so that parallel requests cannot all pass a check that only one of them should.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reservation {
    /// The attempt is counted under every key. `counts` holds, for each key in the order given,
    /// the attempts in the window including this one.
    Reserved {
        /// Attempts in the window under each key, this one included.
        counts: Vec<u32>,
    },
    /// Nothing was counted: the key at `limit` (an index into the limits given) had already
    /// reached its maximum.
    Refused {
        /// The index of the first limit that was full.
        limit: usize,
    },
}

/// An attempt's id, so that a reservation can be given back (after a successful sign-in).
pub type AttemptId = RecordId;

/// What was ended when a person's access was cut (a password reset, "sign out everywhere").
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EndedAccess {
    /// Sign-in sessions ended.
    pub sessions: u64,
    /// Personal API tokens revoked.
    pub api_tokens: u64,
}

impl EndedAccess {
    /// A sentence for the person, such as "2 sessions and 1 API token were ended."
    pub fn sentence(&self) -> String {
        let sessions = plural(self.sessions, "session", "sessions");
        let tokens = plural(self.api_tokens, "API token", "API tokens");
        format!("{sessions} and {tokens} were ended.")
    }
}

fn plural(count: u64, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_counts_sessions_and_tokens() {
        let ended = EndedAccess {
            sessions: 2,
            api_tokens: 1,
        };
        assert_eq!(ended.sentence(), "2 sessions and 1 API token were ended.");
        let none = EndedAccess::default();
        assert_eq!(none.sentence(), "0 sessions and 0 API tokens were ended.");
    }
}
