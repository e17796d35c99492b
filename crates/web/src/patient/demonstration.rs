//! Exercise demonstrations for patients: the figure Tendo draws for each exercise
//! (`tendo_core::demonstration`), shown in the plan and on Today with its text alternative, key
//! points and common mistakes, and served alone as `GET /exercises/{exercise}/demonstration.svg`.

use axum::extract::{Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use serde::Deserialize;
use tendo_core::condition::Side;
use tendo_core::demonstration::{Demonstration, Options, svg};
use tendo_core::programme::PlanItem;

/// A demonstration as a page shows it.
#[derive(Clone, Debug)]
pub struct DemoView {
    /// An id unique on the page, for the figure's title, description and still toggle.
    pub id: String,
    /// The drawing: an inline SVG made by Tendo from its own strings.
    pub svg: String,
    /// The text alternative, shown under the figure.
    pub caption: String,
    /// The key points.
    pub cues: Vec<&'static str>,
    /// The common mistakes.
    pub mistakes: Vec<&'static str>,
}

/// The demonstration of a plan item for the page area `place` (such as `plan` or `today`), or
/// `None` for an exercise without one (the engine's tests keep every plan's exercises drawn).
///
/// Made once, then taken from memory: a demonstration is a pure function of the item's
/// exercise, tempo, hold and floor-level flag, the side and the place — the key — and drawing
/// its thousands of coordinates was most of the Today page's time (copying the drawing for
/// every request was still several per cent of it).
pub fn demo_view(item: &PlanItem, side: Side, place: &str) -> Option<Arc<DemoView>> {
    let key = format!(
        "{}\u{1f}{side:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{}\u{1f}{place}",
        item.exercise, item.tempo, item.hold_seconds, item.floor_level_only
    );
    if let Some(view) = KEPT.lock().ok().and_then(|kept| kept.get(&key).cloned()) {
        return Some(view);
    }
    let view = Arc::new(made(item, side, place)?);
    if let Ok(mut kept) = KEPT.lock() {
        if kept.len() >= KEEP_VIEWS {
            kept.clear();
        }
        kept.insert(key, view.clone());
    }
    Some(view)
}

/// How many demonstrations [`demo_view`] keeps; past that it starts again (the catalogue, sides
/// and tempos in use make far fewer).
const KEEP_VIEWS: usize = 1024;

/// The demonstrations made so far, by [`demo_view`]'s key.
static KEPT: LazyLock<Mutex<HashMap<String, Arc<DemoView>>>> = LazyLock::new(Default::default);

/// The demonstration of `item` on `side` for `place`, drawn now.
fn made(item: &PlanItem, side: Side, place: &str) -> Option<DemoView> {
    let demo = match Demonstration::for_item(item, side) {
        Ok(demo) => demo,
        Err(error) => {
            tracing::warn!(%error, "an exercise without a demonstration");
            return None;
        }
    };
    let id = format!("demo-{place}-{}", item.exercise);
    Some(DemoView {
        svg: svg::render(&demo, &id),
        caption: demo.text_alternative(),
        cues: demo.cues.clone(),
        mistakes: demo.mistakes.clone(),
        id,
    })
}

/// The query of the demonstration route.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoQuery {
    /// The side to draw a one-leg exercise on: `left` (the default), `right` or `both`.
    #[serde(default)]
    pub side: Option<Side>,
    /// The tempo, such as "3 s down, 3 s up".
    #[serde(default)]
    pub tempo: Option<String>,
}

/// The longest tempo the route reads.
const MAX_TEMPO_CHARS: usize = 100;

/// `GET /exercises/{exercise}/demonstration.svg`: one exercise's figure, for the API and other
/// clients. An unknown exercise is a 404 that names it.
pub async fn svg_of(Path(exercise): Path<String>, Query(query): Query<DemoQuery>) -> Response {
    if query
        .tempo
        .as_ref()
        .is_some_and(|tempo| tempo.chars().count() > MAX_TEMPO_CHARS)
    {
        return plain(
            StatusCode::BAD_REQUEST,
            format!("tempo: at most {MAX_TEMPO_CHARS} characters"),
        );
    }
    let options = Options {
        side: query.side,
        tempo: query.tempo,
        ..Options::default()
    };
    match Demonstration::for_exercise(&exercise, &options) {
        Ok(demo) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=300"),
            ],
            svg::render(&demo, "demonstration"),
        )
            .into_response(),
        Err(error) => plain(StatusCode::NOT_FOUND, format!("{error}.")),
    }
}

fn plain(status: StatusCode, message: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use tendo_core::condition::Condition;
    use tendo_core::programme::{Position, Protocol, plan_for};

    use super::*;

    #[test]
    fn a_kept_demonstration_is_the_one_drawn_for_each_side_and_place() {
        let plan = plan_for(
            Position::first(Protocol::HeavySlowResistance),
            Condition::AchillesMidportion,
            Side::Left,
            3,
            1,
        )
        .expect("a plan");
        for item in &plan.items {
            for side in [Side::Left, Side::Right] {
                for place in ["today", "plan"] {
                    let drawn = made(item, side, place).expect("drawn");
                    // Twice: the second comes from memory, and is the same demonstration.
                    for _ in 0..2 {
                        let kept = demo_view(item, side, place).expect("kept");
                        assert_eq!(kept.svg, drawn.svg, "{} {side:?}", item.exercise);
                        assert_eq!(kept.id, drawn.id);
                        assert_eq!(kept.caption, drawn.caption);
                    }
                }
            }
        }
        // So the sides above are told apart: some exercise is drawn differently on each.
        assert!(plan.items.iter().any(|item| {
            made(item, Side::Left, "today").map(|view| view.svg)
                != made(item, Side::Right, "today").map(|view| view.svg)
        }));
    }
}
