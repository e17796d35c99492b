//! The charts of the patient record and the progress report, drawn with the patient area's SVG
//! charts from the same progress numbers the patient sees.

use jiff::civil::Date;
use tendo_app::patient::progress::Progress;
use tendo_core::questionnaire::RECOVERED_SCORE;

use crate::patient::charts::{
    Bar, BarChart, LineChart, Mark, Reference, Series, bar_chart, line_chart,
};

/// The record's charts as SVG markup.
pub struct Charts {
    /// Pain during, after and the next morning.
    pub pain: String,
    /// Sessions done as a share of those planned, by week.
    pub adherence: String,
    /// The questionnaire scores.
    pub scores: String,
}

/// Draws the charts of `progress` up to `today`; `prefix` keeps the ids unique on a page.
pub fn charts(progress: &Progress, today: Date, prefix: &str) -> Charts {
    let from = progress
        .pain
        .first()
        .map(|point| point.date)
        .or_else(|| progress.weeks.first().map(|week| week.week_start))
        .unwrap_or(today);
    let pain_series =
        |name: &str,
         colour,
         mark,
         pick: fn(&tendo_app::patient::progress::PainPoint) -> Option<u8>| Series {
            name: name.into(),
            points: progress
                .pain
                .iter()
                .filter_map(|point| pick(point).map(|value| (point.date, f64::from(value))))
                .collect(),
            colour,
            mark,
        };
    let pain = line_chart(&LineChart {
        id: format!("{prefix}pain-chart"),
        title: "Pain around training".into(),
        desc: format!(
            "Pain during training, straight after and the next morning, from 0 to 10, for {} \
             training days, with the 5 out of 10 limit marked.",
            progress.pain.len()
        ),
        from,
        to: today,
        y_min: 0.0,
        y_max: 10.0,
        y_ticks: vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0],
        series: vec![
            pain_series("During", "#0b5cad", Mark::Circle, |point| {
                Some(point.during)
            }),
            pain_series("After", "#6b3fa0", Mark::Square, |point| Some(point.after)),
            pain_series("Next morning", "#8a4b00", Mark::Diamond, |point| {
                point.morning
            }),
        ],
        references: vec![Reference {
            value: 5.0,
            label: "5/10 limit".into(),
        }],
    });
    let adherence = bar_chart(&BarChart {
        id: format!("{prefix}adherence-chart"),
        title: "Sessions done by week".into(),
        desc: "Sessions done as a share of the sessions planned, each week, in per cent.".into(),
        y_max: 100.0,
        y_ticks: vec![0.0, 50.0, 100.0],
        bars: progress
            .weeks
            .iter()
            .map(|week| Bar {
                label: week.week_start.strftime("%-d %b").to_string(),
                value: f64::from(week.adherence_percent()),
                value_label: format!("{} of {}", week.sessions_done, week.sessions_due),
            })
            .collect(),
        colour: "#1d6b35",
        references: Vec::new(),
    });
    let name = progress.questionnaire.name();
    let scores = line_chart(&LineChart {
        id: format!("{prefix}score-chart"),
        title: format!("{name} score over time"),
        desc: format!(
            "{name} scores from 0 to 100, where 100 means no symptoms, with the recovered line \
             at {RECOVERED_SCORE}."
        ),
        from: progress
            .scores
            .first()
            .map(|point| point.date)
            .unwrap_or(from),
        to: today,
        y_min: 0.0,
        y_max: 100.0,
        y_ticks: vec![0.0, 25.0, 50.0, 75.0, 100.0],
        series: vec![Series {
            name: name.into(),
            points: progress
                .scores
                .iter()
                .map(|point| (point.date, f64::from(point.score)))
                .collect(),
            colour: "#0b5cad",
            mark: Mark::Circle,
        }],
        references: vec![Reference {
            value: f64::from(RECOVERED_SCORE),
            label: format!("{RECOVERED_SCORE}: recovered"),
        }],
    });
    Charts {
        pain,
        adherence,
        scores,
    }
}
