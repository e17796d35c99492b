//! What the templates show: reasons with their rule and evidence level, exercises with their
//! dose, and small words for numbers and dates.

use jiff::civil::Date;
use tendo_core::condition::Side;
use tendo_core::evidence;
use tendo_core::programme::PlanItem;
use tendo_core::reason::Reason;
use tendo_core::rules::RuleId;

/// One reason as shown: the rule, what it means, and how firm its evidence is. Patients read
/// the message; the rule, its title, its level and its sources sit behind "Why?".
#[derive(Clone, Debug)]
pub struct ReasonRow {
    /// The rule id, such as `R-PM2`.
    pub rule: String,
    /// The rule's short title.
    pub title: &'static str,
    /// The message, with dates written as people write them.
    pub message: String,
    /// The evidence level, such as "randomised trial".
    pub level: &'static str,
    /// The publications the rule rests on.
    pub sources: Vec<SourceRow>,
    /// Whether this is the first row of its rule in its list, so that "Why?" names each rule
    /// once.
    pub first_of_rule: bool,
}

/// A publication a rule rests on, as shown.
#[derive(Clone, Debug)]
pub struct SourceRow {
    /// The citation.
    pub citation: &'static str,
    /// Where it can be read, if known.
    pub link: Option<&'static str>,
}

/// The publications behind `rule`.
fn sources_of(rule: RuleId) -> Vec<SourceRow> {
    evidence::rule(rule)
        .map(|rule| {
            rule.sources
                .iter()
                .filter_map(|id| evidence::source(id))
                .map(|source| SourceRow {
                    citation: source.citation,
                    link: source.link,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `text` with every ISO date (2026-12-02) written as people read it (Wed 2 Dec 2026).
pub fn plain_dates(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(found) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..found]);
        rest = &rest[found..];
        let candidate = rest.get(..10).and_then(|head| head.parse::<Date>().ok());
        let standalone = rest[10.min(rest.len())..]
            .chars()
            .next()
            .is_none_or(|next| !next.is_ascii_alphanumeric());
        match candidate {
            Some(date) if standalone && !out.ends_with(|c: char| c.is_ascii_alphanumeric()) => {
                out.push_str(&long_date(date));
                rest = &rest[10..];
            }
            _ => {
                let digits = rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len());
                out.push_str(&rest[..digits]);
                rest = &rest[digits..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The evidence level of a rule, for people.
pub fn level_of(rule: RuleId) -> &'static str {
    evidence::rule(rule)
        .map(|rule| rule.level.label())
        .unwrap_or("expert guidance")
}

/// A row for `rule` saying `message`.
fn reason_row(rule: RuleId, message: String, seen: &mut Vec<RuleId>) -> ReasonRow {
    let first_of_rule = !seen.contains(&rule);
    seen.push(rule);
    ReasonRow {
        rule: rule.to_string(),
        title: evidence::rule(rule).map_or("", |known| known.title),
        message: plain_dates(&message),
        level: level_of(rule),
        sources: sources_of(rule),
        first_of_rule,
    }
}

/// Reasons as rows; a reason given twice in the same words is shown once.
pub fn reasons(reasons: &[Reason]) -> Vec<ReasonRow> {
    let mut seen = Vec::new();
    let mut shown: Vec<&Reason> = Vec::new();
    let mut rows = Vec::new();
    for reason in reasons {
        if shown.contains(&reason) {
            continue;
        }
        shown.push(reason);
        rows.push(reason_row(reason.rule, reason.message.clone(), &mut seen));
    }
    rows
}

/// Rules as rows for a patient's "Why?": each rule's statement, level and sources.
pub fn rule_notes(rules: &[RuleId]) -> Vec<ReasonRow> {
    let mut seen = Vec::new();
    rules
        .iter()
        .filter_map(|rule| {
            let statement = evidence::rule(*rule)?.statement.to_string();
            Some(reason_row(*rule, statement, &mut seen))
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
    /// The rules behind it, for "Why?".
    pub rules: Vec<ReasonRow>,
    /// Notes that matter for safety, such as "heel stays at floor level".
    pub notes: Vec<&'static str>,
    /// What was swapped for the patient's equipment, or what the exercise needs, in plain
    /// words (`P-EQUIP`; the rule is under "Why?").
    pub equipment: Option<String>,
    /// The figure showing how it is done, where the page shows one ([`ItemRow::demonstrated`]).
    pub demonstration: Option<std::sync::Arc<crate::patient::demonstration::DemoView>>,
}

impl ItemRow {
    /// The row with the item's demonstration for a person whose affected side is `side`, its
    /// ids made unique on the page by `place`.
    pub fn demonstrated(mut self, item: &PlanItem, side: Side, place: &str) -> ItemRow {
        self.demonstration = crate::patient::demonstration::demo_view(item, side, place);
        self
    }
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
        (None, None) if item.sets == 1 => "once".to_string(),
        (None, None) => format!("{} times", item.sets),
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
        rules: rule_notes(&item.rules),
        notes,
        equipment: item.equipment_fit.as_ref().map(|fit| fit.message.clone()),
        demonstration: None,
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

    #[test]
    fn dates_in_reasons_are_written_for_people() {
        assert_eq!(
            plain_dates("your session on 2026-12-02 was 2/10"),
            "your session on Wed 2 Dec 2026 was 2/10"
        );
        assert_eq!(plain_dates("2026-12-02"), "Wed 2 Dec 2026");
        for untouched in [
            "5/10 over 14 days",
            "x2026-12-02",
            "2026-12-02x",
            "2026-13-02",
        ] {
            assert_eq!(plain_dates(untouched), untouched);
        }
    }
}
