//! `/metrics` on its own listener, parsed by the Prometheus project's Python client: every
//! family an operator watches is there, a request is counted under its route template (never
//! its path, which holds a one-time token here), and `X-Request-Id` is kept or made.

use std::process::Command;

use crate::support::{fresh_client, start};

/// The Python with `prometheus-client` (see `PYTHON_PACKAGES` in `xtask/src/setup.rs`).
fn python() -> String {
    std::env::var("TENDO_TEST_PYTHON").unwrap_or_else(|_| {
        panic!(
            "TENDO_TEST_PYTHON is not set: run `cargo xtask test`, which installs prometheus-client"
        )
    })
}

/// Parses an exposition with `prometheus_client`'s `OpenMetrics` parser (the format served; it
/// also checks the `# EOF` end, counters' `_total` and histograms' buckets) and prints one line
/// per sample: family, type, sample name, labels as JSON, value.
const PARSE: &str = r#"
import json, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
for family in text_string_to_metric_families(sys.stdin.read()):
    for sample in family.samples:
        print(family.name, family.type, sample.name, json.dumps(sample.labels, sort_keys=True), sample.value)
"#;

fn parse(exposition: &str) -> Vec<(String, String, String, serde_json::Value, f64)> {
    let mut child = Command::new(python())
        .args(["-c", PARSE])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), exposition.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the exposition parses:\n{}\n{exposition}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let mut parts = line.splitn(4, ' ');
            let family = parts.next().unwrap().to_string();
            let kind = parts.next().unwrap().to_string();
            let sample = parts.next().unwrap().to_string();
            let rest = parts.next().unwrap();
            let (labels, value) = rest.rsplit_once(' ').unwrap();
            (
                family,
                kind,
                sample,
                serde_json::from_str(labels).unwrap(),
                value.parse().unwrap(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_count_requests_by_route_template_and_report_the_pool_outbox_audit_and_rooms() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(
        &[
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--metrics-listen",
            "127.0.0.1:0",
        ],
        &[],
    );
    let client = fresh_client();
    let token = "k3y-that-is-a-secret-9f2c";
    for _ in 0..3 {
        let answer = client
            .get(format!("{}/reset-password/{token}", server.base))
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success() || answer.status().is_client_error());
    }
    // Three readiness checks: each reads the applied migrations, one SELECT.
    for _ in 0..3 {
        let ready = client
            .get(format!("{}/readyz", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(ready.status(), 200);
    }
    // The request id: a well-formed one is kept, anything else replaced by a new UUID.
    let kept = client
        .get(format!("{}/healthz", server.base))
        .header("x-request-id", "balancer-7f3a.1")
        .send()
        .await
        .unwrap();
    assert_eq!(kept.headers()["x-request-id"], "balancer-7f3a.1");
    let replaced = client
        .get(format!("{}/healthz", server.base))
        .header("x-request-id", "alex@example.com tried this")
        .send()
        .await
        .unwrap();
    let made = replaced.headers()["x-request-id"].to_str().unwrap();
    assert!(
        uuid::Uuid::parse_str(made).is_ok(),
        "a malformed id is replaced by a UUID: {made}"
    );

    assert_eq!(
        client
            .get(format!("{}/metrics", server.base))
            .send()
            .await
            .unwrap()
            .status(),
        404,
        "the application's listener does not serve metrics"
    );
    let metrics = server.metrics.clone().unwrap();
    let answer = client
        .get(format!("{metrics}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert!(
        answer.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text"),
    );
    let exposition = answer.text().await.unwrap();
    assert!(
        !exposition.contains(token),
        "the path's token never reaches the metrics"
    );
    let samples = parse(&exposition);
    let family = |name: &str| {
        samples
            .iter()
            .filter(|(family, ..)| family == name)
            .collect::<Vec<_>>()
    };
    for (name, kind) in [
        ("tendo_http_requests", "counter"),
        ("tendo_http_request_duration_seconds", "histogram"),
        ("tendo_db_pool_connections", "gauge"),
        ("tendo_db_pool_idle_connections", "gauge"),
        ("tendo_db_pool_max_connections", "gauge"),
        ("tendo_mail_outbox_waiting", "gauge"),
        ("tendo_mail_outbox_failing", "gauge"),
        ("tendo_audit_lag_seconds", "gauge"),
        ("tendo_audit_commit_duration_seconds", "histogram"),
        ("tendo_audit_entries_committed", "counter"),
        ("tendo_db_commit_duration_seconds", "histogram"),
        ("tendo_db_query_duration_seconds", "histogram"),
        ("tendo_db_changes_committed", "counter"),
        ("tendo_video_rooms_open", "gauge"),
        ("tendo_video_sockets_open", "gauge"),
        ("tendo_draining", "gauge"),
    ] {
        let found = family(name);
        assert!(!found.is_empty(), "the family {name} is served");
        assert!(
            found.iter().all(|(_, found_kind, ..)| found_kind == kind),
            "{name} is a {kind}"
        );
    }
    let resets = family("tendo_http_requests")
        .into_iter()
        .find(|(_, _, sample, labels, _)| {
            sample == "tendo_http_requests_total"
                && labels["route"] == "/reset-password/{token}"
                && labels["method"] == "GET"
        })
        .expect("the requests are counted under their route template");
    assert_eq!(resets.4, 3.0, "all three requests are counted");
    let timed = family("tendo_http_request_duration_seconds")
        .into_iter()
        .find(|(_, _, sample, labels, _)| {
            sample == "tendo_http_request_duration_seconds_count"
                && labels["route"] == "/reset-password/{token}"
        })
        .expect("their time is in the histogram");
    assert_eq!(timed.4, 3.0);
    let selects = family("tendo_db_query_duration_seconds")
        .into_iter()
        .find(|(_, _, sample, labels, _)| {
            sample == "tendo_db_query_duration_seconds_count" && labels["kind"] == "select"
        })
        .expect("the reads are timed");
    assert!(
        selects.4 >= 3.0,
        "each readiness check's read is timed (the reset page itself reads nothing)"
    );
    let max_pool = family("tendo_db_pool_max_connections")[0].4;
    assert!(max_pool >= 1.0, "the pool's size is reported");
    assert_eq!(family("tendo_mail_outbox_waiting")[0].4, 0.0);
    assert_eq!(family("tendo_draining")[0].4, 0.0);
}
