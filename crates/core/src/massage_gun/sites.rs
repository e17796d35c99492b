//! The advice per site: which rules touch each site, how they combine, and the minutes allowed.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Screening, Site, SiteAdvice, SiteVerdict, SkinKind, words};
use crate::condition::Condition;
use crate::reason::Reason;
use crate::rules::{self, RuleId};

/// The most time on one calf in a session, in minutes (A12).
pub(super) const CALF_TOTAL_MINUTES: f64 = 5.0;
/// The most time on the tendon or the insertion once allowed, in minutes: gentle and short (A13).
pub(super) const TENDON_MINUTES: f64 = 1.0;
/// The least time on a muscle group at the low setting, in minutes (A8).
pub(super) const MIN_MINUTES_PER_GROUP: f64 = 2.0;
/// How old a scar must be before the gun may go over it, in days: 12 weeks (A19).
pub(super) const SCAR_SETTLING_DAYS: i64 = 84;

/// What one rule says about one site.
#[derive(Clone, Copy, Debug)]
struct Effect {
    verdict: SiteVerdict,
    rule: RuleId,
    /// For `NotYet`: the first date the site may be treated, when known.
    until: Option<Date>,
}

/// The rules that touched each site so far, and the reasons explaining them.
#[derive(Debug, Default)]
pub(super) struct Findings {
    effects: BTreeMap<Site, Vec<Effect>>,
    /// The reasons explaining the effects, in the order they were found.
    pub(super) reasons: Vec<Reason>,
}

impl Findings {
    /// Records what `rule` says about `site`.
    pub(super) fn mark(
        &mut self,
        site: Site,
        verdict: SiteVerdict,
        rule: RuleId,
        until: Option<Date>,
    ) {
        self.effects.entry(site).or_default().push(Effect {
            verdict,
            rule,
            until,
        });
    }

    /// Adds a reason.
    pub(super) fn explain(&mut self, rule: RuleId, message: impl Into<String>) {
        self.reasons.push(Reason::new(rule, message));
    }

    /// Combines the effects on every site: the most severe verdict wins; minutes are left at 0.
    pub(super) fn combine(&self) -> BTreeMap<Site, SiteAdvice> {
        Site::ALL
            .iter()
            .map(|&site| {
                let effects = self.effects.get(&site).map_or(&[][..], Vec::as_slice);
                (site, combine(effects))
            })
            .collect()
    }
}

/// The most severe verdict, the latest known reopening date of a `not-yet`, and every rule.
///
/// A site with no effects at all is avoided, so that a gap in the rules can never allow a site.
/// When one `not-yet` cause has no known end, the site has no known date either.
fn combine(effects: &[Effect]) -> SiteAdvice {
    let verdict = effects
        .iter()
        .map(|effect| effect.verdict)
        .max()
        .unwrap_or(SiteVerdict::Avoid);
    let until = if verdict == SiteVerdict::NotYet {
        effects
            .iter()
            .filter(|effect| effect.verdict == SiteVerdict::NotYet)
            .map(|effect| effect.until)
            .collect::<Option<Vec<Date>>>()
            .and_then(|dates| dates.into_iter().max())
    } else {
        None
    };
    let mut rules: Vec<RuleId> = Vec::new();
    for effect in effects {
        if !rules.contains(&effect.rule) {
            rules.push(effect.rule);
        }
    }
    SiteAdvice {
        verdict,
        max_minutes: 0.0,
        until,
        not_before: None,
        rules,
    }
}

/// The sites no one may treat (A20–A22), and the insertion with heel bursitis (A14).
pub(super) fn never_sites(findings: &mut Findings, screening: &Screening) {
    findings.mark(Site::Face, SiteVerdict::Never, rules::A20, None);
    findings.explain(
        rules::A20,
        "Never use a massage gun on your face: people have injured their eyes this way.",
    );
    findings.mark(Site::Neck, SiteVerdict::Never, rules::A21, None);
    findings.explain(
        rules::A21,
        "Never use it on your neck or over the large arteries there: torn arteries and strokes \
         have been reported.",
    );
    findings.mark(Site::Chest, SiteVerdict::Never, rules::A22, None);
    findings.explain(
        rules::A22,
        "Never use it over your chest, where there is little muscle to protect what lies beneath.",
    );
    if screening.heel_bursitis {
        findings.mark(
            Site::AchillesInsertion,
            SiteVerdict::Never,
            rules::A14,
            None,
        );
        findings.explain(
            rules::A14,
            "You have heel bursitis, so never use the gun where your Achilles tendon joins the \
             heel bone.",
        );
    }
}

/// Muscle bellies, the Achilles tendon and insertion, and the hamstring tendon at the sitting bone.
pub(super) fn anatomy(findings: &mut Findings, screening: &Screening) {
    for site in [Site::Gastrocnemius, Site::Soleus] {
        for rule in [rules::A12, rules::A8, rules::MG_BELLY] {
            findings.mark(site, SiteVerdict::Allowed, rule, None);
        }
    }
    for site in [Site::Hamstrings, Site::Gluteals, Site::Quadriceps] {
        for rule in [rules::A8, rules::MG_BELLY] {
            findings.mark(site, SiteVerdict::Allowed, rule, None);
        }
    }

    let mut tendon_sites = vec![Site::AchillesTendon];
    if !screening.heel_bursitis {
        tendon_sites.push(Site::AchillesInsertion);
    }
    if screening.condition.is_achilles() {
        let verdict = if screening.tendon_settled {
            SiteVerdict::Allowed
        } else {
            SiteVerdict::NotYet
        };
        for &site in &tendon_sites {
            findings.mark(site, verdict, rules::A13, None);
        }
        findings.explain(rules::A13, tendon_message(screening, &tendon_sites));
    } else {
        for &site in &tendon_sites {
            findings.mark(site, SiteVerdict::Avoid, rules::MG_BELLY, None);
        }
    }

    findings.mark(
        Site::ProximalHamstringTendon,
        SiteVerdict::Avoid,
        rules::MG_BELLY,
        None,
    );
    let belly_message = if screening.condition.is_achilles() {
        "Percussion is for the bellies of muscles, not for tendons, bone or joints: keep it off \
         the hamstring tendon at your sitting bone."
    } else {
        "Percussion is for the bellies of muscles, not for tendons, bone or joints: work on your \
         hamstring, buttock and thigh muscles, and keep it off the hamstring tendon at your \
         sitting bone and off your Achilles tendon and heel."
    };
    findings.explain(rules::MG_BELLY, belly_message);
    if screening.condition == Condition::ProximalHamstring {
        findings.mark(
            Site::ProximalHamstringTendon,
            SiteVerdict::Avoid,
            rules::P_COMP,
            None,
        );
        findings.explain(
            rules::P_COMP,
            "With proximal hamstring tendinopathy the tendon at your sitting bone is irritable and \
             pressing on it makes it worse, so never percuss it there.",
        );
    }
}

/// The A13 message for an Achilles condition.
fn tendon_message(screening: &Screening, tendon_sites: &[Site]) -> String {
    let (places, each) = if tendon_sites.contains(&Site::AchillesInsertion) {
        (
            "your Achilles tendon and where it joins the heel",
            " on each",
        )
    } else {
        ("your Achilles tendon", "")
    };
    if screening.tendon_settled {
        format!(
            "You told us your tendon has fully settled, so you may use the gun gently on {places}: \
             at most {} minute{each}, and less when the calf muscles need the rest of the \
             5-minute calf total. Stop if it starts to irritate the tendon.",
            words::minutes(TENDON_MINUTES)
        )
    } else if tendon_sites.contains(&Site::AchillesInsertion) {
        "Keep the gun off your Achilles tendon until it has fully settled, and above all off the \
         spot where it joins the heel bone. Used there too early it irritates the tendon, like \
         pressing on a bruise."
            .to_string()
    } else {
        "Keep the gun off your Achilles tendon until it has fully settled. Used there too early it \
         irritates the tendon, like pressing on a bruise."
            .to_string()
    }
}

/// Open wounds and inflamed areas (A18), and scars by age (A19).
pub(super) fn skin(findings: &mut Findings, screening: &Screening, today: Date) {
    for issue in &screening.skin {
        let site = issue.site;
        let place = words::your(site);
        match (issue.kind, issue.since) {
            (SkinKind::OpenWound | SkinKind::Inflammation, _) => {
                let what = if issue.kind == SkinKind::OpenWound {
                    "an open wound"
                } else {
                    "an inflamed area"
                };
                findings.mark(site, SiteVerdict::Avoid, rules::A18, None);
                findings.explain(
                    rules::A18,
                    format!("You have {what} on {place}: keep the gun off it until it has healed."),
                );
            }
            (SkinKind::Scar, None) => {
                findings.mark(site, SiteVerdict::NotYet, rules::A19, None);
                findings.explain(
                    rules::A19,
                    format!(
                        "You have a scar on {place} but no date for it: keep the gun off it until \
                         you know it is at least 12 weeks old."
                    ),
                );
            }
            (SkinKind::Scar, Some(since)) => scar(findings, site, since, today),
        }
    }
}

/// A dated scar: not yet while it is under 12 weeks old, no limit after that.
fn scar(findings: &mut Findings, site: Site, since: Date, today: Date) {
    let place = words::your(site);
    let settles_on = since.checked_add(SCAR_SETTLING_DAYS.days()).ok();
    let age = since
        .until(today)
        .ok()
        .map(|span| i64::from(span.get_days()));
    let young = settles_on.is_none_or(|date| today < date);
    if young {
        findings.mark(site, SiteVerdict::NotYet, rules::A19, settles_on);
        let age_text = match age {
            Some(days) if days >= 0 => format!(", {} ago", words::plural(days, "day")),
            _ => String::new(),
        };
        let until = settles_on.map_or("it is 12 weeks old".to_string(), |date| {
            format!("{date}, when it turns 12 weeks old")
        });
        findings.explain(
            rules::A19,
            format!(
                "The scar on {place} formed on {since}{age_text}. A scar needs 12 weeks before \
                 the gun may go over it, so leave that area alone until {until}."
            ),
        );
    } else {
        findings.mark(site, SiteVerdict::Allowed, rules::A19, None);
        let days = age.unwrap_or(SCAR_SETTLING_DAYS);
        findings.explain(
            rules::A19,
            format!(
                "The scar on {place} is {} old, past 12 weeks, so it does not stop treatment there.",
                words::plural(days, "day")
            ),
        );
    }
}

/// Sets the minutes of every allowed site.
///
/// The allowed calf sites share the calf total (A12). At the low setting each calf muscle is
/// first given the least time A8 asks of a muscle group ([`MIN_MINUTES_PER_GROUP`]); the tendon
/// and the insertion share what is left, at most [`TENDON_MINUTES`] each (A13), and the calf
/// muscles then split the rest evenly. No site goes above `cap_per_group`, the per-muscle-group
/// limit of the percussion rate (A8); above the low setting that limit is under the minimum, and
/// each calf muscle is reserved the limit instead. Other allowed sites get the per-group limit.
pub(super) fn assign_minutes(sites: &mut BTreeMap<Site, SiteAdvice>, cap_per_group: f64) {
    let is_allowed = |site: &Site| {
        sites
            .get(site)
            .is_some_and(|advice| advice.verdict == SiteVerdict::Allowed)
    };
    let tendon_count = [Site::AchillesTendon, Site::AchillesInsertion]
        .iter()
        .filter(|site| is_allowed(site))
        .count();
    let muscle_count = [Site::Gastrocnemius, Site::Soleus]
        .iter()
        .filter(|site| is_allowed(site))
        .count();
    let reserved_per_muscle = MIN_MINUTES_PER_GROUP.min(cap_per_group);
    let left_for_tendons =
        (CALF_TOTAL_MINUTES - reserved_per_muscle * muscle_count as f64).max(0.0);
    let tendon_minutes = if tendon_count == 0 {
        0.0
    } else {
        (left_for_tendons / tendon_count as f64)
            .min(TENDON_MINUTES)
            .min(cap_per_group)
    };
    let left_for_muscles = (CALF_TOTAL_MINUTES - tendon_minutes * tendon_count as f64).max(0.0);
    let muscle_minutes = if muscle_count == 0 {
        0.0
    } else {
        (left_for_muscles / muscle_count as f64).min(cap_per_group)
    };

    for (site, advice) in sites.iter_mut() {
        advice.max_minutes = match (advice.verdict, site) {
            (SiteVerdict::Allowed, Site::AchillesTendon | Site::AchillesInsertion) => {
                tendon_minutes
            }
            (SiteVerdict::Allowed, Site::Gastrocnemius | Site::Soleus) => muscle_minutes,
            (SiteVerdict::Allowed, _) => cap_per_group,
            _ => 0.0,
        };
    }
}
