//! The engine's hot path for one patient: massage-gun screening, this week's plan and the
//! pain-monitoring decision over twelve weeks of logged sessions.

#![expect(
    missing_docs,
    reason = "criterion's macros generate undocumented functions"
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use tendo_core::condition::{Condition, Side};
use tendo_core::massage_gun::{self, Device, Screening, Site, SkinIssue, SkinKind};
use tendo_core::pain_monitoring::{self, LoadHistory, LoggedSession};
use tendo_core::pain_score::PainScore;
use tendo_core::programme::{self, PlanRequest, Protocol};

fn pain(value: u8) -> PainScore {
    PainScore::new(value).unwrap_or_else(|| unreachable!("benchmark pain scores are 0–10"))
}

fn screening(now: Timestamp) -> Screening {
    Screening {
        condition: Condition::AchillesMidportion,
        now: Some(now),
        normal_sensation: true,
        systemic_conditions: Vec::new(),
        heel_bursitis: false,
        tendon_settled: false,
        skin: vec![SkinIssue {
            site: Site::Soleus,
            kind: SkinKind::Scar,
            since: Some(Date::constant(2026, 10, 1)),
        }],
        device: Some(Device {
            min_ppm: 1750,
            max_ppm: 3200,
        }),
        last_session_at: now.checked_sub(60.hours()).ok(),
        today: None,
        suspected_clot: Some(false),
        blood_thinners: Some(false),
        bleeding_disorder: Some(false),
        pregnant: Some(false),
        implanted_device: Some(false),
    }
}

fn twelve_weeks_of_sessions() -> LoadHistory {
    let start = Date::constant(2026, 8, 31);
    let sessions = (0..84_i32)
        .filter(|day| day % 7 != 6)
        .map(|day| LoggedSession {
            date: start.checked_add(day.days()).unwrap_or(start),
            pain_during: pain((3 + day % 3) as u8),
            pain_after: pain((2 + day % 4) as u8),
            pain_next_morning: Some(pain((1 + day % 2) as u8)),
        })
        .collect();
    LoadHistory {
        condition: Condition::AchillesMidportion,
        baseline_morning_pain: pain(2),
        sessions,
    }
}

fn one_patient(c: &mut Criterion) {
    let now: Timestamp = "2026-11-22T09:00:00Z"
        .parse()
        .unwrap_or_else(|_| unreachable!("a valid timestamp"));
    let screening = screening(now);
    let history = twelve_weeks_of_sessions();
    let today = Date::constant(2026, 11, 22);
    let request = PlanRequest {
        condition: Condition::AchillesMidportion,
        side: Side::Left,
        weeks_since_start: 6,
        preferred_protocol: Some(Protocol::HeavySlowResistance),
        sessions_per_week: 3,
        stage: None,
        equipment: None,
    };
    c.bench_function("screening + plan + load decision", |b| {
        b.iter(|| {
            let advice = massage_gun::check(black_box(&screening), now);
            let plan = programme::plan_week(black_box(&request));
            let verdict = pain_monitoring::decide(black_box(&history), today);
            (advice, plan, verdict)
        })
    });
    c.bench_function("massage-gun screening", |b| {
        b.iter(|| massage_gun::check(black_box(&screening), now))
    });
    c.bench_function("week plan", |b| {
        b.iter(|| programme::plan_week(black_box(&request)))
    });
    c.bench_function("load decision over 12 weeks", |b| {
        b.iter(|| pain_monitoring::decide(black_box(&history), today))
    });
}

criterion_group!(benches, one_patient);
criterion_main!(benches);
