//! The screening itself: who may use a gun, when, how hard, and where.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};

use super::health;
use super::sites::{self, CALF_TOTAL_MINUTES, Findings};
use super::{
    Advice, Attachment, Intensity, Screening, Site, SiteAdvice, SiteVerdict, Verdict, words,
};
use crate::reason::Reason;
use crate::rules;

/// The highest percussion rate of the low setting (A8, A11).
pub(super) const LOW_SETTING_MAX_PPM: u32 = 2400;
/// The per-muscle-group limit at the low setting, in minutes (A8).
pub(super) const LOW_SETTING_MINUTES: f64 = 5.0;
/// The per-muscle-group limit above the low setting, in minutes: under 2 (A8).
pub(super) const HIGH_SETTING_MINUTES: f64 = 1.5;
/// The least time between two sessions (A16).
pub(super) const REST_BETWEEN_SESSIONS: SignedDuration = SignedDuration::from_hours(48);

/// Screens a person at the moment `now`.
pub(super) fn assess(screening: &Screening, now: Timestamp) -> Advice {
    let blockers = person_blockers(screening);
    let blocked = !blockers.is_empty();
    let dose = Dose::for_screening(screening);

    let mut findings = Findings::default();
    sites::never_sites(&mut findings, screening);
    if blocked {
        for site in Site::ALL {
            for reason in &blockers {
                findings.mark(site, SiteVerdict::Avoid, reason.rule, None);
            }
        }
    } else {
        sites::anatomy(&mut findings, screening);
        sites::skin(&mut findings, screening, screening.effective_today(now));
    }
    let mut site_advice = findings.combine();
    if !blocked {
        sites::assign_minutes(&mut site_advice, dose.cap_per_group);
    }

    let mut reasons = blockers;
    let (verdict, next_session_not_before) = if blocked {
        (Verdict::DoNotUse, None)
    } else {
        let (verdict, next, timing_reason) = timing(screening, now);
        reasons.push(timing_reason);
        reasons.extend(dose.reasons(screening, &site_advice, verdict == Verdict::Wait));
        (verdict, next)
    };
    reasons.extend(findings.reasons);
    if !blocked {
        reasons.push(Reason::new(
            rules::MG_BEFORE,
            "Don't use the gun right before jumping, sprinting or heavy strength work: it can \
             leave your muscles less ready for explosive effort. Use it afterwards or on another \
             day.",
        ));
        reasons.push(Reason::new(
            rules::MG_STOP,
            "Stop and contact a health professional if you notice unusual bruising, dark or \
             tea-coloured urine, numbness or tingling, or any change in your eyesight.",
        ));
    }
    reasons.push(Reason::new(
        rules::A5,
        "A massage gun can ease pain and relax the muscles, which helps when pain keeps you from \
         starting your strength exercises.",
    ));
    reasons.push(Reason::new(
        rules::A4,
        "It does not heal the tendon: only your graded loading exercises rebuild it, so keep \
         doing them.",
    ));

    Advice {
        verdict,
        next_session_not_before,
        max_ppm: dose.max_ppm,
        attachment: Attachment::MediumBall,
        intensity: Intensity { min: 4, max: 6 },
        max_minutes_per_calf: if blocked { 0.0 } else { CALF_TOTAL_MINUTES },
        sites: site_advice,
        reasons,
    }
}

/// What rules out a massage gun for this person altogether (A9, A17, A11).
fn person_blockers(screening: &Screening) -> Vec<Reason> {
    let mut blockers = Vec::new();
    if !screening.normal_sensation {
        blockers.push(Reason::new(
            rules::A9,
            "You told us the feeling in your calf and Achilles is not normal. A massage gun needs \
             normal feeling so you can tell when it is too much, so please don't use one.",
        ));
    }
    let mut illnesses: Vec<String> = Vec::new();
    for &condition in &screening.systemic_conditions {
        let name = words::illness(condition).to_string();
        if !illnesses.contains(&name) {
            illnesses.push(name);
        }
    }
    if !illnesses.is_empty() {
        blockers.push(Reason::new(
            rules::A17,
            format!(
                "You have {}. Illnesses like this weaken the body's repair, and people with them \
                 have been seriously hurt by massage guns, so please don't use one.",
                words::join(&illnesses)
            ),
        ));
    }
    if let Some(device) = screening.device
        && screening.condition.is_achilles()
        && device.min_ppm > LOW_SETTING_MAX_PPM
    {
        blockers.push(Reason::new(
            rules::A11,
            format!(
                "Your device's lowest setting is {} percussions per minute. With an Achilles \
                 tendinopathy the gun must run at {LOW_SETTING_MAX_PPM} or fewer, so this device \
                 cannot be used safely for you.",
                device.min_ppm
            ),
        ));
    }
    blockers.extend(health::blockers(screening));
    blockers
}

/// While the verdict is `wait`, no site is allowed: the sites that open at the next session
/// become `not-yet` until then (A16), with no minutes.
pub(super) fn close_until_next_session(advice: &mut Advice) {
    let (Verdict::Wait, Some(next)) = (advice.verdict, advice.next_session_not_before) else {
        return;
    };
    for site_advice in advice.sites.values_mut() {
        if site_advice.verdict != SiteVerdict::Allowed {
            continue;
        }
        site_advice.verdict = SiteVerdict::NotYet;
        site_advice.max_minutes = 0.0;
        site_advice.not_before = Some(next);
        if !site_advice.rules.contains(&rules::A16) {
            site_advice.rules.push(rules::A16);
        }
    }
}

/// Whether a session may start now (A16), the earliest next start, and why.
fn timing(screening: &Screening, now: Timestamp) -> (Verdict, Option<Timestamp>, Reason) {
    let Some(last) = screening.last_session_at else {
        return (
            Verdict::Ok,
            None,
            Reason::new(
                rules::A16,
                "Leave at least 48 hours between massage-gun sessions so your body can recover.",
            ),
        );
    };
    let elapsed = now.duration_since(last);
    if elapsed >= REST_BETWEEN_SESSIONS {
        return (
            Verdict::Ok,
            None,
            Reason::new(
                rules::A16,
                format!(
                    "Your last session was {} ago, more than the 48 hours your body needs to \
                     recover, so a session may start now. Afterwards, wait 48 hours again.",
                    words::hours(elapsed)
                ),
            ),
        );
    }
    let next = last
        .checked_add(REST_BETWEEN_SESSIONS)
        .unwrap_or(Timestamp::MAX);
    let when = if elapsed.is_negative() {
        format!("is recorded at {}, after now", words::moment(last))
    } else {
        format!("was {} ago", words::hours(elapsed))
    };
    let message = format!(
        "Your last massage-gun session {when}. Leave at least 48 hours between sessions so your \
         body can recover: the next one can start on {}.",
        words::moment(next)
    );
    (Verdict::Wait, Some(next), Reason::new(rules::A16, message))
}

/// The percussion rate and the per-muscle-group time limit.
struct Dose {
    max_ppm: u32,
    cap_per_group: f64,
    /// True when the device cannot run at the low setting (hamstring conditions only).
    high_only: bool,
}

impl Dose {
    /// The dose for a screening's condition and device (A8, A11).
    fn for_screening(screening: &Screening) -> Dose {
        match screening.device {
            Some(device)
                if device.min_ppm > LOW_SETTING_MAX_PPM && !screening.condition.is_achilles() =>
            {
                Dose {
                    max_ppm: device.min_ppm,
                    cap_per_group: HIGH_SETTING_MINUTES,
                    high_only: true,
                }
            }
            Some(device) => Dose {
                max_ppm: device.max_ppm.min(LOW_SETTING_MAX_PPM),
                cap_per_group: LOW_SETTING_MINUTES,
                high_only: false,
            },
            None => Dose {
                max_ppm: LOW_SETTING_MAX_PPM,
                cap_per_group: LOW_SETTING_MINUTES,
                high_only: false,
            },
        }
    }

    /// The reasons for the attachment, intensity, rate and minutes (A10, A15, A11, A8, A12).
    ///
    /// While `waiting` for the next session, the calf split is given for that session.
    fn reasons(
        &self,
        screening: &Screening,
        sites: &BTreeMap<Site, SiteAdvice>,
        waiting: bool,
    ) -> Vec<Reason> {
        let mut reasons = vec![
            Reason::new(
                rules::A10,
                "Use the medium ball attachment, about the size of a golf ball.",
            ),
            Reason::new(
                rules::A15,
                "Aim for a firm pressure you can relax into, about 4 to 6 out of 10 on a \
                 discomfort scale. Ease off if it gets stronger than that.",
            ),
        ];
        let range = screening.device.map(|device| {
            format!(
                "Your device runs from {} to {} percussions per minute",
                device.min_ppm, device.max_ppm
            )
        });
        let low = LOW_SETTING_MAX_PPM;
        let setting = match range {
            None => format!("Keep the gun at {low} percussions per minute or fewer."),
            Some(range) if self.max_ppm < low => format!("{range}, all within that range."),
            Some(range) => format!("{range}: keep it at {low} or below."),
        };
        if screening.condition.is_achilles() {
            reasons.push(Reason::new(
                rules::A11,
                format!("With an Achilles tendinopathy use the low setting, {low} percussions per minute or fewer. {setting}"),
            ));
        }
        let minutes_message = if self.high_only {
            format!(
                "Your device's lowest setting is {} percussions per minute, above {low}. At that \
                 speed each muscle group needs less than 2 minutes, so use the lowest setting and \
                 at most {} minutes per area.",
                self.max_ppm,
                words::minutes(self.cap_per_group)
            )
        } else if screening.condition.is_achilles() {
            format!(
                "At {low} percussions per minute or fewer, a muscle group takes at least 2 and at \
                 most {} minutes; on the calf the 5-minute total comes first.",
                words::minutes(self.cap_per_group)
            )
        } else {
            format!(
                "{setting} At that speed spend at least 2 and at most {} minutes on each muscle \
                 group.",
                words::minutes(self.cap_per_group)
            )
        };
        reasons.push(Reason::new(rules::A8, minutes_message));
        reasons.push(Reason::new(rules::A12, calf_message(sites, waiting)));
        reasons
    }
}

/// The A12 message, with this person's split of the calf total, today or at the next session.
fn calf_message(sites: &BTreeMap<Site, SiteAdvice>, waiting: bool) -> String {
    let parts: Vec<String> = Site::CALF
        .iter()
        .filter_map(|site| {
            let advice = sites.get(site)?;
            (advice.verdict == SiteVerdict::Allowed).then(|| {
                format!(
                    "{} minutes on {}",
                    words::minutes(advice.max_minutes),
                    words::your(*site)
                )
            })
        })
        .collect();
    let total = words::minutes(CALF_TOTAL_MINUTES);
    if parts.is_empty() {
        format!(
            "Spend no more than {total} minutes in total on each calf; today no part of your calf \
             is open to the gun."
        )
    } else {
        let when = if waiting {
            "at your next session"
        } else {
            "for you"
        };
        format!(
            "Spend no more than {total} minutes in total on each calf: {when}, up to {}.",
            words::join(&parts)
        )
    }
}
