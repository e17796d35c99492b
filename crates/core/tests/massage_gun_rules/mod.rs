//! One or more examples per massage-gun rule, named after the rule.

use jiff::SignedDuration;
use tendo_core::condition::Condition;
use tendo_core::massage_gun::{
    Advice, Attachment, Device, Site, SiteVerdict, SkinIssue, SkinKind, SystemicCondition, Verdict,
};
use tendo_core::rules::{self, RuleId};

use crate::massage_gun_support::{advise, noon, person};

mod health;
mod skin;
mod validation;

pub(crate) fn reason_text(advice: &Advice, rule: RuleId) -> String {
    advice
        .reasons
        .iter()
        .filter(|reason| reason.rule == rule)
        .map(|reason| reason.message.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

pub(crate) fn minutes(advice: &Advice, site: Site) -> f64 {
    advice.sites[&site].max_minutes
}

pub(crate) fn verdict(advice: &Advice, site: Site) -> SiteVerdict {
    advice.sites[&site].verdict
}

#[test]
fn a8_the_low_range_gives_up_to_five_minutes_per_muscle_group() {
    let advice = advise(&person(Condition::ProximalHamstring));
    assert_eq!(advice.max_ppm, 2400);
    for site in [Site::Hamstrings, Site::Gluteals, Site::Quadriceps] {
        assert_eq!(verdict(&advice, site), SiteVerdict::Allowed, "{site:?}");
        assert_eq!(minutes(&advice, site), 5.0, "{site:?}");
        assert!(advice.sites[&site].rules.contains(&rules::A8));
    }
    assert!(reason_text(&advice, rules::A8).contains("2 and at most 5 minutes"));
}

#[test]
fn a8_a_hamstring_device_that_only_runs_fast_caps_every_site_at_one_and_a_half_minutes() {
    let mut screening = person(Condition::ProximalHamstring);
    screening.device = Some(Device {
        min_ppm: 2800,
        max_ppm: 3200,
    });
    let advice = advise(&screening);
    assert_eq!(advice.verdict, Verdict::Ok);
    assert_eq!(advice.max_ppm, 2800);
    for site in [
        Site::Hamstrings,
        Site::Gluteals,
        Site::Gastrocnemius,
        Site::Soleus,
    ] {
        assert_eq!(minutes(&advice, site), 1.5, "{site:?}");
    }
    let text = reason_text(&advice, rules::A8);
    assert!(
        text.contains("2800") && text.contains("1.5 minutes"),
        "{text}"
    );
}

#[test]
fn a8_a_slow_device_keeps_its_own_top_speed() {
    let mut screening = person(Condition::ProximalHamstring);
    screening.device = Some(Device {
        min_ppm: 1200,
        max_ppm: 2000,
    });
    assert_eq!(advise(&screening).max_ppm, 2000);
}

#[test]
fn a9_without_normal_sensation_the_gun_is_not_used() {
    let mut screening = person(Condition::AchillesMidportion);
    screening.normal_sensation = false;
    let advice = advise(&screening);
    assert_eq!(advice.verdict, Verdict::DoNotUse);
    assert_eq!(advice.max_minutes_per_calf, 0.0);
    assert_eq!(verdict(&advice, Site::Soleus), SiteVerdict::Avoid);
    assert!(advice.sites[&Site::Soleus].rules.contains(&rules::A9));
    assert!(!reason_text(&advice, rules::A9).is_empty());
    assert!(reason_text(&advice, rules::MG_BEFORE).is_empty());
}

#[test]
fn a10_the_medium_ball_attachment() {
    let advice = advise(&person(Condition::AchillesInsertional));
    assert_eq!(advice.attachment, Attachment::MediumBall);
    assert!(reason_text(&advice, rules::A10).contains("golf ball"));
}

#[test]
fn a11_achilles_stays_at_or_below_2400_even_on_a_faster_device() {
    let mut screening = person(Condition::AchillesMidportion);
    screening.device = Some(Device {
        min_ppm: 1750,
        max_ppm: 3200,
    });
    let advice = advise(&screening);
    assert_eq!(advice.verdict, Verdict::Ok);
    assert_eq!(advice.max_ppm, 2400);
    assert!(reason_text(&advice, rules::A11).contains("1750 to 3200"));
}

#[test]
fn a11_achilles_with_a_device_that_cannot_run_low_is_do_not_use() {
    let mut screening = person(Condition::AchillesInsertional);
    screening.device = Some(Device {
        min_ppm: 2600,
        max_ppm: 3200,
    });
    let advice = advise(&screening);
    assert_eq!(advice.verdict, Verdict::DoNotUse);
    assert!(advice.max_ppm <= 2400);
    assert!(reason_text(&advice, rules::A11).contains("2600"));

    let mut hamstring = screening.clone();
    hamstring.condition = Condition::ProximalHamstring;
    assert_eq!(advise(&hamstring).verdict, Verdict::Ok);
}

#[test]
fn a12_the_calf_muscles_share_five_minutes() {
    let advice = advise(&person(Condition::AchillesMidportion));
    assert_eq!(advice.max_minutes_per_calf, 5.0);
    assert_eq!(minutes(&advice, Site::Gastrocnemius), 2.5);
    assert_eq!(minutes(&advice, Site::Soleus), 2.5);
    assert!(reason_text(&advice, rules::A12).contains("2.5 minutes"));
}

#[test]
fn a12_with_one_calf_muscle_closed_the_other_may_take_the_whole_five_minutes() {
    let mut screening = person(Condition::AchillesMidportion);
    screening.skin = vec![SkinIssue {
        site: Site::Gastrocnemius,
        kind: SkinKind::OpenWound,
        since: None,
    }];
    let advice = advise(&screening);
    assert_eq!(minutes(&advice, Site::Gastrocnemius), 0.0);
    assert_eq!(minutes(&advice, Site::Soleus), 5.0);
}

#[test]
fn a13_the_tendon_and_insertion_wait_until_the_tendon_has_settled() {
    let advice = advise(&person(Condition::AchillesMidportion));
    for site in [Site::AchillesTendon, Site::AchillesInsertion] {
        assert_eq!(verdict(&advice, site), SiteVerdict::NotYet, "{site:?}");
        assert_eq!(advice.sites[&site].until, None, "no date is known");
        assert!(advice.sites[&site].rules.contains(&rules::A13));
    }
    assert!(reason_text(&advice, rules::A13).contains("heel bone"));
}

#[test]
fn a13_a_settled_tendon_gets_a_gentle_minute_inside_the_calf_total() {
    let mut screening = person(Condition::AchillesMidportion);
    screening.tendon_settled = true;
    screening.heel_bursitis = true;
    let advice = advise(&screening);
    assert_eq!(verdict(&advice, Site::AchillesTendon), SiteVerdict::Allowed);
    assert_eq!(minutes(&advice, Site::AchillesTendon), 1.0);
    assert_eq!(minutes(&advice, Site::Gastrocnemius), 2.0);
    assert_eq!(minutes(&advice, Site::Soleus), 2.0);
}

#[test]
fn a8_settled_tendon_gets_at_least_two_minutes_per_calf_muscle() {
    let mut screening = person(Condition::AchillesMidportion);
    screening.tendon_settled = true;
    let advice = advise(&screening);
    assert_eq!(advice.max_ppm, 2400);
    for site in [Site::Gastrocnemius, Site::Soleus] {
        assert_eq!(verdict(&advice, site), SiteVerdict::Allowed, "{site:?}");
        assert!(
            minutes(&advice, site) >= 2.0,
            "{site:?}: {}",
            minutes(&advice, site)
        );
    }
    let tendon_sites = [Site::AchillesTendon, Site::AchillesInsertion];
    for site in tendon_sites {
        assert_eq!(verdict(&advice, site), SiteVerdict::Allowed, "{site:?}");
        assert!(minutes(&advice, site) > 0.0 && minutes(&advice, site) <= 1.0);
    }
    let calf_total: f64 = Site::CALF.iter().map(|site| minutes(&advice, *site)).sum();
    assert!(calf_total <= 5.0 + 1e-9, "{calf_total}");
    let text = reason_text(&advice, rules::A12);
    assert!(text.contains("2 minutes on your gastrocnemius"), "{text}");
    assert!(
        text.contains("0.5 minutes on your Achilles tendon"),
        "{text}"
    );
}

#[test]
fn a14_heel_bursitis_closes_the_insertion_for_every_condition() {
    for condition in Condition::ALL {
        let mut screening = person(condition);
        screening.heel_bursitis = true;
        screening.tendon_settled = true;
        let advice = advise(&screening);
        let insertion = &advice.sites[&Site::AchillesInsertion];
        assert_eq!(insertion.verdict, SiteVerdict::Never, "{condition:?}");
        assert!(insertion.rules.contains(&rules::A14));
        assert!(reason_text(&advice, rules::A14).contains("bursitis"));
    }
}

#[test]
fn a15_intensity_is_four_to_six() {
    let advice = advise(&person(Condition::ProximalHamstring));
    assert_eq!((advice.intensity.min, advice.intensity.max), (4, 6));
    assert!(!reason_text(&advice, rules::A15).is_empty());
}

#[test]
fn a16_a_session_30_hours_ago_means_waiting_until_48_hours_have_passed() {
    let mut screening = person(Condition::AchillesMidportion);
    let last = noon() - SignedDuration::from_hours(30);
    screening.last_session_at = Some(last);
    let advice = advise(&screening);
    assert_eq!(advice.verdict, Verdict::Wait);
    assert_eq!(
        advice.next_session_not_before,
        Some(noon() + SignedDuration::from_hours(18))
    );
    assert!(reason_text(&advice, rules::A16).contains("30 hours"));
}

#[test]
fn a16_wait_verdict_lists_no_site_as_allowed() {
    let mut screening = person(Condition::ProximalHamstring);
    screening.last_session_at = Some(noon() - SignedDuration::from_hours(30));
    let advice = advise(&screening);
    assert_eq!(advice.verdict, Verdict::Wait);
    let next = advice.next_session_not_before.expect("a next session");
    for site in [
        Site::Hamstrings,
        Site::Gluteals,
        Site::Quadriceps,
        Site::Soleus,
    ] {
        let site_advice = &advice.sites[&site];
        assert_eq!(site_advice.verdict, SiteVerdict::NotYet, "{site:?}");
        assert_eq!(site_advice.max_minutes, 0.0, "{site:?}");
        assert_eq!(site_advice.not_before, Some(next), "{site:?}");
        assert!(site_advice.rules.contains(&rules::A16), "{site:?}");
    }
    assert!(
        advice
            .sites
            .values()
            .all(|site| site.verdict != SiteVerdict::Allowed)
    );
    // The dose of the next session is still explained.
    assert!(reason_text(&advice, rules::A8).contains("at most 5 minutes"));
}

#[test]
fn a16_exactly_48_hours_later_a_session_may_start() {
    let mut screening = person(Condition::AchillesMidportion);
    screening.last_session_at = Some(noon() - SignedDuration::from_hours(48));
    let advice = advise(&screening);
    assert_eq!(advice.verdict, Verdict::Ok);
    assert_eq!(advice.next_session_not_before, None);
}

#[test]
fn a17_a_systemic_illness_rules_the_gun_out_and_is_named() {
    let mut screening = person(Condition::ProximalHamstring);
    screening.systemic_conditions = vec![
        SystemicCondition::KidneyDisease,
        SystemicCondition::Osteoporosis,
    ];
    let advice = advise(&screening);
    assert_eq!(advice.verdict, Verdict::DoNotUse);
    let text = reason_text(&advice, rules::A17);
    assert!(
        text.contains("kidney disease") && text.contains("osteoporosis"),
        "{text}"
    );
    assert!(advice.sites.values().all(|site| site.max_minutes == 0.0));
}
