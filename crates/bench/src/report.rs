//! The results as a Markdown table and as JSON.

use serde::Serialize;

use crate::load::Measurement;

/// One row of the report.
#[derive(Debug, Serialize)]
pub struct Row {
    /// `ceiling`, `read`, `write`, `scaling` or `mix`.
    pub group: String,
    /// What was measured.
    pub name: String,
    /// Successful requests per second.
    pub requests_per_second: f64,
    /// As a share of the bare handler's rate.
    pub ratio_to_ceiling: f64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
    /// 99.9th percentile, ms.
    pub p999_ms: f64,
    /// Successful requests.
    pub ok: u64,
    /// Failed requests.
    pub errors: u64,
}

impl Row {
    /// A row from a measurement, against the ceiling's rate.
    pub fn of(group: &str, measurement: &Measurement, ceiling: f64) -> Row {
        if let Some((status, body)) = &measurement.first_error {
            eprintln!(
                "tendo-bench: {}: {} failed, the first with status {status}: {body}",
                measurement.name, measurement.errors
            );
        }
        Row {
            group: group.into(),
            name: measurement.name.clone(),
            requests_per_second: measurement.rate(),
            ratio_to_ceiling: measurement.rate() / ceiling.max(f64::EPSILON),
            p50_ms: measurement.quantile_ms(0.50),
            p99_ms: measurement.quantile_ms(0.99),
            p999_ms: measurement.quantile_ms(0.999),
            ok: measurement.ok,
            errors: measurement.errors,
        }
    }

    /// A row for several endpoints measured together (the mixed run).
    pub fn total(
        group: &str,
        name: &str,
        parts: &[Measurement],
        ceiling: f64,
    ) -> anyhow::Result<Row> {
        let mut all = Measurement {
            name: name.into(),
            ok: 0,
            errors: 0,
            elapsed: parts.first().map(|part| part.elapsed).unwrap_or_default(),
            latencies: hdrhistogram::Histogram::new_with_bounds(1, 60_000_000, 3)?,
            first_error: None,
        };
        for part in parts {
            all.ok += part.ok;
            all.errors += part.errors;
            all.latencies.add(&part.latencies)?;
        }
        Ok(Row::of(group, &all, ceiling))
    }
}

/// One row as a line of a Markdown table.
pub fn line(row: &Row) -> String {
    format!(
        "| {} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {} |",
        row.name,
        row.requests_per_second,
        row.ratio_to_ceiling,
        row.p50_ms,
        row.p99_ms,
        row.p999_ms,
        row.ok,
        row.errors
    )
}

/// The rows as Markdown tables, one per group.
pub fn markdown(rows: &[Row]) -> String {
    let mut out = String::new();
    let mut group = "";
    for row in rows {
        if row.group != group {
            group = &row.group;
            out.push_str(&format!(
                "\n**{group}**\n\n| endpoint | req/s | × ceiling | p50 ms | p99 ms | p99.9 ms | ok | errors |\n\
                 |---|---:|---:|---:|---:|---:|---:|---:|\n"
            ));
        }
        out.push_str(&line(row));
        out.push('\n');
    }
    out
}
