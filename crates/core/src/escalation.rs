//! When self-management should be escalated: a clinical review when the outcome scores do not
//! improve or get worse, and a referral to a doctor when loading has not helped after about six
//! months (rules `E-REVIEW`, `E-WORSE`, `E-REFER`, `Q-MCID`, `H6`).
//!
//! Tendo never prescribes treatments beyond exercise. When loading has not helped, it refers the
//! person to a sports physician or an orthopaedic surgeon for an opinion; whether anything else
//! is tried is that doctor's decision (H6).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::condition::Condition;
use crate::error::FieldError;
use crate::questionnaire::{MEANINGFUL_CHANGE, Questionnaire, RECOVERED_SCORE};
use crate::reason::Reason;
use crate::rules;

/// The share of prescribed sessions that counts as adherent loading. This is Tendo's own
/// threshold: the sources say "adequate loading" without a number.
pub const ADHERENCE_THRESHOLD: f64 = 0.75;

/// Weeks of adherent loading after which too little improvement calls for a clinical review.
pub const REVIEW_AFTER_WEEKS: i32 = 12;

/// Weeks of adherent loading after which too little improvement calls for a referral (Goom 2016
/// expects 3–6 months for the staged hamstring programme; Cook 2018 says 3 months or more).
pub const REFER_AFTER_WEEKS: i32 = 24;

/// A fall of this many points counts as a worsening: the lower end of the published estimates of
/// a meaningful change (6.5 to 15.4 points; 7 points at 24 weeks in one cohort).
pub const WORSENING_POINTS: u8 = 7;

/// A person's outcome scores and how well they kept to the programme.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeHistory {
    /// The person's condition: VISA-A scores for the Achilles, VISA-H for the hamstring.
    pub condition: Condition,
    /// The day the loading programme started.
    pub programme_started: Date,
    /// Today.
    pub today: Date,
    /// The share of prescribed sessions done, from 0 to 1.
    pub adherence: f64,
    /// The questionnaire scores with their days, in any order.
    #[serde(default)]
    pub visa: Vec<(Date, u8)>,
}

/// How far to escalate, least first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EscalationLevel {
    /// Carry on with the programme.
    None,
    /// Ask the treating clinician to review the diagnosis and the programme.
    ClinicalReview,
    /// See a sports physician or an orthopaedic surgeon for an opinion.
    Referral,
}

/// The escalation level and the reasons for it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    /// How far to escalate.
    pub level: EscalationLevel,
    /// Why, rule by rule.
    pub reasons: Vec<Reason>,
}

impl OutcomeHistory {
    /// Checks what the types cannot: adherence from 0 to 1, scores from 0 to 100, and no day
    /// after today.
    pub fn validate(&self) -> Result<(), FieldError> {
        if !(0.0..=1.0).contains(&self.adherence) {
            return Err(FieldError::new(
                "adherence",
                format!(
                    "expected the share of prescribed sessions done, from 0 to 1, got {}",
                    self.adherence
                ),
            ));
        }
        if self.programme_started > self.today {
            return Err(FieldError::new(
                "programme_started",
                format!(
                    "expected a day on or before today ({}), got {}",
                    self.today, self.programme_started
                ),
            ));
        }
        for (index, &(date, score)) in self.visa.iter().enumerate() {
            if score > 100 {
                return Err(FieldError::new(
                    format!("visa[{index}]"),
                    format!("expected a score from 0 to 100, got {score}"),
                ));
            }
            if date > self.today {
                return Err(FieldError::new(
                    format!("visa[{index}]"),
                    format!(
                        "expected a day on or before today ({}), got {date}",
                        self.today
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Decides whether a person's outcome scores call for a clinical review or a referral.
///
/// - No score yet, or a latest score of 90 or more (recovered, `Q-REC`): no escalation.
/// - A worsening (`E-WORSE`): the latest score is 7 or more points below the first, or the last
///   two scores each fell and together fell by 7 or more. Smaller falls are within the
///   questionnaire's usual ups and downs. A worsening calls for a clinical review whatever the
///   adherence.
/// - Less than 14 points of improvement from the first score (`Q-MCID`) after 12 weeks of
///   adherent loading: clinical review (`E-REVIEW`); after 24 weeks: referral to a sports
///   physician or orthopaedic surgeon for an opinion (`E-REFER`, `H6`).
/// - With adherence below 75%, too little improvement is met with advice to get back to regular
///   loading first, not with an escalation.
pub fn escalate(history: &OutcomeHistory) -> Result<Escalation, FieldError> {
    history.validate()?;
    let questionnaire = if history.condition.is_achilles() {
        Questionnaire::VisaA
    } else {
        Questionnaire::VisaH
    };
    let name = questionnaire.name();
    let weeks = history
        .programme_started
        .until(history.today)
        .map(|span| span.get_days() / 7)
        .map_err(|error| FieldError::new("programme_started", error.to_string()))?;
    let mut scores = history.visa.clone();
    scores.sort_by_key(|&(date, _)| date);
    let (Some(&(first_date, first)), Some(&(latest_date, latest))) =
        (scores.first(), scores.last())
    else {
        return Ok(Escalation {
            level: EscalationLevel::None,
            reasons: vec![Reason::new(
                questionnaire.rule(),
                format!(
                    "There is no {name} score yet: fill in the questionnaire, so your progress \
                     can be measured."
                ),
            )],
        });
    };
    if latest >= RECOVERED_SCORE {
        return Ok(Escalation {
            level: EscalationLevel::None,
            reasons: vec![Reason::new(
                rules::Q_REC,
                format!(
                    "Your latest {name} score, {latest} on {latest_date}, is in the recovered \
                     range ({RECOVERED_SCORE} or more): nothing needs escalating."
                ),
            )],
        });
    }

    let mut level = EscalationLevel::None;
    let mut reasons = Vec::new();
    let adherent = history.adherence >= ADHERENCE_THRESHOLD;
    let worsening = worsening(&scores);
    if let Some(message) = &worsening {
        level = EscalationLevel::ClinicalReview;
        reasons.push(Reason::new(
            rules::E_WORSE,
            format!(
                "{message} Ask your clinician to review your diagnosis and programme; keep up \
                 the gentle loading you can manage until then."
            ),
        ));
    }

    let improvement = i16::from(latest) - i16::from(first);
    let too_little = scores.len() >= 2 && improvement < i16::from(MEANINGFUL_CHANGE);
    if weeks < REVIEW_AFTER_WEEKS {
        if worsening.is_none() {
            reasons.push(Reason::new(
            rules::P_LEN,
            format!(
                "You are in week {} of your programme. Tendons take 12 weeks or more to respond \
                 to loading, so it is too early to judge whether it is working.",
                weeks + 1
            ),
        ));
        }
    } else if scores.len() < 2 {
        reasons.push(Reason::new(
            rules::Q_MCID,
            format!(
                "There is only one {name} score so far ({first} on {first_date}): fill in the \
                 questionnaire again, so the change can be measured."
            ),
        ));
    } else if !too_little {
        reasons.push(Reason::new(
            rules::Q_MCID,
            format!(
                "Your {name} score has risen {improvement} points, from {first} on {first_date} \
                 to {latest} on {latest_date}: a meaningful improvement (14 points or more). \
                 Keep going."
            ),
        ));
    } else if !adherent {
        reasons.push(restore_loading(history.adherence));
    } else {
        let change = format!(
            "after {weeks} weeks of regular loading your {name} score has changed by \
             {improvement:+} points, from {first} on {first_date} to {latest} on {latest_date}, \
             less than the {MEANINGFUL_CHANGE} points that count as a meaningful improvement"
        );
        if weeks >= REFER_AFTER_WEEKS {
            level = EscalationLevel::Referral;
            reasons.push(Reason::new(
                rules::E_REFER,
                format!(
                    "Loading has not helped enough: {change}. Ask for an opinion from a sports \
                     physician or an orthopaedic surgeon, who will examine you and talk through \
                     what else could be done."
                ),
            ));
            reasons.push(Reason::new(
                rules::H6,
                "Tendo does not prescribe treatments beyond exercise: whether any other \
                 treatment is worth trying is for the doctor who examines you to decide with you.",
            ));
        } else {
            level = level.max(EscalationLevel::ClinicalReview);
            reasons.push(Reason::new(
                rules::E_REVIEW,
                format!(
                    "Progress has been slower than expected: {change}. Book a review with your \
                     clinician to check the diagnosis and adjust the programme."
                ),
            ));
        }
    }
    let advised_loading = reasons.iter().any(|reason| reason.rule == rules::E_REVIEW);
    if worsening.is_some() && !adherent && !advised_loading {
        reasons.push(restore_loading(history.adherence));
    }
    Ok(Escalation { level, reasons })
}

/// Describes a worsening of the scores (sorted by day), if there is one.
fn worsening(scores: &[(Date, u8)]) -> Option<String> {
    let &(first_date, first) = scores.first()?;
    let &(latest_date, latest) = scores.last()?;
    if first >= latest + WORSENING_POINTS {
        return Some(format!(
            "Your score has fallen {} points, from {first} on {first_date} to {latest} on \
             {latest_date}.",
            first - latest
        ));
    }
    let [.., (_, before), (_, middle), (_, last)] = scores else {
        return None;
    };
    (before > middle && middle > last && *before >= *last + WORSENING_POINTS).then(|| {
        format!(
            "Your last two scores each fell, from {before} to {middle} to {last}, {} points in \
             all.",
            before - last
        )
    })
}

/// The advice to get back to regular loading before anything is escalated.
fn restore_loading(adherence: f64) -> Reason {
    Reason::new(
        rules::E_REVIEW,
        format!(
            "So far you have done about {:.0}% of your prescribed sessions, below the \
             {:.0}% Tendo looks for. The first step is to get back to loading regularly: a \
             programme can only work when it is done. Tendo will look again once you have kept \
             to it for a while.",
            adherence * 100.0,
            ADHERENCE_THRESHOLD * 100.0
        ),
    )
}
