//! The visitor's locale, read from `Accept-Language`, and what it changes on a page: prices
//! formatted by ICU4X's currency formatter (CLDR data) — £55.00 for an English visitor,
//! 55,00 £ for a French one, never "55.00 GBP" — and whether times of day are written on a
//! 12-hour clock (6:00 PM for an American visitor) or a 24-hour one (18:00 for a British one),
//! as CLDR says the locale's people write them.
//!
//! A layer ([`remember`]) keeps each request's locale for the time it is handled, so that a
//! page's prices are written for its visitor ([`price`]) without every page builder taking
//! the locale as an argument.

use axum::http::header::ACCEPT_LANGUAGE;
use fixed_decimal::Decimal;
use icu_datetime::NoCalendarFormatter;
use icu_datetime::fieldsets::T;
use icu_experimental::dimension::currency::CurrencyType;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_locale_core::Locale;
use icu_time::Time;
use std::sync::OnceLock;
use writeable::Writeable;

/// The locale used when the visitor's cannot be read.
const FALLBACK: &str = "en-GB";

/// The visitor's preferred locale: the `Accept-Language` tag with the highest weight that
/// parses as a locale, else British English.
#[derive(Clone, Debug)]
pub struct VisitorLocale {
    locale: Locale,
    /// Whether the locale writes times on a 12-hour clock, worked out when first asked.
    twelve_hour: OnceLock<bool>,
}

impl Default for VisitorLocale {
    fn default() -> Self {
        VisitorLocale::new(FALLBACK.parse().unwrap_or(Locale::UNKNOWN))
    }
}

impl VisitorLocale {
    /// This locale.
    pub fn new(locale: Locale) -> Self {
        VisitorLocale {
            locale,
            twelve_hour: OnceLock::new(),
        }
    }

    /// The best locale of an `Accept-Language` value.
    pub fn from_header(value: &str) -> Self {
        let mut best: Option<(u16, Locale)> = None;
        for part in value.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or_default().trim();
            let weight = pieces
                .find_map(|piece| piece.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            // Weights have at most three decimals (RFC 9110), so thousandths compare exactly.
            let weight = (weight.clamp(0.0, 1.0) * 1000.0).round() as u16;
            if tag == "*" || weight == 0 {
                continue;
            }
            if let Ok(locale) = tag.parse::<Locale>()
                && best.as_ref().is_none_or(|(kept, _)| weight > *kept)
            {
                best = Some((weight, locale));
            }
        }
        best.map_or_else(Self::default, |(_, locale)| VisitorLocale::new(locale))
    }

    /// `minor` units of `currency` (an ISO 4217 code such as `GBP`), as this locale writes
    /// money. A code ICU4X cannot read is written after the amount.
    pub fn price(&self, minor: u32, currency: &str) -> String {
        let mut amount = Decimal::from(minor);
        amount.multiply_pow10(-2);
        let formatted = CurrencyType::try_from_str(currency)
            .ok()
            .and_then(|code| {
                CurrencyFormatter::try_new_symbol((&self.locale).into(), code, Default::default())
                    .ok()
            })
            .map(|formatter| {
                formatter
                    .format_fixed_decimal(&amount)
                    .write_to_string()
                    .into_owned()
            });
        formatted.unwrap_or_else(|| format!("{} {currency}", amount.write_to_string()))
    }

    /// Whether people of this locale write times on a 12-hour clock: CLDR's preferred hour
    /// cycle for it, read by formatting 13:00 with ICU4X's time formatter and looking for "13".
    /// A locale ICU4X cannot format for keeps the 24-hour clock.
    pub fn uses_twelve_hour_clock(&self) -> bool {
        *self.twelve_hour.get_or_init(|| {
            let Ok(formatter) = NoCalendarFormatter::try_new((&self.locale).into(), T::hm()) else {
                return false;
            };
            let Ok(one_pm) = Time::try_new(13, 0, 0, 0) else {
                return false;
            };
            !formatter.format(&one_pm).write_to_string().contains("13")
        })
    }
}

tokio::task_local! {
    /// The locale of the request being handled.
    static CURRENT: VisitorLocale;
}

/// The layer that keeps the request's locale (from `Accept-Language`) while it is handled.
pub async fn remember(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let locale = request
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(VisitorLocale::from_header)
        .unwrap_or_default();
    CURRENT.scope(locale, next.run(request)).await
}

/// `minor` units of `currency` written for the visitor of the request being handled (British
/// English outside a request).
pub fn price(minor: u32, currency: &str) -> String {
    CURRENT
        .try_with(|locale| locale.price(minor, currency))
        .unwrap_or_else(|_| VisitorLocale::default().price(minor, currency))
}

/// Whether the visitor of the request being handled writes times on a 12-hour clock (no
/// outside a request, where British English is assumed).
pub fn twelve_hour_clock() -> bool {
    CURRENT
        .try_with(VisitorLocale::uses_twelve_hour_clock)
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_follow_the_visitors_locale_and_the_clinics_currency() {
        let english = VisitorLocale::from_header("en-GB,en;q=0.9");
        assert_eq!(english.price(5500, "GBP"), "£55.00");
        let american = VisitorLocale::from_header("fr;q=0.4, en-US");
        assert_eq!(american.price(123_456, "USD"), "$1,234.56");
        let french = VisitorLocale::from_header("fr-FR");
        let written = french.price(5500, "EUR");
        assert!(
            written.contains("55,00") && written.contains('€'),
            "{written}"
        );
        assert!(!VisitorLocale::default().price(5500, "GBP").contains("GBP"));
    }

    #[test]
    fn times_of_day_follow_the_hour_cycle_of_the_visitors_locale() {
        for twelve in ["en-US", "en-AU", "hi-IN", "en-US,en;q=0.9"] {
            assert!(
                VisitorLocale::from_header(twelve).uses_twelve_hour_clock(),
                "{twelve}"
            );
        }
        for twenty_four in ["en-GB", "fr-FR", "de", "", "xx-nope"] {
            assert!(
                !VisitorLocale::from_header(twenty_four).uses_twelve_hour_clock(),
                "{twenty_four}"
            );
        }
    }

    #[test]
    fn a_header_that_names_no_locale_falls_back_to_british_english() {
        for header in ["", "*", "!!", "de;q=0"] {
            assert_eq!(
                VisitorLocale::from_header(header).price(100, "GBP"),
                "£1.00",
                "{header}"
            );
        }
    }
}
