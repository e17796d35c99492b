//! Escalation: clinical review, referral, and never a prescription beyond exercise.

use jiff::ToSpan;
use jiff::civil::{Date, date};
use proptest::prelude::*;
use tendo_core::condition::Condition;
use tendo_core::escalation::{Escalation, EscalationLevel, OutcomeHistory, escalate};
use tendo_core::rules::{self, RuleId};

fn start() -> Date {
    date(2024, 1, 1)
}

fn week(number: i64) -> Date {
    start().saturating_add((number * 7).days())
}

/// A history `weeks` weeks into the programme with scores taken in the given weeks.
fn history(weeks: i64, adherence: f64, scores: &[(i64, u8)]) -> OutcomeHistory {
    OutcomeHistory {
        condition: Condition::AchillesMidportion,
        programme_started: start(),
        today: week(weeks),
        adherence,
        visa: scores
            .iter()
            .map(|&(at, score)| (week(at), score))
            .collect(),
    }
}

fn run(history: &OutcomeHistory) -> Escalation {
    match escalate(history) {
        Ok(escalation) => escalation,
        Err(error) => panic!("valid test history refused: {error}"),
    }
}

#[track_caller]
fn assert_reason(escalation: &Escalation, rule: RuleId, parts: &[&str]) {
    let found = escalation.reasons.iter().any(|reason| {
        reason.rule == rule && parts.iter().all(|part| reason.message.contains(part))
    });
    assert!(found, "no {rule} reason with {parts:?} in {escalation:#?}");
}

#[test]
fn e_review_no_scores_asks_for_the_questionnaire() {
    let escalation = run(&history(14, 0.9, &[]));
    assert_eq!(escalation.level, EscalationLevel::None);
    assert_reason(&escalation, rules::Q_VISA_A, &["no VISA-A score yet"]);
}

#[test]
fn e_review_12_weeks_of_adherent_loading_without_meaningful_improvement() {
    let escalation = run(&history(12, 0.8, &[(0, 50), (6, 55), (12, 60)]));
    assert_eq!(escalation.level, EscalationLevel::ClinicalReview);
    assert_reason(
        &escalation,
        rules::E_REVIEW,
        &["after 12 weeks", "+10 points", "from 50", "to 60", "review"],
    );
}

#[test]
fn e_review_exactly_75_percent_adherence_counts_as_adherent() {
    let escalation = run(&history(12, 0.75, &[(0, 50), (12, 60)]));
    assert_eq!(escalation.level, EscalationLevel::ClinicalReview);
}

#[test]
fn q_mcid_an_improvement_of_14_points_needs_no_escalation() {
    let escalation = run(&history(12, 0.8, &[(0, 50), (12, 64)]));
    assert_eq!(escalation.level, EscalationLevel::None);
    assert_reason(
        &escalation,
        rules::Q_MCID,
        &["risen 14 points", "meaningful"],
    );
}

#[test]
fn e_review_too_early_to_judge_before_12_weeks() {
    let escalation = run(&history(8, 0.9, &[(0, 50), (8, 52)]));
    assert_eq!(escalation.level, EscalationLevel::None);
    assert_reason(&escalation, rules::P_LEN, &["week 9", "too early"]);
}

#[test]
fn e_review_only_one_score_asks_for_another() {
    let escalation = run(&history(14, 0.9, &[(0, 50)]));
    assert_eq!(escalation.level, EscalationLevel::None);
    assert_reason(&escalation, rules::Q_MCID, &["only one", "again"]);
}

#[test]
fn e_review_low_adherence_means_restore_loading_first() {
    let escalation = run(&history(16, 0.5, &[(0, 50), (16, 55)]));
    assert_eq!(escalation.level, EscalationLevel::None);
    assert_reason(
        &escalation,
        rules::E_REVIEW,
        &["50%", "75%", "loading regularly"],
    );
}

#[test]
fn e_worse_latest_7_points_below_the_first_calls_for_review() {
    let escalation = run(&history(4, 0.9, &[(0, 60), (4, 53)]));
    assert_eq!(escalation.level, EscalationLevel::ClinicalReview);
    assert_reason(
        &escalation,
        rules::E_WORSE,
        &["fallen 7 points", "from 60", "to 53"],
    );
}

#[test]
fn e_worse_two_successive_falls_of_7_in_all_call_for_review() {
    // The latest score is still above the first, but the last two scores fell 70 → 66 → 62.
    let escalation = run(&history(10, 0.9, &[(0, 50), (4, 70), (7, 66), (10, 62)]));
    assert_eq!(escalation.level, EscalationLevel::ClinicalReview);
    assert_reason(&escalation, rules::E_WORSE, &["70 to 66 to 62", "8 points"]);
}

#[test]
fn e_worse_small_falls_are_within_the_usual_ups_and_downs() {
    let escalation = run(&history(6, 0.9, &[(0, 60), (3, 59), (6, 58)]));
    assert_eq!(escalation.level, EscalationLevel::None);
    assert!(
        !escalation
            .reasons
            .iter()
            .any(|reason| reason.rule == rules::E_WORSE)
    );
}

#[test]
fn e_worse_is_reviewed_even_with_low_adherence_and_advises_loading() {
    let escalation = run(&history(6, 0.4, &[(0, 60), (6, 50)]));
    assert_eq!(escalation.level, EscalationLevel::ClinicalReview);
    assert_reason(&escalation, rules::E_WORSE, &["fallen 10 points"]);
    assert_reason(&escalation, rules::E_REVIEW, &["40%", "loading regularly"]);
}

#[test]
fn e_refer_24_weeks_without_meaningful_improvement_refers_to_a_doctor() {
    let escalation = run(&history(24, 0.9, &[(0, 40), (12, 45), (24, 50)]));
    assert_eq!(escalation.level, EscalationLevel::Referral);
    assert_reason(
        &escalation,
        rules::E_REFER,
        &[
            "sports physician",
            "orthopaedic surgeon",
            "opinion",
            "after 24 weeks",
        ],
    );
    assert_reason(&escalation, rules::H6, &["does not prescribe"]);
}

#[test]
fn e_refer_low_adherence_at_24_weeks_restores_loading_instead() {
    let escalation = run(&history(26, 0.6, &[(0, 40), (26, 45)]));
    assert_eq!(escalation.level, EscalationLevel::None);
    assert_reason(&escalation, rules::E_REVIEW, &["60%", "loading regularly"]);
}

#[test]
fn q_rec_a_recovered_score_needs_no_escalation() {
    // Little improvement after 30 weeks, but the score is in the recovered range.
    let escalation = run(&history(30, 0.9, &[(0, 85), (30, 90)]));
    assert_eq!(escalation.level, EscalationLevel::None);
    assert_reason(&escalation, rules::Q_REC, &["recovered", "90"]);
}

#[test]
fn e_review_hamstring_scores_are_named_visa_h() {
    let mut hamstring = history(12, 0.9, &[(0, 50), (12, 55)]);
    hamstring.condition = Condition::ProximalHamstring;
    let escalation = run(&hamstring);
    assert_eq!(escalation.level, EscalationLevel::ClinicalReview);
    assert_reason(&escalation, rules::E_REVIEW, &["VISA-H"]);
}

#[test]
fn e_review_score_order_does_not_matter() {
    let in_order = history(24, 0.9, &[(0, 40), (12, 45), (24, 50)]);
    let mut shuffled = in_order.clone();
    shuffled.visa.reverse();
    assert_eq!(run(&in_order), run(&shuffled));
}

#[test]
fn e_review_bad_input_names_the_field() {
    for adherence in [1.5, -0.1, f64::NAN] {
        let error = escalate(&history(12, adherence, &[])).unwrap_err();
        assert_eq!(error.field, "adherence");
    }
    let error = escalate(&history(12, 0.9, &[(0, 50), (6, 101)])).unwrap_err();
    assert_eq!(error.field, "visa[1]");
    assert!(error.problem.contains("0 to 100"));
    let error = escalate(&history(12, 0.9, &[(13, 50)])).unwrap_err();
    assert_eq!(error.field, "visa[0]");
    let mut backwards = history(12, 0.9, &[]);
    backwards.programme_started = week(13);
    assert_eq!(escalate(&backwards).unwrap_err().field, "programme_started");
}

#[test]
fn e_review_json_contract() {
    let history: OutcomeHistory = serde_json::from_str(
        r#"{"condition": "achilles-insertional", "programme_started": "2024-01-01",
            "today": "2024-04-01", "adherence": 0.9,
            "visa": [["2024-01-01", 50], ["2024-04-01", 55]]}"#,
    )
    .unwrap();
    let json = serde_json::to_value(run(&history)).unwrap();
    assert_eq!(json["level"], "clinical-review");
    assert_eq!(json["reasons"][0]["rule"], "E-REVIEW");
}

/// Words that would mean Tendo itself recommends an injection or an operation.
const TREATMENT_WORDS: [&str; 6] = [
    "inject",
    "surgery",
    "operation",
    "steroid",
    "cortisone",
    "release",
];

fn any_history() -> impl Strategy<Value = OutcomeHistory> {
    let scores = prop::collection::vec((0i64..40, 0u8..=100), 0..6);
    (
        0i64..40,
        0.0f64..=1.0,
        scores,
        prop::sample::select(Condition::ALL.to_vec()),
    )
        .prop_map(|(weeks, adherence, scores, condition)| {
            let scores: Vec<(i64, u8)> = scores
                .into_iter()
                .map(|(at, score)| (at.min(weeks), score))
                .collect();
            OutcomeHistory {
                condition,
                ..history(weeks, adherence, &scores)
            }
        })
}

proptest! {
    #[test]
    fn h6_no_output_recommends_an_injection_or_surgery(history in any_history()) {
        let escalation = escalate(&history).unwrap();
        for reason in &escalation.reasons {
            let message = reason.message.to_lowercase();
            for word in TREATMENT_WORDS {
                prop_assert!(!message.contains(word), "{word:?} in {message:?}");
            }
        }
        if escalation.level == EscalationLevel::Referral {
            prop_assert!(escalation.reasons.iter().any(|reason| reason.rule == rules::H6));
            prop_assert!(escalation.reasons.iter().any(|reason| reason.rule == rules::E_REFER
                && reason.message.contains("sports physician")));
        }
    }

    #[test]
    fn e_review_low_adherence_never_refers(history in any_history()) {
        let escalation = escalate(&history).unwrap();
        if history.adherence < 0.75 {
            prop_assert_ne!(escalation.level, EscalationLevel::Referral);
        }
    }
}

#[test]
fn h6_the_referral_is_an_opinion_not_a_treatment() {
    let escalation = run(&history(30, 1.0, &[(0, 30), (30, 35)]));
    assert_eq!(escalation.level, EscalationLevel::Referral);
    let text = serde_json::to_string(&escalation).unwrap().to_lowercase();
    for word in TREATMENT_WORDS {
        assert!(!text.contains(word), "{word:?} in {text}");
    }
    assert!(text.contains("opinion"));
}
