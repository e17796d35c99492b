//! An imported plan is held to the same safety rules as one made here: a clinician's
//! adjustments never make a plan rest or exceed its protocol (`R-REST`), and a massage-gun
//! prescription stays within the caps for the screening in force (`A8`–`A22`,
//! `massage_gun::check_prescription`).

use std::collections::HashMap;

use jiff::tz::TimeZone;
use tendo_core::massage_gun::check_prescription;
use tendo_core::programme::{check_adjustments as engine_check, plan_for};
use tendo_core::reason::Reason;
use tendo_store::bulk::BulkBatch;
use tendo_store::care::NewPlanVersion;
use tendo_store::ids::RecordId;

use super::reader::{BadElement, Read};
use crate::patient::plan::programme_week;

fn refused(at: &str, what: &str, reasons: &[Reason]) -> BadElement {
    BadElement {
        path: at.to_string(),
        message: format!(
            "{what}: {}",
            reasons
                .iter()
                .map(|reason| format!("{} ({})", reason.message, reason.rule))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

/// Checks a plan version's adjustments against the engine's plan for the week it was made in.
pub(super) fn check_adjustments(plan: &NewPlanVersion, zone: &TimeZone, at: &str) -> Read<()> {
    let day = plan.created_at.to_zoned(zone.clone()).date();
    let week = programme_week(plan.programme_start, day);
    let engine = plan_for(
        plan.position,
        plan.condition,
        plan.side,
        plan.sessions_per_week,
        week,
    )
    .map_err(|problem| BadElement {
        path: at.to_string(),
        message: format!("the plan cannot be built: {}", problem.problem),
    })?;
    let refusals = engine_check(&engine, &plan.adjustments);
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(refused(at, "the adjustments are not safe", &refusals))
    }
}

/// Checks every massage-gun prescription against the screening in force when its plan was made
/// (the latest one answered by then, else the first).
pub(super) fn check_prescriptions(
    history: &BulkBatch,
    adjusted: &HashMap<RecordId, String>,
) -> Read<()> {
    for version in &history.plan_versions {
        let plan = &version.plan;
        let (Some(prescription), Some(at)) =
            (&plan.adjustments.massage_gun, adjusted.get(&plan.id))
        else {
            continue;
        };
        let screening = history
            .screenings
            .iter()
            .filter(|screening| screening.answered_at <= plan.created_at)
            .max_by_key(|screening| screening.answered_at)
            .or_else(|| {
                history
                    .screenings
                    .iter()
                    .min_by_key(|screening| screening.answered_at)
            })
            .ok_or_else(|| BadElement {
                path: at.clone(),
                message: "a massage-gun prescription needs the massage-gun screening, which is \
                          not in the Bundle"
                    .into(),
            })?;
        if let Err(reasons) = check_prescription(&screening.answers, prescription, plan.created_at)
        {
            return Err(refused(
                at,
                "the massage-gun prescription is not safe",
                &reasons,
            ));
        }
    }
    Ok(())
}
