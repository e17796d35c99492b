//! A clinician's massage-gun prescription, checked against the patient's screening: every site
//! allowed and within its cap, the calf total within 5 minutes, the rate within the setting
//! allowed, and sessions at least 48 hours apart. An unsafe prescription is refused with the
//! rules it breaks.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{Advice, Screening, Site, SiteVerdict, Verdict, check, sites};
use crate::reason::Reason;
use crate::rules;

/// The time on one site in each prescribed session.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteDose {
    /// The site.
    pub site: Site,
    /// Minutes on it each session.
    pub minutes: f64,
}

/// How a clinician prescribes the massage gun.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prescription {
    /// The sites with their minutes.
    pub sites: Vec<SiteDose>,
    /// The highest percussion rate to use.
    pub max_ppm: u32,
    /// Days between sessions: 2 or more (A16).
    pub every_days: u8,
}

/// The least number of days between prescribed sessions (A16: 48 hours).
pub const MIN_DAYS_BETWEEN: u8 = 2;

/// The rules behind a site's refusal, as one text such as "A20".
fn rule_text(rules: &[crate::rules::RuleId]) -> String {
    rules
        .iter()
        .map(|rule| rule.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a prescription against a screening at `now`. `Ok` when every part is within the
/// safety caps; otherwise every reason it is refused, each naming its rule.
pub fn check_prescription(
    screening: &Screening,
    prescription: &Prescription,
    now: Timestamp,
) -> Result<(), Vec<Reason>> {
    let mut screening = screening.clone();
    screening.last_session_at = None;
    let advice: Advice = check(&screening, now);
    let mut refusals = Vec::new();
    if advice.verdict == Verdict::DoNotUse {
        refusals.extend(
            advice
                .reasons
                .iter()
                .filter(|reason| super::PERSON_RULES.contains(&reason.rule))
                .cloned(),
        );
        if refusals.is_empty() {
            refusals.push(Reason::new(
                rules::A9,
                "The screening rules out a massage gun for this patient.",
            ));
        }
        return Err(refusals);
    }
    if prescription.sites.is_empty() {
        refusals.push(Reason::new(
            rules::A12,
            "Name at least one site with its minutes, or prescribe no massage gun.",
        ));
    }
    let mut seen = Vec::new();
    for dose in &prescription.sites {
        if seen.contains(&dose.site) {
            refusals.push(Reason::new(
                rules::A12,
                format!("The {} is listed twice.", dose.site.label()),
            ));
            continue;
        }
        seen.push(dose.site);
        let Some(site) = advice.sites.get(&dose.site) else {
            continue;
        };
        if dose.minutes.is_nan() || dose.minutes <= 0.0 {
            refusals.push(Reason::new(
                rules::A12,
                format!(
                    "Give the minutes on the {} as a number above 0.",
                    dose.site.label()
                ),
            ));
        } else if site.verdict != SiteVerdict::Allowed {
            let rule = site.rules.first().copied().unwrap_or(rules::MG_BELLY);
            let others = site.rules.iter().filter(|other| **other != rule).count();
            refusals.push(Reason::new(
                rule,
                if others == 0 {
                    format!(
                        "The {} may not be treated with a massage gun for this patient.",
                        dose.site.label()
                    )
                } else {
                    format!(
                        "The {} may not be treated with a massage gun for this patient ({}).",
                        dose.site.label(),
                        rule_text(&site.rules)
                    )
                },
            ));
        } else if dose.minutes > site.max_minutes + 1e-9 {
            let rule = site.rules.first().copied().unwrap_or(rules::A12);
            refusals.push(Reason::new(
                rule,
                format!(
                    "At most {} minutes on the {}, not {} ({}).",
                    site.max_minutes,
                    dose.site.label(),
                    dose.minutes,
                    rule_text(&site.rules)
                ),
            ));
        }
    }
    let calf: f64 = prescription
        .sites
        .iter()
        .filter(|dose| Site::CALF.contains(&dose.site))
        .map(|dose| dose.minutes.max(0.0))
        .sum();
    if calf > sites::CALF_TOTAL_MINUTES + 1e-9 {
        refusals.push(Reason::new(
            rules::A12,
            format!(
                "At most {} minutes in all on each calf, not {calf}.",
                sites::CALF_TOTAL_MINUTES
            ),
        ));
    }
    if prescription.max_ppm > advice.max_ppm {
        let rule = if screening.condition.is_achilles() {
            rules::A11
        } else {
            rules::A8
        };
        refusals.push(Reason::new(
            rule,
            format!(
                "At most {} percussions per minute for this patient, not {}.",
                advice.max_ppm, prescription.max_ppm
            ),
        ));
    }
    if prescription.every_days < MIN_DAYS_BETWEEN {
        refusals.push(Reason::new(
            rules::A16,
            format!(
                "Sessions must be at least 48 hours apart: every {MIN_DAYS_BETWEEN} days or \
                 more, not every {}.",
                prescription.every_days
            ),
        ));
    }
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(refusals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::Condition;

    fn screening(condition: Condition) -> Screening {
        Screening {
            condition,
            now: None,
            normal_sensation: true,
            systemic_conditions: Vec::new(),
            heel_bursitis: false,
            tendon_settled: false,
            skin: Vec::new(),
            device: None,
            last_session_at: None,
            today: None,
            suspected_clot: Some(false),
            blood_thinners: Some(false),
            bleeding_disorder: Some(false),
            pregnant: Some(false),
            implanted_device: Some(false),
        }
    }

    fn now() -> Timestamp {
        "2026-03-02T09:00:00Z".parse().unwrap()
    }

    fn calf(minutes: f64) -> Prescription {
        Prescription {
            sites: vec![
                SiteDose {
                    site: Site::Soleus,
                    minutes,
                },
                SiteDose {
                    site: Site::Gastrocnemius,
                    minutes,
                },
            ],
            max_ppm: 2400,
            every_days: 3,
        }
    }

    fn rules_of(result: Result<(), Vec<Reason>>) -> Vec<&'static str> {
        result
            .unwrap_err()
            .iter()
            .map(|reason| reason.rule.as_str())
            .collect()
    }

    #[test]
    fn a_safe_calf_prescription_passes() {
        let screening = screening(Condition::AchillesMidportion);
        assert_eq!(check_prescription(&screening, &calf(2.0), now()), Ok(()));
    }

    #[test]
    fn too_long_too_often_too_fast_and_forbidden_sites_are_refused_with_rules() {
        let screening = screening(Condition::AchillesMidportion);
        assert!(rules_of(check_prescription(&screening, &calf(3.0), now())).contains(&"A12"));
        let mut often = calf(2.0);
        often.every_days = 1;
        assert_eq!(
            rules_of(check_prescription(&screening, &often, now())),
            ["A16"]
        );
        let mut fast = calf(2.0);
        fast.max_ppm = 3200;
        assert_eq!(
            rules_of(check_prescription(&screening, &fast, now())),
            ["A11"]
        );
        let mut neck = calf(2.0);
        neck.sites.push(SiteDose {
            site: Site::Neck,
            minutes: 1.0,
        });
        assert_eq!(
            rules_of(check_prescription(&screening, &neck, now())),
            ["A21"]
        );
        let mut tendon = calf(2.0);
        tendon.sites[0].site = Site::AchillesTendon;
        assert!(rules_of(check_prescription(&screening, &tendon, now())).contains(&"A13"));
    }

    #[test]
    fn no_gun_without_normal_sensation() {
        let mut screening = screening(Condition::AchillesMidportion);
        screening.normal_sensation = false;
        assert_eq!(
            rules_of(check_prescription(&screening, &calf(1.0), now())),
            ["A9"]
        );
    }
}
