//! A closed-loop load generator: each connection sends a request, waits for the whole answer,
//! and sends the next, for a bounded time and a bounded number of requests. Latencies go into an
//! HDR histogram per run.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// One request to send, fully prepared.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The method.
    pub method: Method,
    /// The path and query.
    pub path: String,
    /// Extra headers (cookies, CSRF token, authorisation, content type).
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<Bytes>,
}

impl Prepared {
    /// A `GET` of `path` with `headers`.
    pub fn get(path: impl Into<String>, headers: Vec<(String, String)>) -> Self {
        Prepared {
            method: Method::GET,
            path: path.into(),
            headers,
            body: None,
        }
    }
}

/// How hard and how long to push.
#[derive(Clone, Copy, Debug)]
pub struct Load {
    /// Concurrent connections.
    pub connections: usize,
    /// The longest a run lasts.
    pub duration: Duration,
    /// The most requests a run sends.
    pub max_requests: u64,
}

/// What one run measured.
#[derive(Clone, Debug)]
pub struct Measurement {
    /// The endpoint or mix measured.
    pub name: String,
    /// Requests answered with a success (2xx or 3xx).
    pub ok: u64,
    /// Requests that failed or got 4xx/5xx.
    pub errors: u64,
    /// How long the run took.
    pub elapsed: Duration,
    /// Latencies of successful requests, in microseconds.
    pub latencies: Histogram<u64>,
}

impl Measurement {
    /// Successful requests per second.
    pub fn rate(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64().max(f64::EPSILON)
    }

    /// A latency quantile in milliseconds.
    pub fn quantile_ms(&self, quantile: f64) -> f64 {
        self.latencies.value_at_quantile(quantile) as f64 / 1000.0
    }
}

/// Sends `requests` (taken in turn, each connection starting at its own offset) to `address`.
pub async fn run(
    name: &str,
    address: SocketAddr,
    requests: Arc<Vec<Prepared>>,
    load: Load,
) -> anyhow::Result<Measurement> {
    anyhow::ensure!(!requests.is_empty(), "no requests to send for {name}");
    let sent = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + load.duration;
    let mut workers = Vec::with_capacity(load.connections);
    for worker in 0..load.connections {
        let requests = requests.clone();
        let sent = sent.clone();
        workers.push(tokio::spawn(async move {
            connection_loop(
                address,
                &requests,
                worker,
                &sent,
                deadline,
                load.max_requests,
            )
            .await
        }));
    }
    let mut latencies = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3)?;
    let (mut ok, mut errors) = (0, 0);
    for worker in workers {
        let (histogram, worker_ok, worker_errors) = worker.await??;
        latencies.add(histogram)?;
        ok += worker_ok;
        errors += worker_errors;
    }
    Ok(Measurement {
        name: name.to_string(),
        ok,
        errors,
        elapsed: started.elapsed(),
        latencies,
    })
}

async fn connection_loop(
    address: SocketAddr,
    requests: &[Prepared],
    worker: usize,
    sent: &AtomicU64,
    deadline: Instant,
    max_requests: u64,
) -> anyhow::Result<(Histogram<u64>, u64, u64)> {
    let mut histogram = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3)?;
    let (mut ok, mut errors) = (0u64, 0u64);
    let mut sender = connect(address).await?;
    let mut index = worker.wrapping_mul(7919) % requests.len();
    while Instant::now() < deadline && sent.fetch_add(1, Ordering::Relaxed) < max_requests {
        let prepared = &requests[index];
        index = (index + 1) % requests.len();
        let mut builder = Request::builder()
            .method(prepared.method.clone())
            .uri(&prepared.path)
            .header("host", address.to_string());
        for (name, value) in &prepared.headers {
            builder = builder.header(name, value);
        }
        let request = builder.body(Full::new(prepared.body.clone().unwrap_or_default()))?;
        let start = Instant::now();
        let outcome = async {
            let response = sender.send_request(request).await?;
            let status = response.status();
            response.into_body().collect().await?;
            anyhow::Ok(status)
        }
        .await;
        let micros = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
        match outcome {
            Ok(status) if status.is_success() || status.is_redirection() => {
                histogram.record(micros.max(1))?;
                ok += 1;
            }
            Ok(_) => errors += 1,
            Err(_) => {
                errors += 1;
                sender = connect(address).await?;
            }
        }
    }
    Ok((histogram, ok, errors))
}

async fn connect(
    address: SocketAddr,
) -> anyhow::Result<hyper::client::conn::http1::SendRequest<Full<Bytes>>> {
    let stream = TcpStream::connect(address)
        .await
        .with_context(|| format!("connecting to {address}"))?;
    stream.set_nodelay(true)?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}
