//! `tendo plan`: the loading programme for the current week.

use std::fmt::Write as _;

use tendo_core::condition::Side;
use tendo_core::programme::{self, PlanItem, PlanRequest, WeekPlan};

use super::text::{reasons, rule_list, wrap};
use super::{Format, InputError, emit, input};

/// Reads a plan request from `source` and prints this week's programme.
pub fn run(source: &str, format: Format) -> anyhow::Result<()> {
    let request: PlanRequest = input::read_json(source)?;
    let plan = programme::plan_week(&request).map_err(InputError::from)?;
    emit(format, &plan, || plan_text(&plan))
}

fn plan_text(plan: &WeekPlan) -> String {
    let stage = plan
        .stage
        .map(|stage| format!(", stage {stage}"))
        .unwrap_or_default();
    let mut out = format!(
        "{}, {} side: week {}, {}{}\n\n",
        plan.condition.label(),
        side_label(plan.side),
        plan.week,
        plan.protocol.label(),
        stage
    );
    for item in &plan.items {
        out.push_str(&item_text(item));
        out.push('\n');
    }
    out.push_str(&reasons(&plan.reasons));
    out
}

fn item_text(item: &PlanItem) -> String {
    let dose = match (item.reps, item.hold_seconds) {
        (Some(reps), _) => format!("{} × {}", item.sets, reps),
        (None, Some(hold)) => format!("{} × {} s hold", item.sets, hold),
        (None, None) => format!("{} sets", item.sets),
    };
    let mut out = format!("{} — {dose}, {}\n", item.name, item.load);
    let mut details = vec![format!("rest {} s between sets", item.rest_seconds)];
    if let Some(tempo) = &item.tempo {
        details.push(format!("tempo {tempo}"));
    }
    details.push(format!(
        "{} a day, {} days a week",
        times(item.times_per_day),
        item.days_per_week
    ));
    let _ = writeln!(out, "{}", wrap(&details.join("; "), 2, 2));
    let _ = writeln!(out, "{}", wrap(&item.how, 2, 2));
    let _ = writeln!(
        out,
        "{}",
        wrap(&format!("Move on when: {}", item.progress_when), 2, 2)
    );
    let _ = writeln!(out, "  Rules: {}", rule_list(&item.rules));
    out
}

fn times(count: u8) -> String {
    match count {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}

fn side_label(side: Side) -> &'static str {
    match side {
        Side::Left => "left",
        Side::Right => "right",
        Side::Both => "both",
    }
}
