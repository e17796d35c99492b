//! The engine over long histories: the pain-monitoring decision over 12 weeks to 100 years of
//! twice-daily sessions (the service hands it only the last four weeks; this shows what an
//! unwindowed history would cost), a week's plan for every protocol and level, and how a
//! decision moves the plan.

#![expect(
    missing_docs,
    reason = "criterion's macros generate undocumented functions"
)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use jiff::ToSpan;
use jiff::civil::Date;
use tendo_core::condition::{Condition, Side};
use tendo_core::pain_monitoring::{self, LoadDecision, LoadHistory, LoggedSession};
use tendo_core::pain_score::PainScore;
use tendo_core::programme::{self, Position, Protocol};
use tendo_core::questionnaire::{self, Questionnaire, VisaAnswers};

fn pain(value: i32) -> PainScore {
    PainScore::new(u8::try_from(value).unwrap_or(0))
        .unwrap_or_else(|| unreachable!("benchmark pain scores are 0–10"))
}

/// Twice-daily sessions over `days` days, ending on a fixed day, with next-morning pain.
fn history(days: i32) -> LoadHistory {
    let end = Date::constant(2026, 11, 20);
    let sessions = (0..days)
        .flat_map(|day| {
            let date = end.checked_sub((days - day).days()).unwrap_or(end);
            [0, 1].map(move |time| LoggedSession {
                date,
                pain_during: pain(2 + (day + time) % 3),
                pain_after: pain(1 + day % 4),
                pain_next_morning: Some(pain(1 + day % 2)),
            })
        })
        .collect();
    LoadHistory {
        condition: Condition::AchillesInsertional,
        baseline_morning_pain: pain(2),
        sessions,
    }
}

fn decision_over_long_histories(c: &mut Criterion) {
    let mut group = c.benchmark_group("load decision by history length");
    for days in [28, 84, 365, 3_650, 36_500] {
        let input = history(days);
        group.throughput(Throughput::Elements(input.sessions.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(days), &input, |b, input| {
            b.iter(|| pain_monitoring::decide(black_box(input), Date::constant(2026, 11, 20)));
        });
    }
    group.finish();
}

fn plans(c: &mut Criterion) {
    let cases = [
        (Condition::AchillesMidportion, Protocol::HeavySlowResistance),
        (Condition::AchillesMidportion, Protocol::Silbernagel),
        (Condition::AchillesMidportion, Protocol::Isometric),
        (Condition::AchillesInsertional, Protocol::Alfredson),
        (Condition::ProximalHamstring, Protocol::GoomStaged),
    ];
    let mut group = c.benchmark_group("week plan");
    for (condition, protocol) in cases {
        let position = Position::first(protocol);
        group.bench_function(protocol.id(), |b| {
            b.iter(|| {
                programme::plan_for(black_box(position), condition, Side::Left, 4, black_box(7))
            });
        });
    }
    group.finish();
    let start = Position::first(Protocol::HeavySlowResistance);
    c.bench_function("plan moved by a decision (apply)", |b| {
        b.iter(|| {
            programme::apply(
                black_box(start),
                Condition::AchillesMidportion,
                black_box(LoadDecision::Progress),
            )
        });
    });
}

fn scoring(c: &mut Criterion) {
    let answers: VisaAnswers = serde_json::from_value(serde_json::json!({
        "q1": 6, "q2": 5, "q3": 7, "q4": 6, "q5": 5, "q6": 6, "q7": 4,
        "q8": {"branch": "b", "minutes": "11-20"}
    }))
    .unwrap_or_else(|error| unreachable!("benchmark answers read: {error}"));
    c.bench_function("VISA-A score", |b| {
        b.iter(|| questionnaire::score_checked(Questionnaire::VisaA, black_box(&answers)));
    });
}

criterion_group!(benches, decision_over_long_histories, plans, scoring);
criterion_main!(benches);
