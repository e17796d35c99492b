//! Reading a loading history: dates and conditions whose errors say what is allowed, and the
//! refusal of sessions dated after today.

use std::fmt;

use jiff::civil::Date;
use serde::Deserializer;
use serde::de::{Error, SeqAccess, Visitor};

use super::LoggedSession;
use crate::condition::{CONDITION_EXPECTED, Condition};
use crate::error::FieldError;

/// What a session date must look like.
const DATE_EXPECTED: &str = "a date as YYYY-MM-DD, such as 2026-11-10";

/// Reads a session date, saying what is allowed when it does not parse.
pub(super) fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    struct DateVisitor;

    impl Visitor<'_> for DateVisitor {
        type Value = Date;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str(DATE_EXPECTED)
        }

        fn visit_str<E: Error>(self, text: &str) -> Result<Date, E> {
            let well_formed = text.len() == 10
                && text.char_indices().all(|(at, c)| {
                    matches!(at, 4 | 7) == (c == '-') && (c == '-' || c.is_ascii_digit())
                });
            well_formed
                .then(|| text.parse::<Date>().ok())
                .flatten()
                .ok_or_else(|| E::custom(format!("expected {DATE_EXPECTED}, got `{text}`")))
        }
    }

    deserializer.deserialize_str(DateVisitor)
}

/// Reads a condition, listing the allowed ids whatever the mistake (an unknown name or a value
/// that is not text).
pub(super) fn condition<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Condition, D::Error> {
    struct ConditionVisitor;

    impl Visitor<'_> for ConditionVisitor {
        type Value = Condition;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str(&CONDITION_EXPECTED.replacen("expected ", "", 1))
        }

        fn visit_str<E: Error>(self, text: &str) -> Result<Condition, E> {
            text.parse().map_err(E::custom)
        }
    }

    deserializer.deserialize_str(ConditionVisitor)
}

/// What the list of sessions must look like.
const SESSIONS_EXPECTED: &str = "a list of sessions, each such as {\"date\": \"2026-11-10\", \
\"pain_during\": 3, \"pain_after\": 2, \"pain_next_morning\": 1} (pain scores are whole \
numbers from 0 to 10; pain_next_morning may be left out until it is answered)";

/// Reads the list of sessions, saying what a session looks like when the list is not a list.
pub(super) fn sessions<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<LoggedSession>, D::Error> {
    struct SessionsVisitor;

    impl<'de> Visitor<'de> for SessionsVisitor {
        type Value = Vec<LoggedSession>;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str(SESSIONS_EXPECTED)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut list: A) -> Result<Self::Value, A::Error> {
            let mut sessions = Vec::with_capacity(list.size_hint().unwrap_or(0).min(4096));
            while let Some(session) = list.next_element()? {
                sessions.push(session);
            }
            Ok(sessions)
        }
    }

    deserializer.deserialize_seq(SessionsVisitor)
}

/// Refuses a session dated after `today`, naming it by its place in the input.
pub(super) fn refuse_future_sessions(
    sessions: &[LoggedSession],
    today: Date,
) -> Result<(), FieldError> {
    match sessions
        .iter()
        .enumerate()
        .find(|(_, session)| session.date > today)
    {
        Some((index, session)) => Err(FieldError::new(
            format!("sessions[{index}].date"),
            format!(
                "{} is after today ({today}): log only sessions that have happened, dated as \
                 YYYY-MM-DD on or before {today}",
                session.date
            ),
        )),
        None => Ok(()),
    }
}
