//! Drawing the progress charts as SVG: the pain chart (during, after and next morning, one point
//! per training day) and the weekly load bar chart, for the 26 weeks the page shows and, to show
//! what an unwindowed chart would cost, for one and ten years.

#![expect(
    missing_docs,
    reason = "criterion's macros generate undocumented functions"
)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use jiff::ToSpan;
use jiff::civil::Date;
use tendo_web::patient::charts::{
    Bar, BarChart, LineChart, Mark, Reference, Series, bar_chart, line_chart,
};

fn pain_chart(days: i64) -> LineChart {
    let to = Date::constant(2026, 11, 20);
    let from = to.checked_sub(days.days()).unwrap_or(to);
    let series = |name: &str, mark: Mark, offset: i64| Series {
        name: name.into(),
        points: (0..days)
            .filter(|day| day % 7 != 6)
            .filter_map(|day| from.checked_add(day.days()).ok())
            .enumerate()
            .map(|(index, date)| (date, ((index as i64 + offset) % 6) as f64))
            .collect(),
        colour: "#1f5f8b",
        mark,
    };
    LineChart {
        id: "pain".into(),
        title: "Pain around training".into(),
        desc: "Pain during, straight after and the next morning, 0 to 10.".into(),
        from,
        to,
        y_min: 0.0,
        y_max: 10.0,
        y_ticks: vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0],
        series: vec![
            series("During", Mark::Circle, 0),
            series("After", Mark::Square, 1),
            series("Next morning", Mark::Diamond, 2),
        ],
        references: vec![Reference {
            value: 5.0,
            label: "5/10 limit".into(),
        }],
    }
}

fn load_chart(weeks: usize) -> BarChart {
    BarChart {
        id: "load".into(),
        title: "Minutes under load each week".into(),
        desc: "Estimated minutes under load, week by week.".into(),
        y_max: 60.0,
        y_ticks: vec![0.0, 20.0, 40.0, 60.0],
        bars: (0..weeks)
            .map(|week| Bar {
                label: format!("W{}", week + 1),
                value: (week % 50) as f64,
                value_label: format!("{} min", week % 50),
            })
            .collect(),
        colour: "#2e7d32",
        references: Vec::new(),
    }
}

fn charts(c: &mut Criterion) {
    let mut group = c.benchmark_group("pain chart (SVG) by days shown");
    for days in [182, 365, 3_650] {
        let chart = pain_chart(days);
        group.throughput(Throughput::Elements(days as u64));
        group.bench_with_input(BenchmarkId::from_parameter(days), &chart, |b, chart| {
            b.iter(|| line_chart(black_box(chart)));
        });
    }
    group.finish();
    let mut group = c.benchmark_group("weekly load chart (SVG) by weeks shown");
    for weeks in [26, 52, 520] {
        let chart = load_chart(weeks);
        group.throughput(Throughput::Elements(weeks as u64));
        group.bench_with_input(BenchmarkId::from_parameter(weeks), &chart, |b, chart| {
            b.iter(|| bar_chart(black_box(chart)));
        });
    }
    group.finish();
}

criterion_group!(benches, charts);
criterion_main!(benches);
