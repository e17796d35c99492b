//! `/progress`: pain, training load, questionnaire scores and adherence as charts with their
//! numbers, and the week in plain words.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use tendo_app::error::AppError;
use tendo_app::patient::progress::{self, Progress};
use tendo_core::questionnaire::RECOVERED_SCORE;

use super::{render_with, require_plan};
use crate::auth::{PageUser, Patients, RequireRole};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::patient::charts::{
    Bar, BarChart, LineChart, Mark, Reference, Series, bar_chart, line_chart,
};
use crate::patient::views::minutes;
use crate::state::AppState;

/// A row of the pain table.
pub struct PainRow {
    /// The day.
    pub date: String,
    /// During.
    pub during: u8,
    /// After.
    pub after: u8,
    /// Next morning, or a dash.
    pub morning: String,
}

/// A row of the weekly table.
pub struct WeekRow {
    /// The Monday.
    pub week: String,
    /// Sessions done of due.
    pub sessions: String,
    /// Repetitions.
    pub reps: u32,
    /// Hold time.
    pub holds: String,
    /// Estimated minutes under load.
    pub minutes: String,
    /// Volume load: kilograms × repetitions.
    pub volume: String,
}

#[derive(Template)]
#[template(path = "patient/progress.html")]
struct ProgressPage {
    chrome: Chrome,
    summary: Vec<String>,
    pain_chart: String,
    pain_rows: Vec<PainRow>,
    load_charts: Vec<String>,
    adherence_chart: String,
    week_rows: Vec<WeekRow>,
    questionnaire: &'static str,
    score_chart: String,
    score_rows: Vec<(String, u8)>,
}

/// The smallest "round" number at or above `value`.
/// The training-load charts that show this patient's work: weight lifted (kilograms ×
/// repetitions, the volume load, which heavy slow resistance raises week on week) when any set
/// carried a load, time held when any exercise is a hold, and repetitions for body-weight work
/// when there is neither.
fn load_charts(
    weeks: &[progress::WeekLoad],
    week_label: &dyn Fn(&progress::WeekLoad) -> String,
) -> Vec<String> {
    let chart = |id: &str,
                 title: &str,
                 desc: &str,
                 colour: &'static str,
                 value: &dyn Fn(&progress::WeekLoad) -> f64,
                 label: &dyn Fn(f64) -> String| {
        let top = nice_max(weeks.iter().map(value).fold(0.0, f64::max));
        bar_chart(&BarChart {
            id: id.into(),
            title: title.into(),
            desc: desc.into(),
            y_max: top,
            y_ticks: vec![0.0, top / 2.0, top],
            bars: weeks
                .iter()
                .map(|week| Bar {
                    label: week_label(week),
                    value: value(week),
                    value_label: label(value(week)),
                })
                .collect(),
            colour,
            references: Vec::new(),
        })
    };
    let mut charts = Vec::new();
    if weeks.iter().any(|week| week.volume_load_kg > 0.0) {
        charts.push(chart(
            "weight-chart",
            "Weight lifted by week",
            "Each week's repetitions times the weight added to them, in kilograms: it rises \
             as the weight goes up, even when the repetitions go down. The same numbers are in \
             the table below.",
            "#0b5cad",
            &|week| week.volume_load_kg,
            &|kg| format!("{kg:.0} kg lifted"),
        ));
    }
    if weeks.iter().any(|week| week.hold_seconds > 0) {
        charts.push(chart(
            "hold-chart",
            "Time held by week",
            "Minutes spent holding a position under load each week. The same numbers are in \
             the table below.",
            "#2f6f3e",
            &|week| f64::from(week.hold_seconds) / 60.0,
            &|held| format!("{} minutes held", minutes(held)),
        ));
    }
    if charts.is_empty() {
        charts.push(chart(
            "reps-chart",
            "Repetitions by week",
            "Repetitions done each week. The same numbers are in the table below.",
            "#0b5cad",
            &|week| f64::from(week.reps),
            &|reps| format!("{reps:.0} repetitions"),
        ));
    }
    charts
}

fn nice_max(value: f64) -> f64 {
    for step in [5.0, 10.0, 20.0, 30.0, 50.0, 100.0, 200.0, 500.0] {
        if value <= step {
            return step;
        }
    }
    (value / 100.0).ceil() * 100.0
}

fn charts(progress: &Progress, today: jiff::civil::Date) -> ProgressPage {
    let from = progress
        .pain
        .first()
        .map(|point| point.date)
        .or_else(|| progress.weeks.first().map(|week| week.week_start))
        .unwrap_or(today);
    let series =
        |name: &str, colour, mark, pick: &dyn Fn(&progress::PainPoint) -> Option<u8>| Series {
            name: name.into(),
            points: progress
                .pain
                .iter()
                .filter_map(|point| pick(point).map(|value| (point.date, f64::from(value))))
                .collect(),
            colour,
            mark,
        };
    let pain_chart = line_chart(&LineChart {
        id: "pain-chart".into(),
        title: "Pain around your training".into(),
        desc: format!(
            "Pain during training, straight after and the next morning, from 0 to 10, for {} \
             training days, with the 5 out of 10 limit marked. The same numbers are in the table \
             below.",
            progress.pain.len()
        ),
        from,
        to: today,
        y_min: 0.0,
        y_max: 10.0,
        y_ticks: vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0],
        series: vec![
            series("During", "#0b5cad", Mark::Circle, &|point| {
                Some(point.during)
            }),
            series("After", "#6b3fa0", Mark::Square, &|point| Some(point.after)),
            series("Next morning", "#8a4b00", Mark::Diamond, &|point| {
                point.morning
            }),
        ],
        references: vec![Reference {
            value: 5.0,
            label: "5/10 limit".into(),
        }],
    });
    let week_label = |week: &progress::WeekLoad| week.week_start.strftime("%-d %b").to_string();
    let load_charts = load_charts(&progress.weeks, &week_label);
    let adherence_chart = bar_chart(&BarChart {
        id: "adherence-chart".into(),
        title: "Sessions done by week".into(),
        desc: "Sessions done as a share of the sessions planned, each week, in per cent. The \
               same numbers are in the table below."
            .into(),
        y_max: 100.0,
        y_ticks: vec![0.0, 50.0, 100.0],
        bars: progress
            .weeks
            .iter()
            .map(|week| Bar {
                label: week_label(week),
                value: f64::from(week.adherence_percent()),
                value_label: format!("{} of {}", week.sessions_done, week.sessions_due),
            })
            .collect(),
        colour: "#1d6b35",
        references: Vec::new(),
    });
    let name = progress.questionnaire.name();
    let score_chart = line_chart(&LineChart {
        id: "score-chart".into(),
        title: format!("{name} score over time"),
        desc: format!(
            "Your {name} scores from 0 to 100, where 100 means no symptoms, with the recovered \
             line at {RECOVERED_SCORE}. The same numbers are in the table below."
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
    ProgressPage {
        chrome: Chrome::default(),
        summary: progress.summary.clone(),
        pain_chart,
        pain_rows: progress
            .pain
            .iter()
            .rev()
            .map(|point| PainRow {
                date: point.date.strftime("%a %-d %b").to_string(),
                during: point.during,
                after: point.after,
                morning: point
                    .morning
                    .map_or_else(|| "–".to_string(), |value| value.to_string()),
            })
            .collect(),
        load_charts,
        adherence_chart,
        week_rows: progress
            .weeks
            .iter()
            .rev()
            .map(|week| WeekRow {
                week: week.week_start.strftime("%-d %b %Y").to_string(),
                sessions: format!("{} of {}", week.sessions_done, week.sessions_due),
                reps: week.reps,
                holds: format!("{} min", minutes(f64::from(week.hold_seconds) / 60.0)),
                minutes: minutes(week.minutes_under_load),
                volume: format!("{:.0}", week.volume_load_kg),
            })
            .collect(),
        questionnaire: name,
        score_chart,
        score_rows: progress
            .scores
            .iter()
            .rev()
            .map(|point| (point.date.strftime("%-d %b %Y").to_string(), point.score))
            .collect(),
    }
}

/// `GET /progress`.
pub async fn show(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
) -> Result<Response, PageError> {
    let view = progress::view(&state.app, &user.caller, user.caller.id()).await?;
    if let Err(response) = require_plan(&state, &user, &view.status, "/progress") {
        return Ok(*response);
    }
    let Some(progress) = view.progress else {
        return Err(PageError(AppError::internal(
            "an active plan without progress",
        )));
    };
    let today = crate::time::Local::of(&user.caller.user).today(state.app.now());
    let mut page = charts(&progress, today);
    page.chrome = Chrome::signed_in(&state, &user, "Progress", "/progress");
    render_with(StatusCode::OK, &page)
}
