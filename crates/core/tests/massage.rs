//! Massage guidance: self-massage, professional massage and the "never massage alone" check.

use tendo_core::condition::Condition;
use tendo_core::massage::{
    MassageGuidance, MassageType, ProfessionalMassage, SelfMassage, Technique,
    check_not_massage_only, guidance, professional_massage,
};
use tendo_core::massage_gun::Site;
use tendo_core::rules::{self, RuleId};

fn text(reasons: &[tendo_core::reason::Reason], rule: RuleId) -> String {
    reasons
        .iter()
        .filter(|reason| reason.rule == rule)
        .map(|reason| reason.message.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn achilles() -> [MassageGuidance; 2] {
    [
        guidance(Condition::AchillesMidportion, 0),
        guidance(Condition::AchillesInsertional, 7),
    ]
}

fn hamstring_professional(massages_so_far: u16) -> ProfessionalMassage {
    guidance(Condition::ProximalHamstring, massages_so_far)
        .professional
        .expect("professional massage guidance for hamstrings")
}

#[test]
fn a4_a_plan_with_massage_and_no_loading_exercise_is_refused() {
    let refusal = check_not_massage_only(0, 2).expect_err("massage alone is refused");
    assert_eq!(refusal.rule, rules::A4);
    assert!(
        refusal.message.contains("2 massage items"),
        "{}",
        refusal.message
    );
    assert!(check_not_massage_only(0, 1).is_err());
}

#[test]
fn a4_a_plan_with_loading_exercises_passes_with_or_without_massage() {
    for (loading, massage) in [(1, 0), (1, 3), (4, 1), (0, 0)] {
        assert_eq!(
            check_not_massage_only(loading, massage),
            Ok(()),
            "{loading}, {massage}"
        );
    }
}

#[test]
fn a4_every_piece_of_guidance_says_massage_is_not_the_treatment() {
    for condition in Condition::ALL {
        let guide = guidance(condition, 0);
        assert!(
            !text(&guide.self_massage.reasons, rules::A4).is_empty(),
            "{condition:?}"
        );
        if let Some(professional) = guide.professional {
            assert!(text(&professional.reasons, rules::A4).contains("never replaces"));
        }
    }
}

#[test]
fn a5_achilles_massage_is_for_pain_that_stops_the_exercises_starting() {
    for guide in achilles() {
        let message = text(&guide.self_massage.reasons, rules::A5);
        assert!(message.contains("strength exercises"), "{message}");
    }
}

#[test]
fn a6_achilles_self_massage_goes_to_the_calf_with_short_holds_twice_a_week() {
    for guide in achilles() {
        let own: &SelfMassage = &guide.self_massage;
        assert_eq!(own.focus, vec![Site::Gastrocnemius, Site::Soleus]);
        assert!(own.gently_if_at_all.contains(&Site::AchillesTendon));
        assert!(!own.focus.contains(&Site::AchillesTendon));
        assert!(own.techniques.contains(&Technique::SustainedPressure));
        assert_eq!(own.max_hold_seconds, Some(60));
        assert_eq!(own.sessions_per_week_early, Some(2));
        let message = text(&own.reasons, rules::A6);
        assert!(
            message.contains("Stefansson") && message.contains("2019"),
            "{message}"
        );
        assert!(
            message.contains("60 seconds") && message.contains("soleus"),
            "{message}"
        );
        assert!(guide.professional.is_none());
    }
}

#[test]
fn a7_never_cross_friction_on_the_achilles() {
    for guide in achilles() {
        assert!(guide.self_massage.never.contains(&Technique::CrossFriction));
        assert!(
            !guide
                .self_massage
                .techniques
                .contains(&Technique::CrossFriction)
        );
        assert!(text(&guide.self_massage.reasons, rules::A7).contains("cross-friction"));
    }
}

#[test]
fn p_comp_hamstring_self_massage_works_the_muscle_bellies_not_the_sitting_bone() {
    let own = guidance(Condition::ProximalHamstring, 0).self_massage;
    assert_eq!(own.focus, vec![Site::Hamstrings]);
    assert_eq!(own.leave_alone, vec![Site::ProximalHamstringTendon]);
    assert!(text(&own.reasons, rules::P_COMP).contains("sitting bone"));
}

#[test]
fn h5_hamstring_soft_tissue_work_sits_alongside_rehabilitation() {
    let own = guidance(Condition::ProximalHamstring, 3).self_massage;
    assert!(own.techniques.contains(&Technique::Kneading));
    assert!(text(&own.reasons, rules::H5).contains("back of the thigh"));
    assert!(own.never.contains(&Technique::CrossFriction));
}

#[test]
fn h2_the_evidence_for_massage_is_called_weak() {
    let message = text(&hamstring_professional(0).reasons, rules::H2);
    assert!(message.contains("weak"), "{message}");
}

#[test]
fn h3_the_ladder_goes_swedish_then_sports_then_deep_tissue() {
    let table = [
        (0, MassageType::Swedish, Some(MassageType::Sports)),
        (1, MassageType::Swedish, Some(MassageType::Sports)),
        (2, MassageType::Sports, Some(MassageType::DeepTissue)),
        (3, MassageType::Sports, Some(MassageType::DeepTissue)),
        (4, MassageType::DeepTissue, None),
        (40, MassageType::DeepTissue, None),
        (u16::MAX, MassageType::DeepTissue, None),
    ];
    for (count, expected, then) in table {
        let advice = professional_massage(count);
        assert_eq!(
            (advice.massage_type, advice.then),
            (expected, then),
            "{count}"
        );
        assert_eq!(
            advice.massage_type,
            hamstring_professional(count).massage_type
        );
        assert!(!text(&advice.reasons, rules::H3).is_empty());
    }
}

#[test]
fn h3_the_ladder_never_steps_back_as_massages_add_up() {
    let kinds: Vec<MassageType> = (0..20)
        .map(|count| professional_massage(count).massage_type)
        .collect();
    assert!(kinds.windows(2).all(|pair| pair[0] <= pair[1]), "{kinds:?}");
    assert!(text(&professional_massage(0).reasons, rules::H3).contains("not had a massage"));
}

#[test]
fn h4_weekly_or_fortnightly_over_several_months_with_short_lived_relief() {
    let advice = hamstring_professional(2);
    assert_eq!(
        (advice.interval.min_weeks, advice.interval.max_weeks),
        (1, 2)
    );
    assert!(advice.course.contains("several months"));
    let message = text(&advice.reasons, rules::H4);
    assert!(
        message.contains("every week") && message.contains("fades"),
        "{message}"
    );
}

#[test]
fn the_guidance_serialises_with_kebab_case_values() {
    let json = serde_json::to_value(guidance(Condition::ProximalHamstring, 5)).expect("serialises");
    assert_eq!(json["condition"], "proximal-hamstring");
    assert_eq!(json["professional"]["massage_type"], "deep-tissue");
    assert_eq!(
        json["self_massage"]["leave_alone"][0],
        "proximal-hamstring-tendon"
    );
    assert_eq!(json["self_massage"]["never"][0], "cross-friction");
    let achilles =
        serde_json::to_value(guidance(Condition::AchillesMidportion, 0)).expect("serialises");
    assert!(achilles["professional"].is_null());
}
