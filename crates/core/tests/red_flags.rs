//! Red-flag triage: whom to see and how soon, and that any flag stops self-management.

use std::collections::BTreeSet;

use proptest::prelude::*;
use tendo_core::condition::Condition;
use tendo_core::red_flags::{RedFlag, Urgency, questions, triage};
use tendo_core::rules::{self, RuleId};

/// Each flag: its urgency, words the referral must contain, and its main rule.
const TABLE: [(RedFlag, Urgency, &str, RuleId); 15] = [
    (
        RedFlag::AchillesRupture,
        Urgency::SameDay,
        "orthopaedic",
        rules::RF_RUPTURE,
    ),
    (
        RedFlag::HamstringAvulsion,
        Urgency::SameDay,
        "orthopaedic",
        rules::RF_AVULSION,
    ),
    (
        RedFlag::AdolescentSuddenButtockPain,
        Urgency::SameDay,
        "orthopaedic",
        rules::RF_ADOLESCENT,
    ),
    (
        RedFlag::CaudaEquina,
        Urgency::Emergency,
        "emergency department",
        rules::RF_CAUDA,
    ),
    (
        RedFlag::CalfClot,
        Urgency::Emergency,
        "emergency department",
        rules::RF_DVT,
    ),
    (
        RedFlag::InfectionSigns,
        Urgency::SameDay,
        "today",
        rules::RF_INFECT,
    ),
    (
        RedFlag::NerveWeakness,
        Urgency::SameDay,
        "today",
        rules::RF_NERVE,
    ),
    (
        RedFlag::NerveSymptoms,
        Urgency::WithinDays,
        "GP",
        rules::RF_NERVE,
    ),
    (
        RedFlag::Fluoroquinolone,
        Urgency::WithinDays,
        "prescribed",
        rules::RF_FQ,
    ),
    (
        RedFlag::NightOrRestPain,
        Urgency::WithinDays,
        "GP",
        rules::RF_NIGHT,
    ),
    (
        RedFlag::CancerOrWeightLoss,
        Urgency::WithinDays,
        "GP",
        rules::RF_CANCER,
    ),
    (
        RedFlag::SystemicCorticosteroids,
        Urgency::RoutineReview,
        "clinician",
        rules::RF_STEROID,
    ),
    (
        RedFlag::SystemicDisease,
        Urgency::RoutineReview,
        "clinician",
        rules::RF_SYSTEMIC,
    ),
    (
        RedFlag::BothLegsWithoutLoadChange,
        Urgency::RoutineReview,
        "clinician",
        rules::RF_BILATERAL,
    ),
    (
        RedFlag::AtypicalPain,
        Urgency::RoutineReview,
        "clinician",
        rules::RF_ATYPICAL,
    ),
];

#[test]
fn rf_each_flag_has_its_urgency_and_referral() {
    let covered: BTreeSet<RedFlag> = TABLE.iter().map(|row| row.0).collect();
    assert_eq!(
        covered.len(),
        RedFlag::ALL.len(),
        "the table covers every flag"
    );
    for (flag, urgency, see, rule) in TABLE {
        let result = triage(Condition::AchillesMidportion, &[flag]);
        assert!(!result.self_management_allowed, "{flag:?}");
        assert_eq!(result.most_urgent, Some(urgency), "{flag:?}");
        let finding = &result.findings[0];
        assert_eq!(finding.flag, flag);
        assert_eq!(finding.urgency, urgency, "{flag:?}");
        assert_eq!(flag.urgency(), urgency, "{flag:?}");
        assert!(finding.see.contains(see), "{flag:?}: {}", finding.see);
        assert!(
            finding.rules.contains(&rule),
            "{flag:?}: {:?}",
            finding.rules
        );
        assert!(!finding.message.is_empty());
    }
}

#[test]
fn rf_cauda_and_clot_are_emergencies() {
    for flag in [RedFlag::CaudaEquina, RedFlag::CalfClot] {
        let result = triage(Condition::ProximalHamstring, &[flag]);
        assert_eq!(result.most_urgent, Some(Urgency::Emergency));
        assert!(result.findings[0].see.contains("now"));
    }
}

#[test]
fn rf_dvt_also_forbids_massage_on_the_leg() {
    let result = triage(Condition::AchillesMidportion, &[RedFlag::CalfClot]);
    assert!(result.findings[0].rules.contains(&rules::MG_DVT));
    assert!(result.findings[0].message.contains("massage gun"));
}

#[test]
fn rf_avulsion_repair_is_time_critical() {
    let result = triage(Condition::ProximalHamstring, &[RedFlag::HamstringAvulsion]);
    assert!(result.findings[0].message.contains("4 weeks"));
}

#[test]
fn rf_fq_says_not_to_start_heavy_loading_and_notes_steroids() {
    let alone = triage(Condition::AchillesInsertional, &[RedFlag::Fluoroquinolone]);
    assert!(
        alone.findings[0]
            .message
            .contains("Don't start heavy loading")
    );
    assert!(!alone.findings[0].message.contains("steroid"));
    let with_steroids = triage(
        Condition::AchillesInsertional,
        &[RedFlag::SystemicCorticosteroids, RedFlag::Fluoroquinolone],
    );
    let quinolone = with_steroids
        .findings
        .iter()
        .find(|finding| finding.flag == RedFlag::Fluoroquinolone)
        .unwrap();
    assert!(quinolone.message.contains("higher still"));
}

#[test]
fn rf_nerve_symptoms_name_the_nerve_near_each_tendon() {
    let hamstring = triage(Condition::ProximalHamstring, &[RedFlag::NerveSymptoms]);
    assert!(hamstring.findings[0].message.contains("sciatic"));
    let achilles = triage(Condition::AchillesMidportion, &[RedFlag::NerveSymptoms]);
    assert!(achilles.findings[0].message.contains("heel"));
}

#[test]
fn rf_no_flags_allow_self_management() {
    for condition in Condition::ALL {
        let result = triage(condition, &[]);
        assert!(result.self_management_allowed);
        assert!(result.findings.is_empty());
        assert_eq!(result.most_urgent, None);
    }
}

#[test]
fn rf_findings_are_sorted_most_urgent_first() {
    let result = triage(
        Condition::AchillesMidportion,
        &[
            RedFlag::AtypicalPain,
            RedFlag::Fluoroquinolone,
            RedFlag::CaudaEquina,
            RedFlag::AchillesRupture,
        ],
    );
    let urgencies: Vec<Urgency> = result.findings.iter().map(|f| f.urgency).collect();
    assert_eq!(
        urgencies,
        [
            Urgency::Emergency,
            Urgency::SameDay,
            Urgency::WithinDays,
            Urgency::RoutineReview
        ]
    );
    assert_eq!(result.most_urgent, Some(Urgency::Emergency));
}

#[test]
fn rf_a_flag_reported_twice_counts_once() {
    let result = triage(
        Condition::AchillesMidportion,
        &[RedFlag::NightOrRestPain, RedFlag::NightOrRestPain],
    );
    assert_eq!(result.findings.len(), 1);
}

#[test]
fn rf_rupture_is_asked_for_the_achilles_and_not_for_the_hamstring() {
    let flags = |condition| -> Vec<RedFlag> {
        questions(condition)
            .iter()
            .map(|question| question.flag)
            .collect()
    };
    for condition in [
        Condition::AchillesMidportion,
        Condition::AchillesInsertional,
    ] {
        let asked = flags(condition);
        assert!(asked.contains(&RedFlag::AchillesRupture));
        assert!(!asked.contains(&RedFlag::HamstringAvulsion));
        assert!(!asked.contains(&RedFlag::AdolescentSuddenButtockPain));
    }
    let hamstring = flags(Condition::ProximalHamstring);
    assert!(!hamstring.contains(&RedFlag::AchillesRupture));
    assert!(hamstring.contains(&RedFlag::HamstringAvulsion));
    assert!(hamstring.contains(&RedFlag::AdolescentSuddenButtockPain));
}

#[test]
fn rf_questions_cover_every_flag_once_and_ask_the_most_urgent_first() {
    let mut asked = BTreeSet::new();
    for condition in Condition::ALL {
        let list = questions(condition);
        let mut seen = BTreeSet::new();
        for question in &list {
            assert!(
                seen.insert(question.flag),
                "{:?} asked twice",
                question.flag
            );
            assert!(question.text.ends_with('?'), "{}", question.text);
            assert!(question.conditions.contains(&condition));
            asked.insert(question.flag);
        }
        let urgencies: Vec<Urgency> = list.iter().map(|q| q.flag.urgency()).collect();
        assert!(
            urgencies.windows(2).all(|pair| pair[0] >= pair[1]),
            "{condition:?}: {urgencies:?}"
        );
        assert!(list.iter().any(|q| q.flag == RedFlag::CaudaEquina));
        assert!(list.iter().any(|q| q.flag == RedFlag::Fluoroquinolone));
    }
    assert_eq!(asked.len(), RedFlag::ALL.len());
}

#[test]
fn rf_rupture_triage_serialises_with_kebab_case_names() {
    let result = triage(Condition::AchillesMidportion, &[RedFlag::AchillesRupture]);
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(json["self_management_allowed"], false);
    assert_eq!(json["most_urgent"], "same-day");
    assert_eq!(json["findings"][0]["flag"], "achilles-rupture");
    assert_eq!(json["findings"][0]["rules"][0], "RF-RUPTURE");
    let flag: RedFlag = serde_json::from_str("\"cauda-equina\"").unwrap();
    assert_eq!(flag, RedFlag::CaudaEquina);
    let avulsion = questions(Condition::ProximalHamstring)
        .into_iter()
        .find(|question| question.flag == RedFlag::HamstringAvulsion)
        .unwrap();
    let question = serde_json::to_value(avulsion).unwrap();
    assert_eq!(question["flag"], "hamstring-avulsion");
    assert_eq!(
        question["conditions"],
        serde_json::json!(["proximal-hamstring"])
    );
}

proptest! {
    #[test]
    fn rf_any_flag_stops_self_management(
        flags in prop::collection::vec(prop::sample::select(RedFlag::ALL.to_vec()), 0..6),
        condition in prop::sample::select(Condition::ALL.to_vec()),
    ) {
        let result = triage(condition, &flags);
        prop_assert_eq!(result.self_management_allowed, flags.is_empty());
        let distinct: BTreeSet<RedFlag> = flags.iter().copied().collect();
        prop_assert_eq!(result.findings.len(), distinct.len());
        prop_assert!(result.findings.windows(2).all(|pair| pair[0].urgency >= pair[1].urgency));
        prop_assert_eq!(result.most_urgent, result.findings.iter().map(|f| f.urgency).max());
        for finding in &result.findings {
            prop_assert!(!finding.rules.is_empty());
            prop_assert!(finding.rules.iter().all(|rule| rules::ALL.contains(rule)));
        }
    }
}
