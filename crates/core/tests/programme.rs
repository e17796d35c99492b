//! Achilles loading programmes: doses, protocol choice, phases, running and floor level,
//! through the public API a user of the engine sees.

mod programme_support;

use programme_support::{of_kind, plan, reason_text, request, staged};
use tendo_core::condition::{Condition, Side};
use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::pain_score::PainScore;
use tendo_core::programme::{ExerciseKind, Position, Protocol, apply, apply_after_week, plan_for};
use tendo_core::rules;

#[test]
fn p_hsr_each_week_follows_beyers_table() {
    // Beyer 2015: week 1 3 × 15RM, weeks 2–3 3 × 12RM, weeks 4–5 4 × 10RM, weeks 6–8 4 × 8RM,
    // weeks 9–12 4 × 6RM.
    let expected: [(u8, u16); 12] = [
        (3, 15),
        (3, 12),
        (3, 12),
        (4, 10),
        (4, 10),
        (4, 8),
        (4, 8),
        (4, 8),
        (4, 6),
        (4, 6),
        (4, 6),
        (4, 6),
    ];
    for (weeks_since_start, (sets, rm)) in (0_u16..).zip(expected) {
        let week = plan(&request(
            Condition::AchillesMidportion,
            weeks_since_start,
            Some(Protocol::HeavySlowResistance),
            3,
        ));
        let lifts = of_kind(&week, ExerciseKind::HeelRaise);
        assert_eq!(lifts.len(), 3, "week {}", week.week);
        for lift in lifts {
            assert_eq!(
                (lift.sets, lift.reps),
                (sets, Some(rm)),
                "week {}",
                week.week
            );
            assert!(lift.load.starts_with(&format!("{rm}RM")), "{}", lift.load);
            assert_eq!(lift.tempo.as_deref(), Some("3 s down, 3 s up"));
            assert!((120..=180).contains(&lift.rest_seconds));
            assert_eq!(lift.rest_after_exercise_seconds, Some(300));
            assert_eq!(lift.days_per_week, 3);
        }
    }
}

#[test]
fn p_hsr_the_three_exercises_of_the_trial() {
    let week = plan(&request(
        Condition::AchillesMidportion,
        0,
        Some(Protocol::HeavySlowResistance),
        3,
    ));
    let names: Vec<&str> = of_kind(&week, ExerciseKind::HeelRaise)
        .iter()
        .map(|item| item.exercise.as_str())
        .collect();
    assert!(names[0].starts_with("seated-calf-raise-bent-knee"));
    assert!(names[1].starts_with("leg-press-calf-raise-straight-knee"));
    assert!(names[2].starts_with("standing-calf-raise-barbell"));
}

#[test]
fn p_alf_two_exercises_three_by_fifteen_twice_a_day_is_180_a_day() {
    let week = plan(&request(
        Condition::AchillesMidportion,
        2,
        Some(Protocol::Alfredson),
        7,
    ));
    let drops = of_kind(&week, ExerciseKind::HeelRaise);
    assert_eq!(drops.len(), 2);
    let per_day: u32 = drops
        .iter()
        .map(|drop| {
            u32::from(drop.sets) * u32::from(drop.reps.unwrap_or(0)) * u32::from(drop.times_per_day)
        })
        .sum();
    assert_eq!(per_day, 180);
    assert!(drops.iter().all(|drop| drop.days_per_week == 7));
    assert!(drops.iter().any(|drop| drop.name.contains("knee straight")));
    assert!(drops.iter().any(|drop| drop.name.contains("knee bent")));
    assert!(drops[0].how.contains("good leg up") && drops[0].how.contains("bad leg down"));
    assert!(reason_text(&week, rules::P_ALF).contains("week 3 of 12"));
}

#[test]
fn p_load_each_progress_adds_a_backpack_step_labelled_as_one_trials_handout() {
    let mut position = Position::first(Protocol::Alfredson);
    for expected_kg in [5, 10, 15] {
        (position, _) = apply_after_week(
            position,
            Condition::AchillesMidportion,
            LoadDecision::Progress,
            PainScore::new(0),
        )
        .expect("valid position");
        let week = plan_for(position, Condition::AchillesMidportion, Side::Right, 7, 4)
            .expect("valid position");
        let drop = &of_kind(&week, ExerciseKind::HeelRaise)[0];
        assert_eq!(
            drop.load,
            format!("body weight + backpack {expected_kg} kg")
        );
        assert!(reason_text(&week, rules::P_LOAD).contains("one trial's handout"));
    }
}

#[test]
fn p_iso_isometric_holds_five_by_forty_five_daily_then_silbernagel() {
    let week = plan(&request(
        Condition::AchillesMidportion,
        0,
        Some(Protocol::Isometric),
        7,
    ));
    let holds = of_kind(&week, ExerciseKind::Isometric);
    assert_eq!(holds.len(), 1);
    assert_eq!((holds[0].sets, holds[0].hold_seconds), (5, Some(45)));
    assert_eq!(holds[0].days_per_week, 7);
    assert!(holds[0].progress_when.contains("less than 5/10"));
    let (next, reasons) = apply(
        week.position,
        Condition::AchillesMidportion,
        LoadDecision::Progress,
    )
    .expect("valid position");
    assert_eq!(next, Position::first(Protocol::Silbernagel));
    assert_eq!(reasons[0].rule, rules::P_ISO);
}

#[test]
fn p_freq_the_default_protocol_follows_the_days_available() {
    let daily = plan(&request(Condition::AchillesMidportion, 0, None, 7));
    assert_eq!(daily.protocol, Protocol::Alfredson);
    assert!(reason_text(&daily, rules::P_ALF).contains("every day"));

    for days in 1..=6 {
        let week = plan(&request(Condition::AchillesInsertional, 0, None, days));
        assert_eq!(week.protocol, Protocol::HeavySlowResistance, "{days} days");
        assert!(reason_text(&week, rules::P_HSR).contains(&format!("{days} day(s) a week")));
        assert!(reason_text(&week, rules::P_ISO).contains("more than 5/10"));
    }

    let once = plan(&request(Condition::AchillesMidportion, 0, None, 1));
    assert!(reason_text(&once, rules::P_FREQ).contains("at least twice a week"));
    assert!(once.items.iter().all(|item| item.days_per_week >= 1));

    let hamstring = plan(&request(Condition::ProximalHamstring, 0, None, 3));
    assert_eq!(hamstring.protocol, Protocol::GoomStaged);
}

#[test]
fn p_sil_phases_one_and_two_follow_the_published_table() {
    let one = staged(Condition::AchillesMidportion, Protocol::Silbernagel, 1);
    let heel = of_kind(&one, ExerciseKind::HeelRaise);
    assert_eq!(heel.len(), 4);
    assert!(heel.iter().all(|item| item.floor_level_only));
    assert!(
        heel.iter()
            .all(|item| item.days_per_week == 4 && item.times_per_day == 1)
    );
    assert!(heel[0].progress_when.contains("without difficulty"));

    let two = staged(Condition::AchillesMidportion, Protocol::Silbernagel, 2);
    let rebounds = of_kind(&two, ExerciseKind::Plyometric);
    assert_eq!((rebounds[0].sets, rebounds[0].reps), (3, Some(20)));
    assert!(
        of_kind(&two, ExerciseKind::HeelRaise)
            .iter()
            .any(|item| item.exercise.ends_with("-step") && !item.floor_level_only),
        "midportion phase 2 uses a step edge"
    );
}

#[test]
fn p_sil_gate_phases_three_and_four_are_labelled_unverified() {
    for phase in [3, 4] {
        let week = staged(Condition::AchillesMidportion, Protocol::Silbernagel, phase);
        assert!(
            reason_text(&week, rules::P_SIL).contains("[GK]"),
            "phase {phase}"
        );
        assert!(reason_text(&week, rules::P_SIL_GATE).contains("not by the calendar"));
    }
    let two = staged(Condition::AchillesMidportion, Protocol::Silbernagel, 2);
    assert!(!reason_text(&two, rules::P_SIL).contains("[GK]"));
}

#[test]
fn p_run_running_returns_after_the_twelve_weeks_and_in_the_late_phases() {
    for protocol in [Protocol::Alfredson, Protocol::HeavySlowResistance] {
        let week_12 = plan(&request(
            Condition::AchillesMidportion,
            11,
            Some(protocol),
            7,
        ));
        assert!(
            of_kind(&week_12, ExerciseKind::Running).is_empty(),
            "{protocol:?}"
        );
        let week_13 = plan(&request(
            Condition::AchillesMidportion,
            12,
            Some(protocol),
            7,
        ));
        let running = of_kind(&week_13, ExerciseKind::Running);
        assert_eq!(running.len(), 1, "{protocol:?}");
        assert!(running[0].how.contains("less than 2/10"));
        assert!(running[0].progress_when.contains("20%"));
        assert_eq!(running[0].days_per_week, 2);
        assert!(running[0].rules.contains(&rules::P_RUN));
        assert!(
            !of_kind(&week_13, ExerciseKind::HeelRaise).is_empty(),
            "maintenance"
        );
    }
    let phase_4 = staged(Condition::AchillesInsertional, Protocol::Silbernagel, 4);
    assert_eq!(of_kind(&phase_4, ExerciseKind::Running).len(), 1);
    let phase_2 = staged(Condition::AchillesMidportion, Protocol::Silbernagel, 2);
    assert!(of_kind(&phase_2, ExerciseKind::Running).is_empty());
}

#[test]
fn p_ins_insertional_heel_work_stays_on_the_floor_where_midportion_uses_a_step() {
    for protocol in [Protocol::Alfredson, Protocol::HeavySlowResistance] {
        let insertional = plan(&request(
            Condition::AchillesInsertional,
            4,
            Some(protocol),
            7,
        ));
        for item in of_kind(&insertional, ExerciseKind::HeelRaise) {
            assert!(item.floor_level_only, "{}", item.exercise);
            assert!(item.rules.contains(&rules::P_INS), "{}", item.exercise);
            assert!(item.how.contains("floor"), "{}", item.how);
        }
        assert!(reason_text(&insertional, rules::P_INS).contains("floor"));
        let midportion = plan(&request(
            Condition::AchillesMidportion,
            4,
            Some(protocol),
            7,
        ));
        assert!(
            of_kind(&midportion, ExerciseKind::HeelRaise)
                .iter()
                .any(|item| !item.floor_level_only),
            "{protocol:?}: midportion goes below the step"
        );
    }
}

#[test]
fn a4_plans_are_built_on_loading_exercise_never_massage() {
    for condition in Condition::ALL {
        for weeks in [0, 6, 13, 40] {
            let week = plan(&request(condition, weeks, None, 3));
            let loading = week
                .items
                .iter()
                .filter(|item| {
                    matches!(
                        item.kind,
                        ExerciseKind::Isometric
                            | ExerciseKind::HeelRaise
                            | ExerciseKind::HamstringStrength
                            | ExerciseKind::Plyometric
                    )
                })
                .count();
            assert!(loading >= 1, "{condition:?} week {}", week.week);
            assert!(
                week.items
                    .iter()
                    .all(|item| !item.name.to_lowercase().contains("massage"))
            );
            assert!(reason_text(&week, rules::A4).contains("never the plan on its own"));
        }
    }
}

#[test]
fn r_lt1_every_achilles_plan_has_the_morning_check_with_the_two_point_trigger() {
    for protocol in Protocol::allowed_for(Condition::AchillesMidportion) {
        let week = plan(&request(
            Condition::AchillesMidportion,
            5,
            Some(*protocol),
            4,
        ));
        let checks = of_kind(&week, ExerciseKind::LoadTest);
        assert_eq!(checks.len(), 1, "{protocol:?}");
        assert_eq!(checks[0].days_per_week, 7);
        assert!(
            checks[0].how.contains("more than 2 points"),
            "{}",
            checks[0].how
        );
        assert!(checks[0].rules.contains(&rules::R_LT1));
    }
}

#[test]
fn r_pm1_achilles_plans_state_the_five_out_of_ten_limits() {
    let week = plan(&request(Condition::AchillesInsertional, 2, None, 3));
    let limits = reason_text(&week, rules::R_PM1);
    assert!(limits.contains("5/10"), "{limits}");
    assert!(limits.contains("next morning"), "{limits}");
    let hamstring = plan(&request(Condition::ProximalHamstring, 2, None, 3));
    assert!(reason_text(&hamstring, rules::R_PM1).is_empty());
}

#[test]
fn p_len_calendar_protocols_become_maintenance_after_twelve_weeks_and_never_end() {
    for protocol in [Protocol::Alfredson, Protocol::HeavySlowResistance] {
        for weeks in [12, 30, 104] {
            let week = plan(&request(
                Condition::AchillesMidportion,
                weeks,
                Some(protocol),
                5,
            ));
            assert!(
                week.level_label.contains("maintenance"),
                "{}",
                week.level_label
            );
            assert!(reason_text(&week, rules::P_LEN).contains("maintenance"));
            assert!(!of_kind(&week, ExerciseKind::HeelRaise).is_empty());
            assert_eq!(of_kind(&week, ExerciseKind::Running).len(), 1);
        }
        let week_12 = plan(&request(
            Condition::AchillesMidportion,
            11,
            Some(protocol),
            5,
        ));
        assert!(!week_12.level_label.contains("maintenance"));
    }
}

#[test]
fn p_iso_holds_alone_for_weeks_ask_for_a_move_to_loading() {
    let early = plan(&request(
        Condition::AchillesMidportion,
        1,
        Some(Protocol::Isometric),
        7,
    ));
    assert!(!reason_text(&early, rules::P_ISO).contains("ask your clinician"));
    let late = plan(&request(
        Condition::AchillesMidportion,
        6,
        Some(Protocol::Isometric),
        7,
    ));
    assert!(reason_text(&late, rules::P_ISO).contains("ask your clinician"));
}

#[test]
fn p_load_alfredson_adds_load_only_once_the_drops_no_longer_hurt() {
    let start = Position::first(Protocol::Alfredson);
    for pain in [None, PainScore::new(2), PainScore::new(5)] {
        let (kept, reasons) = apply_after_week(
            start,
            Condition::AchillesMidportion,
            LoadDecision::Progress,
            pain,
        )
        .expect("valid position");
        assert_eq!(
            kept.level, 1,
            "pain during the drops {pain:?}: no weight added"
        );
        assert!(reasons.iter().any(
            |reason| reason.rule == rules::P_LOAD && reason.message.contains("no longer hurt")
        ));
    }
    let (kept, _) = apply(start, Condition::AchillesMidportion, LoadDecision::Progress)
        .expect("valid position");
    assert_eq!(kept.level, 1, "without a pain score no weight is added");
    let (moved, _) = apply_after_week(
        start,
        Condition::AchillesMidportion,
        LoadDecision::Progress,
        PainScore::new(0),
    )
    .expect("valid position");
    assert_eq!(moved.level, 2, "pain-free drops earn the next 5 kg");
}
