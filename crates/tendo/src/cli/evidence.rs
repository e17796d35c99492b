//! `tendo evidence`: the registry of rules, sources and conflicts.

use std::fmt::Write as _;

use serde::Serialize;
use tendo_core::evidence::{self, Conflict, Rule, Source, Verification};
use tendo_core::rules::RuleId;

use super::text::wrap;
use super::{Format, InputError, emit};

#[derive(Serialize)]
struct Registry {
    rules: &'static [Rule],
    sources: &'static [Source],
    conflicts: &'static [Conflict],
}

#[derive(Serialize)]
struct RuleDetail {
    rule: &'static Rule,
    sources: Vec<&'static Source>,
    conflicts: Vec<&'static Conflict>,
}

#[derive(Serialize)]
struct SourceDetail {
    source: &'static Source,
    rules: Vec<RuleId>,
}

/// Lists the registry, or shows one rule or source.
pub fn run(id: Option<&str>, format: Format) -> anyhow::Result<()> {
    let Some(id) = id else {
        let registry = Registry {
            rules: evidence::rules(),
            sources: evidence::sources(),
            conflicts: evidence::conflicts(),
        };
        return emit(format, &registry, list_text);
    };
    if let Some(rule) = RuleId::parse(id).and_then(evidence::rule) {
        let detail = RuleDetail {
            rule,
            sources: rule
                .sources
                .iter()
                .filter_map(|id| evidence::source(id))
                .collect(),
            conflicts: evidence::conflicts_of(rule.id).collect(),
        };
        return emit(format, &detail, || rule_text(&detail));
    }
    if let Some(source) = evidence::source(id) {
        let detail = SourceDetail {
            source,
            rules: evidence::rules()
                .iter()
                .filter(|rule| rule.sources.contains(&source.id))
                .map(|rule| rule.id)
                .collect(),
        };
        return emit(format, &detail, || source_text(&detail));
    }
    Err(InputError {
        field: "id".into(),
        problem: format!(
            "no rule or source `{id}`; rule ids look like `A16`, `H3` or `R-PM2`, \
             and `tendo evidence` lists them all"
        ),
    }
    .into())
}

fn list_text() -> String {
    let mut out = String::from("Rules\n");
    for rule in evidence::rules() {
        let line = format!(
            "{:<11} {} ({})",
            rule.id.as_str(),
            rule.title,
            rule.level.label()
        );
        let _ = writeln!(out, "{}", wrap(&line, 2, 14));
    }
    let _ = writeln!(out, "\nWhere the founding documents meet stronger evidence");
    for conflict in evidence::conflicts() {
        let ids: Vec<_> = conflict.rules.iter().map(|rule| rule.as_str()).collect();
        let line = format!("[{}] {}", ids.join(", "), conflict.tendo_does);
        let _ = writeln!(out, "{}", wrap(&line, 2, 4));
    }
    let _ = writeln!(
        out,
        "\n{} rules, {} sources, {} known conflicts. `tendo evidence A16` shows one rule \
         with its sources.",
        evidence::rules().len(),
        evidence::sources().len(),
        evidence::conflicts().len()
    );
    out
}

fn rule_text(detail: &RuleDetail) -> String {
    let rule = detail.rule;
    let mut out = format!("{} — {}\n\n", rule.id, rule.title);
    let _ = writeln!(out, "{}\n", wrap(rule.statement, 0, 0));
    let _ = writeln!(out, "Evidence level: {}", rule.level.label());
    let _ = writeln!(out, "Applied in:     {}\n", rule.applied_in);
    let _ = writeln!(out, "Sources");
    for source in &detail.sources {
        let _ = writeln!(out, "{}", source_line(source));
    }
    for conflict in &detail.conflicts {
        let _ = writeln!(out, "\nWhere this meets stronger evidence");
        let lines = [
            format!(
                "The founding document ({}): {}",
                conflict.document_level.label(),
                conflict.document_says
            ),
            format!(
                "Stronger evidence ({}): {}",
                conflict.evidence_level.label(),
                conflict.evidence_says
            ),
            format!("What Tendo does: {}", conflict.tendo_does),
        ];
        for line in lines {
            let _ = writeln!(out, "{}", wrap(&line, 2, 4));
        }
    }
    out
}

fn source_text(detail: &SourceDetail) -> String {
    let mut out = source_line(detail.source);
    out.push('\n');
    if !detail.source.note.is_empty() {
        let _ = writeln!(out, "\n{}", wrap(detail.source.note, 2, 2));
    }
    let ids: Vec<_> = detail.rules.iter().map(|rule| rule.as_str()).collect();
    let _ = writeln!(out, "\nRules resting on it: {}", ids.join(", "));
    out
}

fn source_line(source: &Source) -> String {
    let mut line = format!(
        "{} [{}; {}]",
        source.citation,
        source.level.label(),
        verification_label(source.verification)
    );
    if let Some(link) = source.link {
        let _ = write!(line, " {link}");
    }
    wrap(&format!("- {line}"), 2, 4)
}

fn verification_label(verification: Verification) -> &'static str {
    match verification {
        Verification::Confirmed => "confirmed in the source",
        Verification::Secondary => "confirmed through a secondary source",
        Verification::Unverified => "not verified",
        Verification::NotFound => "could not be found or confirmed",
    }
}
