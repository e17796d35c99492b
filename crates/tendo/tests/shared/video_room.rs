//! The video room page as each person uses it in a headless Chromium: signing in with a
//! session made in the database, joining, and what the browser's peer connection reports.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::browser::Browser;

/// Gives the browser the person's session on `origin`.
pub async fn sign_in(browser: &Browser, origin: &str, session: &str) {
    browser.goto(&format!("{origin}/healthz")).await;
    browser.add_cookie("tendo_session", session).await;
}

/// The room's `data-state` (set by the page as the call progresses).
async fn page_state(browser: &Browser) -> String {
    browser
        .run(
            "var room = document.getElementById('video-room'); \
             return room ? room.getAttribute('data-state') : 'no room';",
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn wait_for_page_state(browser: &Browser, wanted: &[&str]) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let state = page_state(browser).await;
        if wanted.contains(&state.as_str()) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the room reached {state}, not {wanted:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Opens the room in both browsers (each at its own origin), passes the device check and
/// joins: the patient first, then the physiotherapist.
pub async fn join(patient: (&Browser, &str), physio: (&Browser, &str), room_path: &str) {
    for (browser, origin) in [patient, physio] {
        browser.goto(&format!("{origin}{room_path}")).await;
        wait_for_page_state(browser, &["setup"]).await;
    }
    patient
        .0
        .run("document.getElementById('video-join').click();")
        .await;
    wait_for_page_state(patient.0, &["waiting"]).await;
    physio
        .0
        .run("document.getElementById('video-join').click();")
        .await;
}

/// What a browser's peer connection reports: its state, whether the other's description
/// arrived, the types of the selected candidate pair's two ends, and the video frames decoded.
const STATS: &str = r"
var done = arguments[arguments.length - 1];
var pc = window.tendoVideo;
if (!pc) { done({ state: 'none' }); return; }
pc.getStats().then(function (report) {
  var byId = {}, pair = null, frames = 0;
  report.forEach(function (s) { byId[s.id] = s; });
  report.forEach(function (s) {
    if (s.type === 'transport' && s.selectedCandidatePairId) pair = byId[s.selectedCandidatePairId];
    if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0;
  });
  var local = pair && byId[pair.localCandidateId];
  var remote = pair && byId[pair.remoteCandidateId];
  done({
    state: pc.connectionState,
    described: !!pc.remoteDescription,
    local: local ? local.candidateType : null,
    remote: remote ? remote.candidateType : null,
    frames: frames
  });
}, function (error) { done({ state: 'error', error: String(error) }); });
";

/// The peer connection's report (see [`STATS`]).
pub async fn stats(browser: &Browser) -> Value {
    browser.run_async(STATS).await
}

/// Waits up to `bound` for both browsers' connections to be `connected`; the last reports
/// otherwise.
pub async fn connect(patient: &Browser, physio: &Browser, bound: Duration) -> Result<(), String> {
    let deadline = Instant::now() + bound;
    loop {
        let (one, two) = (stats(patient).await, stats(physio).await);
        if one["state"] == "connected" && two["state"] == "connected" {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(format!("patient {one}, physiotherapist {two}"));
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Waits up to `bound` for the browser to decode video from the other side; its report.
pub async fn receiving_video(browser: &Browser, bound: Duration) -> Value {
    let deadline = Instant::now() + bound;
    loop {
        let report = stats(browser).await;
        if report["frames"].as_u64() > Some(0) || Instant::now() >= deadline {
            return report;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// What the page's picture of the other person shows: whether it plays, its size in pixels and
/// how far it has played, in seconds.
const REMOTE_PICTURE: &str = r"
var video = document.getElementById('video-remote');
if (!video) return { found: false };
return {
  found: true,
  paused: video.paused,
  ready: video.readyState,
  width: video.videoWidth,
  height: video.videoHeight,
  seconds: video.currentTime
};
";

/// Waits up to `bound` for the page to play the other person's video (a picture with a size
/// whose time moves on); the last report, with `playing` saying whether it did.
pub async fn watching_the_other(browser: &Browser, bound: Duration) -> Value {
    let deadline = Instant::now() + bound;
    let mut first_seconds = None;
    loop {
        let mut report = browser.run(REMOTE_PICTURE).await;
        let seconds = report["seconds"].as_f64().unwrap_or_default();
        let shown = report["paused"] == false
            && report["ready"].as_u64() >= Some(2)
            && report["width"].as_u64() > Some(0);
        let moved = first_seconds.is_some_and(|first| seconds > first);
        if shown && first_seconds.is_none() {
            first_seconds = Some(seconds);
        }
        if (shown && moved) || Instant::now() >= deadline {
            report["playing"] = Value::Bool(shown && moved);
            return report;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
