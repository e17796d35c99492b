//! A demonstration drawn as an accessible, animated SVG: `role="img"` with a title and a
//! description (the text alternative), the figure moving between its two poses with SMIL
//! `<animate>` at the prescribed timing, and a still frame (the end pose over a ghosted start
//! pose) shown instead when the person prefers reduced motion or asks for a still picture.
//!
//! Every limb is a `<polyline>` named by `data-limb` (`working-leg`, `free-leg`, `trunk`,
//! `arm`); its points are hip, knee, ankle, heel, ball of the foot and toes for a leg. The
//! surface line is `data-part="surface"`. Tests read these back.

use std::fmt::Write;

use super::figure::{Figure, HEAD_RADIUS, Point};
use super::{Demonstration, Legs, Pose, Posture, Prop, Surface};

/// The width of the drawing.
const WIDTH: f32 = 240.0;
/// The least height of the drawing.
const MIN_HEIGHT: f32 = 110.0;
/// The height of the drawing of a leg press, whose figure is turned on its side.
const LEG_PRESS_HEIGHT: f32 = 220.0;
/// Room below the surface line for a step or a box.
const BELOW_SURFACE: f32 = 30.0;
/// Room above the figure.
const ABOVE_FIGURE: f32 = 8.0;
/// Frames drawn for each moving part of a repetition.
const FRAMES_PER_MOVE: usize = 6;
/// The height of a step or plate under the surface line.
const STEP_HEIGHT: f32 = 12.0;
/// The height of the box of a step-up.
const BOX_HEIGHT: f32 = 22.0;

/// The working leg's colour: the darkest line of the drawing.
pub const WORKING_COLOUR: &str = "#10243e";
/// The colour of the trunk, arms and head.
const BODY_COLOUR: &str = "#5b6472";
/// The colour of a leg that does not work.
pub const FREE_COLOUR: &str = "#b7bdc6";

/// One frame of the animation: when (seconds from the start) and the pose.
#[derive(Clone, Copy, Debug)]
struct Frame {
    at: f32,
    pose: Pose,
}

/// The frames of one repetition: to the end pose, held, back, paused.
fn frames(demo: &Demonstration) -> Vec<Frame> {
    let timing = demo.timing;
    let mut frames = vec![Frame {
        at: 0.0,
        pose: demo.start,
    }];
    let steps = FRAMES_PER_MOVE as f32;
    for step in 1..=FRAMES_PER_MOVE {
        let t = step as f32 / steps;
        frames.push(Frame {
            at: timing.to_end * t,
            pose: demo.pose_at(t),
        });
    }
    if timing.hold > 0.0 {
        frames.push(Frame {
            at: timing.to_end + timing.hold,
            pose: demo.end,
        });
    }
    let back_from = timing.to_end + timing.hold;
    for step in 1..=FRAMES_PER_MOVE {
        let t = step as f32 / steps;
        frames.push(Frame {
            at: back_from + timing.to_start * t,
            pose: demo.pose_at(1.0 - t),
        });
    }
    if timing.pause > 0.0 {
        frames.push(Frame {
            at: timing.total(),
            pose: demo.start,
        });
    }
    frames
}

/// Where model points go in the drawing.
struct Canvas {
    /// Added to x.
    offset_x: f32,
    /// The surface line's y in the drawing.
    surface_y: f32,
    height: f32,
}

impl Canvas {
    fn fit(demo: &Demonstration, figures: &[Figure]) -> Canvas {
        let points = figures.iter().flat_map(all_points);
        let (mut min_x, mut max_x, mut max_y) = (f32::MAX, f32::MIN, 0.0_f32);
        for point in points {
            min_x = min_x.min(point.x);
            max_x = max_x.max(point.x);
            max_y = max_y.max(point.y);
        }
        max_y += HEAD_RADIUS;
        let height = if demo.posture == Posture::LegPress {
            LEG_PRESS_HEIGHT
        } else {
            (max_y + ABOVE_FIGURE + BELOW_SURFACE).max(MIN_HEIGHT)
        };
        Canvas {
            offset_x: WIDTH / 2.0 - (min_x + max_x) / 2.0,
            surface_y: height - BELOW_SURFACE,
            height,
        }
    }

    fn x(&self, point: Point) -> f32 {
        point.x + self.offset_x
    }

    fn y(&self, point: Point) -> f32 {
        self.surface_y - point.y
    }

    fn points(&self, points: &[Point]) -> String {
        points
            .iter()
            .map(|point| format!("{:.1},{:.1}", self.x(*point), self.y(*point)))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn all_points(figure: &Figure) -> Vec<Point> {
    let mut points = Vec::new();
    points.extend(figure.working_leg);
    points.extend(figure.free_leg);
    points.extend(figure.trunk);
    points.extend(figure.arm);
    points.push(figure.head);
    points
}

/// A limb as drawn: its name, colour, line width and its points in a figure.
type Limb = (&'static str, &'static str, f32, fn(&Figure) -> Vec<Point>);

/// The limbs drawn, back to front: name, colour, width and the points of a figure.
fn limbs(demo: &Demonstration) -> Vec<Limb> {
    let free_colour = if demo.legs == Legs::Two {
        WORKING_COLOUR
    } else {
        FREE_COLOUR
    };
    vec![
        ("free-leg", free_colour, 5.0, |figure| {
            figure.free_leg.to_vec()
        }),
        ("trunk", BODY_COLOUR, 6.0, |figure| figure.trunk.to_vec()),
        ("arm", BODY_COLOUR, 4.0, |figure| figure.arm.to_vec()),
        ("working-leg", WORKING_COLOUR, 6.0, |figure| {
            figure.working_leg.to_vec()
        }),
    ]
}

/// Escapes text for XML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Draws a demonstration. `id` makes the title and description ids unique on a page.
pub fn render(demo: &Demonstration, id: &str) -> String {
    let frames = frames(demo);
    let figures: Vec<Figure> = frames
        .iter()
        .map(|frame| demo.figure(&frame.pose))
        .collect();
    let canvas = Canvas::fit(demo, &figures);
    let total = demo.timing.total();
    let key_times = frames
        .iter()
        .map(|frame| format!("{:.4}", frame.at / total))
        .collect::<Vec<_>>()
        .join(";");
    let animate = |attribute: &str, values: &str| {
        format!(
            "<animate attributeName=\"{attribute}\" dur=\"{}s\" repeatCount=\"indefinite\" \
             calcMode=\"linear\" keyTimes=\"{key_times}\" values=\"{values}\"/>",
            format_seconds(total)
        )
    };
    let id = escape(id);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"demonstration\" viewBox=\"0 0 {WIDTH} \
         {height:.0}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         data-exercise=\"{exercise}\" data-legs=\"{legs}\" data-surface=\"{surface}\" \
         data-to-end=\"{to_end}\" data-hold=\"{hold}\" data-to-start=\"{to_start}\" \
         data-pause=\"{pause}\" data-lowers-to-end=\"{lowers}\">",
        height = canvas.height,
        exercise = escape(&demo.exercise),
        legs = demo.legs.id(),
        surface = surface_id(demo.surface),
        to_end = format_seconds(demo.timing.to_end),
        hold = format_seconds(demo.timing.hold),
        to_start = format_seconds(demo.timing.to_start),
        pause = format_seconds(demo.timing.pause),
        lowers = demo.lowers_to_end,
    );
    let _ = write!(
        svg,
        "<title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(demo.title),
        escape(&demo.text_alternative())
    );
    svg.push_str(
        "<style>.demo-still{display:none}@media (prefers-reduced-motion: reduce)\
         {.demo-moving{display:none}.demo-still{display:inline}}</style>",
    );
    let scene = if demo.posture == Posture::LegPress {
        let centre = WIDTH / 2.0;
        format!(" transform=\"rotate(-90 {centre} {centre})\"")
    } else {
        String::new()
    };
    let _ = write!(svg, "<g data-part=\"scene\"{scene}>");
    draw_surface(&mut svg, demo, &canvas, &figures);

    // The moving figure.
    svg.push_str("<g class=\"demo-moving\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">");
    for (name, colour, width, points) in limbs(demo) {
        let values = figures
            .iter()
            .map(|figure| canvas.points(&points(figure)))
            .collect::<Vec<_>>()
            .join(";");
        let _ = write!(
            svg,
            "<polyline data-limb=\"{name}\" stroke=\"{colour}\" stroke-width=\"{width}\" \
             points=\"{}\">{}</polyline>",
            canvas.points(&points(&figures[0])),
            animate("points", &values)
        );
    }
    let head_x: Vec<String> = figures
        .iter()
        .map(|figure| format!("{:.1}", canvas.x(figure.head)))
        .collect();
    let head_y: Vec<String> = figures
        .iter()
        .map(|figure| format!("{:.1}", canvas.y(figure.head)))
        .collect();
    let _ = write!(
        svg,
        "<circle data-limb=\"head\" r=\"{HEAD_RADIUS}\" fill=\"{BODY_COLOUR}\" cx=\"{}\" \
         cy=\"{}\">{}{}</circle>",
        head_x[0],
        head_y[0],
        animate("cx", &head_x.join(";")),
        animate("cy", &head_y.join(";"))
    );
    draw_prop(&mut svg, demo, &canvas, &figures, Some(&animate));
    svg.push_str("</g>");

    // The still frame: the end pose over a ghosted start pose.
    let start = demo.figure(&demo.start);
    let end = demo.figure(&demo.end);
    svg.push_str(
        "<g class=\"demo-still\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">",
    );
    for (pose, figure) in [("start", &start), ("end", &end)] {
        let opacity = if pose == "start" {
            " opacity=\"0.3\""
        } else {
            ""
        };
        let _ = write!(svg, "<g data-pose=\"{pose}\"{opacity}>");
        for (name, colour, width, points) in limbs(demo) {
            let _ = write!(
                svg,
                "<polyline data-limb=\"{name}\" stroke=\"{colour}\" stroke-width=\"{width}\" \
                 points=\"{}\"/>",
                canvas.points(&points(figure))
            );
        }
        let _ = write!(
            svg,
            "<circle data-limb=\"head\" r=\"{HEAD_RADIUS}\" fill=\"{BODY_COLOUR}\" \
             cx=\"{:.1}\" cy=\"{:.1}\"/>",
            canvas.x(figure.head),
            canvas.y(figure.head)
        );
        draw_prop(&mut svg, demo, &canvas, std::slice::from_ref(figure), None);
        svg.push_str("</g>");
    }
    svg.push_str("</g></g>");
    let _ = write!(
        svg,
        "<text data-part=\"legs\" x=\"8\" y=\"18\" font-size=\"14\" font-family=\"sans-serif\" \
         font-weight=\"bold\" fill=\"{WORKING_COLOUR}\">{}</text></svg>",
        demo.legs.label()
    );
    svg
}

/// `floor`, `step-edge`, `flat-plate`, `plate-edge` or `box`.
pub fn surface_id(surface: Surface) -> &'static str {
    match surface {
        Surface::Floor => "floor",
        Surface::StepEdge => "step-edge",
        Surface::FlatPlate => "flat-plate",
        Surface::PlateEdge => "plate-edge",
        Surface::Box => "box",
    }
}

/// "3", "1.5".
fn format_seconds(value: f32) -> String {
    let rounded = (value * 1000.0).round() / 1000.0;
    format!("{rounded}")
}

/// The floor, step, plate, box or seat.
fn draw_surface(svg: &mut String, demo: &Demonstration, canvas: &Canvas, figures: &[Figure]) {
    let ground = "fill=\"#e4e7eb\" stroke=\"#8a929c\" stroke-width=\"1\"";
    let y = canvas.surface_y;
    let ball_x = figures
        .first()
        .map(|figure| canvas.x(figure.working_leg[4]))
        .unwrap_or(WIDTH / 2.0);
    let line = |svg: &mut String, from: f32, to: f32, part: &str, y: f32| {
        let _ = write!(
            svg,
            "<line data-part=\"{part}\" x1=\"{from:.1}\" y1=\"{y:.1}\" x2=\"{to:.1}\" \
             y2=\"{y:.1}\" stroke=\"#8a929c\" stroke-width=\"2\"/>"
        );
    };
    match demo.surface {
        Surface::Floor => line(svg, 4.0, WIDTH - 4.0, "surface", y),
        Surface::StepEdge => {
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{STEP_HEIGHT}\" {ground}/>",
                ball_x - 1.0,
                WIDTH - ball_x - 3.0
            );
            line(svg, ball_x - 1.0, WIDTH - 4.0, "surface", y);
            line(svg, 4.0, WIDTH - 4.0, "floor", y + STEP_HEIGHT);
        }
        Surface::FlatPlate | Surface::PlateEdge => {
            let back = if demo.surface == Surface::FlatPlate {
                24.0
            } else {
                1.0
            };
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"6\" fill=\"#8a929c\"/>",
                ball_x - back,
                back + 14.0
            );
            line(svg, ball_x - back, ball_x + 13.0, "surface", y);
            if demo.posture != Posture::LegPress {
                line(svg, 4.0, WIDTH - 4.0, "floor", y + STEP_HEIGHT);
            }
        }
        Surface::Box => {
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"44\" height=\"{BOX_HEIGHT}\" {ground}/>",
                ball_x - 24.0
            );
            line(svg, ball_x - 24.0, ball_x + 20.0, "surface", y);
            line(svg, 4.0, WIDTH - 4.0, "floor", y + BOX_HEIGHT);
        }
    }
    if demo.posture == Posture::Seated
        && let Some(figure) = figures.first()
    {
        let hip = figure.trunk[0];
        let top = canvas.y(hip) + 7.0;
        let floor = y + if demo.surface == Surface::Floor {
            0.0
        } else {
            STEP_HEIGHT
        };
        let _ = write!(
            svg,
            "<rect data-part=\"seat\" x=\"{:.1}\" y=\"{top:.1}\" width=\"36\" \
             height=\"{:.1}\" {ground}/>",
            canvas.x(hip) - 24.0,
            (floor - top).max(1.0)
        );
    }
}

/// A function that writes an `<animate>` element for an attribute and its values.
type Animate<'a> = &'a dyn Fn(&str, &str) -> String;

/// The weight, bar, ball or band, following the figure.
fn draw_prop(
    svg: &mut String,
    demo: &Demonstration,
    canvas: &Canvas,
    figures: &[Figure],
    animate: Option<Animate<'_>>,
) {
    let (anchor, radius, fill): (fn(&Figure) -> Point, f32, &str) = match demo.prop {
        Prop::None => return,
        Prop::HandWeight => (|figure| figure.arm[2], 5.0, BODY_COLOUR),
        Prop::Barbell => (|figure| figure.arm[0], 6.0, BODY_COLOUR),
        Prop::KneeWeight => (|figure| figure.working_leg[1], 6.0, BODY_COLOUR),
        Prop::GymBall => {
            if let Some(last) = figures.last() {
                let hand = last.arm[2];
                let _ = write!(
                    svg,
                    "<circle data-part=\"prop\" r=\"16\" cx=\"{:.1}\" cy=\"{:.1}\" fill=\"none\" \
                     stroke=\"{BODY_COLOUR}\" stroke-width=\"2\"/>",
                    canvas.x(hand) + 8.0,
                    canvas.surface_y - 16.0
                );
            }
            return;
        }
        Prop::Band => {
            let xs: Vec<String> = figures
                .iter()
                .map(|figure| format!("{:.1}", canvas.x(figure.arm[2])))
                .collect();
            let ys: Vec<String> = figures
                .iter()
                .map(|figure| format!("{:.1}", canvas.y(figure.arm[2])))
                .collect();
            let inner = animate
                .map(|animate| {
                    format!(
                        "{}{}",
                        animate("x1", &xs.join(";")),
                        animate("y1", &ys.join(";"))
                    )
                })
                .unwrap_or_default();
            let _ = write!(
                svg,
                "<line data-part=\"prop\" x1=\"{}\" y1=\"{}\" x2=\"{:.1}\" y2=\"{}\" \
                 stroke=\"{BODY_COLOUR}\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\">{inner}</line>",
                xs[0],
                ys[0],
                WIDTH - 4.0,
                ys[0]
            );
            return;
        }
    };
    let xs: Vec<String> = figures
        .iter()
        .map(|figure| format!("{:.1}", canvas.x(anchor(figure))))
        .collect();
    let ys: Vec<String> = figures
        .iter()
        .map(|figure| format!("{:.1}", canvas.y(anchor(figure))))
        .collect();
    let inner = animate
        .map(|animate| {
            format!(
                "{}{}",
                animate("cx", &xs.join(";")),
                animate("cy", &ys.join(";"))
            )
        })
        .unwrap_or_default();
    let _ = write!(
        svg,
        "<circle data-part=\"prop\" r=\"{radius}\" cx=\"{}\" cy=\"{}\" fill=\"{fill}\">{inner}</circle>",
        xs[0], ys[0]
    );
}
