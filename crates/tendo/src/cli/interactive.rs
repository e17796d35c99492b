//! `tendo massage-gun check --interactive`: the screening questions, one at a time.
//!
//! Questions go to standard error so that `--format json` leaves clean JSON on standard output.
//! An answer that does not fit is explained and the question asked again; nothing is assumed.

use std::io::{self, BufRead, Write};

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use tendo_core::condition::Condition;
use tendo_core::massage_gun::{Device, Screening, Site, SkinIssue, SkinKind, SystemicCondition};

use super::massage_gun::{advice_text, check};
use super::{Format, InputError, emit};

/// Asks the screening questions on the terminal and prints the advice.
pub fn run(format: Format) -> anyhow::Result<()> {
    let stdin = io::stdin();
    let mut prompter = Prompter {
        input: stdin.lock(),
        output: io::stderr(),
    };
    let screening = interview(&mut prompter, Timestamp::now(), &TimeZone::system())?;
    let advice = check(&screening)?;
    emit(format, &advice, || advice_text(&advice))
}

/// Reads answers from `input` and writes questions to `output`.
struct Prompter<R, W> {
    input: R,
    output: W,
}

impl<R: BufRead, W: Write> Prompter<R, W> {
    fn ask(&mut self, question: &str) -> Result<String, InputError> {
        let _ = write!(self.output, "{question} ");
        let _ = self.output.flush();
        let mut line = String::new();
        let read = self
            .input
            .read_line(&mut line)
            .map_err(|error| InputError {
                field: String::new(),
                problem: format!("cannot read the answer: {error}"),
            })?;
        if read == 0 {
            return Err(InputError {
                field: String::new(),
                problem: "the input ended before the screening was complete".into(),
            });
        }
        Ok(line.trim().to_string())
    }

    fn say(&mut self, text: &str) {
        let _ = writeln!(self.output, "{text}");
    }

    /// Asks until `parse` accepts the answer; `parse` explains a rejection.
    fn ask_until<T>(
        &mut self,
        question: &str,
        mut parse: impl FnMut(&str) -> Result<T, String>,
    ) -> Result<T, InputError> {
        loop {
            let answer = self.ask(question)?;
            match parse(&answer) {
                Ok(value) => return Ok(value),
                Err(problem) => self.say(&format!("  {problem}")),
            }
        }
    }

    fn yes_no(&mut self, question: &str) -> Result<bool, InputError> {
        self.ask_until(&format!("{question} [y/n]"), |answer| {
            match answer.to_lowercase().as_str() {
                "y" | "yes" => Ok(true),
                "n" | "no" => Ok(false),
                _ => Err("Please answer y or n.".into()),
            }
        })
    }

    /// Offers numbered options and returns the chosen one.
    fn choose<T: Copy>(&mut self, question: &str, options: &[(&str, T)]) -> Result<T, InputError> {
        self.say(question);
        for (number, (label, _)) in options.iter().enumerate() {
            self.say(&format!("  {}. {label}", number + 1));
        }
        self.ask_until("Your choice:", |answer| {
            answer
                .parse::<usize>()
                .ok()
                .and_then(|number| number.checked_sub(1))
                .and_then(|index| options.get(index))
                .map(|(_, value)| *value)
                .ok_or_else(|| format!("Please enter a number from 1 to {}.", options.len()))
        })
    }
}

fn interview<R: BufRead, W: Write>(
    prompter: &mut Prompter<R, W>,
    now: Timestamp,
    time_zone: &TimeZone,
) -> Result<Screening, InputError> {
    let today = now.to_zoned(time_zone.clone()).date();
    prompter.say("Massage-gun screening. Answer each question; nothing is stored.\n");
    let condition = prompter.ask_until(
        "Which condition do you have? (1 Achilles midportion, 2 Achilles insertional, \
         3 proximal hamstring, or type its name)",
        |answer| match answer {
            "1" => Ok(Condition::AchillesMidportion),
            "2" => Ok(Condition::AchillesInsertional),
            "3" => Ok(Condition::ProximalHamstring),
            words => words.parse::<Condition>().map_err(|_| {
                "Please enter 1, 2 or 3, or a name such as \"Achilles tendinitis\".".to_string()
            }),
        },
    )?;
    let normal_sensation = prompter.yes_no(
        "Can you feel light touch normally on your calf and around your Achilles tendon?",
    )?;
    let systemic_conditions = ask_systemic_conditions(prompter)?;
    let (heel_bursitis, tendon_settled) = if condition.is_achilles() {
        (
            prompter.yes_no(
                "Has a clinician told you that you have heel bursitis (a swollen, tender spot \
                 at the back of the heel)?",
            )?,
            prompter.yes_no(
                "Has your tendon fully settled: no pain at rest and little or no morning stiffness?",
            )?,
        )
    } else {
        (false, false)
    };
    let health = ask_health(prompter)?;
    let skin = ask_skin(prompter, today)?;
    let device = ask_device(prompter)?;
    let last_session_at = ask_last_session(prompter, now, time_zone)?;
    Ok(Screening {
        condition,
        now: Some(now),
        normal_sensation,
        systemic_conditions,
        heel_bursitis,
        tendon_settled,
        skin,
        device,
        last_session_at,
        today: Some(today),
        suspected_clot: Some(health.suspected_clot),
        blood_thinners: Some(health.blood_thinners),
        bleeding_disorder: Some(health.bleeding_disorder),
        pregnant: Some(health.pregnant),
        implanted_device: Some(health.implanted_device),
    })
}

/// The answers to the clot, bleeding, pregnancy and implant questions.
struct Health {
    suspected_clot: bool,
    blood_thinners: bool,
    bleeding_disorder: bool,
    pregnant: bool,
    implanted_device: bool,
}

fn ask_health<R: BufRead, W: Write>(prompter: &mut Prompter<R, W>) -> Result<Health, InputError> {
    Ok(Health {
        suspected_clot: prompter.yes_no(
            "Is your calf or leg swollen, warm or tender in a way that could be a blood clot, or \
             are you being treated for a clot?",
        )?,
        blood_thinners: prompter.yes_no(
            "Do you take blood-thinning medicine (such as warfarin, apixaban or rivaroxaban)?",
        )?,
        bleeding_disorder: prompter
            .yes_no("Do you have a bleeding disorder, or do you bruise or bleed very easily?")?,
        pregnant: prompter.yes_no("Are you pregnant, or might you be?")?,
        implanted_device: prompter.yes_no(
            "Do you have a pacemaker, a nerve stimulator, or metal in your body such as plates, \
             screws or a joint replacement?",
        )?,
    })
}

fn ask_systemic_conditions<R: BufRead, W: Write>(
    prompter: &mut Prompter<R, W>,
) -> Result<Vec<SystemicCondition>, InputError> {
    const OPTIONS: [SystemicCondition; 5] = [
        SystemicCondition::Diabetes,
        SystemicCondition::Osteoporosis,
        SystemicCondition::IronDeficiency,
        SystemicCondition::KidneyDisease,
        SystemicCondition::OtherSystemicIllness,
    ];
    prompter.ask_until(
        "Do you have any of these? 1 diabetes, 2 osteoporosis, 3 iron deficiency, \
         4 kidney disease, 5 another illness that affects your whole body. Enter the numbers \
         separated by commas, or press Enter for none:",
        |answer| {
            answer
                .split([',', ' '])
                .filter(|part| !part.is_empty())
                .map(|part| {
                    part.parse::<usize>()
                        .ok()
                        .and_then(|number| number.checked_sub(1))
                        .and_then(|index| OPTIONS.get(index).copied())
                        .ok_or_else(|| {
                            format!("\"{part}\" is not one of 1 to 5; press Enter for none.")
                        })
                })
                .collect()
        },
    )
}

fn ask_skin<R: BufRead, W: Write>(
    prompter: &mut Prompter<R, W>,
    today: Date,
) -> Result<Vec<SkinIssue>, InputError> {
    let treatable: Vec<(&str, Site)> = Site::ALL
        .iter()
        .filter(|site| !matches!(site, Site::Face | Site::Neck | Site::Chest))
        .map(|site| (site.label(), *site))
        .collect();
    let mut skin = Vec::new();
    let mut question = "Is there an open wound, an inflamed area or a scar on any part you \
                        might treat?";
    while prompter.yes_no(question)? {
        let site = prompter.choose("Where?", &treatable)?;
        let kind = prompter.choose(
            "What is it?",
            &[
                ("an open wound", SkinKind::OpenWound),
                ("an inflamed area", SkinKind::Inflammation),
                ("a scar", SkinKind::Scar),
            ],
        )?;
        let since = if kind == SkinKind::Scar {
            Some(prompter.ask_until(
                "When did the scar form? (a date such as 2026-10-01)",
                |answer| {
                    let date: Date = answer
                        .parse()
                        .map_err(|_| "Please enter a date as YYYY-MM-DD.".to_string())?;
                    if date > today {
                        return Err("That date is in the future.".into());
                    }
                    Ok(date)
                },
            )?)
        } else {
            None
        };
        skin.push(SkinIssue { site, kind, since });
        question = "Is there another one?";
    }
    Ok(skin)
}

fn ask_device<R: BufRead, W: Write>(
    prompter: &mut Prompter<R, W>,
) -> Result<Option<Device>, InputError> {
    prompter.ask_until(
        "What speed range does your massage gun have, in percussions per minute? \
         (such as 1750-3200, or press Enter if you don't know)",
        |answer| {
            if answer.is_empty() {
                return Ok(None);
            }
            let parse = |text: &str| text.trim().replace([',', ' '], "").parse::<u32>().ok();
            let (low, high) = answer
                .split_once('-')
                .and_then(|(low, high)| Some((parse(low)?, parse(high)?)))
                .ok_or("Please enter two numbers such as 1750-3200.")?;
            if !(100..=10_000).contains(&low) || !(100..=10_000).contains(&high) || low > high {
                return Err("Please enter a range between 100 and 10000, lowest first.".into());
            }
            Ok(Some(Device {
                min_ppm: low,
                max_ppm: high,
            }))
        },
    )
}

fn ask_last_session<R: BufRead, W: Write>(
    prompter: &mut Prompter<R, W>,
    now: Timestamp,
    time_zone: &TimeZone,
) -> Result<Option<Timestamp>, InputError> {
    prompter.ask_until(
        "When did your last massage-gun session start? (a local date and time such as \
         2026-11-21 18:00, or press Enter if never)",
        |answer| {
            if answer.is_empty() || answer.eq_ignore_ascii_case("never") {
                return Ok(None);
            }
            let local: DateTime = answer
                .replace(' ', "T")
                .parse()
                .map_err(|_| "Please enter a date and time as YYYY-MM-DD HH:MM.".to_string())?;
            let moment = local
                .to_zoned(time_zone.clone())
                .map_err(|error| format!("That time does not exist here: {error}"))?
                .timestamp();
            if moment > now.checked_add(1.minute()).unwrap_or(now) {
                return Err("That time is in the future.".into());
            }
            Ok(Some(moment))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interview_with(answers: &str) -> Result<Screening, InputError> {
        let mut prompter = Prompter {
            input: answers.as_bytes(),
            output: Vec::new(),
        };
        let now: Timestamp = "2026-11-22T09:00:00Z".parse().unwrap();
        interview(&mut prompter, now, &TimeZone::UTC)
    }

    #[test]
    fn collects_every_answer_into_a_screening() {
        let screening = interview_with(
            "1\ny\n1, 3\nn\nn\nn\nn\nn\nn\ny\ny\n2\n3\n2026-10-01\nn\n1750-3200\n2026-11-21 18:00\n",
        )
        .unwrap();
        assert_eq!(screening.condition, Condition::AchillesMidportion);
        assert!(screening.normal_sensation);
        assert_eq!(
            screening.systemic_conditions,
            vec![
                SystemicCondition::Diabetes,
                SystemicCondition::IronDeficiency
            ]
        );
        assert_eq!(screening.suspected_clot, Some(false));
        assert_eq!(screening.pregnant, Some(false));
        assert_eq!(screening.implanted_device, Some(true));
        assert_eq!(
            screening.today,
            Some(jiff::civil::Date::constant(2026, 11, 22))
        );
        assert_eq!(screening.skin.len(), 1);
        assert_eq!(screening.skin[0].site, Site::Soleus);
        assert_eq!(screening.skin[0].kind, SkinKind::Scar);
        assert_eq!(screening.device.map(|device| device.max_ppm), Some(3200));
        assert_eq!(
            screening.last_session_at,
            Some("2026-11-21T18:00:00Z".parse().unwrap())
        );
    }

    #[test]
    fn a_wrong_answer_is_asked_again_not_guessed() {
        let screening = interview_with(
            "tennis elbow\nhigh hamstring tendinopathy\nmaybe\nn\n\nn\nn\nn\nn\nn\nn\n\n\n",
        )
        .unwrap();
        assert_eq!(screening.condition, Condition::ProximalHamstring);
        assert!(!screening.normal_sensation);
        assert!(screening.last_session_at.is_none());
    }

    #[test]
    fn a_future_last_session_is_refused() {
        let screening =
            interview_with("3\ny\n\nn\nn\nn\nn\nn\nn\n\n2026-11-30 10:00\nnever\n").unwrap();
        assert!(screening.last_session_at.is_none());
    }

    #[test]
    fn input_ending_early_is_an_input_error() {
        let error = interview_with("1\ny\n").unwrap_err();
        assert!(error.problem.contains("ended"), "{}", error.problem);
    }
}
