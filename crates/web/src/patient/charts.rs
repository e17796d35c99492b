//! Charts drawn on the server as SVG: pure functions from data points to markup.
//!
//! Every chart is an image with a role, a `<title>` and a `<desc>` that say what it shows; the
//! page puts a table with the same numbers beside it. Series differ by shape and dash as well as
//! colour, so that they can be told apart without colour.

use std::fmt::Write;

use jiff::civil::Date;

/// The drawing's width in SVG units (it scales to the screen).
const WIDTH: f64 = 600.0;
/// The drawing's height.
const HEIGHT: f64 = 260.0;
/// Room for the y labels.
const LEFT: f64 = 44.0;
/// Room on the right.
const RIGHT: f64 = 12.0;
/// Room above.
const TOP: f64 = 16.0;
/// Room for the x labels and the legend.
const BOTTOM: f64 = 56.0;

/// How a series is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Circles on a solid line.
    Circle,
    /// Squares on a dashed line.
    Square,
    /// Diamonds on a dotted line.
    Diamond,
}

/// One line of a line chart.
#[derive(Clone, Debug)]
pub struct Series {
    /// Its name, for the legend.
    pub name: String,
    /// The points, oldest first.
    pub points: Vec<(Date, f64)>,
    /// Its colour.
    pub colour: &'static str,
    /// Its marks and dash.
    pub mark: Mark,
}

/// A horizontal line that matters, such as the 5/10 pain limit.
#[derive(Clone, Debug)]
pub struct Reference {
    /// Its value.
    pub value: f64,
    /// What it means, written beside it.
    pub label: String,
}

/// A chart of values over time.
#[derive(Clone, Debug)]
pub struct LineChart {
    /// A unique id on the page, for the title and description.
    pub id: String,
    /// The title.
    pub title: String,
    /// A description of what it shows.
    pub desc: String,
    /// The first day shown.
    pub from: Date,
    /// The last day shown.
    pub to: Date,
    /// The lowest value.
    pub y_min: f64,
    /// The highest value.
    pub y_max: f64,
    /// Values at which to draw grid lines.
    pub y_ticks: Vec<f64>,
    /// The lines.
    pub series: Vec<Series>,
    /// Reference lines.
    pub references: Vec<Reference>,
}

/// One bar of a bar chart.
#[derive(Clone, Debug)]
pub struct Bar {
    /// The label under it.
    pub label: String,
    /// Its value.
    pub value: f64,
    /// The value in words, written on it.
    pub value_label: String,
}

/// A bar chart, one bar per week.
#[derive(Clone, Debug)]
pub struct BarChart {
    /// A unique id on the page.
    pub id: String,
    /// The title.
    pub title: String,
    /// A description of what it shows.
    pub desc: String,
    /// The highest value of the scale.
    pub y_max: f64,
    /// Values at which to draw grid lines.
    pub y_ticks: Vec<f64>,
    /// The bars, oldest first.
    pub bars: Vec<Bar>,
    /// Its colour.
    pub colour: &'static str,
    /// Reference lines.
    pub references: Vec<Reference>,
}

/// Escapes text for SVG.
fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"']) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;"),
    )
}

/// A number with at most one decimal, without a trailing `.0`. Written from whole tenths and
/// straight into the drawing: the charts write thousands of coordinates, and a float's
/// fixed-precision formatting (or a string for each) is many times slower than an integer's.
fn num(value: f64) -> Num {
    Num(value)
}

/// A number as [`num`] writes it.
#[derive(Clone, Copy)]
struct Num(f64);

impl std::fmt::Display for Num {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = self.0;
        let tenths = (value * 10.0).round();
        if !tenths.is_finite() || tenths.abs() >= 1e15 {
            return write!(out, "{value}");
        }
        // In range, so exact as an integer.
        #[allow(clippy::cast_possible_truncation)]
        let tenths = tenths as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let (whole, tenth) = (tenths.abs() / 10, tenths.abs() % 10);
        if tenth == 0 {
            write!(out, "{sign}{whole}")
        } else {
            write!(out, "{sign}{whole}.{tenth}")
        }
    }
}

fn open(out: &mut String, id: &str, title: &str, desc: &str) {
    let id = escape(id);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" focusable=\"false\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(desc)
    );
}

fn y_of(value: f64, min: f64, max: f64) -> f64 {
    let span = if max > min { max - min } else { 1.0 };
    let share = ((value - min) / span).clamp(0.0, 1.0);
    TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - share)
}

fn grid(out: &mut String, ticks: &[f64], min: f64, max: f64) {
    for tick in ticks {
        let y = num(y_of(*tick, min, max));
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#c9d1d9\" stroke-width=\"1\"/>\
             <text x=\"{}\" y=\"{y}\" font-size=\"12\" text-anchor=\"end\" dominant-baseline=\"middle\" fill=\"#4a5560\">{}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            num(*tick)
        );
    }
}

fn references(out: &mut String, references: &[Reference], min: f64, max: f64) {
    for reference in references {
        let y = num(y_of(reference.value, min, max));
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#a3161a\" stroke-width=\"2\" stroke-dasharray=\"8 4\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\" fill=\"#a3161a\">{}</text>",
            WIDTH - RIGHT,
            WIDTH - RIGHT,
            num(y_of(reference.value, min, max) - 4.0),
            escape(&reference.label)
        );
    }
}

fn dash(mark: Mark) -> &'static str {
    match mark {
        Mark::Circle => "",
        Mark::Square => " stroke-dasharray=\"6 4\"",
        Mark::Diamond => " stroke-dasharray=\"2 3\"",
    }
}

fn marker(out: &mut String, mark: Mark, x: f64, y: f64, colour: &str, label: &str) {
    let _ = match mark {
        Mark::Circle => write!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{colour}\">",
            num(x),
            num(y)
        ),
        Mark::Square => write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"8\" height=\"8\" fill=\"{colour}\">",
            num(x - 4.0),
            num(y - 4.0)
        ),
        Mark::Diamond => write!(
            out,
            "<polygon points=\"{},{} {},{} {},{} {},{}\" fill=\"{colour}\">",
            num(x),
            num(y - 5.0),
            num(x + 5.0),
            num(y),
            num(x),
            num(y + 5.0),
            num(x - 5.0),
            num(y)
        ),
    };
    let end = match mark {
        Mark::Circle => "</circle>",
        Mark::Square => "</rect>",
        Mark::Diamond => "</polygon>",
    };
    let _ = write!(out, "<title>{}</title>{end}", escape(label));
}

fn legend(out: &mut String, entries: &[(String, &str, Option<Mark>)]) {
    let y = HEIGHT - 12.0;
    let mut x = LEFT;
    for (name, colour, mark) in entries {
        match mark {
            Some(mark) => {
                let _ = write!(
                    out,
                    "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"2\"{}/>",
                    num(x),
                    num(x + 22.0),
                    dash(*mark)
                );
                marker(out, *mark, x + 11.0, y, colour, name);
            }
            None => {
                let _ = write!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"10\" fill=\"{colour}\"/>",
                    num(x + 4.0),
                    num(y - 5.0)
                );
            }
        }
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{y}\" font-size=\"12\" dominant-baseline=\"middle\" fill=\"#1b1f24\">{}</text>",
            num(x + 28.0),
            escape(name)
        );
        x += 28.0 + 7.0 * name.chars().count() as f64 + 16.0;
    }
}

/// Draws a line chart.
pub fn line_chart(chart: &LineChart) -> String {
    let mut out = String::new();
    open(&mut out, &chart.id, &chart.title, &chart.desc);
    grid(&mut out, &chart.y_ticks, chart.y_min, chart.y_max);
    let days = (chart.to - chart.from).get_days().max(1);
    let x_of = |date: Date| {
        let offset = f64::from((date - chart.from).get_days().clamp(0, days));
        LEFT + (WIDTH - LEFT - RIGHT) * offset / f64::from(days)
    };
    let axis_y = num(HEIGHT - BOTTOM);
    let _ = write!(
        out,
        "<line x1=\"{LEFT}\" y1=\"{axis_y}\" x2=\"{}\" y2=\"{axis_y}\" stroke=\"#1b1f24\" stroke-width=\"1\"/>",
        WIDTH - RIGHT
    );
    for (date, anchor) in [(chart.from, "start"), (chart.to, "end")] {
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"{anchor}\" fill=\"#4a5560\">{}</text>",
            num(x_of(date)),
            num(HEIGHT - BOTTOM + 16.0),
            date.strftime("%-d %b")
        );
    }
    references(&mut out, &chart.references, chart.y_min, chart.y_max);
    for series in &chart.series {
        if series.points.is_empty() {
            continue;
        }
        out.push_str("<polyline points=\"");
        for (index, (date, value)) in series.points.iter().enumerate() {
            let _ = write!(
                out,
                "{}{},{}",
                if index == 0 { "" } else { " " },
                num(x_of(*date)),
                num(y_of(*value, chart.y_min, chart.y_max))
            );
        }
        let _ = write!(
            out,
            "\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}/>",
            series.colour,
            dash(series.mark)
        );
        for (date, value) in &series.points {
            let label = format!(
                "{}, {}: {}",
                series.name,
                date.strftime("%-d %b"),
                num(*value)
            );
            marker(
                &mut out,
                series.mark,
                x_of(*date),
                y_of(*value, chart.y_min, chart.y_max),
                series.colour,
                &label,
            );
        }
    }
    let entries: Vec<(String, &str, Option<Mark>)> = chart
        .series
        .iter()
        .map(|series| (series.name.clone(), series.colour, Some(series.mark)))
        .collect();
    legend(&mut out, &entries);
    out.push_str("</svg>");
    out
}

/// Draws a bar chart.
pub fn bar_chart(chart: &BarChart) -> String {
    let mut out = String::new();
    open(&mut out, &chart.id, &chart.title, &chart.desc);
    grid(&mut out, &chart.y_ticks, 0.0, chart.y_max);
    let axis_y = HEIGHT - BOTTOM;
    let _ = write!(
        out,
        "<line x1=\"{LEFT}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#1b1f24\" stroke-width=\"1\"/>",
        num(axis_y),
        WIDTH - RIGHT,
        num(axis_y)
    );
    let count = chart.bars.len().max(1) as f64;
    let slot = (WIDTH - LEFT - RIGHT) / count;
    let width = (slot * 0.7).min(48.0);
    let label_every = (count / 8.0).ceil().max(1.0) as usize;
    for (index, bar) in chart.bars.iter().enumerate() {
        let x = LEFT + slot * index as f64 + (slot - width) / 2.0;
        let top = y_of(bar.value, 0.0, chart.y_max);
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {}</title></rect>",
            num(x),
            num(top),
            num(width),
            num((axis_y - top).max(0.0)),
            chart.colour,
            escape(&bar.label),
            escape(&bar.value_label)
        );
        if index % label_every == 0 {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#4a5560\">{}</text>",
                num(x + width / 2.0),
                num(axis_y + 16.0),
                escape(&bar.label)
            );
        }
    }
    references(&mut out, &chart.references, 0.0, chart.y_max);
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn numbers_are_written_to_one_decimal_without_a_trailing_zero() {
        let written: Vec<String> = [
            0.0, 5.0, 12.34, 12.35, 7.96, 0.04, -0.04, -3.25, 480.0, 1.5e6,
        ]
        .into_iter()
        .map(|value| num(value).to_string())
        .collect();
        assert_eq!(
            written,
            [
                "0", "5", "12.3", "12.4", "8", "0", "0", "-3.3", "480", "1500000"
            ]
        );
        // The same as fixed-precision formatting over the charts' range of coordinates.
        for hundredths in -5_000..200_000 {
            let value = f64::from(hundredths) / 100.0;
            let rounded = (value * 10.0).round() / 10.0;
            let fixed = format!("{rounded:.1}");
            let fixed = fixed.strip_suffix(".0").unwrap_or(&fixed);
            let fixed = if fixed == "-0" { "0" } else { fixed };
            assert_eq!(num(value).to_string(), fixed, "{value}");
        }
    }

    fn pain_chart() -> LineChart {
        LineChart {
            id: "pain".into(),
            title: "Pain around training".into(),
            desc: "Pain during, after and the next morning, 0 to 10, with the 5/10 limit.".into(),
            from: date(2026, 3, 2),
            to: date(2026, 3, 9),
            y_min: 0.0,
            y_max: 10.0,
            y_ticks: vec![0.0, 5.0, 10.0],
            series: vec![
                Series {
                    name: "During".into(),
                    points: vec![(date(2026, 3, 2), 3.0), (date(2026, 3, 4), 6.0)],
                    colour: "#0b5cad",
                    mark: Mark::Circle,
                },
                Series {
                    name: "Next morning".into(),
                    points: vec![(date(2026, 3, 2), 2.0)],
                    colour: "#8a4b00",
                    mark: Mark::Diamond,
                },
            ],
            references: vec![Reference {
                value: 5.0,
                label: "5/10 limit".into(),
            }],
        }
    }

    #[test]
    fn a_line_chart_is_an_accessible_image() {
        let svg = line_chart(&pain_chart());
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("aria-labelledby=\"pain-title pain-desc\""));
        assert!(svg.contains("<title id=\"pain-title\">Pain around training</title>"));
        assert!(
            svg.contains("During, 4 Mar: 6"),
            "each point names its value"
        );
        assert!(svg.contains("5/10 limit"));
        insta::assert_snapshot!("line_chart", svg);
    }

    #[test]
    fn a_bar_chart_draws_every_week() {
        let chart = BarChart {
            id: "adherence".into(),
            title: "Sessions done".into(),
            desc: "Sessions done of sessions due, by week, in per cent.".into(),
            y_max: 100.0,
            y_ticks: vec![0.0, 50.0, 100.0],
            bars: vec![
                Bar {
                    label: "2 Mar".into(),
                    value: 100.0,
                    value_label: "3 of 3".into(),
                },
                Bar {
                    label: "9 Mar".into(),
                    value: 33.3,
                    value_label: "1 of 3 <so far>".into(),
                },
            ],
            colour: "#1d6b35",
            references: Vec::new(),
        };
        let svg = bar_chart(&chart);
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("1 of 3 &lt;so far&gt;"), "text is escaped");
        insta::assert_snapshot!("bar_chart", svg);
    }

    #[test]
    fn values_outside_the_scale_stay_inside_the_drawing() {
        assert_eq!(y_of(-5.0, 0.0, 10.0), HEIGHT - BOTTOM);
        assert_eq!(y_of(50.0, 0.0, 10.0), TOP);
        assert_eq!(num(2.0).to_string(), "2");
        assert_eq!(num(2.25).to_string(), "2.3");
    }
}
