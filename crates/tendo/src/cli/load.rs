//! `tendo load decide`: the pain-monitoring decision from logged sessions.

use tendo_core::pain_monitoring::{self, LoadDecision, LoadHistory, LoadVerdict};

use super::text::reasons;
use super::{Format, InputError, emit, input};

/// Reads a loading history from `source` and prints the decision. Sessions dated after today
/// (the machine's local date) are refused as bad input.
pub fn run(source: &str, format: Format) -> anyhow::Result<()> {
    let history: LoadHistory = input::read_json(source)?;
    let verdict = pain_monitoring::decide(&history, input::today()).map_err(InputError::from)?;
    emit(format, &verdict, || verdict_text(&verdict))
}

fn verdict_text(verdict: &LoadVerdict) -> String {
    let headline = match verdict.decision {
        LoadDecision::Progress => "Progress: move on to the next level.",
        LoadDecision::Hold => "Hold: stay at the current level.",
        LoadDecision::Regress => {
            "Step back: reduce the load one level (keep moving; never complete rest)."
        }
    };
    format!("{headline}\n\n{}", reasons(&verdict.reasons))
}
