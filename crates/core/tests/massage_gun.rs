//! Massage-gun screening: property tests for the safety rules and one example per rule.

mod massage_gun_rules;
mod massage_gun_support;

use jiff::Timestamp;
use proptest::prelude::*;
use tendo_core::massage_gun::{
    Prescription, Site, SiteDose, SiteVerdict, Verdict, check, follow_prescription,
};
use tendo_core::rules;

use massage_gun_support::{
    advice_of, arbitrary_raw_screening, arbitrary_screening, effective_now, hours_between,
};

/// The per-muscle-group limit when the device cannot run at 2,400 or below.
const HIGH_SETTING_CAP: f64 = 1.5;
/// Room for rounding when adding minutes.
const EPSILON: f64 = 1e-9;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_allowed_site_goes_above_its_cap((screening, now) in arbitrary_screening()) {
        let advice = check(&screening, now);
        let only_fast = screening.device.is_some_and(|device| device.min_ppm > 2400);
        let cap = if only_fast { HIGH_SETTING_CAP } else { 5.0 };
        for (site, site_advice) in &advice.sites {
            prop_assert!(site_advice.max_minutes >= 0.0, "{site:?}");
            prop_assert!(site_advice.max_minutes <= cap + EPSILON, "{site:?}: {site_advice:?}");
            if site_advice.verdict != SiteVerdict::Allowed {
                prop_assert_eq!(site_advice.max_minutes, 0.0, "{:?}", site);
            }
            if site_advice.verdict != SiteVerdict::NotYet {
                prop_assert_eq!(site_advice.until, None, "{:?}", site);
            }
        }
    }

    #[test]
    fn the_calf_sites_never_add_up_to_more_than_five_minutes(
        (screening, now) in arbitrary_screening()
    ) {
        let advice = check(&screening, now);
        let calf_total: f64 = Site::CALF
            .iter()
            .map(|site| advice.sites[site].max_minutes)
            .sum();
        prop_assert!(calf_total <= 5.0 + EPSILON, "calf total {calf_total}");
        prop_assert!(advice.max_minutes_per_calf <= 5.0);
    }

    #[test]
    fn never_ok_without_normal_sensation_or_with_a_systemic_illness(
        (screening, now) in arbitrary_screening()
    ) {
        let advice = check(&screening, now);
        if !screening.normal_sensation || !screening.systemic_conditions.is_empty() {
            prop_assert_eq!(advice.verdict, Verdict::DoNotUse);
        }
    }

    #[test]
    fn face_neck_chest_and_a_bursitis_heel_are_never_allowed(
        (screening, now) in arbitrary_screening()
    ) {
        let advice = check(&screening, now);
        for site in [Site::Face, Site::Neck, Site::Chest] {
            prop_assert_eq!(advice.sites[&site].verdict, SiteVerdict::Never);
        }
        if screening.heel_bursitis {
            prop_assert_eq!(advice.sites[&Site::AchillesInsertion].verdict, SiteVerdict::Never);
        }
    }

    #[test]
    fn never_a_session_within_48_hours_of_the_last(
        (screening, now) in arbitrary_screening()
    ) {
        let advice = check(&screening, now);
        let moment = effective_now(&screening, now);
        if let Some(last) = screening.last_session_at {
            if let Some(next) = advice.next_session_not_before {
                prop_assert!(hours_between(last, next) >= 48.0);
            }
            if advice.verdict == Verdict::Ok {
                prop_assert!(hours_between(last, moment) >= 48.0);
            }
            if advice.verdict == Verdict::Wait {
                prop_assert!(advice.next_session_not_before.is_some_and(|next| next > moment));
            }
        } else {
            prop_assert_ne!(advice.verdict, Verdict::Wait);
        }
        if advice.verdict != Verdict::Wait {
            prop_assert_eq!(advice.next_session_not_before, None);
        }
    }

    #[test]
    fn a16_while_waiting_no_site_is_allowed_and_each_says_when(
        (screening, now) in arbitrary_screening()
    ) {
        let advice = check(&screening, now);
        if advice.verdict != Verdict::Ok {
            for (site, site_advice) in &advice.sites {
                prop_assert_ne!(site_advice.verdict, SiteVerdict::Allowed, "{:?}", site);
                prop_assert_eq!(site_advice.max_minutes, 0.0, "{:?}", site);
                if site_advice.not_before.is_some() {
                    prop_assert_eq!(site_advice.not_before, advice.next_session_not_before);
                    prop_assert!(site_advice.rules.contains(&rules::A16));
                }
            }
        }
    }

    #[test]
    fn a8_every_muscle_group_dose_obeys_its_rate((screening, now) in arbitrary_screening()) {
        let advice = check(&screening, now);
        let muscle_groups = [
            Site::Gastrocnemius,
            Site::Soleus,
            Site::Hamstrings,
            Site::Gluteals,
            Site::Quadriceps,
        ];
        for site in muscle_groups {
            let site_advice = &advice.sites[&site];
            if site_advice.verdict != SiteVerdict::Allowed {
                continue;
            }
            let minutes = site_advice.max_minutes;
            if advice.max_ppm <= 2400 {
                prop_assert!((2.0 - EPSILON..=5.0 + EPSILON).contains(&minutes), "{site:?}: {minutes}");
            } else {
                prop_assert!(minutes < 2.0, "{site:?}: {minutes} at {}", advice.max_ppm);
            }
        }
        let calf_total: f64 = Site::CALF.iter().map(|site| advice.sites[site].max_minutes).sum();
        prop_assert!(calf_total <= 5.0 + EPSILON);
    }

    #[test]
    fn mg_never_ok_unless_every_health_question_is_answered_no(
        (screening, now) in arbitrary_screening()
    ) {
        let advice = check(&screening, now);
        let answers = [
            screening.suspected_clot,
            screening.blood_thinners,
            screening.bleeding_disorder,
            screening.pregnant,
            screening.implanted_device,
        ];
        if answers.iter().any(|answer| *answer != Some(false)) {
            prop_assert_eq!(advice.verdict, Verdict::DoNotUse);
        }
    }

    #[test]
    fn achilles_conditions_never_go_above_2400_ppm((screening, now) in arbitrary_screening()) {
        let advice = check(&screening, now);
        if screening.condition.is_achilles() {
            prop_assert!(advice.max_ppm <= 2400, "{}", advice.max_ppm);
        }
        if let Some(device) = screening.device {
            prop_assert!(advice.max_ppm >= device.min_ppm.min(2400));
            prop_assert!(advice.max_ppm <= device.max_ppm);
        }
    }

    #[test]
    fn do_not_use_allows_no_site_and_no_minutes((screening, now) in arbitrary_screening()) {
        let advice = check(&screening, now);
        if advice.verdict == Verdict::DoNotUse {
            prop_assert_eq!(advice.next_session_not_before, None);
            prop_assert_eq!(advice.max_minutes_per_calf, 0.0);
            for (site, site_advice) in &advice.sites {
                prop_assert!(
                    matches!(site_advice.verdict, SiteVerdict::Avoid | SiteVerdict::Never),
                    "{site:?}: {site_advice:?}"
                );
                prop_assert_eq!(site_advice.max_minutes, 0.0);
            }
        }
    }

    #[test]
    fn every_site_is_present_and_every_rule_is_known_and_explained(
        (screening, now) in arbitrary_screening()
    ) {
        let advice = check(&screening, now);
        let listed: Vec<Site> = advice.sites.keys().copied().collect();
        prop_assert_eq!(listed.len(), Site::ALL.len());
        for site in Site::ALL {
            prop_assert!(advice.sites.contains_key(&site), "{site:?} missing");
            prop_assert!(!advice.sites[&site].rules.is_empty(), "{site:?} has no rule");
        }
        for reason in &advice.reasons {
            prop_assert!(rules::ALL.contains(&reason.rule), "{}", reason.rule);
            prop_assert!(!reason.message.trim().is_empty());
        }
        for (site, site_advice) in &advice.sites {
            for rule in &site_advice.rules {
                prop_assert!(
                    advice.reasons.iter().any(|reason| reason.rule == *rule),
                    "{rule} on {site:?} has no reason"
                );
            }
        }
    }

    #[test]
    fn the_advice_survives_a_json_round_trip((screening, now) in arbitrary_screening()) {
        let advice = check(&screening, now);
        let json = serde_json::to_value(&advice).expect("advice serialises");
        prop_assert_eq!(json["sites"].as_object().map(|sites| sites.len()), Some(11));
        let screening_json = serde_json::to_string(&screening).expect("screening serialises");
        let parsed: tendo_core::massage_gun::Screening =
            serde_json::from_str(&screening_json).expect("screening parses back");
        prop_assert!(parsed.validate_at(now).is_ok());
        prop_assert_eq!(check(&parsed, now), advice);
    }
}

/// Any prescription, sensible or not: any sites (repeated or not), any minutes (negative, zero,
/// huge, not a number), any rate and interval.
fn arbitrary_prescription() -> impl Strategy<Value = Prescription> {
    let minutes = prop_oneof![
        (-5.0f64..20.0),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(0.0)
    ];
    (
        prop::collection::vec((prop::sample::select(Site::ALL.to_vec()), minutes), 0..6),
        0u32..12_000,
        0u8..15,
    )
        .prop_map(|(sites, max_ppm, every_days)| Prescription {
            sites: sites
                .into_iter()
                .map(|(site, minutes)| SiteDose { site, minutes })
                .collect(),
            max_ppm,
            every_days,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// A prescription only narrows the advice: no site, rate or calf total above what the
    /// screening allows, no forbidden site allowed, no session sooner than the screening allows.
    #[test]
    fn a_prescription_never_loosens_the_safety_limits(
        (screening, now) in arbitrary_screening(),
        prescription in arbitrary_prescription(),
    ) {
        let safe = check(&screening, now);
        let followed = follow_prescription(&screening, &prescription, now);
        for (site, limit) in &safe.sites {
            let narrowed = &followed.sites[site];
            prop_assert!(narrowed.max_minutes <= limit.max_minutes + EPSILON, "{site:?}");
            prop_assert!(narrowed.max_minutes >= 0.0, "{site:?}");
            if limit.verdict != SiteVerdict::Allowed {
                prop_assert_ne!(narrowed.verdict, SiteVerdict::Allowed, "{:?}", site);
            }
            if limit.verdict != SiteVerdict::Allowed && limit.not_before.is_none() {
                prop_assert_eq!(narrowed.verdict, limit.verdict, "{:?}", site);
            }
        }
        if followed.verdict != Verdict::Ok {
            for (site, narrowed) in &followed.sites {
                prop_assert_ne!(narrowed.verdict, SiteVerdict::Allowed, "{:?}", site);
                prop_assert_eq!(narrowed.max_minutes, 0.0, "{:?}", site);
            }
        }
        let calf_total: f64 = Site::CALF.iter().map(|site| followed.sites[site].max_minutes).sum();
        prop_assert!(calf_total <= 5.0 + EPSILON);
        prop_assert!(followed.max_minutes_per_calf <= safe.max_minutes_per_calf + EPSILON);
        prop_assert!(followed.max_ppm <= safe.max_ppm);
        if safe.verdict != Verdict::Ok {
            prop_assert_eq!(followed.verdict, safe.verdict);
        }
        if let (Some(limit), Verdict::Ok) = (safe.next_session_not_before, followed.verdict) {
            prop_assert!(limit <= now);
        }
    }
}

proptest! {
    #[test]
    fn check_never_panics_and_stays_safe_even_on_invalid_input(
        (screening, now) in arbitrary_raw_screening()
    ) {
        let _ = screening.validate();
        let _ = screening.validate_at(now);
        let advice = check(&screening, now);
        prop_assert_eq!(advice.sites.len(), Site::ALL.len());
        let calf_total: f64 = Site::CALF.iter().map(|site| advice.sites[site].max_minutes).sum();
        prop_assert!(calf_total <= 5.0 + EPSILON);
        for site in [Site::Face, Site::Neck, Site::Chest] {
            prop_assert_eq!(advice.sites[&site].verdict, SiteVerdict::Never);
        }
        if let (Some(last), Some(next)) = (screening.last_session_at, advice.next_session_not_before) {
            // Near the end of representable time the next start saturates, so only `>=` holds.
            prop_assert!(next >= last);
        }
        if advice.verdict == Verdict::Ok
            && let Some(last) = screening.last_session_at
        {
            prop_assert!(hours_between(last, effective_now(&screening, now)) >= 48.0);
        }
    }
}

#[test]
fn the_worked_example_with_diabetes_is_do_not_use() {
    let advice = advice_of(WORKED_EXAMPLE);
    assert_eq!(advice.verdict, Verdict::DoNotUse);
    assert_eq!(advice.next_session_not_before, None);
    let a17 = advice
        .reasons
        .iter()
        .find(|reason| reason.rule == rules::A17)
        .expect("an A17 reason");
    assert!(a17.message.contains("diabetes"), "{}", a17.message);
    assert_eq!(
        advice.sites[&Site::Gastrocnemius].verdict,
        SiteVerdict::Avoid
    );
    assert_eq!(advice.sites[&Site::Face].verdict, SiteVerdict::Never);
}

#[test]
fn the_worked_example_without_diabetes_waits_and_keeps_off_the_new_scar() {
    let advice = advice_of(&WORKED_EXAMPLE.replace("\"diabetes\"", "").replace(
        "\"normal_sensation\": true,",
        "\"normal_sensation\": true, \"suspected_clot\": false, \"blood_thinners\": false, \
         \"bleeding_disorder\": false, \"pregnant\": false, \"implanted_device\": false,",
    ));
    assert_eq!(advice.verdict, Verdict::Wait);
    let expected: Timestamp = "2026-11-23T18:00:00Z".parse().expect("a timestamp");
    assert_eq!(advice.next_session_not_before, Some(expected));
    let soleus = &advice.sites[&Site::Soleus];
    assert_eq!(soleus.verdict, SiteVerdict::NotYet);
    assert_eq!(
        soleus.until.map(|date| date.to_string()).as_deref(),
        Some("2026-12-24")
    );
    assert!(soleus.rules.contains(&rules::A19));
    assert_eq!(advice.max_ppm, 2400);
    let gastrocnemius = &advice.sites[&Site::Gastrocnemius];
    assert_eq!(gastrocnemius.verdict, SiteVerdict::NotYet);
    assert_eq!(gastrocnemius.max_minutes, 0.0);
    assert_eq!(gastrocnemius.not_before, Some(expected));
    assert_eq!(
        advice.sites[&Site::AchillesTendon].verdict,
        SiteVerdict::NotYet
    );
    let a16 = advice
        .reasons
        .iter()
        .find(|reason| reason.rule == rules::A16)
        .expect("an A16 reason");
    assert!(a16.message.contains("15 hours"), "{}", a16.message);

    let json = serde_json::to_value(&advice).expect("serialises");
    assert_eq!(json["verdict"], "wait");
    assert_eq!(json["next_session_not_before"], "2026-11-23T18:00:00Z");
    assert_eq!(json["sites"]["soleus"]["verdict"], "not-yet");
    assert_eq!(json["sites"]["soleus"]["until"], "2026-12-24");
    assert_eq!(json["attachment"], "medium-ball");
}

const WORKED_EXAMPLE: &str = r#"{
    "condition": "achilles-midportion",
    "now": "2026-11-22T09:00:00Z",
    "normal_sensation": true,
    "systemic_conditions": ["diabetes"],
    "skin": [{"site": "soleus", "kind": "scar", "since": "2026-10-01"}],
    "device": {"min_ppm": 1750, "max_ppm": 3200},
    "last_session_at": "2026-11-21T18:00:00Z"
}"#;
