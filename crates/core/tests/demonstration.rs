//! Every exercise of every plan has a demonstration, and each drawing keeps to the exercise's
//! definition: the plan's side, the knee straight or bent as the exercise says, the heel never
//! below the floor line for floor-level items (`P-INS`) and below it off a step edge, and the
//! movement timed as the tempo prescribes. The checks read the drawn SVG back with an XML
//! parser, not the model that drew it.

mod demonstration_support;

use std::collections::BTreeSet;

use demonstration_support::{Drawn, Point, bend, every_item, lightness, read};
use proptest::prelude::*;
use tendo_core::condition::Side;
use tendo_core::demonstration::{Demonstration, Knee, Legs, Options, svg};
use tendo_core::programme::PlanItem;

/// Rounding the drawing to a tenth of a unit moves an angle by less than this.
const ANGLE_TOLERANCE: f32 = 0.5;
/// Rounding of positions in the drawing.
const POSITION_TOLERANCE: f32 = 0.06;

/// Every distinct (exercise, side, tempo, hold, floor level) of every plan, drawn once.
fn drawn_items() -> Vec<(PlanItem, Side, Demonstration, Drawn)> {
    let mut seen = BTreeSet::new();
    let mut drawn = Vec::new();
    for (item, side) in every_item() {
        let key = format!(
            "{}|{side:?}|{:?}|{:?}|{}",
            item.exercise, item.tempo, item.hold_seconds, item.floor_level_only
        );
        if !seen.insert(key) {
            continue;
        }
        let demo = Demonstration::for_item(&item, side)
            .unwrap_or_else(|error| panic!("{error}: every exercise needs a demonstration"));
        let svg = svg::render(&demo, "demo");
        let parsed = read(&svg);
        drawn.push((item, side, demo, parsed));
    }
    drawn
}

fn same(a: &[Point], b: &[Point]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(a, b)| {
            (a.x - b.x).abs() <= POSITION_TOLERANCE && (a.y - b.y).abs() <= POSITION_TOLERANCE
        })
}

#[test]
fn every_exercise_of_every_plan_has_an_accessible_demonstration() {
    let drawn = drawn_items();
    let exercises: BTreeSet<&str> = drawn
        .iter()
        .map(|(item, ..)| item.exercise.as_str())
        .collect();
    assert!(
        exercises.len() >= 40,
        "{} exercises: {exercises:?}",
        exercises.len()
    );
    for (item, _, demo, svg) in &drawn {
        assert_eq!(svg.role, "img", "{}", item.exercise);
        assert!(!svg.title.is_empty(), "{}", item.exercise);
        assert!(
            svg.desc.contains(demo.start_words) && svg.desc.contains(demo.end_words),
            "the text alternative says from where to where: {}",
            svg.desc
        );
        assert!(
            svg.desc.contains(" s"),
            "the text alternative gives the timing: {}",
            svg.desc
        );
        assert!(svg.still_for_reduced_motion, "{}", item.exercise);
        for (list, what) in [(&demo.cues, "cues"), (&demo.mistakes, "mistakes")] {
            assert!(
                (2..=4).contains(&list.len()),
                "{}: {} {what}",
                item.exercise,
                list.len()
            );
            for line in list.iter() {
                assert!(line.ends_with('.') && line.len() < 120, "{line}");
            }
        }
    }
}

#[test]
fn an_unknown_exercise_has_no_demonstration() {
    let error = Demonstration::for_exercise("moonwalk", &Options::default())
        .expect_err("no fallback figure");
    assert!(error.to_string().contains("moonwalk"));
    // A heel raise id with an unknown place is unknown too, not guessed.
    assert!(Demonstration::for_exercise("heel-raise-two-legs-roof", &Options::default()).is_err());
}

#[test]
fn the_working_leg_drawn_is_the_plans_side() {
    for (item, side, demo, svg) in drawn_items() {
        let id = item.exercise.as_str();
        let one_leg_by_definition = format!("-{id}-").contains("-one-leg-")
            || id.starts_with("eccentric-heel")
            || id == "calf-isometric-hold"
            || id == "bridge-load-test"
            || id == "single-leg-romanian-deadlift";
        if one_leg_by_definition {
            assert_eq!(demo.legs, Legs::One(side), "{id}");
        }
        if format!("-{id}-").contains("-two-legs-")
            || id.starts_with("seated")
            || id.contains("barbell")
        {
            assert_eq!(demo.legs, Legs::Two, "{id}");
        }
        match demo.legs {
            Legs::One(drawn_side) => {
                assert_eq!(drawn_side, side, "{id}");
                let (legs, label) = match side {
                    Side::Left => ("left", "Left leg"),
                    Side::Right => ("right", "Right leg"),
                    Side::Both => ("each", "Each leg in turn"),
                };
                assert_eq!(
                    (svg.legs.as_str(), svg.label.as_str()),
                    (legs, label),
                    "{id}"
                );
                assert!(
                    lightness(&svg.working_colour) + 0.3 < lightness(&svg.free_colour),
                    "{id}: the working leg is drawn darker"
                );
            }
            Legs::Two => {
                assert_eq!(
                    (svg.legs.as_str(), svg.label.as_str()),
                    ("both", "Both legs")
                );
                assert_eq!(svg.working_colour, svg.free_colour, "{id}: both legs work");
            }
        }
    }
}

#[test]
fn p_alf_the_knee_is_straight_or_bent_as_the_exercise_says() {
    let mut checked = 0;
    for (item, _, demo, svg) in drawn_items() {
        let id = item.exercise.as_str();
        let range = if id.contains("straight-knee") {
            assert_eq!(demo.knee, Knee::Straight, "{id}");
            (0.0, 10.0)
        } else if id.contains("bent-knee") {
            assert!(matches!(demo.knee, Knee::Bent(..)), "{id}");
            if id.starts_with("eccentric-heel-drop") {
                (20.0, 45.0)
            } else {
                (20.0, 100.0)
            }
        } else {
            continue;
        };
        checked += 1;
        for (at, leg) in &svg.working_leg {
            let knee = bend(leg[0], leg[1], leg[2]);
            assert!(
                knee >= range.0 - ANGLE_TOLERANCE && knee <= range.1 + ANGLE_TOLERANCE,
                "{id} at {at} s: knee bent {knee:.1}°, expected {range:?}"
            );
        }
        for t in 0..=20 {
            let figure = demo.figure(&demo.pose_at(t as f32 / 20.0));
            let knee = figure.knee_bend();
            assert!(
                knee >= range.0 - 0.01 && knee <= range.1 + 0.01,
                "{id}: {knee}"
            );
        }
    }
    assert!(
        checked >= 6,
        "the straight- and bent-knee exercises were found"
    );
}

#[test]
fn p_ins_floor_level_heels_never_go_below_the_floor_and_step_edges_do() {
    let (mut floor, mut edge) = (0, 0);
    for (item, _, demo, svg) in drawn_items() {
        let id = item.exercise.as_str();
        // In the drawing y grows downwards: below the line is a larger y.
        let lowest_heel = svg
            .working_leg
            .iter()
            .map(|(_, leg)| leg[3].y)
            .fold(f32::MIN, f32::max);
        if item.floor_level_only {
            floor += 1;
            assert!(
                lowest_heel <= svg.surface_y + POSITION_TOLERANCE,
                "{id}: the heel goes {:.1} below the floor line",
                lowest_heel - svg.surface_y
            );
            assert!(!demo.surface.heel_may_go_below(), "{id}");
        }
        if id.ends_with("-step") || (!item.floor_level_only && id.contains("calf-raise")) {
            edge += 1;
            assert!(demo.surface.heel_may_go_below(), "{id}");
            assert!(
                lowest_heel > svg.surface_y + 1.0,
                "{id}: off an edge the heel goes below the surface line"
            );
        }
    }
    assert!(
        floor > 20 && edge > 5,
        "{floor} floor-level, {edge} edge items"
    );
}

/// The seconds of the three parts of a drawn repetition: to the end pose, held there, back.
fn drawn_phases(svg: &Drawn) -> (f32, f32, f32, usize, usize) {
    let times: Vec<f32> = svg.working_leg.iter().map(|(at, _)| *at).collect();
    let figures = &svg.whole_figure;
    let reach = figures
        .iter()
        .position(|figure| same(figure, &svg.still_end))
        .expect("the end pose is reached");
    let leave = figures
        .iter()
        .rposition(|figure| same(figure, &svg.still_end))
        .expect("the end pose is left");
    let back = (leave + 1..figures.len())
        .find(|&index| same(&figures[index], &svg.still_start))
        .expect("the start pose comes back");
    (
        times[reach],
        times[leave] - times[reach],
        times[back] - times[leave],
        reach,
        back,
    )
}

/// The seconds a tempo gives for the lowering and the rising, read plainly.
fn tempo_seconds(tempo: &str) -> (Option<f32>, Option<f32>) {
    let words: Vec<&str> = tempo
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .collect();
    let (mut down, mut up) = (None, None);
    for (index, word) in words.iter().enumerate() {
        if let Ok(value) = word.parse::<f32>() {
            match words.get(index + 2) {
                Some(&"up") => up = Some(value),
                _ => down = Some(value),
            }
        }
    }
    (down, up)
}

#[test]
fn the_animation_moves_at_the_prescribed_tempo_and_holds_for_the_prescribed_time() {
    let mut timed = 0;
    for (item, _, _, svg) in drawn_items() {
        let id = item.exercise.as_str();
        let (to_end, hold, to_start, reach, back) = drawn_phases(&svg);
        if let Some(seconds) = item.hold_seconds {
            assert!(
                (hold - f32::from(seconds)).abs() < 0.01,
                "{id}: held {hold} s"
            );
        }
        let Some(tempo) = &item.tempo else { continue };
        let (down, up) = tempo_seconds(tempo);
        // The lowering is the part in which the head goes down the drawing (y grows).
        let head_before = svg.head_y[0];
        let head_at_end = svg.head_y[reach];
        let lowering_first = head_at_end > head_before + POSITION_TOLERANCE;
        let lowering_last = svg.head_y[back] > head_at_end + POSITION_TOLERANCE;
        let (lowering, rising) = match (lowering_first, lowering_last) {
            (true, _) => (to_end, to_start),
            (false, true) => (to_start, to_end),
            // The head stays level (lying down): the tempo must be the same both ways.
            (false, false) => {
                if let (Some(down), Some(up)) = (down, up) {
                    assert_eq!(down, up, "{id}");
                }
                (to_end, to_start)
            }
        };
        if let Some(down) = down {
            timed += 1;
            assert!(
                (lowering - down).abs() < 0.01,
                "{id} ({tempo}): lowers in {lowering} s"
            );
        }
        if let Some(up) = up {
            assert!(
                (rising - up).abs() < 0.01,
                "{id} ({tempo}): rises in {rising} s"
            );
        }
    }
    assert!(timed > 10, "{timed} items with a tempo in seconds");
}

/// The floor-level items of every plan, walked once.
fn floor_level_items() -> &'static [(PlanItem, Side)] {
    static ITEMS: std::sync::OnceLock<Vec<(PlanItem, Side)>> = std::sync::OnceLock::new();
    ITEMS.get_or_init(|| {
        every_item()
            .into_iter()
            .filter(|(item, _)| item.floor_level_only)
            .collect()
    })
}

proptest! {
    /// `P-INS`: for every floor-level exercise, at every moment of the movement, the heel is at
    /// or above the floor.
    #[test]
    fn p_ins_a_floor_level_heel_is_never_below_the_floor_at_any_moment(
        index in 0usize..1000,
        t in 0.0f32..=1.0,
    ) {
        let items = floor_level_items();
        let (item, side) = &items[index % items.len()];
        let demo = Demonstration::for_item(item, *side).expect("a demonstration");
        let figure = demo.figure(&demo.pose_at(t));
        prop_assert!(figure.heel_height() >= 0.0, "{} at {t}: {}", item.exercise, figure.heel_height());
    }
}
