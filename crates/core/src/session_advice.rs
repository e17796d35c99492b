//! What to do straight after a session whose pain went over a limit: plain advice for tonight
//! and tomorrow, given the moment the session is logged rather than the next morning.
//!
//! The next-morning check-in decides how the plan moves (see [`crate::pain_monitoring`]); this
//! module only tells the person what to do until then, and says that their clinician sees it.

use serde::{Deserialize, Serialize};

use crate::condition::Condition;
use crate::pain_monitoring::{self, SESSION_PAIN_LIMIT};
use crate::pain_score::PainScore;
use crate::reason::Reason;
use crate::rules;

/// Pain during a session at or above which sudden-onset warning signs are spelled out: a
/// sudden, severe pain can be a tear rather than a flare (`RF-RUPTURE`, `RF-AVULSION`). 7 is
/// where the usual clinical banding of the 0–10 scale calls pain severe (source
/// `fhir-pain-scale`: 1–3 mild, 4–6 moderate, 7–10 severe).
pub const SEVERE_PAIN: u8 = 7;

/// Advice for the rest of the day and the next morning after a session over a pain limit.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionAdvice {
    /// One plain sentence: what happened.
    pub headline: String,
    /// What to do for the rest of today.
    pub tonight: Vec<String>,
    /// What to do tomorrow morning and at the next session.
    pub tomorrow: Vec<String>,
    /// When to get help the same day, if the pain came with warning signs.
    pub urgent: Option<String>,
    /// The person's clinician sees this session among their flagged patients.
    pub clinician_flagged: bool,
    /// The rules behind the advice, with what each means here.
    pub reasons: Vec<Reason>,
}

/// The pain around one session, and whether the session before it also went over a limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPain {
    /// The worst pain during the session.
    pub during: PainScore,
    /// The pain straight after it.
    pub after: PainScore,
    /// True when the previous session (in the last 7 days) also went over a limit.
    pub previous_over_limit: bool,
}

impl SessionPain {
    /// True when pain during or straight after went over the 5/10 limit (`R-PM1`, `R-PM2`).
    pub fn over_limit(&self) -> bool {
        pain_monitoring::over_session_limit(self.during, self.after)
    }
}

/// The advice after a session, or `None` when its pain stayed within the limits.
pub fn after_session(condition: Condition, pain: SessionPain) -> Option<SessionAdvice> {
    if !pain.over_limit() {
        return None;
    }
    let during = pain.during.value();
    let after = pain.after.value();
    let mut reasons = Vec::new();
    if during > SESSION_PAIN_LIMIT {
        reasons.push(Reason::new(
            rules::R_PM1,
            format!(
                "Pain during the session was {during}/10: up to {SESSION_PAIN_LIMIT}/10 is \
                 acceptable while you train."
            ),
        ));
    }
    if after > SESSION_PAIN_LIMIT {
        reasons.push(Reason::new(
            rules::R_PM2,
            format!(
                "Pain straight after was {after}/10: up to {SESSION_PAIN_LIMIT}/10 is acceptable \
                 after a session, as long as it settles by the next morning."
            ),
        ));
    }
    let headline = format!(
        "Your pain went above {SESSION_PAIN_LIMIT}/10 ({during}/10 during, {after}/10 after): \
         that is more load than your tendon can take at the moment."
    );
    let mut tonight = vec![
        "Stop the exercises for today; don't try to finish the session.".to_owned(),
        "Keep moving gently: easy walking is fine. Skip running, jumping, hills and sprints \
         today."
            .to_owned(),
    ];
    if condition == Condition::ProximalHamstring {
        tonight.push(
            "Avoid sitting for long on hard seats and don't stretch the back of your thigh: both \
             press on the sore tendon."
                .to_owned(),
        );
        reasons.push(Reason::new(
            rules::P_COMP,
            "Deep hip bending, long sitting and hamstring stretches press the tendon against \
             the sitting bone and keep it sore.",
        ));
    } else {
        tonight.push(
            "Don't stretch your calf hard or stand on a step edge with your heel dropped today."
                .to_owned(),
        );
    }
    let check = if condition == Condition::ProximalHamstring {
        "do your load test (3 single-leg bridges) and enter its score in the check-in"
    } else {
        "answer the check-in with your pain when you get up"
    };
    let mut tomorrow = vec![
        format!("Tomorrow morning, {check}: Tendo decides your next step from it."),
        "If it is back to your usual level, do the next session at the same level, not heavier. \
         If it is still up, Tendo steps your plan back a level: lighter, never stopped."
            .to_owned(),
    ];
    reasons.push(Reason::new(
        rules::R_LT1,
        "The next morning shows how your tendon took the load: a rise of more than 2 points \
         means cutting back the load that caused it.",
    ));
    if pain.previous_over_limit {
        tomorrow.push(
            "This is the second session in a row above the limit, so your plan steps back a \
             level at the next check-in."
                .to_owned(),
        );
    }
    reasons.push(Reason::new(
        rules::R_REST,
        "Stepping back means a lighter load, not rest: a tendon that is not loaded gets \
         weaker.",
    ));
    let urgent = (during >= SEVERE_PAIN).then(|| {
        let (signs, rule) = if condition == Condition::ProximalHamstring {
            (
                "a sudden pop in the back of your thigh, bruising there over the next days, or \
                 pain, tingling or weakness running down the leg",
                rules::RF_AVULSION,
            )
        } else {
            (
                "a sudden pop or snap, a feeling of being kicked in the back of the heel, or you \
                 cannot stand on tiptoe on that leg",
                rules::RF_RUPTURE,
            )
        };
        reasons.push(Reason::new(
            rule,
            "Sudden severe pain with these signs can be a tear, which needs to be seen the same \
             day.",
        ));
        format!(
            "If the pain came on suddenly with {signs}, get seen today (urgent care or your \
             doctor): that can be a tear, not a flare."
        )
    });
    Some(SessionAdvice {
        headline,
        tonight,
        tomorrow,
        urgent,
        clinician_flagged: true,
        reasons,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pain(during: u8, after: u8, previous_over_limit: bool) -> SessionPain {
        SessionPain {
            during: PainScore::new(during).expect("a pain score"),
            after: PainScore::new(after).expect("a pain score"),
            previous_over_limit,
        }
    }

    #[test]
    fn r_pm1_pain_within_the_limits_needs_no_advice() {
        for condition in Condition::ALL {
            assert_eq!(after_session(condition, pain(5, 5, true)), None);
        }
    }

    #[test]
    fn r_pm1_r_pm2_pain_over_the_limit_gets_advice_for_tonight_and_tomorrow() {
        let advice = after_session(Condition::AchillesMidportion, pain(7, 8, false))
            .expect("advice after 7 and 8");
        assert!(advice.headline.contains("7/10 during, 8/10 after"));
        assert!(!advice.tonight.is_empty() && !advice.tomorrow.is_empty());
        assert!(advice.clinician_flagged);
        let rules: Vec<_> = advice.reasons.iter().map(|reason| reason.rule).collect();
        assert!(rules.contains(&rules::R_PM1) && rules.contains(&rules::R_PM2));
        assert!(rules.contains(&rules::R_REST), "never rest: {rules:?}");
        assert!(advice.tomorrow.iter().all(|line| !line.contains("second")));
    }

    #[test]
    fn r_pm2_pain_only_after_names_only_the_after_rule() {
        let advice = after_session(Condition::AchillesInsertional, pain(5, 6, false))
            .expect("advice after 6 straight after");
        let rules: Vec<_> = advice.reasons.iter().map(|reason| reason.rule).collect();
        assert!(!rules.contains(&rules::R_PM1) && rules.contains(&rules::R_PM2));
        assert_eq!(advice.urgent, None);
    }

    #[test]
    fn r_pm1_a_second_session_over_the_limit_says_the_plan_steps_back() {
        let advice = after_session(Condition::AchillesMidportion, pain(6, 4, true))
            .expect("advice after 6 during");
        assert!(
            advice
                .tomorrow
                .iter()
                .any(|line| line.contains("steps back"))
        );
    }

    #[test]
    fn rf_rupture_severe_pain_spells_out_the_signs_of_a_tear() {
        let achilles = after_session(Condition::AchillesMidportion, pain(7, 6, false))
            .expect("advice after 9 during");
        assert!(
            achilles
                .urgent
                .as_deref()
                .is_some_and(|text| text.contains("tiptoe"))
        );
        assert!(
            achilles
                .reasons
                .iter()
                .any(|reason| reason.rule == rules::RF_RUPTURE)
        );
        let hamstring = after_session(Condition::ProximalHamstring, pain(8, 6, false))
            .expect("advice after 8 during");
        assert!(
            hamstring
                .reasons
                .iter()
                .any(|reason| reason.rule == rules::RF_AVULSION)
        );
        assert!(
            hamstring
                .reasons
                .iter()
                .any(|reason| reason.rule == rules::P_COMP)
        );
    }
}
