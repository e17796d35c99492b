//! A person's place in a programme: where a request starts them ([`start`]), how the weekly
//! pain-monitoring decision moves them ([`apply`]), and the week's plan there ([`plan_for`]).

use serde::{Deserialize, Serialize};

use super::choice::{check_level, choose_protocol, level_noun, progression_rule};
use super::common_reasons::shared_reasons;
use super::exercises::Context;
use super::gates::check_reachable;
use super::levels::PROTOCOL_WEEKS;
use super::{
    MAX_WEEKS_SINCE_START, PlanRequest, Protocol, WeekPlan, achilles, check_protocol,
    check_sessions, hamstring, hsr, silbernagel,
};
use crate::condition::{Condition, Side};
use crate::error::FieldError;
use crate::pain_monitoring::LoadDecision;
use crate::pain_score::PainScore;
use crate::reason::Reason;
use crate::rules;

/// Where a person is in their programme. The web app keeps it and moves it with [`apply`].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// The protocol.
    pub protocol: Protocol,
    /// The level, from 1: the row of Beyer's table, the Alfredson load step, the Silbernagel
    /// phase or the Goom stage (isometrics have one level).
    pub level: u8,
    /// Whole weeks already spent on this level.
    #[serde(default)]
    pub weeks_at_level: u8,
    /// True when the first level is eased after a step back: fewer sets and isometric holds
    /// added, never complete rest.
    #[serde(default)]
    pub eased: bool,
}

impl Position {
    /// The first level of a protocol.
    pub fn first(protocol: Protocol) -> Position {
        Position {
            protocol,
            level: 1,
            weeks_at_level: 0,
            eased: false,
        }
    }

    /// Checks that the position fits the condition, naming the field at fault.
    pub fn check(&self, condition: Condition) -> Result<(), FieldError> {
        check_protocol("position.protocol", self.protocol, condition)?;
        check_level("position.level", self.protocol, self.level)?;
        if self.eased && self.level != 1 {
            return Err(FieldError::new(
                "position.eased",
                format!(
                    "only the first level can be eased, but the level is {}",
                    self.level
                ),
            ));
        }
        Ok(())
    }
}

/// Places a person from a stateless request, with the reasons for the protocol and level.
///
/// Without a preferred protocol an Achilles plan uses heavy slow resistance, unless the person
/// can train every day (7 days a week), when it uses Alfredson's daily heel drops. Isometric
/// holds are chosen only on request (`preferred_protocol: isometric`), for a person whose
/// single-leg heel raise hurts more than 5/10; every protocol's first level also eases into
/// isometric holds after a step back. A hamstring plan always uses Goom's stages.
///
/// Heavy slow resistance takes its row from `weeks_since_start` (Beyer's table); Alfredson
/// starts at the first load step. Symptom-gated protocols (Silbernagel, Goom) start at their
/// entry level without a recorded `stage`, whatever the weeks (`P-SIL-GATE`). A recorded
/// `stage` must be reachable: the fewest weeks on the levels before it must fit in the weeks
/// since the start, or the request is refused naming `stage` and the highest reachable level.
pub fn start(request: &PlanRequest) -> Result<(Position, Vec<Reason>), FieldError> {
    check_sessions("sessions_per_week", request.sessions_per_week)?;
    if request.weeks_since_start > MAX_WEEKS_SINCE_START {
        return Err(FieldError::new(
            "weeks_since_start",
            format!(
                "expected whole weeks from 0 to {MAX_WEEKS_SINCE_START} (two years), got {}",
                request.weeks_since_start
            ),
        ));
    }
    if let Some(preferred) = request.preferred_protocol {
        check_protocol("preferred_protocol", preferred, request.condition)?;
    }
    let (protocol, mut reasons) = choose_protocol(request);
    let week = request.weeks_since_start + 1;
    let position = match request.stage {
        Some(stage) => {
            check_level("stage", protocol, stage)?;
            check_reachable("stage", protocol, stage, week)?;
            reasons.push(Reason::new(
                progression_rule(protocol),
                format!("You are at {}, as recorded.", protocol.level_phrase(stage)),
            ));
            Position {
                level: stage,
                ..Position::first(protocol)
            }
        }
        None if protocol.is_symptom_gated() => {
            let elapsed = match request.weeks_since_start {
                0 => "in your first week".to_string(),
                1 => "1 week after the start".to_string(),
                weeks => format!("{weeks} weeks after the start"),
            };
            reasons.push(Reason::new(
                rules::P_SIL_GATE,
                format!(
                    "No {noun} was recorded, so Tendo starts you at {}, {elapsed}: the {noun}s \
                     move on when your symptoms allow, not by the calendar. The pain-monitoring \
                     model moves you on, holds you or steps you back from here.",
                    protocol.level_named(1),
                    noun = level_noun(protocol),
                ),
            ));
            Position::first(protocol)
        }
        None => {
            let (level, weeks_at_level) = protocol.typical_level(week);
            Position {
                protocol,
                level,
                weeks_at_level,
                eased: false,
            }
        }
    };
    Ok((position, reasons))
}

/// Moves a position with the week's pain-monitoring decision. Call it once a week.
///
/// The same as [`apply_after_week`] without the pain during the exercises: an Alfredson load
/// step is then never added, because only drops that no longer hurt earn more weight
/// (`P-LOAD`).
pub fn apply(
    position: Position,
    condition: Condition,
    decision: LoadDecision,
) -> Result<(Position, Vec<Reason>), FieldError> {
    apply_after_week(position, condition, decision, None)
}

/// Moves a position with the week's pain-monitoring decision and the highest pain during the
/// exercises since the plan last changed. Call it once a week.
///
/// Progress moves on one level once the protocol's fewest weeks on the level have passed (the
/// rows of Beyer's table, one week per Alfredson load step, the typical Silbernagel and Goom
/// timeline), and takes isometric holds on to Silbernagel phase 1. An Alfredson load step
/// (+5 kg) also needs the heel drops to no longer hurt: `pain_during` of 0/10 (`P-LOAD`);
/// pain up to 5/10 is acceptable (`R-PM1`, `R-PM2`) but keeps the load. Hold stays. Regress
/// steps back one level, but never below the first level and never to rest: on the first
/// level it eases the plan (fewer sets, isometric holds) instead (`R-REST`).
pub fn apply_after_week(
    position: Position,
    condition: Condition,
    decision: LoadDecision,
    pain_during: Option<PainScore>,
) -> Result<(Position, Vec<Reason>), FieldError> {
    position.check(condition)?;
    let protocol = position.protocol;
    let here = protocol.level_phrase(position.level);
    let one_more_week = position.weeks_at_level.saturating_add(1);
    let rule = progression_rule(protocol);
    let (next, reason) = match decision {
        LoadDecision::Progress if position.eased => (
            Position::first(protocol),
            Reason::new(
                rules::R_REST,
                format!("Your pain has settled, so {here} goes back to its full dose."),
            ),
        ),
        LoadDecision::Progress if protocol == Protocol::Isometric => (
            Position::first(Protocol::Silbernagel),
            Reason::new(
                rules::P_ISO,
                "The holds have done their job: you move on to heel raises through movement, \
                 phase 1 of Silbernagel's programme.",
            ),
        ),
        LoadDecision::Progress => match protocol.min_weeks(position.level) {
            None => (
                Position {
                    weeks_at_level: one_more_week,
                    ..position
                },
                Reason::new(
                    rule,
                    format!("You are at the last level, {here}: keep it up."),
                ),
            ),
            Some(weeks) if u16::from(one_more_week) < weeks => (
                Position {
                    weeks_at_level: one_more_week,
                    ..position
                },
                Reason::new(
                    rule,
                    format!(
                        "Good week. You stay at {here} for at least {weeks} weeks; this was \
                         week {one_more_week}."
                    ),
                ),
            ),
            Some(_) if protocol == Protocol::Alfredson && !drops_pain_free(pain_during) => (
                Position {
                    weeks_at_level: one_more_week,
                    ..position
                },
                Reason::new(rules::P_LOAD, alfredson_load_kept(&here, pain_during)),
            ),
            Some(_) => {
                let level = position.level + 1;
                (
                    Position {
                        level,
                        ..Position::first(protocol)
                    },
                    Reason::new(
                        rule,
                        format!(
                            "Good week: you move on to {}.",
                            protocol.level_phrase(level)
                        ),
                    ),
                )
            }
        },
        LoadDecision::Hold => (
            Position {
                weeks_at_level: one_more_week,
                ..position
            },
            Reason::new(
                rule,
                format!("You stay at {here} this week: no step up until the pain settles."),
            ),
        ),
        LoadDecision::Regress if position.level > 1 => {
            let level = position.level - 1;
            // The lower level was done before, so one good week is enough to come back up.
            let weeks_at_level = protocol
                .min_weeks(level)
                .map_or(0, |weeks| weeks.saturating_sub(1));
            let weeks_at_level = u8::try_from(weeks_at_level).unwrap_or(u8::MAX);
            (
                Position {
                    level,
                    weeks_at_level,
                    ..Position::first(protocol)
                },
                Reason::new(
                    rules::R_REST,
                    format!(
                        "You step back to {}: lighter, not stopped.",
                        protocol.level_phrase(level)
                    ),
                ),
            )
        }
        LoadDecision::Regress => (
            Position {
                eased: true,
                ..Position::first(protocol)
            },
            Reason::new(
                rules::R_REST,
                format!(
                    "You are already at the first level, {here}, so it stays, eased with \
                     fewer sets and isometric holds to settle the pain. Tendo never steps back \
                     to complete rest: a tendon without load loses strength."
                ),
            ),
        ),
    };
    Ok((next, vec![reason]))
}

/// True when the heel drops no longer hurt: the highest pain during them was 0/10.
fn drops_pain_free(pain_during: Option<PainScore>) -> bool {
    pain_during.is_some_and(|pain| pain.value() == 0)
}

/// Why an Alfredson load step stays after a good week.
fn alfredson_load_kept(here: &str, pain_during: Option<PainScore>) -> String {
    match pain_during {
        Some(pain) => format!(
            "Good week. Weight is added only once the heel drops no longer hurt; the most they \
             hurt since your plan last changed was {pain}, so you stay at {here}. Pain up to \
             5/10 is fine as long as it settles by the next morning."
        ),
        None => format!(
            "Good week. Weight is added only once the heel drops no longer hurt, and no pain \
             score for them was logged, so you stay at {here}. Log how much the drops hurt \
             after each session."
        ),
    }
}

/// The plan for one week at a position, with the reasons for its dose.
///
/// `week` is the programme week, 1-based; after week 12 the Alfredson and heavy-slow-resistance
/// plans become maintenance with a return to running.
pub fn plan_for(
    position: Position,
    condition: Condition,
    side: Side,
    sessions_per_week: u8,
    week: u16,
) -> Result<WeekPlan, FieldError> {
    check_sessions("sessions_per_week", sessions_per_week)?;
    let last_week = MAX_WEEKS_SINCE_START + 1;
    if !(1..=last_week).contains(&week) {
        return Err(FieldError::new(
            "week",
            format!("expected a programme week from 1 to {last_week}, got {week}"),
        ));
    }
    position.check(condition)?;
    let ctx = Context {
        condition,
        side,
        sessions: sessions_per_week,
        week,
        protocol: position.protocol,
        level: position.level,
        eased: position.eased,
    };
    let mut built = match position.protocol {
        Protocol::Isometric => achilles::isometric(&ctx),
        Protocol::Alfredson => achilles::alfredson(&ctx),
        Protocol::HeavySlowResistance => hsr::heavy_slow_resistance(&ctx),
        Protocol::Silbernagel => silbernagel::silbernagel(&ctx),
        Protocol::GoomStaged => hamstring::goom(&ctx),
    };
    shared_reasons(&ctx, &mut built);
    if let Some(gate) = position
        .protocol
        .is_symptom_gated()
        .then(|| position.protocol.next_gate_sentence(position.level))
        .flatten()
    {
        built.reason(rules::P_SIL_GATE, gate);
    }
    let mut level_label = position.protocol.level_label(position.level);
    if position.eased {
        level_label.push_str(" (eased while the pain settles)");
    }
    let calendar_driven = matches!(
        position.protocol,
        Protocol::Alfredson | Protocol::HeavySlowResistance
    );
    if calendar_driven && week > PROTOCOL_WEEKS {
        level_label.push_str(&format!(", maintenance after the {PROTOCOL_WEEKS} weeks"));
    }
    Ok(WeekPlan {
        condition,
        side,
        protocol: position.protocol,
        week,
        stage: position
            .protocol
            .is_symptom_gated()
            .then_some(position.level),
        position,
        level_label,
        items: built.items,
        avoid: built.avoid,
        reasons: built.reasons,
        gates: position.protocol.gates(),
    })
}
