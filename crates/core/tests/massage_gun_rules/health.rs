//! Examples for the health questions: a clot (MG-DVT), bleeding risk (MG-BLEED), pregnancy
//! (MG-PREG) and implants (MG-IMPLANT), answered "yes" or not answered at all.

use tendo_core::condition::Condition;
use tendo_core::massage_gun::{Advice, Screening, SiteVerdict, Verdict};
use tendo_core::rules::{self, RuleId};

use super::reason_text;
use crate::massage_gun_support::{advise, person};

/// Checks that `advice` rules the gun out for `rule`: no site open, every site naming the rule.
fn assert_ruled_out_by(advice: &Advice, rule: RuleId) {
    assert_eq!(advice.verdict, Verdict::DoNotUse, "{rule}");
    assert_eq!(advice.max_minutes_per_calf, 0.0);
    for (site, site_advice) in &advice.sites {
        assert!(
            matches!(site_advice.verdict, SiteVerdict::Avoid | SiteVerdict::Never),
            "{site:?}"
        );
        assert_eq!(site_advice.max_minutes, 0.0, "{site:?}");
        if site_advice.verdict == SiteVerdict::Avoid {
            assert!(site_advice.rules.contains(&rule), "{site:?} lacks {rule}");
        }
    }
}

/// Leaves one health question unanswered.
type Unanswer = fn(&mut Screening);

fn with(change: impl Fn(&mut Screening)) -> Advice {
    let mut screening = person(Condition::AchillesMidportion);
    change(&mut screening);
    advise(&screening)
}

#[test]
fn mg_dvt_suspected_clot_stops_the_gun() {
    let advice = with(|screening| screening.suspected_clot = Some(true));
    assert_ruled_out_by(&advice, rules::MG_DVT);
    let text = reason_text(&advice, rules::MG_DVT);
    assert!(text.contains("blood clot"), "{text}");
    assert!(text.contains("doctor today"), "{text}");
    assert!(text.contains("emergency"), "{text}");
}

#[test]
fn mg_bleed_blood_thinners_or_a_bleeding_disorder_stop_the_gun() {
    let thinners = with(|screening| screening.blood_thinners = Some(true));
    assert_ruled_out_by(&thinners, rules::MG_BLEED);
    assert!(reason_text(&thinners, rules::MG_BLEED).contains("blood-thinning medicine"));
    let disorder = with(|screening| screening.bleeding_disorder = Some(true));
    assert_ruled_out_by(&disorder, rules::MG_BLEED);
    let text = reason_text(&disorder, rules::MG_BLEED);
    assert!(
        text.contains("bleeding disorder") && text.contains("clinician"),
        "{text}"
    );
}

#[test]
fn mg_preg_pregnancy_waits_for_a_clinicians_advice() {
    let advice = with(|screening| screening.pregnant = Some(true));
    assert_ruled_out_by(&advice, rules::MG_PREG);
    let text = reason_text(&advice, rules::MG_PREG);
    assert!(
        text.contains("pregnant") && text.contains("clinician"),
        "{text}"
    );
}

#[test]
fn mg_implant_an_implant_means_a_clinician_first_and_never_near_it() {
    let advice = with(|screening| screening.implanted_device = Some(true));
    assert_ruled_out_by(&advice, rules::MG_IMPLANT);
    let text = reason_text(&advice, rules::MG_IMPLANT);
    assert!(
        text.contains("pacemaker") && text.contains("never go over or near"),
        "{text}"
    );
}

#[test]
fn mg_an_unanswered_health_question_keeps_the_gun_closed_and_is_named() {
    let cases: [(Unanswer, RuleId, &str); 5] = [
        (|s| s.suspected_clot = None, rules::MG_DVT, "blood clot"),
        (
            |s| s.blood_thinners = None,
            rules::MG_BLEED,
            "blood-thinning",
        ),
        (
            |s| s.bleeding_disorder = None,
            rules::MG_BLEED,
            "bleeding disorder",
        ),
        (|s| s.pregnant = None, rules::MG_PREG, "pregnant"),
        (|s| s.implanted_device = None, rules::MG_IMPLANT, "implant"),
    ];
    for (unanswer, rule, topic) in cases {
        let advice = with(unanswer);
        assert_ruled_out_by(&advice, rule);
        let text = reason_text(&advice, rule);
        assert!(
            text.contains("You haven't told us") && text.contains(topic),
            "{text}"
        );
    }
}

#[test]
fn mg_every_health_answer_no_leaves_the_gun_open() {
    let advice = with(|_| {});
    assert_eq!(advice.verdict, Verdict::Ok);
    for rule in [
        rules::MG_DVT,
        rules::MG_BLEED,
        rules::MG_PREG,
        rules::MG_IMPLANT,
    ] {
        assert!(reason_text(&advice, rule).is_empty(), "{rule}");
    }
}
