//! The plan-change form of the patient record: protocol and level, training days, exercises
//! to leave out or dose lower, the massage-gun prescription (each site with its cap from the
//! patient's screening), and the reason. Shown again with what was typed when refused.

use jiff::Timestamp;
use jiff::civil::Date;
use tendo_app::model::outcomes::ScreeningRecord;
use tendo_app::patient::plan::{ActivePlan, programme_week};
use tendo_core::massage_gun::{self, Site, SiteVerdict};
use tendo_core::programme::{self, ExerciseKind, Protocol};

use crate::patient::form::FormData;

/// A choice of a select.
pub struct Choice {
    /// Its value.
    pub value: &'static str,
    /// Its words.
    pub label: String,
    /// True when chosen.
    pub selected: bool,
}

/// An exercise of the engine's week, with what the clinician may change.
pub struct ExerciseChoice {
    /// Its row, for the field names.
    pub index: usize,
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The protocol's sets.
    pub protocol_sets: u8,
    /// The sets typed or kept.
    pub sets: String,
    /// True when left out.
    pub omitted: bool,
}

/// A site of the massage-gun prescription.
pub struct GunSiteRow {
    /// Its row.
    pub index: usize,
    /// Its id.
    pub id: &'static str,
    /// Its name.
    pub label: &'static str,
    /// Minutes typed or kept.
    pub minutes: String,
    /// Its cap, or why it may not be treated, with the rules.
    pub hint: String,
}

/// The form's state.
pub struct PlanForm {
    /// The protocols offered for the condition.
    pub protocols: Vec<Choice>,
    /// The level typed or kept.
    pub level: String,
    /// Training days typed or kept.
    pub sessions_per_week: String,
    /// The exercises of this week.
    pub exercises: Vec<ExerciseChoice>,
    /// True when the gun is prescribed.
    pub gun_on: bool,
    /// The sites.
    pub gun_sites: Vec<GunSiteRow>,
    /// The highest rate typed or kept.
    pub gun_ppm: String,
    /// Days between sessions typed or kept.
    pub gun_every_days: String,
    /// The highest rate the screening allows.
    pub gun_max_ppm: Option<u32>,
    /// The reason typed.
    pub reason: String,
}

/// The form for `plan`, filled from what was typed (`typed`) or from the current version.
pub fn plan_form(
    plan: &ActivePlan,
    screening: Option<&ScreeningRecord>,
    today: Date,
    typed: Option<FormData>,
    now: Timestamp,
) -> PlanForm {
    let version = &plan.version;
    let current = version.position;
    let adjustments = &version.adjustments;
    let prescription = adjustments.massage_gun.as_ref();
    let kept = typed.is_some();
    let form = typed.unwrap_or_default();
    let value = |name: &str, default: String| if kept { form.get(name) } else { default };
    let protocol_now = if kept {
        form.get("protocol")
    } else {
        current.protocol.id().to_string()
    };
    let protocols = Protocol::allowed_for(plan.condition)
        .iter()
        .map(|protocol| Choice {
            value: protocol.id(),
            label: format!("{} (levels 1–{})", protocol.label(), protocol.level_count()),
            selected: protocol.id() == protocol_now,
        })
        .collect();
    let week = programme_week(version.programme_start, today);
    let engine = programme::plan_for(
        current,
        plan.condition,
        version.side,
        version.sessions_per_week,
        week,
    )
    .map(|week| week.items)
    .unwrap_or_default();
    let exercises = engine
        .iter()
        .filter(|item| item.kind != ExerciseKind::LoadTest)
        .enumerate()
        .map(|(index, item)| ExerciseChoice {
            index,
            id: item.exercise.clone(),
            name: item.name.clone(),
            protocol_sets: item.sets,
            sets: if kept {
                form.row("sets", index, "count")
            } else {
                adjustments
                    .sets
                    .get(&item.exercise)
                    .map(ToString::to_string)
                    .unwrap_or_default()
            },
            omitted: if kept {
                form.is("omit", &item.exercise)
            } else {
                adjustments.omit.contains(&item.exercise)
            },
        })
        .collect();
    let advice = screening.map(|screening| {
        let mut answers = screening.answers.clone();
        answers.last_session_at = None;
        // Scar ages and the like count in the patient's own days (A19).
        answers.today = Some(today);
        massage_gun::check(&answers, now)
    });
    let gun_sites = Site::ALL
        .into_iter()
        .enumerate()
        .map(|(index, site)| {
            let hint = match advice.as_ref().and_then(|advice| advice.sites.get(&site)) {
                Some(site_advice) if site_advice.verdict == SiteVerdict::Allowed => {
                    format!("at most {} min", site_advice.max_minutes)
                }
                Some(site_advice) => format!(
                    "not for this patient ({})",
                    site_advice
                        .rules
                        .iter()
                        .map(|rule| rule.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => "no screening yet".into(),
            };
            let minutes = if kept {
                form.row("gun_sites", index, "minutes")
            } else {
                prescription
                    .and_then(|prescription| {
                        prescription.sites.iter().find(|dose| dose.site == site)
                    })
                    .map(|dose| dose.minutes.to_string())
                    .unwrap_or_default()
            };
            GunSiteRow {
                index,
                id: site.id(),
                label: site.label(),
                minutes,
                hint,
            }
        })
        .collect();
    PlanForm {
        protocols,
        level: value("level", current.level.to_string()),
        sessions_per_week: value("sessions_per_week", version.sessions_per_week.to_string()),
        exercises,
        gun_on: if kept {
            form.is("gun", "prescribe")
        } else {
            prescription.is_some()
        },
        gun_sites,
        gun_ppm: value(
            "gun_ppm",
            prescription
                .map(|prescription| prescription.max_ppm.to_string())
                .or_else(|| advice.as_ref().map(|advice| advice.max_ppm.to_string()))
                .unwrap_or_default(),
        ),
        gun_every_days: value(
            "gun_every_days",
            prescription.map_or_else(|| "3".to_string(), |p| p.every_days.to_string()),
        ),
        gun_max_ppm: advice.as_ref().map(|advice| advice.max_ppm),
        reason: value("reason", String::new()),
    }
}
