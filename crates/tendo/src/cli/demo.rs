//! `tendo demo`: a worked example of the engine on the documents in `examples/`.

use tendo_core::massage_gun::Screening;
use tendo_core::pain_monitoring::{self, LoadHistory};
use tendo_core::programme::{self, PlanRequest};
use tendo_core::questionnaire::{self, Questionnaire, VisaAnswers};

use super::input::parse_json;
use super::text::reasons;
use super::{InputError, massage_gun};

const MASSAGE_GUN: &str = include_str!("../../../../examples/massage-gun-wait.json");
const LOAD: &str = include_str!("../../../../examples/load-flare.json");
const VISA_A: &str = include_str!("../../../../examples/visa-a.json");
const PLAN: &str = include_str!("../../../../examples/plan-hamstring.json");

/// Walks through one example of each command, showing the input and the explained result.
pub fn run() -> anyhow::Result<()> {
    section(
        "1. May I use my massage gun? (tendo massage-gun check examples/massage-gun-wait.json)",
        MASSAGE_GUN,
    );
    let screening: Screening = parse_json(MASSAGE_GUN)?;
    print!(
        "{}",
        massage_gun::advice_text(&massage_gun::check(&screening)?)
    );

    section(
        "2. Progress, hold or step back? (tendo load decide examples/load-flare.json)",
        LOAD,
    );
    let history: LoadHistory = parse_json(LOAD)?;
    let verdict =
        pain_monitoring::decide(&history, super::input::today()).map_err(InputError::from)?;
    println!("Decision: {:?}\n", verdict.decision);
    print!("{}", reasons(&verdict.reasons));

    section(
        "3. What does my VISA-A score mean? (tendo score visa-a examples/visa-a.json)",
        VISA_A,
    );
    let answers: VisaAnswers = parse_json(VISA_A)?;
    answers.validate().map_err(InputError::from)?;
    let score = questionnaire::score(Questionnaire::VisaA, &answers);
    println!("Score {}: {}", score.score, score.interpretation);

    section(
        "4. This week's programme (tendo plan examples/plan-hamstring.json)",
        PLAN,
    );
    let request: PlanRequest = parse_json(PLAN)?;
    let plan = programme::plan_week(&request).map_err(InputError::from)?;
    for item in &plan.items {
        println!("- {} ({} sets, {})", item.name, item.sets, item.load);
    }
    println!();
    print!("{}", reasons(&plan.reasons));
    println!(
        "\nEvery result above names its rules. `tendo evidence A16` shows a rule with its sources."
    );
    Ok(())
}

fn section(title: &str, input: &str) {
    println!("\n=== {title}\n\nInput:\n{}\n", input.trim());
}
