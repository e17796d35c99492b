//! What a clinician changes in a patient's care: the plan (protocol, level, training days,
//! exercises left out, fewer sets, the massage-gun prescription) with a reason, as a new plan
//! version the patient sees; marking the plan reviewed; and clearing a red-flag stop after
//! assessment.
//!
//! The engine checks every change: a level outside the protocol, a plan that would become rest,
//! more sets than the protocol's, or a massage-gun prescription beyond the safety caps is
//! refused with the rules it breaks, and nothing is saved.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tendo_core::massage_gun::{self, Prescription, Site, SiteDose};
use tendo_core::programme::{self, Adjustments, Position, Protocol};
use tendo_core::reason::Reason;
use tendo_store::StoreError;
use tendo_store::care::{NewPlanVersion, PlanCause, PlanVersion};
use tendo_store::clinic::RedFlagClearance;
use tendo_store::ids::{RecordId, UserId};

use super::open_for_care;
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::patient::input::Reader;
use crate::patient::plan::{CareStatus, current_status, programme_week, require_active};

/// One site of a massage-gun prescription as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GunSiteInput {
    /// The site, such as `soleus`.
    pub site: String,
    /// Minutes each session; empty when the site is not prescribed.
    pub minutes: String,
}

/// A plan change as typed. Pages and the API send the same text.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanChangeInput {
    /// The protocol's id, such as `heavy-slow-resistance`.
    pub protocol: String,
    /// The level within it, from 1.
    pub level: String,
    /// Training days a week, 1 to 7.
    pub sessions_per_week: String,
    /// Exercises to leave out, by id.
    pub omit: Vec<String>,
    /// Sets per exercise, by id; empty keeps the protocol's.
    pub sets: Vec<(String, String)>,
    /// `prescribe` to prescribe the massage gun, anything else for none.
    pub gun: String,
    /// The prescribed sites.
    pub gun_sites: Vec<GunSiteInput>,
    /// The highest percussion rate.
    pub gun_ppm: String,
    /// Days between sessions.
    pub gun_every_days: String,
    /// Why the plan changes.
    pub reason: String,
}

fn rule_message(reasons: &[Reason]) -> String {
    reasons
        .iter()
        .map(|reason| format!("{}: {}", reason.rule, reason.message))
        .collect::<Vec<_>>()
        .join(" ")
}

fn read_prescription(reader: &mut Reader, input: &PlanChangeInput) -> Option<Prescription> {
    if input.gun.trim() != "prescribe" {
        return None;
    }
    let mut sites = Vec::new();
    for (index, row) in input.gun_sites.iter().enumerate() {
        let field = format!("gun_sites[{index}].minutes");
        let minutes =
            reader.optional_decimal(&field, &row.minutes, 0.0, 60.0, "the minutes on the site");
        let Some(minutes) = minutes.filter(|minutes| *minutes > 0.0) else {
            continue;
        };
        match Site::ALL
            .into_iter()
            .find(|site| site.id() == row.site.trim())
        {
            Some(site) => sites.push(SiteDose { site, minutes }),
            None => reader.errors.add(
                format!("gun_sites[{index}].site"),
                format!("`{}` is not a body site Tendo knows", row.site.trim()),
            ),
        }
    }
    let ppm = reader.number("gun_ppm", &input.gun_ppm, 100, 10_000, "the highest rate");
    let every = reader.number(
        "gun_every_days",
        &input.gun_every_days,
        1,
        28,
        "days between sessions",
    );
    Some(Prescription {
        sites,
        max_ppm: u32::try_from(ppm.unwrap_or(0)).unwrap_or(0),
        every_days: u8::try_from(every.unwrap_or(0)).unwrap_or(0),
    })
}

/// Changes a patient's plan: a new plan version with the clinician's reason, visible on the
/// patient's plan page. Refusals name the field and the rule.
pub async fn change_plan(
    app: &App,
    caller: &Caller,
    patient: UserId,
    input: &PlanChangeInput,
) -> AppResult<PlanVersion> {
    let record = open_for_care(app, caller, patient, "plan.read").await?;
    let plan = require_active(app, &record)
        .await
        .map_err(|error| match error {
            AppError::Conflict(_) => AppError::Conflict(
                "the patient has no plan yet: it is made when they finish the intake".into(),
            ),
            other => other,
        })?;
    let condition = plan.condition;
    let current = plan.version.position;
    let mut reader = Reader::default();
    let protocol = match input.protocol.trim() {
        "" => Some(current.protocol),
        text => Protocol::ALL
            .into_iter()
            .find(|protocol| protocol.id() == text)
            .filter(|protocol| protocol.suits(condition))
            .or_else(|| {
                let allowed: Vec<&str> = Protocol::allowed_for(condition)
                    .iter()
                    .map(|protocol| protocol.id())
                    .collect();
                reader.errors.add(
                    "protocol",
                    format!(
                        "`{text}` is not offered for {}: choose {}",
                        condition.label(),
                        allowed.join(", ")
                    ),
                );
                None
            }),
    };
    let max_level = i64::from(protocol.unwrap_or(current.protocol).level_count());
    let level = reader.number("level", &input.level, 1, max_level, "the level");
    let days = reader.number(
        "sessions_per_week",
        &input.sessions_per_week,
        1,
        7,
        "training days a week",
    );
    let reason = reader.note("reason", &input.reason, 1000);
    if reason.is_none()
        && !reader
            .errors
            .0
            .iter()
            .any(|problem| problem.field == "reason")
    {
        reader.errors.add(
            "reason",
            "say why the plan changes: the patient reads it with the plan",
        );
    }
    let prescription = read_prescription(&mut reader, input);
    let mut sets = BTreeMap::new();
    for (exercise, text) in &input.sets {
        if let Some(value) =
            reader.optional_number(&format!("sets.{exercise}"), text, 0, 20, "sets")
        {
            sets.insert(exercise.clone(), u8::try_from(value).unwrap_or(0));
        }
    }
    let (Some(protocol), Some(level), Some(days), Some(reason)) = (protocol, level, days, reason)
    else {
        return Err(AppError::Invalid(reader.errors));
    };
    let level = u8::try_from(level).unwrap_or(1);
    let days = u8::try_from(days).unwrap_or(3);
    let position = if protocol == current.protocol && level == current.level {
        current
    } else {
        Position {
            level,
            ..Position::first(protocol)
        }
    };
    let week = programme_week(plan.version.programme_start, record.today);
    let engine = programme::plan_for(position, condition, plan.version.side, days, week)?;
    // Sets equal to the protocol's are no adjustment at all.
    sets.retain(|exercise, value| {
        engine
            .items
            .iter()
            .find(|item| &item.exercise == exercise)
            .is_none_or(|item| *value != item.sets)
    });
    let adjustments = Adjustments {
        omit: input.omit.iter().map(|id| id.trim().to_string()).collect(),
        sets,
        massage_gun: prescription,
    };
    let refusals = programme::check_adjustments(&engine, &adjustments);
    if !refusals.is_empty() {
        reader.errors.add("exercises", rule_message(&refusals));
    }
    if let Some(prescription) = &adjustments.massage_gun {
        match app
            .store
            .screening(record.patient.clinic_id, record.id())
            .await?
        {
            None => reader
                .errors
                .add("gun", "the patient has no massage-gun screening yet"),
            Some(screening) => {
                if let Err(refusals) =
                    massage_gun::check_prescription(&screening.answers, prescription, record.now)
                {
                    reader.errors.add("gun", rule_message(&refusals));
                }
            }
        }
    }
    if position == current
        && days == plan.version.sessions_per_week
        && adjustments == plan.version.adjustments
    {
        reader.errors.add(
            "protocol",
            "nothing changes: change the level, days, exercises or gun",
        );
    }
    reader.errors.into_result()?;
    let version = NewPlanVersion {
        id: RecordId::new(),
        patient_id: record.id(),
        clinic_id: record.patient.clinic_id,
        created_at: record.now,
        created_by: Some(caller.id()),
        cause: PlanCause::Clinician,
        condition,
        side: plan.version.side,
        position,
        sessions_per_week: days,
        programme_start: plan.version.programme_start,
        reasons: engine.reasons,
        note: Some(reason.clone()),
        adjustments,
        equipment: plan.version.equipment.clone(),
    };
    let audit = record
        .change(caller, "plan.change", &format!("plan/{}", version.id))
        .detail(reason);
    Ok(app.store.add_plan_version(&version, &audit).await?)
}

/// Marks the latest plan version reviewed: the patient's "a clinician will review this plan"
/// notice goes away.
pub async fn mark_reviewed(app: &App, caller: &Caller, patient: UserId) -> AppResult<PlanVersion> {
    let record = open_for_care(app, caller, patient, "plan.read").await?;
    let plan = require_active(app, &record).await?;
    if plan.version.reviewed_at.is_some() {
        return Err(AppError::Conflict(
            "the latest plan version is already reviewed".into(),
        ));
    }
    let audit = record
        .change(caller, "plan.review", &format!("plan/{}", plan.version.id))
        .detail(format!("version {}", plan.version.version));
    app.store
        .mark_plan_reviewed(
            record.patient.clinic_id,
            record.id(),
            plan.version.id,
            caller.id(),
            record.now,
            &audit,
        )
        .await?;
    let mut version = plan.version.clone();
    version.reviewed_at = Some(record.now);
    version.reviewed_by = Some(caller.id());
    Ok(version)
}

/// Clears a red-flag stop after the clinician assessed the patient: the clearance and its
/// reason are kept (and audited), and the patient finishes the intake to get a plan.
pub async fn clear_red_flag(
    app: &App,
    caller: &Caller,
    patient: UserId,
    reason: &str,
) -> AppResult<RedFlagClearance> {
    let record = open_for_care(app, caller, patient, "plan.read").await?;
    let mut reader = Reader::default();
    let reason = reader.note("reason", reason, 1000);
    if reason.is_none() && reader.errors.0.is_empty() {
        reader.errors.add(
            "reason",
            "say what your assessment found: the clearance is kept with your reason",
        );
    }
    reader.errors.into_result()?;
    let CareStatus::Stopped { triage } = current_status(app, &record).await? else {
        return Err(AppError::Conflict(
            "self-management is not stopped by a red flag".into(),
        ));
    };
    let clinic = record.patient.clinic_id;
    let Some(intake) = app.store.intake(clinic, record.id()).await? else {
        return Err(AppError::internal("a stopped patient has no intake"));
    };
    let mut answers: crate::patient::intake::answers::IntakeAnswers =
        crate::patient::intake::answers::IntakeAnswers::from_stored(intake.answers)?;
    answers.red_flags_cleared = true;
    let mut rules: Vec<_> = triage
        .findings
        .iter()
        .flat_map(|finding| finding.rules.clone())
        .collect();
    rules.sort();
    rules.dedup();
    let clearance = RedFlagClearance {
        id: RecordId::new(),
        patient_id: record.id(),
        clinic_id: clinic,
        cleared_by: caller.id(),
        cleared_at: record.now,
        reason: reason.unwrap_or_default(),
        rules,
    };
    let document = serde_json::to_value(&answers)
        .map_err(|error| AppError::internal(format!("intake does not write: {error}")))?;
    let audit = record
        .change(
            caller,
            "red-flag.clear",
            &format!("red-flags/{}", clearance.id),
        )
        .detail(clearance.reason.clone());
    app.store
        .clear_red_flag_stop(&clearance, &document, &audit)
        .await
        .map_err(|error| match error {
            StoreError::Conflict(message) => AppError::Conflict(message),
            other => other.into(),
        })?;
    Ok(clearance)
}

/// The field errors of a refused change, for a form shown again.
pub fn errors_of(error: AppError) -> Result<FieldErrors, AppError> {
    match error {
        AppError::Invalid(errors) => Ok(errors),
        AppError::Conflict(message) => Ok(FieldErrors::one("protocol", message)),
        other => Err(other),
    }
}
