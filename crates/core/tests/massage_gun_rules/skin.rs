//! Examples for skin (A18, A19), the places never treated (A20–A22) and the general rules.

use jiff::{SignedDuration, ToSpan};
use tendo_core::condition::Condition;
use tendo_core::massage_gun::{Site, SiteVerdict, SkinIssue, SkinKind};
use tendo_core::rules::{self, RuleId};

use super::{minutes, reason_text, verdict};
use crate::massage_gun_support::{advise, noon, person, today};

#[test]
fn a18_open_wounds_and_inflamed_areas_are_avoided() {
    let mut screening = person(Condition::ProximalHamstring);
    screening.skin = vec![
        SkinIssue {
            site: Site::Hamstrings,
            kind: SkinKind::OpenWound,
            since: None,
        },
        SkinIssue {
            site: Site::Gluteals,
            kind: SkinKind::Inflammation,
            since: Some(today()),
        },
    ];
    let advice = advise(&screening);
    for site in [Site::Hamstrings, Site::Gluteals] {
        assert_eq!(verdict(&advice, site), SiteVerdict::Avoid, "{site:?}");
        assert!(advice.sites[&site].rules.contains(&rules::A18));
    }
    assert_eq!(verdict(&advice, Site::Quadriceps), SiteVerdict::Allowed);
    let text = reason_text(&advice, rules::A18);
    assert!(
        text.contains("open wound") && text.contains("inflamed"),
        "{text}"
    );
}

#[test]
fn a18_inflammation_outranks_a_scar_that_is_merely_too_young() {
    let mut screening = person(Condition::AchillesMidportion);
    screening.skin = vec![
        SkinIssue {
            site: Site::Soleus,
            kind: SkinKind::Scar,
            since: Some(today()),
        },
        SkinIssue {
            site: Site::Soleus,
            kind: SkinKind::Inflammation,
            since: None,
        },
    ];
    let soleus = &advise(&screening).sites[&Site::Soleus];
    assert_eq!(soleus.verdict, SiteVerdict::Avoid);
    assert_eq!(soleus.until, None);
    assert!(soleus.rules.contains(&rules::A18) && soleus.rules.contains(&rules::A19));
}

#[test]
fn a19_a_scar_younger_than_12_weeks_reopens_84_days_after_it_formed() {
    let since = today().checked_sub(83.days()).expect("a date");
    let mut screening = person(Condition::ProximalHamstring);
    screening.skin = vec![SkinIssue {
        site: Site::Quadriceps,
        kind: SkinKind::Scar,
        since: Some(since),
    }];
    let quadriceps = &advise(&screening).sites[&Site::Quadriceps];
    assert_eq!(quadriceps.verdict, SiteVerdict::NotYet);
    assert_eq!(
        quadriceps.until,
        Some(today().checked_add(1.day()).expect("a date"))
    );
    assert_eq!(quadriceps.max_minutes, 0.0);
}

#[test]
fn a19_a_scar_of_12_weeks_or_more_changes_nothing() {
    let since = today().checked_sub(84.days()).expect("a date");
    let mut screening = person(Condition::ProximalHamstring);
    let before = advise(&screening);
    screening.skin = vec![SkinIssue {
        site: Site::Quadriceps,
        kind: SkinKind::Scar,
        since: Some(since),
    }];
    let advice = advise(&screening);
    assert_eq!(verdict(&advice, Site::Quadriceps), SiteVerdict::Allowed);
    assert_eq!(
        minutes(&advice, Site::Quadriceps),
        minutes(&before, Site::Quadriceps)
    );
    assert!(reason_text(&advice, rules::A19).contains("84 days"));
}

#[test]
fn a19_the_latest_scar_date_wins_and_an_unsettled_tendon_leaves_the_date_unknown() {
    let mut screening = person(Condition::AchillesMidportion);
    let older = today().checked_sub(60.days()).expect("a date");
    let newer = today().checked_sub(10.days()).expect("a date");
    screening.skin = vec![
        SkinIssue {
            site: Site::Gastrocnemius,
            kind: SkinKind::Scar,
            since: Some(newer),
        },
        SkinIssue {
            site: Site::Gastrocnemius,
            kind: SkinKind::Scar,
            since: Some(older),
        },
        SkinIssue {
            site: Site::AchillesTendon,
            kind: SkinKind::Scar,
            since: Some(older),
        },
    ];
    let advice = advise(&screening);
    let expected = newer.checked_add(84.days()).expect("a date");
    assert_eq!(advice.sites[&Site::Gastrocnemius].until, Some(expected));
    assert_eq!(
        advice.sites[&Site::AchillesTendon].verdict,
        SiteVerdict::NotYet
    );
    assert_eq!(advice.sites[&Site::AchillesTendon].until, None);
}

/// Checks that `site` is never treated under `rule`, with or without other reasons to stop.
fn assert_never(site: Site, rule: RuleId, needle: &str) {
    for normal_sensation in [true, false] {
        let mut screening = person(Condition::AchillesMidportion);
        screening.normal_sensation = normal_sensation;
        screening.tendon_settled = true;
        let advice = advise(&screening);
        assert_eq!(verdict(&advice, site), SiteVerdict::Never, "{site:?}");
        assert_eq!(minutes(&advice, site), 0.0);
        assert!(advice.sites[&site].rules.contains(&rule));
        assert!(reason_text(&advice, rule).contains(needle), "{rule}");
    }
}

#[test]
fn a20_never_on_the_face() {
    assert_never(Site::Face, rules::A20, "eyes");
}

#[test]
fn a21_never_on_the_neck() {
    assert_never(Site::Neck, rules::A21, "arteries");
}

#[test]
fn a22_never_over_the_chest() {
    assert_never(Site::Chest, rules::A22, "little muscle");
}

#[test]
fn mg_belly_the_hamstring_tendon_at_the_sitting_bone_is_avoided_by_everyone() {
    for condition in Condition::ALL {
        let advice = advise(&person(condition));
        let tendon = &advice.sites[&Site::ProximalHamstringTendon];
        assert_eq!(tendon.verdict, SiteVerdict::Avoid, "{condition:?}");
        assert!(tendon.rules.contains(&rules::MG_BELLY));
        assert_eq!(
            tendon.rules.contains(&rules::P_COMP),
            condition == Condition::ProximalHamstring
        );
    }
    let hamstring = advise(&person(Condition::ProximalHamstring));
    assert_eq!(
        verdict(&hamstring, Site::AchillesTendon),
        SiteVerdict::Avoid
    );
    assert!(reason_text(&hamstring, rules::P_COMP).contains("sitting bone"));
}

#[test]
fn mg_before_and_mg_stop_come_with_every_usable_verdict() {
    let mut waiting = person(Condition::AchillesMidportion);
    waiting.last_session_at = Some(noon() - SignedDuration::from_hours(2));
    for screening in [person(Condition::ProximalHamstring), waiting] {
        let advice = advise(&screening);
        assert!(reason_text(&advice, rules::MG_BEFORE).contains("sprinting"));
        assert!(reason_text(&advice, rules::MG_STOP).contains("dark"));
    }
}

#[test]
fn a4_a5_the_gun_eases_pain_but_does_not_heal_and_each_is_said_once() {
    let mut blocked = person(Condition::AchillesMidportion);
    blocked.normal_sensation = false;
    for screening in [person(Condition::AchillesMidportion), blocked] {
        let advice = advise(&screening);
        for rule in [rules::A4, rules::A5] {
            let count = advice
                .reasons
                .iter()
                .filter(|reason| reason.rule == rule)
                .count();
            assert_eq!(count, 1, "{rule}");
        }
        assert!(reason_text(&advice, rules::A4).contains("does not heal"));
    }
}

#[test]
fn a19_scar_age_uses_the_persons_date() {
    // Late in the evening of 22 November in Honolulu (UTC−10) it is already 23 November in UTC.
    // The scar formed on 30 August, so it turns 12 weeks old on 22 November: in Honolulu it is
    // 12 weeks old today, and it would be even by the UTC date. Reverse it: in Auckland
    // (UTC+13) it is already 23 November while UTC still says 22 November.
    let auckland_morning: jiff::Timestamp = "2026-11-22T12:00:00Z".parse().expect("a moment");
    let scar_turns_12_weeks = jiff::civil::Date::constant(2026, 11, 23);
    let since = scar_turns_12_weeks.checked_sub(84.days()).expect("a date");
    let mut screening = person(Condition::AchillesMidportion);
    screening.now = Some(auckland_morning);
    screening.skin = vec![SkinIssue {
        site: Site::Soleus,
        kind: SkinKind::Scar,
        since: Some(since),
    }];

    screening.today = Some(scar_turns_12_weeks);
    screening.validate().expect("valid");
    let in_auckland = advise(&screening);
    assert_eq!(verdict(&in_auckland, Site::Soleus), SiteVerdict::Allowed);
    assert!(reason_text(&in_auckland, rules::A19).contains("84 days old"));

    // The same moment in Honolulu is the evening of 21 November: the scar is one day short.
    screening.today = Some(jiff::civil::Date::constant(2026, 11, 21));
    let in_honolulu = advise(&screening);
    let soleus = &in_honolulu.sites[&Site::Soleus];
    assert_eq!(soleus.verdict, SiteVerdict::NotYet);
    assert_eq!(soleus.until, Some(scar_turns_12_weeks));
    assert!(reason_text(&in_honolulu, rules::A19).contains("82 days ago"));
}

#[test]
fn a19_a_date_more_than_a_day_from_the_moment_is_refused() {
    let mut screening = person(Condition::AchillesMidportion);
    screening.today = Some(today().checked_add(2.days()).expect("a date"));
    let error = screening.validate().expect_err("two days off");
    assert_eq!(error.field, "today");
}
