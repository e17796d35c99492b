//! Helpers for the readable (text) output of the commands.

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use tendo_core::evidence;
use tendo_core::reason::Reason;
use tendo_core::rules::RuleId;

/// The width text output wraps at.
const WIDTH: usize = 88;

/// Wraps `text` with `indent` spaces before every line after the first.
pub fn wrap(text: &str, first_indent: usize, indent: usize) -> String {
    let first = " ".repeat(first_indent);
    let rest = " ".repeat(indent);
    let options = textwrap::Options::new(WIDTH)
        .initial_indent(&first)
        .subsequent_indent(&rest);
    textwrap::fill(text, &options)
}

/// The "Why" block: each reason with its rule id and the rule's evidence level.
pub fn reasons(reasons: &[Reason]) -> String {
    let mut out = String::from("Why\n");
    for reason in reasons {
        let level = evidence::rule(reason.rule)
            .map(|rule| format!(" ({})", rule.level.label()))
            .unwrap_or_default();
        let line = format!("[{}] {}{}", reason.rule, reason.message, level);
        let _ = writeln!(out, "{}", wrap(&line, 2, 4));
    }
    out
}

/// Rule ids joined by commas.
pub fn rule_list(rules: &[RuleId]) -> String {
    rules
        .iter()
        .map(|rule| rule.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A moment in the system's time zone, e.g. `Mon 23 Nov 2026 18:00 GMT`.
pub fn local_time(timestamp: Timestamp) -> String {
    let zoned = timestamp.to_zoned(TimeZone::system());
    zoned.strftime("%a %-d %b %Y %H:%M %Z").to_string()
}
