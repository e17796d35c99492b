//! `tendo massage-gun check`: screening and dosing from a JSON document.

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use tendo_core::massage_gun::{self, Advice, Screening, SiteVerdict, Verdict};

use super::text::{local_time, reasons, rule_list, wrap};
use super::{Format, InputError, emit, input};

/// Reads a screening from `source`, checks it and prints the advice.
pub fn run(source: &str, format: Format) -> anyhow::Result<()> {
    let screening: Screening = input::read_json(source)?;
    let advice = check(&screening)?;
    emit(format, &advice, || advice_text(&advice))
}

/// Validates and checks a screening at its own `now`, or the current time. The person's date
/// (`today`, for scar ages) is the date of that moment in this computer's time zone unless the
/// screening gives its own.
pub fn check(screening: &Screening) -> Result<Advice, InputError> {
    let now = screening.now.unwrap_or_else(Timestamp::now);
    let mut screening = screening.clone();
    screening.now = Some(now);
    screening.today = screening
        .today
        .or_else(|| Some(now.to_zoned(TimeZone::system()).date()));
    screening.validate()?;
    Ok(massage_gun::check(&screening, now))
}

/// The readable explanation of the advice.
pub fn advice_text(advice: &Advice) -> String {
    let mut out = match advice.verdict {
        Verdict::Ok => String::from("Massage gun: you may use it now, within the limits below.\n"),
        Verdict::Wait => {
            let when = advice
                .next_session_not_before
                .map(local_time)
                .unwrap_or_default();
            format!("Massage gun: not yet. Your next session may start from {when}.\n")
        }
        Verdict::DoNotUse => String::from("Massage gun: do not use one (see why below).\n"),
    };
    if advice.verdict != Verdict::DoNotUse {
        let _ = writeln!(out, "\nHow");
        let _ = writeln!(
            out,
            "  Setting      up to {} percussions per minute",
            advice.max_ppm
        );
        let _ = writeln!(
            out,
            "  Attachment   medium ball (about the size of a golf ball)"
        );
        let _ = writeln!(
            out,
            "  Intensity    {} to {} out of 10: firm, but never sharp",
            advice.intensity.min, advice.intensity.max
        );
        let _ = writeln!(
            out,
            "  Per calf     at most {} minutes in one session",
            advice.max_minutes_per_calf
        );
    }
    let _ = writeln!(out, "\nSites");
    for (site, site_advice) in &advice.sites {
        let verdict = match site_advice.verdict {
            SiteVerdict::Allowed => "allowed",
            SiteVerdict::NotYet => "not yet",
            SiteVerdict::Avoid => "avoid",
            SiteVerdict::Never => "never",
        };
        let limit = match (
            site_advice.verdict,
            site_advice.until,
            site_advice.not_before,
        ) {
            (SiteVerdict::Allowed, _, _) => format!("up to {} min", site_advice.max_minutes),
            (SiteVerdict::NotYet, _, Some(next)) => format!("from {}", local_time(next)),
            (SiteVerdict::NotYet, Some(until), None) => format!("from {until}"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  {:<8} {:<38} {:<31} {}",
            verdict,
            site.label(),
            limit,
            rule_list(&site_advice.rules)
        );
    }
    out.push('\n');
    out.push_str(&reasons(&advice.reasons));
    out.push('\n');
    out.push_str(&wrap(
        "A massage gun eases pain; it does not heal the tendon. The loading programme does.",
        0,
        0,
    ));
    out.push('\n');
    out
}
