//! What each seed rule looks like in the registry, the conflicts and the education content.

use tendo_core::condition::Condition;
use tendo_core::education::{Topic, hamstring_massage_faq, topic, topics_for_rule};
use tendo_core::evidence::{self, EvidenceLevel, Rule, RuleKind, Verification, conflicts_of};
use tendo_core::rules::{self, RuleId};

fn rule(id: RuleId) -> &'static Rule {
    evidence::rule(id).unwrap_or_else(|| panic!("{id} is not registered"))
}

fn topic_text(id: &str) -> String {
    let topic: &Topic = topic(id).unwrap_or_else(|| panic!("no topic `{id}`"));
    format!("{} {}", topic.summary, topic.paragraphs.join(" ")).to_lowercase()
}

fn conflict_ids(id: RuleId) -> Vec<&'static str> {
    conflicts_of(id).map(|conflict| conflict.id).collect()
}

fn assert_mentions(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "expected `{needle}` in: {text}");
    }
}

#[test]
fn a1_synonyms_are_a_condition_decision_and_explained() {
    assert_eq!(rule(rules::A1).applied_in, "condition");
    assert_mentions(
        &topic_text("inside-the-tendon"),
        &["tendinitis", "tendinosis"],
    );
}

#[test]
fn a2_cause_is_explained_with_the_training_change() {
    assert_eq!(rule(rules::A2).kind, RuleKind::Education);
    assert_mentions(
        &topic_text("what-caused-it"),
        &["capacity", "hilly", "changed in your training"],
    );
}

#[test]
fn a3_tendon_changes_are_explained() {
    assert_eq!(rule(rules::A3).kind, RuleKind::Education);
    assert_mentions(
        &topic_text("inside-the-tendon"),
        &[
            "collagen",
            "parallel",
            "cells",
            "blood vessels",
            "thicker",
            "less stiff",
        ],
    );
}

#[test]
fn a3_tendinopathy_is_a_stalled_repair_not_mainly_an_inflammation() {
    assert!(conflict_ids(rules::A3).contains(&"inflammation-label"));
    assert_mentions(
        &topic_text("proximal-hamstring"),
        &["inflammation", "stalled"],
    );
    assert_mentions(
        &topic_text("inside-the-tendon"),
        &["not mainly an inflammation"],
    );
}

#[test]
fn a4_every_plan_is_built_on_loading_and_massage_is_an_adjunct() {
    let a4 = rule(rules::A4);
    assert_eq!((a4.kind, a4.applied_in), (RuleKind::Decision, "massage"));
    assert_eq!(a4.level, EvidenceLevel::RandomisedTrial);
    assert!(a4.sources.contains(&"beyer-2015"));
    assert!(conflict_ids(rules::A4).contains(&"a4-pressure-massage-trial"));
    assert_mentions(
        &topic_text("loading-not-massage"),
        &["never the plan", "nervous system"],
    );
}

#[test]
fn a5_massage_is_for_pain_that_blocks_the_exercises() {
    assert_eq!(rule(rules::A5).applied_in, "massage");
    assert_mentions(
        &topic_text("loading-not-massage"),
        &["stops you from starting"],
    );
}

#[test]
fn a6_a7_self_massage_goes_to_the_calf_without_cross_friction() {
    let text = topic_text("self-massage");
    assert_mentions(
        &text,
        &["gastrocnemius", "soleus", "light", "cross-friction"],
    );
    assert!(topics_for_rule(rules::A7).any(|t| t.id == "self-massage"));
    assert!(rule(rules::A7).sources.contains(&"cook-2018"));
}

#[test]
fn a8_dose_caps_are_labelled_expert_guidance_with_a_conflict() {
    assert_eq!(rule(rules::A8).level, EvidenceLevel::ExpertGuidance);
    assert!(conflict_ids(rules::A8).contains(&"a8-dose-caps"));
    assert!(rule(rules::A8).statement.contains("2,400"));
}

#[test]
fn a11_a12_research_used_faster_settings_and_tendo_keeps_the_low_one() {
    assert!(conflict_ids(rules::A11).contains(&"research-dose-calf"));
    assert!(conflict_ids(rules::A12).contains(&"research-dose-calf"));
    assert!(rule(rules::A12).statement.contains("5 minutes"));
}

#[test]
fn a13_the_tendon_waits_until_it_has_fully_settled() {
    assert!(conflict_ids(rules::A13).contains(&"a13-tendon-later"));
    assert!(rule(rules::A13).statement.contains("fully settled"));
}

#[test]
fn a15_intensity_is_labelled_expert_guidance_with_a_conflict() {
    assert_eq!(rule(rules::A15).level, EvidenceLevel::ExpertGuidance);
    assert!(conflict_ids(rules::A15).contains(&"a15-intensity"));
}

#[test]
fn a17_a20_a21_rest_on_case_reports_of_harm() {
    for id in [rules::A17, rules::A20, rules::A21] {
        assert_eq!(rule(id).level, EvidenceLevel::CaseReport, "{id}");
        assert_eq!(rule(id).applied_in, "massage_gun", "{id}");
    }
    assert!(rule(rules::A20).sources.contains(&"mu-2022"));
    assert!(rule(rules::A21).sources.contains(&"sulkowski-2022"));
}

#[test]
fn a22_chest_caution_says_its_report_was_not_found() {
    let a22 = rule(rules::A22);
    assert_eq!(a22.level, EvidenceLevel::ExpertGuidance);
    let masters = evidence::source("masters-2022").expect("present");
    assert_eq!(masters.verification, Verification::NotFound);
    assert!(a22.statement.contains("could not be found"));
}

#[test]
fn a23_video_consultations_are_booking_content() {
    let a23 = rule(rules::A23);
    assert_eq!((a23.kind, a23.applied_in), (RuleKind::Education, "booking"));
    assert_mentions(
        &topic_text("video-consultations"),
        &["video", "qualifications", "prices"],
    );
}

#[test]
fn h1_hamstring_topic_explains_where_it_hurts_and_who_gets_it() {
    assert_eq!(rule(rules::H1).kind, RuleKind::Education);
    let topic = topic("proximal-hamstring").expect("topic");
    assert_eq!(topic.conditions, [Condition::ProximalHamstring]);
    assert_mentions(
        &topic_text("proximal-hamstring"),
        &["buttock", "sitting bone", "runners"],
    );
}

#[test]
fn h2_weak_massage_evidence_keeps_loading_at_the_core() {
    let h2 = rule(rules::H2);
    assert_eq!((h2.kind, h2.applied_in), (RuleKind::Decision, "massage"));
    assert!(h2.sources.contains(&"corr-tendinopathy-treatment"));
    assert_mentions(
        &topic_text("hamstring-massage"),
        &["little", "not a treatment your plan"],
    );
}

#[test]
fn h3_massage_styles_start_gentle_and_stay_off_the_tendon() {
    assert_mentions(
        &topic_text("hamstring-massage"),
        &["swedish", "sports massage", "deep-tissue"],
    );
    assert!(conflict_ids(rules::H3).contains(&"h3-deep-pressure"));
}

#[test]
fn h4_massage_benefit_is_short_lived_and_healing_claims_are_corrected() {
    assert_mentions(
        &topic_text("hamstring-massage"),
        &["short-lived", "every week or two"],
    );
    let conflicts = conflict_ids(rules::H4);
    assert!(conflicts.contains(&"h4-healing-claims") && conflicts.contains(&"inflammation-label"));
}

#[test]
fn h5_stretching_is_deferred_and_the_conflict_says_why() {
    let h5 = conflicts_of(rules::H5)
        .find(|c| c.id == "h5-stretching")
        .expect("conflict");
    assert!(h5.rules.contains(&rules::P_COMP));
    assert!(h5.sources.contains(&"goom-2016") && h5.sources.contains(&"cook-2018"));
    assert!(h5.tendo_does.contains("stages 1 and 2"));
    assert_mentions(
        &topic_text("proximal-hamstring"),
        &["stretch", "first two stages"],
    );
}

#[test]
fn h6_injections_and_surgery_stay_a_referral() {
    let h6 = rule(rules::H6);
    assert_eq!(h6.applied_in, "escalation");
    assert!(h6.statement.contains("refers you"));
    let conflict = conflicts_of(rules::H6)
        .find(|c| c.id == "h6-injections")
        .expect("conflict");
    assert!(conflict.rules.contains(&rules::E_REFER));
}

#[test]
fn h7_faq_answers_common_hamstring_massage_questions() {
    assert_eq!(rule(rules::H7).applied_in, "booking");
    assert!(topics_for_rule(rules::H7).any(|t| t.id == "booking-a-massage"));
    let questions: Vec<String> = hamstring_massage_faq()
        .iter()
        .map(|f| f.question.to_lowercase())
        .collect();
    for topic in ["which type", "how often", "stretch", "injection"] {
        assert!(
            questions.iter().any(|q| q.contains(topic)),
            "no question about {topic}"
        );
    }
}

#[test]
fn r_pm1_r_pm2_r_pm3_pain_limits_are_explained() {
    for id in [rules::R_PM1, rules::R_PM2, rules::R_PM3] {
        assert!(
            topics_for_rule(id).any(|t| t.id == "pain-as-a-guide"),
            "{id}"
        );
    }
    assert_mentions(
        &topic_text("pain-as-a-guide"),
        &["5 out of 10", "next morning", "week"],
    );
}

#[test]
fn r_rest_answers_rupture_worries_without_advising_rest() {
    let text = topic_text("rupture-worries");
    assert_mentions(&text, &["no pain", "complete rest makes it weaker", "pop"]);
    assert!(topic("rupture-worries").is_some_and(|t| t.rules.contains(&rules::R_REST)));
}

#[test]
fn p_len_rehabilitation_takes_months() {
    assert_mentions(
        &topic_text("how-long"),
        &["12 weeks", "three to six months"],
    );
    assert!(rule(rules::P_LEN).sources.contains(&"cook-2018"));
}
