//! Today's advice narrowed to the clinician's prescription: only the prescribed sites, each for
//! no longer than both its safety cap and its prescribed minutes, at no faster a rate than
//! either allows, and no sooner than the prescribed number of days after the last session.
//! A prescription only ever narrows the advice: it never allows what the screening does not.

use jiff::{SignedDuration, Timestamp};

use super::{Advice, Screening, Site, SiteVerdict, Verdict, assess};
use crate::massage_gun::Prescription;
use crate::reason::Reason;
use crate::rules;

/// The screening's advice at `now` (as [`super::check`] gives it), narrowed to `prescription`.
///
/// The last session is the screening's `last_session_at`. As in [`super::check`], no site is
/// `allowed` while the verdict is `wait`: the prescribed sites are `not-yet` until the next
/// session may start.
pub fn follow_prescription(
    screening: &Screening,
    prescription: &Prescription,
    now: Timestamp,
) -> Advice {
    let now = screening.effective_now(now);
    let mut advice = narrow(
        assess::assess(screening, now),
        prescription,
        screening.last_session_at,
        now,
    );
    assess::close_until_next_session(&mut advice);
    advice
}

/// Narrows `advice`, whose allowed sites are those open at the next session, to `prescription`.
fn narrow(
    mut advice: Advice,
    prescription: &Prescription,
    last_session_at: Option<Timestamp>,
    now: Timestamp,
) -> Advice {
    let mut calf_total = 0.0;
    let mut doses = Vec::new();
    for (site, site_advice) in advice.sites.iter_mut() {
        if site_advice.verdict != SiteVerdict::Allowed {
            continue;
        }
        match prescription.sites.iter().find(|dose| dose.site == *site) {
            Some(dose) if dose.minutes.is_finite() && dose.minutes > 0.0 => {
                site_advice.max_minutes = site_advice.max_minutes.min(dose.minutes);
                if Site::CALF.contains(site) {
                    calf_total += site_advice.max_minutes;
                }
                doses.push(format!(
                    "{} {} min",
                    site.label(),
                    trim(site_advice.max_minutes)
                ));
            }
            _ => {
                site_advice.verdict = SiteVerdict::Avoid;
                site_advice.max_minutes = 0.0;
                if !site_advice.rules.contains(&rules::A12) {
                    site_advice.rules.push(rules::A12);
                }
            }
        }
    }
    advice.max_minutes_per_calf = advice.max_minutes_per_calf.min(calf_total);
    advice.max_ppm = advice.max_ppm.min(prescription.max_ppm);
    if advice.verdict != Verdict::DoNotUse {
        let message = if doses.is_empty() {
            "Your clinician's prescription names no site you may treat today, so the massage gun \
             waits until they review it."
                .to_string()
        } else {
            format!(
                "Your clinician prescribed: {}, at most {} percussions per minute, at most once \
                 every {} days. The timer keeps to it, within the safety limits.",
                doses.join(", "),
                advice.max_ppm,
                prescription.every_days
            )
        };
        advice.reasons.push(Reason::new(rules::A12, message));
    }
    let gap = SignedDuration::from_hours(24 * i64::from(prescription.every_days));
    if let Some(next) = last_session_at.and_then(|last| last.checked_add(gap).ok())
        && next > now
        && advice.verdict != Verdict::DoNotUse
    {
        advice.verdict = Verdict::Wait;
        advice.next_session_not_before = Some(
            advice
                .next_session_not_before
                .map_or(next, |earlier| earlier.max(next)),
        );
        advice.reasons.push(Reason::new(
            rules::A16,
            format!(
                "Your clinician asked for {} days between massage-gun sessions.",
                prescription.every_days
            ),
        ));
    }
    advice
}

/// Minutes as a person writes them: `2.5`, `2`.
fn trim(minutes: f64) -> String {
    let text = format!("{minutes:.1}");
    text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::Condition;
    use crate::massage_gun::{Screening, SiteDose};

    fn now() -> Timestamp {
        "2026-11-22T09:00:00Z".parse().unwrap()
    }

    fn screening() -> Screening {
        serde_json::from_value(serde_json::json!({
            "condition": "achilles-midportion",
            "normal_sensation": true,
            "suspected_clot": false,
            "blood_thinners": false,
            "bleeding_disorder": false,
            "pregnant": false,
            "implanted_device": false
        }))
        .unwrap()
    }

    fn prescription(minutes: f64, every_days: u8) -> Prescription {
        Prescription {
            sites: vec![SiteDose {
                site: Site::Gastrocnemius,
                minutes,
            }],
            max_ppm: 2000,
            every_days,
        }
    }

    #[test]
    fn only_the_prescribed_sites_for_the_prescribed_minutes() {
        let screening = screening();
        assert_eq!(screening.condition, Condition::AchillesMidportion);
        let advice = follow_prescription(&screening, &prescription(1.5, 3), now());
        assert_eq!(advice.verdict, Verdict::Ok);
        assert_eq!(
            advice.sites[&Site::Gastrocnemius].verdict,
            SiteVerdict::Allowed
        );
        assert_eq!(advice.sites[&Site::Gastrocnemius].max_minutes, 1.5);
        assert_eq!(advice.sites[&Site::Soleus].verdict, SiteVerdict::Avoid);
        assert_eq!(advice.max_minutes_per_calf, 1.5);
        assert_eq!(advice.max_ppm, 2000);
        assert!(advice.reasons.iter().any(|reason| {
            reason
                .message
                .contains("gastrocnemius (upper calf) 1.5 min")
        }));
    }

    #[test]
    fn the_prescribed_interval_is_kept_after_the_48_hours() {
        let last = now() - SignedDuration::from_hours(60);
        let mut screening = screening();
        screening.last_session_at = Some(last);
        let advice = follow_prescription(&screening, &prescription(2.0, 3), now());
        assert_eq!(advice.verdict, Verdict::Wait);
        let gastrocnemius = &advice.sites[&Site::Gastrocnemius];
        assert_eq!(gastrocnemius.verdict, SiteVerdict::NotYet);
        assert_eq!(gastrocnemius.max_minutes, 0.0);
        assert_eq!(gastrocnemius.not_before, advice.next_session_not_before);
        assert_eq!(
            advice.next_session_not_before,
            Some(last + SignedDuration::from_hours(72))
        );
        assert!(
            advice
                .reasons
                .iter()
                .any(|reason| reason.rule == rules::A16)
        );
    }
}
