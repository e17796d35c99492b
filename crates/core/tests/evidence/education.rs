//! The education topics and the hamstring massage questions.

use std::collections::BTreeSet;

use tendo_core::condition::Condition;
use tendo_core::education::{
    Topic, hamstring_massage_faq, topic, topics, topics_for, topics_for_rule,
};
use tendo_core::evidence::{self, EvidenceLevel, RuleKind, rules};

fn ids(found: impl Iterator<Item = &'static Topic>) -> Vec<&'static str> {
    found.map(|topic| topic.id).collect()
}

#[test]
fn topic_ids_are_unique_and_found_by_id() {
    let mut seen = BTreeSet::new();
    for listed in topics() {
        assert!(seen.insert(listed.id), "{} twice", listed.id);
        assert_eq!(
            topic(listed.id).map(|found| found.title),
            Some(listed.title)
        );
    }
    assert!(topic("no-such-topic").is_none());
}

#[test]
fn every_topic_has_two_to_five_paragraphs_registered_rules_and_conditions() {
    for topic in topics() {
        let count = topic.paragraphs.len();
        assert!(
            (2..=5).contains(&count),
            "{} has {count} paragraphs",
            topic.id
        );
        assert!(
            !topic.summary.is_empty() && !topic.title.is_empty(),
            "{}",
            topic.id
        );
        assert!(!topic.conditions.is_empty(), "{}", topic.id);
        assert!(!topic.rules.is_empty(), "{}", topic.id);
        for id in topic.rules {
            assert!(evidence::rule(*id).is_some(), "{}: {id}", topic.id);
        }
        for paragraph in topic.paragraphs {
            assert!(
                paragraph.split_whitespace().count() <= 110,
                "{}: too long",
                topic.id
            );
        }
    }
}

#[test]
fn every_education_seed_rule_appears_in_a_topic() {
    let education = rules()
        .iter()
        .filter(|rule| rule.id.is_seed_rule() && rule.kind == RuleKind::Education);
    for rule in education {
        assert!(
            topics_for_rule(rule.id).next().is_some(),
            "{} is education but no topic explains it",
            rule.id
        );
    }
}

#[test]
fn a_topic_level_is_the_strongest_level_among_its_rules() {
    for topic in topics() {
        let levels: Vec<EvidenceLevel> = topic
            .rules
            .iter()
            .filter_map(|id| evidence::rule(*id))
            .map(|rule| rule.level)
            .collect();
        assert!(levels.contains(&topic.level()), "{}", topic.id);
        assert!(
            levels.iter().all(|level| topic.level() <= *level),
            "{}",
            topic.id
        );
    }
    let level = |id: &str| topic(id).map(Topic::level);
    // The pain-monitoring model was used in a randomised trial (Silbernagel 2007).
    assert_eq!(
        level("pain-as-a-guide"),
        Some(EvidenceLevel::RandomisedTrial)
    );
    // Massage guns before explosive work rests on a systematic review (Ferreira 2023).
    assert_eq!(
        level("massage-gun-safely"),
        Some(EvidenceLevel::SystematicReview)
    );
    // Service content rests only on the clinic's own document.
    assert_eq!(
        level("video-consultations"),
        Some(EvidenceLevel::ExpertGuidance)
    );
}

#[test]
fn topics_for_a_condition_keep_to_that_condition() {
    let hamstring = ids(topics_for(Condition::ProximalHamstring));
    assert!(hamstring.contains(&"proximal-hamstring"));
    assert!(hamstring.contains(&"hamstring-massage"));
    assert!(hamstring.contains(&"pain-as-a-guide"));
    assert!(!hamstring.contains(&"self-massage"));

    let insertional = ids(topics_for(Condition::AchillesInsertional));
    assert!(insertional.contains(&"self-massage"));
    assert!(!insertional.contains(&"proximal-hamstring"));
    assert!(!insertional.contains(&"hamstring-massage"));
}

#[test]
fn a_topic_serialises_its_rules_and_conditions_as_identifiers() {
    let json = serde_json::to_value(topic("proximal-hamstring")).expect("json");
    assert_eq!(
        json["conditions"],
        serde_json::json!(["proximal-hamstring"])
    );
    assert!(
        json["rules"]
            .as_array()
            .is_some_and(|rules| rules.contains(&"H1".into()))
    );
    assert!(json["paragraphs"].as_array().is_some_and(|p| p.len() >= 2));
}

#[test]
fn faq_answers_name_registered_rules() {
    assert!(hamstring_massage_faq().len() >= 5);
    for faq in hamstring_massage_faq() {
        assert!(faq.question.ends_with('?'), "{}", faq.question);
        assert!(!faq.rules.is_empty(), "{}", faq.question);
        for id in faq.rules {
            assert!(evidence::rule(*id).is_some(), "{}: {id}", faq.question);
        }
    }
}
