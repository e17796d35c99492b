//! Operating `tendo serve` (issue 15): a graceful stop on SIGTERM (readiness first, requests
//! in flight finished, video sockets closed with 1001, exit 0 within the bound), `/metrics`
//! read by a real Prometheus-project parser, and JSON logs with request ids that carry no
//! secret and no patient data. Every test runs the real binary on loopback.

#![expect(
    clippy::unwrap_used,
    reason = "a failed step should fail the test loudly"
)]

#[path = "operations/listen.rs"]
mod listen;
#[path = "operations/logs.rs"]
mod logs;
#[path = "operations/metrics.rs"]
mod metrics;
#[path = "operations/readiness.rs"]
mod readiness;
#[path = "operations/shutdown.rs"]
mod shutdown;
#[path = "operations/support.rs"]
mod support;
#[path = "shared/video_clinic.rs"]
mod video_clinic;
