//! Completeness and consistency of sources, rules and conflicts.

use std::collections::BTreeSet;

use tendo_core::evidence::{
    self, EvidenceLevel, RuleKind, SourceKind, Verification, conflicts, rules, sources,
};
use tendo_core::rules::{ALL, RuleId};

/// The surfaces a rule may be applied in.
const SURFACES: [&str; 11] = [
    "massage_gun",
    "massage",
    "programme",
    "pain_monitoring",
    "questionnaire",
    "escalation",
    "red_flags",
    "running",
    "condition",
    "education",
    "booking",
];

fn source_level(id: &str) -> EvidenceLevel {
    evidence::source(id)
        .unwrap_or_else(|| panic!("source `{id}` is missing"))
        .level
}

#[test]
fn every_rule_id_has_exactly_one_registry_entry_in_order() {
    let registered: Vec<RuleId> = rules().iter().map(|rule| rule.id).collect();
    assert_eq!(registered, ALL.to_vec());
    for id in ALL {
        assert_eq!(
            rules().iter().filter(|rule| rule.id == *id).count(),
            1,
            "{id}"
        );
        assert_eq!(evidence::rule(*id).map(|rule| rule.id), Some(*id));
    }
}

#[test]
fn source_ids_are_unique_kebab_case_keys() {
    let mut seen = BTreeSet::new();
    for source in sources() {
        assert!(seen.insert(source.id), "`{}` appears twice", source.id);
        assert!(
            source
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "`{}` is not kebab case",
            source.id
        );
        assert!(!source.citation.trim().is_empty(), "{}", source.id);
        assert!(!source.note.trim().is_empty(), "{}", source.id);
    }
}

#[test]
fn every_source_a_rule_or_conflict_names_exists() {
    for rule in rules() {
        assert!(!rule.sources.is_empty(), "{} has no source", rule.id);
        for id in rule.sources {
            assert!(evidence::source(id).is_some(), "{} names `{id}`", rule.id);
        }
    }
    for conflict in conflicts() {
        assert!(!conflict.sources.is_empty(), "{}", conflict.id);
        for id in conflict.sources {
            assert!(
                evidence::source(id).is_some(),
                "{} names `{id}`",
                conflict.id
            );
        }
    }
}

#[test]
fn founding_documents_come_first_as_expert_guidance() {
    let founding: Vec<&str> = sources()
        .iter()
        .filter(|source| source.kind == SourceKind::FoundingDocument)
        .map(|source| source.id)
        .collect();
    assert_eq!(founding, ["tma-achilles-massage", "hamstring-massage-qa"]);
    assert_eq!(sources()[0].id, "tma-achilles-massage");
    assert_eq!(sources()[1].id, "hamstring-massage-qa");
    for id in founding {
        assert_eq!(source_level(id), EvidenceLevel::ExpertGuidance, "{id}");
    }
}

fn references_of(document: &str) -> Vec<(u8, &'static str)> {
    sources()
        .iter()
        .filter_map(|source| {
            source
                .cited_by
                .filter(|citation| citation.document == document)
                .map(|citation| (citation.reference, source.id))
        })
        .collect()
}

#[test]
fn document_000_references_1_to_13_are_each_present_once() {
    let mut numbers: Vec<u8> = references_of("000").iter().map(|(n, _)| *n).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=13).collect::<Vec<u8>>());
    let cited = |n: u8| references_of("000").into_iter().find(|(m, _)| *m == n);
    assert_eq!(cited(3).map(|(_, id)| id), Some("cook-2018"));
    assert_eq!(cited(4).map(|(_, id)| id), Some("stefansson-2019"));
    assert_eq!(cited(13).map(|(_, id)| id), Some("chen-2021"));
}

#[test]
fn document_003_references_1_to_5_are_present_and_id_points_back_to_3() {
    let mut numbers: Vec<u8> = references_of("003").iter().map(|(n, _)| *n).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, vec![1, 2, 3, 4, 5]);
    let fourth = references_of("003")
        .into_iter()
        .find(|(n, _)| *n == 4)
        .map(|(_, id)| id)
        .and_then(evidence::source);
    let fourth = fourth.expect("reference 4 of document 003");
    assert!(
        fourth.note.contains("najspt-massage-review"),
        "{}",
        fourth.note
    );
    assert!(fourth.citation.starts_with("Id."), "{}", fourth.citation);
}

#[test]
fn the_unnamed_national_library_of_medicine_source_says_it_is_unnamed() {
    let source = evidence::source("nlm-unnamed-hamstring-rehab").expect("present");
    assert!(source.citation.to_lowercase().contains("unnamed"));
    assert!(source.cited_by.is_none());
    assert_eq!(source.verification, Verification::Unverified);
}

#[test]
fn sources_not_found_say_so_in_their_note() {
    let not_found: Vec<&str> = sources()
        .iter()
        .filter(|source| source.verification == Verification::NotFound)
        .map(|source| source.id)
        .collect();
    assert!(not_found.contains(&"mak-2023") && not_found.contains(&"masters-2022"));
    for id in not_found {
        let note = evidence::source(id).map(|s| s.note).unwrap_or_default();
        assert!(note.contains("could not find"), "{id}: {note}");
    }
}

#[test]
fn every_rule_names_a_known_surface_and_a_title() {
    for rule in rules() {
        assert!(
            SURFACES.contains(&rule.applied_in),
            "{}: {}",
            rule.id,
            rule.applied_in
        );
        assert!(!rule.title.trim().is_empty(), "{}", rule.id);
        assert!(!rule.statement.trim().is_empty(), "{}", rule.id);
    }
}

#[test]
fn no_rule_claims_stronger_evidence_than_its_best_source() {
    for rule in rules() {
        let best = rule.sources.iter().map(|id| source_level(id)).min();
        let best = best.unwrap_or(EvidenceLevel::ExpertGuidance);
        assert!(
            rule.level >= best,
            "{} claims {:?} but its best source is {best:?}",
            rule.id,
            rule.level
        );
    }
}

#[test]
fn every_seed_rule_has_a_statement_and_cites_its_founding_document() {
    for rule in rules().iter().filter(|rule| rule.id.is_seed_rule()) {
        let founding = if rule.id.as_str().starts_with('A') {
            "tma-achilles-massage"
        } else {
            "hamstring-massage-qa"
        };
        assert!(
            rule.statement.split_whitespace().count() >= 5,
            "{}",
            rule.id
        );
        assert!(
            rule.sources.contains(&founding),
            "{} does not cite {founding}",
            rule.id
        );
    }
}

#[test]
fn education_rules_are_the_informing_ones() {
    let education: Vec<&str> = rules()
        .iter()
        .filter(|rule| rule.kind == RuleKind::Education)
        .map(|rule| rule.id.as_str())
        .collect();
    for id in ["A3", "A23", "H1", "H7"] {
        assert!(education.contains(&id), "{id} should be education");
    }
    for rule in rules().iter().filter(|rule| !rule.id.is_seed_rule()) {
        assert_eq!(rule.kind, RuleKind::Decision, "{}", rule.id);
    }
}

#[test]
fn every_conflict_names_existing_rules_and_says_all_four_things() {
    let mut ids = BTreeSet::new();
    for conflict in conflicts() {
        assert!(ids.insert(conflict.id), "{} twice", conflict.id);
        assert!(!conflict.rules.is_empty(), "{}", conflict.id);
        for id in conflict.rules {
            assert!(evidence::rule(*id).is_some(), "{}: {id}", conflict.id);
        }
        for text in [
            conflict.document_says,
            conflict.evidence_says,
            conflict.tendo_does,
        ] {
            assert!(
                text.split_whitespace().count() >= 8,
                "{}: {text}",
                conflict.id
            );
        }
    }
}

#[test]
fn conflicts_of_finds_each_conflict_through_each_of_its_rules() {
    for conflict in conflicts() {
        for id in conflict.rules {
            assert!(
                evidence::conflicts_of(*id).any(|found| found.id == conflict.id),
                "{} via {id}",
                conflict.id
            );
        }
    }
}

#[test]
fn the_registry_serialises_with_kebab_case_levels_and_rule_ids_as_text() {
    let json = serde_json::to_value(evidence::rule(tendo_core::rules::P_HSR)).expect("json");
    assert_eq!(json["id"], "P-HSR");
    assert_eq!(json["level"], "randomised-trial");
    assert_eq!(json["kind"], "decision");
    let source = serde_json::to_value(evidence::source("mak-2023")).expect("json");
    assert_eq!(source["verification"], "not-found");
    assert_eq!(source["cited_by"]["document"], "000");
    assert_eq!(source["cited_by"]["reference"], 6);
}
