//! Which protocol a request gets and why, and the names and rules of protocol levels.

use super::{PlanRequest, Protocol};
use crate::error::FieldError;
use crate::reason::Reason;
use crate::rules::{self, RuleId};

/// The protocol for a request, and why.
pub(super) fn choose_protocol(request: &PlanRequest) -> (Protocol, Vec<Reason>) {
    let sessions = request.sessions_per_week;
    if !request.condition.is_achilles() {
        return (
            Protocol::GoomStaged,
            vec![Reason::new(
                rules::P_PHT1,
                "For proximal hamstring tendinopathy Tendo uses Goom's four stages: holds, \
                 then slow strength work, then deeper hip bend, then running and sport.",
            )],
        );
    }
    if let Some(preferred) = request.preferred_protocol {
        return (
            preferred,
            vec![Reason::new(
                primary_rule(preferred),
                format!("You or your clinician chose {}.", preferred.label()),
            )],
        );
    }
    let mut reasons = Vec::new();
    let protocol = if sessions >= 7 {
        reasons.push(Reason::new(
            rules::P_ALF,
            "You can train every day, which Alfredson's heel drops need: twice a day, 7 days a \
             week. Heavy slow resistance, 3 days a week, worked as well in a trial; ask for it \
             if twice a day is too much.",
        ));
        Protocol::Alfredson
    } else {
        reasons.push(Reason::new(
            rules::P_HSR,
            format!(
                "You can train {sessions} day(s) a week, and Alfredson's heel drops need every \
                 day. Heavy slow resistance needs 3 sessions a week; in a trial it worked as \
                 well as Alfredson's programme and more sessions were kept up (92% against \
                 78%)."
            ),
        ));
        Protocol::HeavySlowResistance
    };
    reasons.push(Reason::new(
        rules::P_ISO,
        "If a single-leg heel raise hurts more than 5/10, ask for isometric holds first: they \
         load the tendon without moving it and often ease the pain.",
    ));
    (protocol, reasons)
}

/// Checks a level against a protocol's range.
pub(super) fn check_level(field: &str, protocol: Protocol, level: u8) -> Result<(), FieldError> {
    let count = protocol.level_count();
    if (1..=count).contains(&level) {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            format!(
                "expected a {} from 1 to {count} for {}, got {level}",
                level_noun(protocol),
                protocol.id()
            ),
        ))
    }
}

/// What a level is called in a protocol.
pub(super) fn level_noun(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Isometric => "level",
        Protocol::Alfredson => "load step",
        Protocol::HeavySlowResistance => "row of Beyer's table",
        Protocol::Silbernagel => "phase",
        Protocol::GoomStaged => "stage",
    }
}

/// The rule a protocol's description rests on.
fn primary_rule(protocol: Protocol) -> RuleId {
    match protocol {
        Protocol::Isometric => rules::P_ISO,
        Protocol::Alfredson => rules::P_ALF,
        Protocol::HeavySlowResistance => rules::P_HSR,
        Protocol::Silbernagel => rules::P_SIL,
        Protocol::GoomStaged => rules::P_PHT1,
    }
}

/// The rule behind moving between a protocol's levels.
pub(super) fn progression_rule(protocol: Protocol) -> RuleId {
    match protocol {
        Protocol::Isometric => rules::P_ISO,
        Protocol::Alfredson => rules::P_LOAD,
        Protocol::HeavySlowResistance => rules::P_HSR,
        Protocol::Silbernagel => rules::P_SIL_GATE,
        Protocol::GoomStaged => rules::P_LEN,
    }
}
