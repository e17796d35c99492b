//! Loading programmes: doses, protocol choice, stages, validation and the safety rules, through
//! the public API a user of the engine sees.

use tendo_core::condition::{Condition, Side};
use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::programme::{
    ExerciseKind, PlanItem, PlanRequest, Position, Protocol, WeekPlan, apply, plan_for, plan_week,
};
use tendo_core::rules::{self, RuleId};

fn request(condition: Condition, weeks: u16, protocol: Option<Protocol>, days: u8) -> PlanRequest {
    PlanRequest {
        condition,
        side: Side::Left,
        weeks_since_start: weeks,
        preferred_protocol: protocol,
        sessions_per_week: days,
        stage: None,
    }
}

fn plan(request: &PlanRequest) -> WeekPlan {
    plan_week(request).expect("a valid request gives a plan")
}

fn staged(condition: Condition, protocol: Protocol, stage: u8) -> WeekPlan {
    plan(&PlanRequest {
        stage: Some(stage),
        ..request(condition, 0, Some(protocol), 4)
    })
}

fn reason_text(plan: &WeekPlan, rule: RuleId) -> String {
    plan.reasons
        .iter()
        .filter(|reason| reason.rule == rule)
        .map(|reason| reason.message.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn of_kind(plan: &WeekPlan, kind: ExerciseKind) -> Vec<&PlanItem> {
    plan.items.iter().filter(|item| item.kind == kind).collect()
}

fn field_of_error(request: &PlanRequest) -> String {
    plan_week(request).expect_err("out of range").field
}

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
        (position, _) = apply(
            position,
            Condition::AchillesMidportion,
            LoadDecision::Progress,
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
fn p_sil_gate_a_missing_stage_is_assumed_from_the_weeks_and_says_so() {
    let week = plan(&request(
        Condition::AchillesMidportion,
        3,
        Some(Protocol::Silbernagel),
        5,
    ));
    assert_eq!(week.stage, Some(2));
    let said = reason_text(&week, rules::P_SIL_GATE);
    assert!(said.contains("weeks alone"), "{said}");
    assert!(said.contains("pain-monitoring model"), "{said}");

    let given = plan(&PlanRequest {
        stage: Some(1),
        ..request(
            Condition::AchillesMidportion,
            3,
            Some(Protocol::Silbernagel),
            5,
        )
    });
    assert_eq!(given.stage, Some(1));
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
fn out_of_range_requests_name_the_field_and_the_allowed_range() {
    let base = request(Condition::AchillesMidportion, 2, None, 3);
    for days in [0, 8, 255] {
        let request = PlanRequest {
            sessions_per_week: days,
            ..base.clone()
        };
        assert_eq!(field_of_error(&request), "sessions_per_week");
    }
    let late = PlanRequest {
        weeks_since_start: 105,
        ..base.clone()
    };
    let error = plan_week(&late).expect_err("too late");
    assert_eq!(error.field, "weeks_since_start");
    assert!(error.problem.contains("0 to 104"), "{}", error.problem);

    for (protocol, stage, allowed) in [
        (Protocol::Silbernagel, 0, "1 to 4"),
        (Protocol::Silbernagel, 5, "1 to 4"),
        (Protocol::HeavySlowResistance, 6, "1 to 5"),
        (Protocol::Alfredson, 14, "1 to 13"),
        (Protocol::Isometric, 2, "1 to 1"),
    ] {
        let request = PlanRequest {
            preferred_protocol: Some(protocol),
            stage: Some(stage),
            ..base.clone()
        };
        let error = plan_week(&request).expect_err("stage out of range");
        assert_eq!(error.field, "stage");
        assert!(error.problem.contains(allowed), "{}", error.problem);
    }
}

#[test]
fn a_protocol_for_the_other_tendon_is_refused_naming_the_allowed_ones() {
    let goom_for_achilles = PlanRequest {
        preferred_protocol: Some(Protocol::GoomStaged),
        ..request(Condition::AchillesInsertional, 0, None, 3)
    };
    let error = plan_week(&goom_for_achilles).expect_err("hamstring programme");
    assert_eq!(error.field, "preferred_protocol");
    for allowed in [
        "isometric",
        "alfredson",
        "heavy-slow-resistance",
        "silbernagel",
    ] {
        assert!(error.problem.contains(allowed), "{}", error.problem);
    }
    for protocol in [
        Protocol::Alfredson,
        Protocol::Isometric,
        Protocol::Silbernagel,
    ] {
        let achilles_for_hamstring = request(Condition::ProximalHamstring, 0, Some(protocol), 3);
        let error = plan_week(&achilles_for_hamstring).expect_err("Achilles programme");
        assert_eq!(error.field, "preferred_protocol");
        assert!(error.problem.contains("goom-staged"), "{}", error.problem);
    }
}

#[test]
fn plan_for_names_the_position_field_at_fault() {
    let achilles = Condition::AchillesMidportion;
    let cases = [
        (
            Position {
                level: 0,
                ..Position::first(Protocol::Silbernagel)
            },
            3,
            "position.level",
        ),
        (
            Position {
                level: 6,
                ..Position::first(Protocol::HeavySlowResistance)
            },
            3,
            "position.level",
        ),
        (
            Position::first(Protocol::GoomStaged),
            3,
            "position.protocol",
        ),
        (
            Position {
                level: 2,
                eased: true,
                ..Position::first(Protocol::Alfredson)
            },
            3,
            "position.eased",
        ),
        (Position::first(Protocol::Alfredson), 0, "week"),
        (Position::first(Protocol::Alfredson), 106, "week"),
    ];
    for (position, week, field) in cases {
        let error = plan_for(position, achilles, Side::Left, 3, week).expect_err(field);
        assert_eq!(error.field, field);
    }
    let error = plan_for(
        Position::first(Protocol::Alfredson),
        achilles,
        Side::Left,
        9,
        1,
    )
    .expect_err("nine days");
    assert_eq!(error.field, "sessions_per_week");
    assert!(
        apply(
            Position::first(Protocol::GoomStaged),
            achilles,
            LoadDecision::Hold
        )
        .is_err()
    );
}

#[test]
fn r_rest_a_step_back_from_the_first_level_eases_it_with_isometrics() {
    for protocol in [
        Protocol::HeavySlowResistance,
        Protocol::Alfredson,
        Protocol::Silbernagel,
    ] {
        let (eased, reasons) = apply(
            Position::first(protocol),
            Condition::AchillesMidportion,
            LoadDecision::Regress,
        )
        .expect("valid position");
        assert_eq!((eased.level, eased.eased), (1, true), "{protocol:?}");
        assert_eq!(reasons[0].rule, rules::R_REST);
        let week = plan_for(eased, Condition::AchillesMidportion, Side::Left, 3, 2)
            .expect("valid position");
        assert_eq!(
            of_kind(&week, ExerciseKind::Isometric).len(),
            1,
            "{protocol:?}"
        );
        let full = plan_for(
            Position::first(protocol),
            Condition::AchillesMidportion,
            Side::Left,
            3,
            2,
        )
        .expect("valid position");
        let sets = |plan: &WeekPlan| -> u32 {
            of_kind(plan, ExerciseKind::HeelRaise)
                .iter()
                .map(|item| u32::from(item.sets))
                .sum()
        };
        assert!(
            sets(&week) < sets(&full),
            "{protocol:?}: fewer sets when eased"
        );
        let (back, _) = apply(eased, Condition::AchillesMidportion, LoadDecision::Progress)
            .expect("valid position");
        assert_eq!(back, Position::first(protocol));
    }
}

#[test]
fn a_step_back_then_one_good_week_returns_to_the_level_left() {
    let phase_three = Position {
        level: 3,
        ..Position::first(Protocol::Silbernagel)
    };
    let condition = Condition::AchillesMidportion;
    let (back, _) = apply(phase_three, condition, LoadDecision::Regress).expect("valid");
    assert_eq!(back.level, 2);
    let (again, _) = apply(back, condition, LoadDecision::Progress).expect("valid");
    assert_eq!(again.level, 3);
    assert_eq!(again.weeks_at_level, 0);
}

#[test]
fn weekly_progress_from_the_start_follows_the_typical_timeline() {
    for (protocol, condition) in [
        (Protocol::HeavySlowResistance, Condition::AchillesMidportion),
        (Protocol::Silbernagel, Condition::AchillesInsertional),
        (Protocol::GoomStaged, Condition::ProximalHamstring),
    ] {
        let mut position = Position::first(protocol);
        for week in 1..=30_u16 {
            let (level, weeks_at_level) = protocol.typical_level(week);
            assert_eq!(
                (position.level, position.weeks_at_level),
                (level, weeks_at_level),
                "{protocol:?} week {week}"
            );
            (position, _) = apply(position, condition, LoadDecision::Progress).expect("valid");
        }
    }
}

#[test]
fn the_plan_request_and_position_keep_their_json_shape() {
    let json = r#"{"condition":"achilles-insertional","side":"left","weeks_since_start":4,
        "preferred_protocol":"heavy-slow-resistance","sessions_per_week":3}"#;
    let request: PlanRequest = serde_json::from_str(json).expect("valid request");
    let week = plan(&request);
    let value = serde_json::to_value(&week).expect("serialisable");
    assert_eq!(value["protocol"], "heavy-slow-resistance");
    assert_eq!(value["week"], 5);
    assert_eq!(value["position"]["level"], 3);
    assert_eq!(value["items"][0]["floor_level_only"], true);
    let position: Position =
        serde_json::from_str(r#"{"protocol":"silbernagel","level":2}"#).expect("defaults");
    assert_eq!(
        position,
        Position {
            level: 2,
            ..Position::first(Protocol::Silbernagel)
        }
    );
    assert!(
        serde_json::from_str::<PlanRequest>(
            r#"{"condition":"pht","side":"left",
        "weeks_since_start":0,"sessions_per_week":3,"load":1}"#
        )
        .is_err()
    );
}
