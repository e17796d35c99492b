//! Helpers for the demonstration tests: every plan item any protocol can prescribe, and the
//! drawn SVG read back with a real XML parser.

use tendo_core::condition::{Condition, Side};
use tendo_core::programme::{PlanItem, Position, Protocol, plan_for};

/// Every plan item of every protocol, level, condition, side, eased or not, early and late
/// weeks and few or many training days, with the plan's side.
pub fn every_item() -> Vec<(PlanItem, Side)> {
    let mut items = Vec::new();
    for condition in [
        Condition::AchillesMidportion,
        Condition::AchillesInsertional,
        Condition::AchillesLocationUnknown,
        Condition::ProximalHamstring,
    ] {
        for &protocol in Protocol::allowed_for(condition) {
            for level in 1..=protocol.level_count() {
                for eased in [false, true] {
                    for side in [Side::Left, Side::Right, Side::Both] {
                        for week in [1, 6, 13, 30] {
                            for sessions in [2, 7] {
                                let position = Position {
                                    protocol,
                                    level,
                                    weeks_at_level: 0,
                                    eased,
                                };
                                let Ok(plan) = plan_for(position, condition, side, sessions, week)
                                else {
                                    continue;
                                };
                                for item in plan.items {
                                    items.push((item, side));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    items
}

/// A point of the drawing (y down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// Reads "x,y x,y".
pub fn points(text: &str) -> Vec<Point> {
    text.split_whitespace()
        .map(|pair| {
            let (x, y) = pair.split_once(',').expect("x,y");
            Point {
                x: x.parse().expect("a number"),
                y: y.parse().expect("a number"),
            }
        })
        .collect()
}

/// The bend at `joint`, in degrees: 0 when the two segments are in line.
pub fn bend(a: Point, joint: Point, b: Point) -> f32 {
    let (ux, uy) = (a.x - joint.x, a.y - joint.y);
    let (vx, vy) = (b.x - joint.x, b.y - joint.y);
    let cos = (ux * vx + uy * vy) / ((ux * ux + uy * uy).sqrt() * (vx * vx + vy * vy).sqrt());
    180.0 - cos.clamp(-1.0, 1.0).acos().to_degrees()
}

/// What the drawing says, read from the SVG text.
#[derive(Debug)]
pub struct Drawn {
    /// The root's `role`.
    pub role: String,
    /// `<title>` and `<desc>` texts.
    pub title: String,
    pub desc: String,
    /// The label beside the figure.
    pub label: String,
    /// `data-legs`.
    pub legs: String,
    /// The surface line's y.
    pub surface_y: f32,
    /// The working leg's points in every keyframe, with the keyframe's time in seconds.
    pub working_leg: Vec<(f32, Vec<Point>)>,
    /// The head's y in every keyframe.
    pub head_y: Vec<f32>,
    /// Every limb's points (free leg, trunk, arm, working leg) in every keyframe.
    pub whole_figure: Vec<Vec<Point>>,
    /// The still frame's end and (ghosted) start figure, every limb in the same order.
    pub still_end: Vec<Point>,
    pub still_start: Vec<Point>,
    /// The stroke colours of the working and the free leg.
    pub working_colour: String,
    pub free_colour: String,
    /// True when the still frame is shown for reduced motion.
    pub still_for_reduced_motion: bool,
}

fn attribute<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> &'a str {
    node.attribute(name)
        .unwrap_or_else(|| panic!("<{}> has {name}", node.tag_name().name()))
}

/// Parses a rendered demonstration.
pub fn read(svg: &str) -> Drawn {
    let document = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let find = |predicate: &dyn Fn(roxmltree::Node) -> bool| {
        root.descendants()
            .find(|node| predicate(*node))
            .expect("the element is drawn")
    };
    let text_of = |name: &str| {
        find(&|node| node.tag_name().name() == name)
            .text()
            .unwrap_or_default()
            .to_string()
    };
    let moving = find(&|node| node.attribute("class") == Some("demo-moving"));
    let leg = moving
        .children()
        .find(|node| node.attribute("data-limb") == Some("working-leg"))
        .expect("a working leg");
    let free = moving
        .children()
        .find(|node| node.attribute("data-limb") == Some("free-leg"))
        .expect("a free leg");
    let animate = leg
        .children()
        .find(|node| node.tag_name().name() == "animate")
        .expect("the leg is animated");
    assert_eq!(attribute(animate, "attributeName"), "points");
    let duration: f32 = attribute(animate, "dur")
        .trim_end_matches('s')
        .parse()
        .expect("seconds");
    let times: Vec<f32> = attribute(animate, "keyTimes")
        .split(';')
        .map(|time| time.parse::<f32>().expect("a key time") * duration)
        .collect();
    let frames: Vec<Vec<Point>> = attribute(animate, "values")
        .split(';')
        .map(points)
        .collect();
    assert_eq!(times.len(), frames.len(), "one key time per frame");
    let head = moving
        .children()
        .find(|node| node.attribute("data-limb") == Some("head"))
        .expect("a head");
    let head_y = head
        .children()
        .find(|node| node.attribute("attributeName") == Some("cy"))
        .map(|animate| {
            attribute(animate, "values")
                .split(';')
                .map(|value| value.parse().expect("a number"))
                .collect()
        })
        .expect("the head is animated");
    let mut whole_figure = vec![Vec::new(); frames.len()];
    for limb in moving
        .children()
        .filter(|node| node.tag_name().name() == "polyline")
    {
        let animate = limb
            .children()
            .find(|node| node.tag_name().name() == "animate")
            .expect("every limb is animated");
        for (frame, values) in attribute(animate, "values").split(';').enumerate() {
            whole_figure[frame].extend(points(values));
        }
    }
    let still_leg = |pose: &str| {
        let group = find(&|node| node.attribute("data-pose") == Some(pose));
        group
            .children()
            .filter(|node| node.tag_name().name() == "polyline")
            .flat_map(|limb| points(attribute(limb, "points")))
            .collect::<Vec<_>>()
    };
    let style = text_of("style");
    let surface = find(&|node| node.attribute("data-part") == Some("surface"));
    Drawn {
        role: attribute(root, "role").to_string(),
        title: text_of("title"),
        desc: text_of("desc"),
        label: find(&|node| node.attribute("data-part") == Some("legs"))
            .text()
            .unwrap_or_default()
            .to_string(),
        legs: attribute(root, "data-legs").to_string(),
        surface_y: attribute(surface, "y1").parse().expect("a number"),
        working_leg: times.into_iter().zip(frames).collect(),
        whole_figure,
        head_y,
        still_end: still_leg("end"),
        still_start: still_leg("start"),
        working_colour: attribute(leg, "stroke").to_string(),
        free_colour: attribute(free, "stroke").to_string(),
        still_for_reduced_motion: style.contains("prefers-reduced-motion: reduce")
            && style.contains(".demo-moving{display:none}"),
    }
}

/// How dark a `#rrggbb` colour is: 0 black to 1 white.
pub fn lightness(colour: &str) -> f32 {
    let hex = colour.trim_start_matches('#');
    let channel = |at: usize| {
        f32::from(u8::from_str_radix(&hex[at..at + 2], 16).expect("hex colour")) / 255.0
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}
