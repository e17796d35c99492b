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
}

#[derive(Template)]
#[template(path = "patient/progress.html")]
struct ProgressPage {
    chrome: Chrome,
    summary: Vec<String>,
    pain_chart: String,
    pain_rows: Vec<PainRow>,
    load_chart: String,
    adherence_chart: String,
    week_rows: Vec<WeekRow>,
    questionnaire: &'static str,
    score_chart: String,
    score_rows: Vec<(String, u8)>,
}

/// The smallest "round" number at or above `value`.
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
    let load_max = progress
        .weeks
        .iter()
        .map(|week| week.minutes_under_load)
        .fold(0.0, f64::max);
    let load_top = nice_max(load_max);
    let load_chart = bar_chart(&BarChart {
        id: "load-chart".into(),
        title: "Training load by week".into(),
        desc: "Estimated minutes under load each week: time held plus about 4 seconds per \
               repetition. The same numbers are in the table below."
            .into(),
        y_max: load_top,
        y_ticks: vec![0.0, load_top / 2.0, load_top],
        bars: progress
            .weeks
            .iter()
            .map(|week| Bar {
                label: week_label(week),
                value: week.minutes_under_load,
                value_label: format!("{} minutes", minutes(week.minutes_under_load)),
            })
            .collect(),
        colour: "#0b5cad",
        references: Vec::new(),
    });
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
        load_chart,
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
