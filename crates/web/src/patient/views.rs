//! What the templates show: reasons with their rule and evidence level, exercises with their
//! dose, and small words for numbers and dates.

use jiff::civil::Date;
use tendo_core::evidence;
use tendo_core::programme::PlanItem;
use tendo_core::reason::Reason;
use tendo_core::rules::RuleId;

/// One reason as shown: the rule, what it means, and how firm its evidence is.
#[derive(Clone, Debug)]
pub struct ReasonRow {
    /// The rule id, such as `R-PM2`.
    pub rule: String,
    /// The message.
    pub message: String,
    /// The evidence level, such as "randomised trial".
    pub level: &'static str,
}

/// The evidence level of a rule, for people.
pub fn level_of(rule: RuleId) -> &'static str {
    evidence::rule(rule)
        .map(|rule| rule.level.label())
        .unwrap_or("expert guidance")
}

/// Reasons as rows.
pub fn reasons(reasons: &[Reason]) -> Vec<ReasonRow> {
    reasons
        .iter()
        .map(|reason| ReasonRow {
            rule: reason.rule.to_string(),
            message: reason.message.clone(),
            level: level_of(reason.rule),
        })
        .collect()
}

/// A rule as a chip with its level: `(id, level)`.
pub fn rule_chips(rules: &[RuleId]) -> Vec<(String, &'static str)> {
    rules
        .iter()
        .map(|rule| (rule.to_string(), level_of(*rule)))
        .collect()
}

/// An exercise as shown in the plan and on today's form.
#[derive(Clone, Debug)]
pub struct ItemRow {
    /// The exercise's id.
    pub exercise: String,
    /// Its name.
    pub name: String,
    /// How to do it.
    pub how: String,
    /// Repetitions per set, if counted.
    pub reps: Option<u16>,
    /// Seconds per hold, if a hold.
    pub hold_seconds: Option<u16>,
    /// The dose, such as "3 sets × 15" or "5 holds × 45 s".
    pub dose: String,
    /// The load.
    pub load: String,
    /// The tempo, if it matters.
    pub tempo: Option<String>,
    /// Rest between sets, in seconds.
    pub rest_seconds: u16,
    /// Rest, in words.
    pub rest: String,
    /// How often, in words.
    pub schedule: String,
    /// When to move on.
    pub progress_when: String,
    /// The rules behind it, with their levels.
    pub rules: Vec<(String, &'static str)>,
    /// Notes that matter for safety, such as "heel stays at floor level".
    pub notes: Vec<&'static str>,
}

/// Seconds in words: "45 s", "2 min", "1 min 30 s".
pub fn seconds(total: u16) -> String {
    match (total / 60, total % 60) {
        (0, secs) => format!("{secs} s"),
        (mins, 0) => format!("{mins} min"),
        (mins, secs) => format!("{mins} min {secs} s"),
    }
}

/// An item as a row.
pub fn item_row(item: &PlanItem) -> ItemRow {
    let dose = match (item.reps, item.hold_seconds) {
        (Some(reps), _) => format!("{} sets × {reps}", item.sets),
        (None, Some(hold)) => format!("{} holds × {}", item.sets, seconds(hold)),
        (None, None) => format!("{} sets", item.sets),
    };
    let mut rest = format!("{} between sets", seconds(item.rest_seconds));
    if let Some(after) = item.rest_after_exercise_seconds {
        rest.push_str(&format!(", {} before the next exercise", seconds(after)));
    }
    let times = match item.times_per_day {
        1 => "once a day".to_string(),
        2 => "twice a day".to_string(),
        n => format!("{n} times a day"),
    };
    let days = match item.days_per_week {
        7 => "every day".to_string(),
        1 => "1 day a week".to_string(),
        n => format!("{n} days a week"),
    };
    let mut notes = Vec::new();
    if item.floor_level_only {
        notes.push("Heel stays at floor level: no step edge, flat floor only.");
    }
    if item.compressive {
        notes.push("Takes the hip into a deeper bend under load.");
    }
    ItemRow {
        exercise: item.exercise.clone(),
        name: item.name.clone(),
        how: item.how.clone(),
        reps: item.reps,
        hold_seconds: item.hold_seconds,
        dose,
        load: item.load.clone(),
        tempo: item.tempo.clone(),
        rest_seconds: item.rest_seconds,
        rest: if item.rest_seconds == 0 {
            "no rest needed".into()
        } else {
            rest
        },
        schedule: format!("{days}, {times}"),
        progress_when: item.progress_when.clone(),
        rules: rule_chips(&item.rules),
        notes,
    }
}

/// A date as "Mon 3 Mar 2026".
pub fn long_date(date: Date) -> String {
    date.strftime("%a %-d %b %Y").to_string()
}

/// A number of minutes as people write it: "5", "2.5".
pub fn minutes(value: f64) -> String {
    let text = format!("{:.1}", (value * 10.0).round() / 10.0);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(seconds(45), "45 s");
        assert_eq!(seconds(120), "2 min");
        assert_eq!(seconds(90), "1 min 30 s");
        assert_eq!(minutes(5.0), "5");
        assert_eq!(minutes(2.25), "2.3");
        assert_eq!(level_of(tendo_core::rules::A16), "expert guidance");
    }
}
