//! The results as a Markdown table and as JSON.

use serde::Serialize;

use crate::load::Measurement;

/// One row of the report.
#[derive(Debug, Serialize)]
pub struct Row {
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
    pub fn of(measurement: &Measurement, ceiling: f64) -> Row {
        Row {
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
}

/// The rows as a Markdown table.
pub fn markdown(rows: &[Row]) -> String {
    let mut out = String::from(
        "| endpoint | req/s | × ceiling | p50 ms | p99 ms | p99.9 ms | ok | errors |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        out.push_str(&format!(
            "| {} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {} |\n",
            row.name,
            row.requests_per_second,
            row.ratio_to_ceiling,
            row.p50_ms,
            row.p99_ms,
            row.p999_ms,
            row.ok,
            row.errors
        ));
    }
    out
}
