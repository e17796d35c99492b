//! VISA-A and VISA-H: validation, scoring, interpretation, item structure and change.

use jiff::civil::date;
use tendo_core::questionnaire::{
    self, AnswerKind, Domain, Q8Answer, Q8Branch, Q8Minutes, Questionnaire, VisaAnswers, change,
    interpret, items, score, score_checked,
};
use tendo_core::rules;

const BOTH: [Questionnaire; 2] = [Questionnaire::VisaA, Questionnaire::VisaH];

fn answers(scales: [u8; 6], q7: u8, branch: Q8Branch, minutes: Q8Minutes) -> VisaAnswers {
    let [q1, q2, q3, q4, q5, q6] = scales;
    VisaAnswers {
        q1,
        q2,
        q3,
        q4,
        q5,
        q6,
        q7,
        q8: Q8Answer { branch, minutes },
    }
}

#[test]
fn q_visa_a_all_minimum_answers_score_0() {
    for questionnaire in BOTH {
        let minimum = answers([0; 6], 0, Q8Branch::C, Q8Minutes::None);
        assert_eq!(score(questionnaire, &minimum).score, 0);
    }
}

#[test]
fn q_visa_a_all_maximum_answers_score_100() {
    for questionnaire in BOTH {
        let maximum = answers([10; 6], 10, Q8Branch::A, Q8Minutes::Over30);
        assert_eq!(score(questionnaire, &maximum).score, 100);
    }
}

#[test]
fn q_visa_a_question_8_bands_for_each_branch() {
    use Q8Minutes::{None as Nil, Over30, UpTo10, UpTo20, UpTo30};
    let table = [
        (
            Q8Branch::A,
            [
                (Nil, 0),
                (UpTo10, 7),
                (UpTo20, 14),
                (UpTo30, 21),
                (Over30, 30),
            ],
        ),
        (
            Q8Branch::B,
            [
                (Nil, 0),
                (UpTo10, 4),
                (UpTo20, 10),
                (UpTo30, 14),
                (Over30, 20),
            ],
        ),
        (
            Q8Branch::C,
            [
                (Nil, 0),
                (UpTo10, 2),
                (UpTo20, 5),
                (UpTo30, 7),
                (Over30, 10),
            ],
        ),
    ];
    for (branch, bands) in table {
        for (minutes, points) in bands {
            // With every other answer at 0 the total is question 8's points alone.
            for questionnaire in BOTH {
                let only_q8 = answers([0; 6], 0, branch, minutes);
                assert_eq!(
                    score(questionnaire, &only_q8).score,
                    points,
                    "{questionnaire:?} {branch:?} {minutes:?}"
                );
            }
        }
    }
}

#[test]
fn q_visa_a_a_mid_range_example_computed_by_hand() {
    // 7 + 4 + 6 + 8 + 5 + 3 = 33 for questions 1–6, 7 for question 7, and 10 for branch B at
    // 11–20 minutes: 33 + 7 + 10 = 50.
    let mid = answers([7, 4, 6, 8, 5, 3], 7, Q8Branch::B, Q8Minutes::UpTo20);
    let result = score(Questionnaire::VisaA, &mid);
    assert_eq!(result.score, 50);
    assert!(result.interpretation.contains("50 out of 100"));
    assert!(result.interpretation.contains("40 points short of 90"));
    assert!(result.interpretation.contains("64"));
    assert!(result.interpretation.contains("44"));
}

#[test]
fn q_visa_a_validation_names_the_scale_field_and_its_range() {
    let mut bad = answers([5; 6], 4, Q8Branch::A, Q8Minutes::UpTo10);
    bad.q3 = 11;
    let error = bad.validate().unwrap_err();
    assert_eq!(error.field, "q3");
    assert!(error.problem.contains("0 to 10"), "{error}");
    assert!(error.problem.contains("11"), "{error}");

    let mut bad = answers([5; 6], 4, Q8Branch::A, Q8Minutes::UpTo10);
    bad.q6 = 200;
    assert_eq!(bad.validate().unwrap_err().field, "q6");
}

#[test]
fn q_visa_a_validation_names_question_7_and_its_choices() {
    for q7 in [1, 5, 9, 11] {
        let bad = answers([5; 6], q7, Q8Branch::A, Q8Minutes::UpTo10);
        let error = bad.validate().unwrap_err();
        assert_eq!(error.field, "q7");
        assert!(error.problem.contains("0, 4, 7 or 10"), "{error}");
    }
    for q7 in [0, 4, 7, 10] {
        assert!(
            answers([5; 6], q7, Q8Branch::A, Q8Minutes::UpTo10)
                .validate()
                .is_ok()
        );
    }
}

#[test]
fn q_visa_a_score_checked_refuses_what_validate_refuses() {
    let bad = answers([5, 5, 5, 5, 5, 12], 4, Q8Branch::A, Q8Minutes::UpTo10);
    assert_eq!(
        score_checked(Questionnaire::VisaA, &bad).unwrap_err().field,
        "q6"
    );
    // Unchecked scoring caps the answer instead of passing 100.
    let extreme = answers([255; 6], 255, Q8Branch::A, Q8Minutes::Over30);
    assert_eq!(score(Questionnaire::VisaA, &extreme).score, 100);
}

#[test]
fn q_rec_90_or_more_counts_as_recovered() {
    for questionnaire in BOTH {
        let reasons = interpret(questionnaire, 90);
        assert_eq!(reasons.len(), 1);
        assert_eq!(reasons[0].rule, rules::Q_REC);
        assert!(reasons[0].message.contains("recovered range"));
        assert!(reasons[0].message.contains("96"));
        let below = interpret(questionnaire, 89);
        assert_eq!(below[0].rule, rules::Q_REC);
        assert!(
            below[0].message.contains("1 point short of 90"),
            "{below:?}"
        );
    }
}

#[test]
fn q_visa_h_says_it_has_no_reference_values() {
    let reasons = interpret(Questionnaire::VisaH, 60);
    assert!(
        reasons.iter().any(|reason| reason.rule == rules::Q_VISA_H
            && reason.message.contains("no published average"))
    );
    assert!(!reasons.iter().any(|reason| reason.message.contains("64")));
}

#[test]
fn q_visa_a_a_very_low_score_asks_to_check_the_answers() {
    let reasons = interpret(Questionnaire::VisaA, 20);
    assert!(
        reasons
            .iter()
            .any(|reason| reason.message.contains("rarely seen"))
    );
    let reasons = interpret(Questionnaire::VisaA, 30);
    assert!(
        !reasons
            .iter()
            .any(|reason| reason.message.contains("rarely seen"))
    );
}

#[test]
fn q_visa_a_items_add_up_to_100_with_the_published_domains() {
    for questionnaire in BOTH {
        let list = items(questionnaire);
        assert_eq!(list.len(), 8);
        let total: u32 = list.iter().map(|item| u32::from(item.max_points)).sum();
        assert_eq!(total, 100, "{questionnaire:?}");
        let numbers: Vec<u8> = list.iter().map(|item| item.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7, 8]);
        let domains: Vec<Domain> = list.iter().map(|item| item.domain).collect();
        assert_eq!(&domains[..3], [Domain::Pain; 3]);
        assert_eq!(&domains[3..6], [Domain::Function; 3]);
        assert_eq!(&domains[6..], [Domain::Activity; 2]);
        assert_eq!(list[6].answer, AnswerKind::Choice0To10);
        assert_eq!(list[6].answer.allowed_values(), Some(vec![0, 4, 7, 10]));
        assert_eq!(list[7].answer, AnswerKind::Q8Branching);
        assert_eq!(list[7].max_points, 30);
        for item in &list[..6] {
            assert_eq!(item.answer, AnswerKind::Scale0To10);
            assert!(!item.label.is_empty());
        }
    }
}

/// True when `question` asks a question or tells the person what to do.
fn is_answerable(question: &str) -> bool {
    let imperative = ["Rate ", "Choose ", "Tell ", "Pick "];
    question.trim_end().ends_with('?') || imperative.iter().any(|verb| question.starts_with(verb))
}

#[test]
fn q_visa_h_items_are_answerable_questions() {
    for questionnaire in BOTH {
        let list = items(questionnaire);
        for item in list {
            let name = format!("{questionnaire:?} item {}", item.number);
            assert!(is_answerable(item.question), "{name}: {}", item.question);
            assert!(
                !item.low_anchor.trim().is_empty(),
                "{name} has no low anchor"
            );
            assert!(
                !item.high_anchor.trim().is_empty(),
                "{name} has no high anchor"
            );
            assert_ne!(item.low_anchor, item.high_anchor, "{name}");
            assert!(!item.label.trim().is_empty(), "{name} has no label");
            assert!(!item.label.contains("first of"), "{name}: {}", item.label);
        }
        for (index, item) in list.iter().enumerate() {
            for other in &list[index + 1..] {
                assert_ne!(item.question, other.question, "{questionnaire:?}");
                assert_ne!(item.label, other.label, "{questionnaire:?}");
            }
        }
    }
}

#[test]
fn q_visa_h_items_ask_what_cacchio_2014_measures() {
    let list = items(Questionnaire::VisaH);
    let topics = [
        "sit for 30 minutes",
        "stretch your hamstring",
        "walk",
        "run",
        "squat",
        "daily life",
        "sport or other physical activity",
        "train or play sport",
    ];
    for (item, topic) in list.iter().zip(topics) {
        assert!(
            item.question.contains(topic),
            "item {}: {}",
            item.number,
            item.question
        );
    }
    for item in &list[..5] {
        assert!(item.question.contains("buttock"), "item {}", item.number);
        assert_eq!(item.high_anchor, "no pain at all", "item {}", item.number);
    }
}

#[test]
fn q_visa_a_items_serialise_with_kebab_case_names() {
    let json = serde_json::to_value(items(Questionnaire::VisaA)).unwrap();
    assert_eq!(json[0]["domain"], "pain");
    assert_eq!(json[0]["answer"], "scale-0-10");
    assert_eq!(json[6]["answer"], "choice-0-4-7-10");
    assert_eq!(json[7]["answer"], "q8-branching");
    assert_eq!(json[7]["max_points"], 30);
}

#[test]
fn q_mcid_14_points_over_12_weeks_is_meaningful() {
    let result = change(
        Questionnaire::VisaA,
        (date(2024, 1, 1), 50),
        (date(2024, 3, 25), 64),
    )
    .unwrap();
    assert_eq!(result.points, 14);
    assert_eq!(result.days, 84);
    assert!(result.meaningful);
    let message = &result.reasons[0].message;
    assert_eq!(result.reasons[0].rule, rules::Q_MCID);
    assert!(
        message.contains("rose 14 points from 50 to 64 over 12 weeks"),
        "{message}"
    );
    assert!(
        message.contains("6.5") && message.contains("15.4"),
        "{message}"
    );
}

#[test]
fn q_mcid_13_points_is_not_meaningful() {
    let result = change(
        Questionnaire::VisaA,
        (date(2024, 1, 1), 50),
        (date(2024, 3, 25), 63),
    )
    .unwrap();
    assert!(!result.meaningful);
    assert!(
        result.reasons[0]
            .message
            .contains("less than the 14 points")
    );
}

#[test]
fn q_mcid_a_fall_of_14_is_a_meaningful_worsening() {
    let result = change(
        Questionnaire::VisaA,
        (date(2024, 1, 1), 70),
        (date(2024, 2, 12), 56),
    )
    .unwrap();
    assert_eq!(result.points, -14);
    assert!(result.meaningful);
    assert!(result.reasons[0].message.contains("fell 14 points"));
    assert!(result.reasons[0].message.contains("worsening"));
}

#[test]
fn q_mcid_visa_h_borrows_the_visa_a_threshold_and_says_so() {
    let result = change(
        Questionnaire::VisaH,
        (date(2024, 1, 1), 40),
        (date(2024, 4, 1), 60),
    )
    .unwrap();
    assert!(result.meaningful);
    assert!(
        result
            .reasons
            .iter()
            .any(|reason| reason.rule == rules::Q_VISA_H && reason.message.contains("borrows"))
    );
}

#[test]
fn q_mcid_bad_input_names_the_field() {
    let error = change(
        Questionnaire::VisaA,
        (date(2024, 1, 1), 101),
        (date(2024, 4, 1), 60),
    )
    .unwrap_err();
    assert_eq!(error.field, "earlier.score");
    let error = change(
        Questionnaire::VisaA,
        (date(2024, 4, 1), 50),
        (date(2024, 1, 1), 60),
    )
    .unwrap_err();
    assert_eq!(error.field, "later.date");
}

#[test]
fn q_visa_a_contract_json() {
    let answers: VisaAnswers = serde_json::from_str(
        r#"{"q1": 6, "q2": 5, "q3": 7, "q4": 8, "q5": 5, "q6": 4, "q7": 4,
            "q8": {"branch": "b", "minutes": "11-20"}}"#,
    )
    .unwrap();
    let json = serde_json::to_value(questionnaire::score(Questionnaire::VisaA, &answers)).unwrap();
    assert_eq!(json["score"], 6 + 5 + 7 + 8 + 5 + 4 + 4 + 10);
    assert!(
        json["interpretation"]
            .as_str()
            .unwrap()
            .contains("short of 90")
    );
    assert_eq!(json.as_object().unwrap().len(), 2);
}

mod properties {
    use proptest::prelude::*;
    use tendo_core::questionnaire::{
        Q8Answer, Q8Branch, Q8Minutes, Questionnaire, VisaAnswers, score, score_checked,
    };

    fn any_branch() -> impl Strategy<Value = Q8Branch> {
        prop::sample::select(vec![Q8Branch::A, Q8Branch::B, Q8Branch::C])
    }

    fn any_minutes() -> impl Strategy<Value = Q8Minutes> {
        prop::sample::select(vec![
            Q8Minutes::None,
            Q8Minutes::UpTo10,
            Q8Minutes::UpTo20,
            Q8Minutes::UpTo30,
            Q8Minutes::Over30,
        ])
    }

    proptest! {
        #[test]
        fn q_visa_a_any_answers_score_0_to_100_without_panicking(
            scales in prop::array::uniform6(any::<u8>()),
            q7 in any::<u8>(),
            branch in any_branch(),
            minutes in any_minutes(),
        ) {
            let [q1, q2, q3, q4, q5, q6] = scales;
            let answers = VisaAnswers { q1, q2, q3, q4, q5, q6, q7, q8: Q8Answer { branch, minutes } };
            for questionnaire in [Questionnaire::VisaA, Questionnaire::VisaH] {
                let result = score(questionnaire, &answers);
                prop_assert!(result.score <= 100);
                if let Ok(checked) = score_checked(questionnaire, &answers) {
                    let q8 = answers.q8.points();
                    let expected = scales.iter().map(|&s| u32::from(s)).sum::<u32>()
                        + u32::from(q7) + u32::from(q8);
                    prop_assert_eq!(u32::from(checked.score), expected);
                }
            }
        }
    }
}
