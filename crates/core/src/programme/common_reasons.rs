//! The reasons every plan carries, whatever the protocol: pain limits, frequency, never rest,
//! never massage alone, and floor level for insertional pain.

use super::Protocol;
use super::exercises::{Built, Context};
use super::levels::PROTOCOL_WEEKS;
use crate::condition::Condition;
use crate::rules;

/// The reasons every plan carries.
pub(super) fn shared_reasons(ctx: &Context, built: &mut Built) {
    let achilles = ctx.condition.is_achilles();
    if ctx.floor_level_only() {
        for item in &mut built.items {
            item.floor_level_only = true;
            item.add_rule(rules::P_INS);
        }
        if ctx.insertional()
            && !built
                .reasons
                .iter()
                .any(|reason| reason.rule == rules::P_INS)
        {
            built.reason(
                rules::P_INS,
                "Your pain is where the tendon joins the heel, so every heel exercise is done \
                 on flat floor and the heel is never lowered below floor level.",
            );
        }
    }
    if ctx.condition == Condition::AchillesLocationUnknown {
        built.reason(
            rules::P_INS,
            "You are not sure yet where along the Achilles it hurts, so every heel exercise \
             stays on flat floor and the heel is never lowered below floor level: if the pain \
             is where the tendon joins the heel, a step edge squeezes the tendon against the \
             bone. Once you or your clinician know where it hurts (the middle of the tendon, \
             2–6 cm above the heel, or where it joins the heel bone), the plan can follow.",
        );
    }
    if achilles && ctx.eased && ctx.protocol != Protocol::Isometric {
        built.reason(
            rules::R_REST,
            "This first level is eased: one set fewer, with calf holds first to settle the \
             pain. Lighter, never stopped.",
        );
    }
    if achilles {
        built.reason(
            rules::R_PM1,
            "Pain during the exercises may reach 5/10, and afterwards 5/10 as long as it has \
             settled by the next morning and does not creep up from week to week.",
        );
        if ctx.week <= PROTOCOL_WEEKS {
            built.reason(
                rules::P_LEN,
                "Tendon rehabilitation takes 3 months or more; the results are good when it \
                 is completed, so don't rush it.",
            );
        }
    }
    let frequency = if ctx.sessions < 2 {
        format!(
            "You said you can train {} day a week. A clinical guideline recommends loading at \
             least twice a week within what your pain allows: try to find a second day.",
            ctx.sessions
        )
    } else {
        format!(
            "You train {} days a week, which meets the guideline's minimum of loading at least \
             twice a week within what your pain allows.",
            ctx.sessions
        )
    };
    built.reason(rules::P_FREQ, frequency);
    built.reason(
        rules::R_REST,
        "Tendo never prescribes complete rest: a bad week makes the plan lighter, never empty.",
    );
    built.reason(
        rules::A4,
        "Your plan is exercise. Massage or a massage gun may ease pain enough to get you \
         started, but only graded loading rebuilds the tendon, so massage is never the plan \
         on its own.",
    );
    if !achilles {
        built.reason(
            rules::H2,
            "The evidence that massage helps hamstring tendinopathy is weak, with little \
             benefit over other rehabilitation: the loading here is the treatment.",
        );
    }
}
