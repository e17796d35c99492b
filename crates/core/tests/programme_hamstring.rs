//! Goom's four hamstring stages: doses, core work, compression and stretching, the daily
//! bridge test and progress by symptoms.

mod programme_support;

use programme_support::{of_kind, plan, reason_text, request, staged};
use tendo_core::condition::Condition;
use tendo_core::programme::{ExerciseKind, Protocol};
use tendo_core::rules;

#[test]
fn p_pht1_to_p_pht4_the_four_hamstring_stages() {
    let one = staged(Condition::ProximalHamstring, Protocol::GoomStaged, 1);
    let holds = of_kind(&one, ExerciseKind::Isometric);
    assert_eq!(holds.len(), 2);
    for hold in holds {
        assert_eq!((hold.sets, hold.hold_seconds), (5, Some(45)));
        assert!(hold.load.contains("70%"));
        assert!(hold.rules.contains(&rules::P_PHT1));
    }
    let two = staged(Condition::ProximalHamstring, Protocol::GoomStaged, 2);
    let strength = of_kind(&two, ExerciseKind::HamstringStrength);
    assert!(strength.iter().any(|item| item.load.contains("15RM")));
    assert!(
        strength
            .iter()
            .any(|item| item.exercise == "gym-ball-nordic")
    );
    let three = staged(Condition::ProximalHamstring, Protocol::GoomStaged, 3);
    let ids: Vec<&str> = three
        .items
        .iter()
        .map(|item| item.exercise.as_str())
        .collect();
    for id in [
        "romanian-deadlift",
        "single-leg-romanian-deadlift",
        "nordic-hamstring",
        "step-up",
    ] {
        assert!(ids.contains(&id), "{id}");
    }
    assert!(
        three.items.iter().any(|item| item.compressive),
        "stage 3 adds hip bend"
    );
    let four = staged(Condition::ProximalHamstring, Protocol::GoomStaged, 4);
    assert_eq!(of_kind(&four, ExerciseKind::Running).len(), 1);
    assert!(!of_kind(&four, ExerciseKind::Plyometric).is_empty());
}

#[test]
fn p_comp_stages_one_and_two_avoid_compression_and_say_why() {
    for stage in [1, 2] {
        let week = staged(Condition::ProximalHamstring, Protocol::GoomStaged, stage);
        assert!(
            week.items.iter().all(|item| !item.compressive),
            "stage {stage}"
        );
        let avoided: Vec<&str> = week
            .avoid
            .iter()
            .map(|caution| caution.what.as_str())
            .collect();
        for what in ["Stretching", "sitting", "lunges", "Hill running"] {
            assert!(avoided.iter().any(|avoid| avoid.contains(what)), "{what}");
        }
        assert!(
            week.avoid
                .iter()
                .all(|caution| caution.rules.contains(&rules::P_COMP))
        );
        assert!(reason_text(&week, rules::P_COMP).contains("sitting bone"));
    }
}

#[test]
fn h5_core_stabilisation_in_every_stage_and_stretching_deferred_with_the_conflict_explained() {
    for stage in 1..=4 {
        let week = staged(Condition::ProximalHamstring, Protocol::GoomStaged, stage);
        let core = of_kind(&week, ExerciseKind::Core);
        assert!(!core.is_empty(), "stage {stage}");
        assert!(core.iter().all(|item| item.rules.contains(&rules::H5)));
        assert!(core.iter().all(|item| item.rules.contains(&rules::P_CORE)));
        assert!(!reason_text(&week, rules::H5).is_empty(), "stage {stage}");
    }
    let early = staged(Condition::ProximalHamstring, Protocol::GoomStaged, 1);
    let conflict = reason_text(&early, rules::H5);
    assert!(conflict.contains("stretching"), "{conflict}");
    assert!(conflict.contains("P-COMP"), "{conflict}");
    assert!(conflict.contains("deferred"), "{conflict}");
    assert!(
        early
            .items
            .iter()
            .all(|item| !item.name.to_lowercase().contains("stretch"))
    );
}

#[test]
fn p_len_and_r_lt2_hamstring_progress_by_symptoms_with_the_daily_bridge_test() {
    let week = plan(&request(Condition::ProximalHamstring, 1, None, 3));
    assert!(reason_text(&week, rules::P_LEN).contains("3–6 months"));
    let tests = of_kind(&week, ExerciseKind::LoadTest);
    assert_eq!(tests.len(), 1);
    assert_eq!(
        (tests[0].sets, tests[0].reps, tests[0].days_per_week),
        (1, Some(3), 7)
    );
    assert!(tests[0].how.contains("0–3"));
    assert!(tests[0].rules.contains(&rules::R_LT2));
}

#[test]
fn h2_hamstring_plans_say_the_massage_evidence_is_weak_and_load_instead() {
    for stage in 1..=4 {
        let week = staged(Condition::ProximalHamstring, Protocol::GoomStaged, stage);
        assert!(
            reason_text(&week, rules::H2).contains("weak"),
            "stage {stage}"
        );
        assert!(
            of_kind(&week, ExerciseKind::HamstringStrength).len()
                + of_kind(&week, ExerciseKind::Isometric).len()
                >= 2
        );
    }
}

#[test]
fn p_core_core_work_keeps_the_hips_straight_in_stages_one_and_two() {
    for stage in [1, 2] {
        let week = staged(Condition::ProximalHamstring, Protocol::GoomStaged, stage);
        for core in of_kind(&week, ExerciseKind::Core) {
            assert!(!core.compressive, "{}", core.exercise);
            assert!(core.rules.contains(&rules::P_CORE));
            assert!(core.days_per_week >= 2, "{}", core.exercise);
        }
    }
}
