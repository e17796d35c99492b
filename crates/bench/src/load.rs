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
    /// Which endpoint it is, as an index into the run's names (0 for a single endpoint).
    pub kind: usize,
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
            kind: 0,
            method: Method::GET,
            path: path.into(),
            headers,
            body: None,
        }
    }

    /// A `POST` of `body` (with its content type) to `path`.
    pub fn post(
        path: impl Into<String>,
        headers: Vec<(String, String)>,
        content_type: &str,
        body: impl Into<Bytes>,
    ) -> Self {
        Self::with_body(Method::POST, path, headers, content_type, body)
    }

    /// A `PUT` of `body` (with its content type) to `path`.
    pub fn put(
        path: impl Into<String>,
        headers: Vec<(String, String)>,
        content_type: &str,
        body: impl Into<Bytes>,
    ) -> Self {
        Self::with_body(Method::PUT, path, headers, content_type, body)
    }

    fn with_body(
        method: Method,
        path: impl Into<String>,
        mut headers: Vec<(String, String)>,
        content_type: &str,
        body: impl Into<Bytes>,
    ) -> Self {
        headers.push(("content-type".into(), content_type.into()));
        Prepared {
            kind: 0,
            method,
            path: path.into(),
            headers,
            body: Some(body.into()),
        }
    }

    /// The same request, counted as endpoint `kind`.
    pub fn with_kind(mut self, kind: usize) -> Self {
        self.kind = kind;
        self
    }
}

/// How hard and how long to push.
#[derive(Clone, Copy, Debug)]
pub struct Load {
    /// Send each prepared request at most once (for writes that can be done once a day).
    pub once: bool,
    /// Concurrent connections.
    pub connections: usize,
    /// The longest a run lasts.
    pub duration: Duration,
    /// The most requests a run sends.
    pub max_requests: u64,
    /// The longest one request may take before it counts as failed (its connection is then
    /// dropped and a new one made).
    pub timeout: Duration,
}

/// What one run measured for one endpoint.
#[derive(Clone, Debug)]
pub struct Measurement {
    /// The endpoint measured.
    pub name: String,
    /// Requests answered with a success (2xx or 3xx).
    pub ok: u64,
    /// Requests that failed or got 4xx/5xx.
    pub errors: u64,
    /// How long the run took.
    pub elapsed: Duration,
    /// Latencies of successful requests, in microseconds.
    pub latencies: Histogram<u64>,
    /// The first failure: its status (0 when the connection failed) and the start of its body.
    pub first_error: Option<(u16, String)>,
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

/// Sends `requests` to `address`, taken in turn from a shared cursor (each connection takes
/// the next), for at most `load.duration` and `load.max_requests` requests (and each request
/// at most once with `load.once`). Returns one measurement per endpoint named in `names`
/// (requests name theirs by [`Prepared::kind`]); their rates share the run's elapsed time.
pub async fn run(
    names: &[String],
    address: SocketAddr,
    requests: Arc<Vec<Prepared>>,
    load: Load,
) -> anyhow::Result<Vec<Measurement>> {
    anyhow::ensure!(
        !requests.is_empty(),
        "no requests to send for {}",
        names.join(", ")
    );
    let cursor = Arc::new(AtomicU64::new(0));
    let limit = if load.once {
        load.max_requests.min(requests.len() as u64)
    } else {
        load.max_requests
    };
    let started = Instant::now();
    let deadline = started + load.duration;
    let mut workers = Vec::with_capacity(load.connections);
    for _ in 0..load.connections {
        let requests = requests.clone();
        let cursor = cursor.clone();
        let kinds = names.len();
        let timeout = load.timeout;
        workers.push(tokio::spawn(async move {
            connection_loop(address, &requests, kinds, &cursor, deadline, limit, timeout).await
        }));
    }
    let mut tallies: Vec<Tally> = (0..names.len())
        .map(|_| Tally::new())
        .collect::<anyhow::Result<_>>()?;
    for worker in workers {
        for (total, part) in tallies.iter_mut().zip(worker.await??) {
            total.latencies.add(part.latencies)?;
            total.ok += part.ok;
            total.errors += part.errors;
            total.first_error = total.first_error.take().or(part.first_error);
        }
    }
    let elapsed = started.elapsed();
    Ok(names
        .iter()
        .zip(tallies)
        .map(|(name, tally)| Measurement {
            name: name.clone(),
            ok: tally.ok,
            errors: tally.errors,
            elapsed,
            latencies: tally.latencies,
            first_error: tally.first_error,
        })
        .collect())
}

/// One endpoint's counts on one connection.
struct Tally {
    latencies: Histogram<u64>,
    ok: u64,
    errors: u64,
    first_error: Option<(u16, String)>,
}

impl Tally {
    fn new() -> anyhow::Result<Tally> {
        Ok(Tally {
            latencies: Histogram::<u64>::new_with_bounds(1, 60_000_000, 3)?,
            ok: 0,
            errors: 0,
            first_error: None,
        })
    }
}

async fn connection_loop(
    address: SocketAddr,
    requests: &[Prepared],
    kinds: usize,
    cursor: &AtomicU64,
    deadline: Instant,
    limit: u64,
    timeout: Duration,
) -> anyhow::Result<Vec<Tally>> {
    let mut tallies: Vec<Tally> = (0..kinds)
        .map(|_| Tally::new())
        .collect::<anyhow::Result<_>>()?;
    let mut sender = connect(address).await?;
    while Instant::now() < deadline {
        let taken = cursor.fetch_add(1, Ordering::Relaxed);
        if taken >= limit {
            break;
        }
        let prepared = &requests[usize::try_from(taken).unwrap_or(0) % requests.len()];
        let mut builder = Request::builder()
            .method(prepared.method.clone())
            .uri(&prepared.path)
            .header("host", address.to_string());
        for (name, value) in &prepared.headers {
            builder = builder.header(name, value);
        }
        let request = builder.body(Full::new(prepared.body.clone().unwrap_or_default()))?;
        let start = Instant::now();
        let outcome = tokio::time::timeout(timeout, async {
            let response = sender.send_request(request).await?;
            let status = response.status();
            let body = response.into_body().collect().await?.to_bytes();
            anyhow::Ok((status, body))
        })
        .await
        .unwrap_or_else(|_| Err(anyhow::anyhow!("no answer within {timeout:?}")));
        let micros = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
        let tally = &mut tallies[prepared.kind.min(kinds - 1)];
        match outcome {
            Ok((status, _)) if status.is_success() || status.is_redirection() => {
                tally.latencies.record(micros.max(1))?;
                tally.ok += 1;
            }
            Ok((status, body)) => {
                tally.errors += 1;
                if tally.first_error.is_none() {
                    let text = String::from_utf8_lossy(&body[..body.len().min(300)]);
                    tally.first_error = Some((status.as_u16(), text.into_owned()));
                }
            }
            Err(error) => {
                tally.errors += 1;
                if tally.first_error.is_none() {
                    tally.first_error = Some((0, error.to_string()));
                }
                sender = connect(address).await?;
            }
        }
    }
    Ok(tallies)
}

/// Sends `prepared` once on a connection of its own: the response's status and headers.
async fn send_once(
    address: SocketAddr,
    prepared: &Prepared,
) -> anyhow::Result<(hyper::StatusCode, hyper::HeaderMap)> {
    let mut sender = connect(address).await?;
    let mut builder = Request::builder()
        .method(prepared.method.clone())
        .uri(&prepared.path)
        .header("host", address.to_string());
    for (name, value) in &prepared.headers {
        builder = builder.header(name, value);
    }
    let response = sender
        .send_request(builder.body(Full::new(prepared.body.clone().unwrap_or_default()))?)
        .await?;
    let status = response.status();
    let headers = response.headers().clone();
    response.into_body().collect().await?;
    Ok((status, headers))
}

/// Whether the server has the endpoint of `prepared` (anything but 404).
pub async fn answers(address: SocketAddr, prepared: &Prepared) -> anyhow::Result<bool> {
    Ok(send_once(address, prepared).await?.0 != hyper::StatusCode::NOT_FOUND)
}

/// The `GET`s of `requests` made conditional: each reads its response's `ETag` once and sends
/// it back in `If-None-Match`, as a client holding the view would. `None` when the server sends
/// no `ETag` or does not answer `304` to its own (it does not have conditional reads).
pub async fn revalidating(
    address: SocketAddr,
    requests: Vec<Prepared>,
) -> anyhow::Result<Option<Vec<Prepared>>> {
    let mut out = Vec::with_capacity(requests.len());
    for mut prepared in requests {
        let (_, headers) = send_once(address, &prepared).await?;
        let Some(etag) = headers.get(hyper::header::ETAG) else {
            return Ok(None);
        };
        prepared
            .headers
            .push(("if-none-match".into(), etag.to_str()?.to_string()));
        if send_once(address, &prepared).await?.0 != hyper::StatusCode::NOT_MODIFIED {
            return Ok(None);
        }
        out.push(prepared);
    }
    Ok(Some(out))
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
