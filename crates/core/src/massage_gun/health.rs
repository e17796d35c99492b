//! The health questions of the screening: a possible clot (MG-DVT), blood thinners or a bleeding
//! disorder (MG-BLEED), pregnancy (MG-PREG) and implants (MG-IMPLANT). A "yes" rules the gun
//! out; so does a question left unanswered, until it is answered.

use super::Screening;
use crate::reason::Reason;
use crate::rules::{self, RuleId};

/// A clot, bleeding risk, pregnancy and implants (MG-DVT, MG-BLEED, MG-PREG, MG-IMPLANT), and
/// any of those questions left unanswered, which keeps the gun closed until it is answered.
pub(super) fn blockers(screening: &Screening) -> Vec<Reason> {
    let mut blockers = Vec::new();
    match screening.suspected_clot {
        None => blockers.push(unanswered(
            rules::MG_DVT,
            "whether your calf or leg is swollen, warm or tender in a way that could be a blood \
             clot",
        )),
        Some(true) => blockers.push(Reason::new(
            rules::MG_DVT,
            "You told us your leg may have a blood clot. Don't use a massage gun on that leg, \
             and don't massage it at all: pressure can break a clot loose and send it to your \
             lungs. See a doctor today to have it checked, and go to an emergency department \
             straight away if you are short of breath or have chest pain.",
        )),
        Some(false) => {}
    }
    let (thinners, disorder) = (screening.blood_thinners, screening.bleeding_disorder);
    if thinners == Some(true) || disorder == Some(true) {
        let what = match (thinners, disorder) {
            (Some(true), Some(true)) => "take blood-thinning medicine and have a bleeding disorder",
            (Some(true), _) => "take blood-thinning medicine",
            _ => "have a bleeding disorder",
        };
        blockers.push(Reason::new(
            rules::MG_BLEED,
            format!(
                "You told us you {what}. A massage gun can then cause deep bruising or bleeding \
                 inside a muscle, so please don't use one unless your clinician tells you it is \
                 safe for you."
            ),
        ));
    } else {
        if thinners.is_none() {
            blockers.push(unanswered(
                rules::MG_BLEED,
                "whether you take blood-thinning medicine",
            ));
        }
        if disorder.is_none() {
            blockers.push(unanswered(
                rules::MG_BLEED,
                "whether you have a bleeding disorder",
            ));
        }
    }
    match screening.pregnant {
        None => blockers.push(unanswered(
            rules::MG_PREG,
            "whether you are or may be pregnant",
        )),
        Some(true) => blockers.push(Reason::new(
            rules::MG_PREG,
            "You told us you are or may be pregnant. Please don't use a massage gun until a \
             clinician who knows about your pregnancy has said it is safe for you.",
        )),
        Some(false) => {}
    }
    match screening.implanted_device {
        None => blockers.push(unanswered(
            rules::MG_IMPLANT,
            "whether you have an implant such as a pacemaker, a nerve stimulator or metal in \
             your body",
        )),
        Some(true) => blockers.push(Reason::new(
            rules::MG_IMPLANT,
            "You told us you have an implant, such as a pacemaker, a nerve stimulator or metal \
             in your body. Ask your clinician before using a massage gun: it must never go over \
             or near the implant, and they will tell you where it may go.",
        )),
        Some(false) => {}
    }
    blockers
}

/// The reason a health question left unanswered keeps the gun closed.
fn unanswered(rule: RuleId, question: &str) -> Reason {
    Reason::new(
        rule,
        format!(
            "You haven't told us {question}. Please answer that question first: until you do, \
             don't use the massage gun."
        ),
    )
}
