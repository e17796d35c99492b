//! R-PM3, the weekly trend: the mean pain during sessions, straight after them and the next
//! morning, week against week.
//!
//! Silbernagel's rule is that pain must not increase from week to week. Scores are whole points,
//! so a weekly mean that moves by less than [`WEEKLY_NOISE_TOLERANCE`] (half a point) is below
//! the scale's resolution; from there on it is an increase, and the load holds. A rise of
//! [`WEEKLY_RISE_LIMIT`] (a point, the smallest change people notice, Salaffi 2004), or weekly
//! rises in a row that add up to a point, breaches the rule: step back and ask a clinician to
//! review the programme.

use jiff::ToSpan;
use jiff::civil::Date;

use super::checks::{Assessment, Context};
use super::{WEEKLY_NOISE_TOLERANCE, WEEKLY_RISE_LIMIT, WINDOW_DAYS};
use crate::condition::Condition;
use crate::rules;

/// How many 7-day windows the trend looks back over (four weeks: a creep over three weekly rises).
pub(super) const TREND_WEEKS: usize = 4;

/// The mean of whole-point scores, kept as a sum and a count so that comparisons are exact.
#[derive(Clone, Copy, Debug)]
struct WeeklyMean {
    sum: u32,
    count: u32,
}

impl WeeklyMean {
    /// The mean of `values`, if there are any.
    fn of(values: impl Iterator<Item = u8>) -> Option<Self> {
        let (sum, count) = values.fold((0u32, 0u32), |(sum, count), value| {
            (sum + u32::from(value), count + 1)
        });
        (count > 0).then_some(WeeklyMean { sum, count })
    }

    /// The mean as a number, for messages.
    fn value(self) -> f64 {
        f64::from(self.sum) / f64::from(self.count)
    }

    /// True when this mean is above `earlier` by at least `limit` points, compared exactly.
    fn rose_by_at_least(self, earlier: WeeklyMean, limit: f64) -> bool {
        let difference = i64::from(self.sum) * i64::from(earlier.count)
            - i64::from(earlier.sum) * i64::from(self.count);
        // Exact for the small whole numbers here: both sides are integers times 0.5 or 1.
        difference as f64 >= limit * f64::from(self.count) * f64::from(earlier.count)
    }

    /// True when this mean is strictly above `earlier`.
    fn above(self, earlier: WeeklyMean) -> bool {
        i64::from(self.sum) * i64::from(earlier.count)
            > i64::from(earlier.sum) * i64::from(self.count)
    }
}

/// What the trend is taken of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Measure {
    During,
    After,
    NextMorning,
}

impl Measure {
    const ALL: [Measure; 3] = [Measure::During, Measure::After, Measure::NextMorning];

    /// The measure in words.
    fn name(self, condition: Condition) -> &'static str {
        match self {
            Measure::During => "pain during sessions",
            Measure::After => "pain straight after sessions",
            Measure::NextMorning if condition == Condition::ProximalHamstring => {
                "24-hour load-test score"
            }
            Measure::NextMorning => "next-morning pain",
        }
    }

    /// The weekly means, this week first, then each week before.
    fn weekly_means(self, context: &Context<'_>) -> [Option<WeeklyMean>; TREND_WEEKS] {
        std::array::from_fn(|week| {
            let (from, to) = week_bounds(context.latest_day(), week);
            match self {
                Measure::During | Measure::After => WeeklyMean::of(
                    context
                        .sessions
                        .iter()
                        .filter(|session| session.date >= from && session.date <= to)
                        .map(|session| match self {
                            Measure::During => session.pain_during.value(),
                            _ => session.pain_after.value(),
                        }),
                ),
                Measure::NextMorning => {
                    WeeklyMean::of(context.mornings.between(from, to).map(|(_, value)| value))
                }
            }
        })
    }
}

/// The first and last day of the 7-day window `week` weeks before the one ending `today`.
pub(super) fn week_bounds(today: Date, week: usize) -> (Date, Date) {
    let weeks_back = i64::try_from(week).unwrap_or(0);
    let to = today.saturating_sub((WINDOW_DAYS * weeks_back).days());
    (to.saturating_sub((WINDOW_DAYS - 1).days()), to)
}

/// How one measure moved.
enum Trend {
    /// Not rising by half a point or more.
    Steady { this: f64, last: f64 },
    /// Rising by half a point or more, but not a point in all.
    Increase { this: f64, last: f64 },
    /// Rising by a point or more, in one week or over weekly rises in a row.
    Breach {
        this: f64,
        last: f64,
        start: f64,
        weeks: usize,
    },
}

/// The trend of a measure's weekly means, if this week and the week before both have values.
fn trend_of(means: &[Option<WeeklyMean>; TREND_WEEKS]) -> Option<Trend> {
    let (Some(this), Some(last)) = (means[0], means[1]) else {
        return None;
    };
    let mut weeks = 0;
    while let Some((Some(later), Some(earlier))) = means
        .get(weeks)
        .zip(means.get(weeks + 1))
        .map(|(a, b)| (*a, *b))
    {
        if !later.above(earlier) {
            break;
        }
        weeks += 1;
    }
    let start = means.get(weeks).copied().flatten().unwrap_or(last);
    Some(
        if weeks > 0 && this.rose_by_at_least(start, WEEKLY_RISE_LIMIT) {
            Trend::Breach {
                this: this.value(),
                last: last.value(),
                start: start.value(),
                weeks,
            }
        } else if this.rose_by_at_least(last, WEEKLY_NOISE_TOLERANCE) {
            Trend::Increase {
                this: this.value(),
                last: last.value(),
            }
        } else {
            Trend::Steady {
                this: this.value(),
                last: last.value(),
            }
        },
    )
}

/// R-PM3 on pain during, after and the next morning: a breach steps back and asks for a review,
/// an increase holds, and the steady measures are reported together.
pub(super) fn weekly_trend(context: &Context<'_>, assessment: &mut Assessment) {
    let mut steady = Vec::new();
    for measure in Measure::ALL {
        let name = measure.name(context.condition);
        match trend_of(&measure.weekly_means(context)) {
            None => {}
            Some(Trend::Steady { this, last }) => {
                steady.push(format!("{name} {this:.1}/10 against {last:.1}/10"));
            }
            Some(Trend::Increase { this, last }) => assessment.hold(
                rules::R_PM3,
                format!(
                    "Your {name} averaged {this:.1}/10 over the last 7 days, against {last:.1}/10 \
                     the week before: a rise of {:.1} points. Scores are whole points, so a \
                     weekly average can wobble by less than half a point; this is more, so it is \
                     increasing. Stay at this level until it stops climbing.",
                    this - last
                ),
            ),
            Some(Trend::Breach {
                this,
                last,
                start,
                weeks,
            }) => {
                let climb = if weeks == 1 {
                    format!("a rise of {:.1} points", this - last)
                } else {
                    format!(
                        "it has risen {weeks} weeks in a row, from {start:.1}/10, {:.1} points in \
                         all",
                        this - start
                    )
                };
                assessment.regress(
                    rules::R_PM3,
                    format!(
                        "Your {name} averaged {this:.1}/10 over the last 7 days, against \
                         {last:.1}/10 the week before: {climb} (a change of 1 point is one people \
                         notice). Pain should not climb from week to week, so step back, and ask \
                         your clinician to review your programme."
                    ),
                );
            }
        }
    }
    if !steady.is_empty() {
        assessment.within(
            rules::R_PM3,
            format!(
                "Not climbing from week to week (less than half a point up, within what \
                 whole-point scores wobble by), comparing the average of the last 7 days with \
                 the week before: {}.",
                steady.join("; ")
            ),
        );
    }
}
