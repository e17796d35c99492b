//! `tendo score visa-a` and `tendo score visa-h`.

use tendo_core::questionnaire::{self, Questionnaire, VisaAnswers, VisaScore};

use super::text::wrap;
use super::{Format, InputError, emit, input};

/// Reads answers from `source`, validates and scores them.
pub fn run(questionnaire: Questionnaire, source: &str, format: Format) -> anyhow::Result<()> {
    let answers: VisaAnswers = input::read_json(source)?;
    answers.validate().map_err(InputError::from)?;
    let score = questionnaire::score(questionnaire, &answers);
    emit(format, &score, || score_text(questionnaire, &score))
}

fn score_text(questionnaire: Questionnaire, score: &VisaScore) -> String {
    let name = match questionnaire {
        Questionnaire::VisaA => "VISA-A",
        Questionnaire::VisaH => "VISA-H",
    };
    format!(
        "{name} score: {} out of 100\n\n{}\n",
        score.score,
        wrap(&score.interpretation, 0, 0)
    )
}
