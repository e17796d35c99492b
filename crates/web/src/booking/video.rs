//! The built-in video room: a page using the browser's WebRTC, and a WebSocket that relays the
//! two browsers' signalling messages (offer, answer, candidates) between them. Media flows
//! browser to browser; the server never sees it. Only the appointment's patient and clinician
//! may join, from shortly before its start until its end.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};

use askama::Template;
use axum::extract::ws::{
    Message, WebSocket, WebSocketUpgrade, rejection::WebSocketUpgradeRejection,
};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use tendo_app::booking::video;
use tendo_app::error::AppError;
use tendo_store::ids::AppointmentId;
use tokio::sync::mpsc;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;
use crate::time::Local;

/// How the browsers find each other.
#[derive(Clone, Debug, Default)]
pub struct VideoConfig {
    /// STUN or TURN server addresses (`stun:turn.clinic.example:3478`); none by default, so
    /// only the machines' own addresses are tried.
    pub ice_servers: Vec<String>,
    /// Offer only loopback candidates (tests on one machine).
    pub loopback_only: bool,
}

/// The largest signalling message relayed.
const MAX_MESSAGE: usize = 64 * 1024;

const SCRIPT: &str = include_str!("../../assets/booking.js");

/// `GET /assets/booking.js`.
pub async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        SCRIPT,
    )
}

type Peers = Vec<(u64, mpsc::UnboundedSender<String>)>;

static ROOMS: LazyLock<Mutex<HashMap<AppointmentId, Peers>>> = LazyLock::new(Default::default);
static NEXT_PEER: AtomicU64 = AtomicU64::new(1);

#[derive(Template)]
#[template(path = "booking/video.html")]
struct VideoPage {
    chrome: Chrome,
    id: String,
    title: String,
    with: String,
    open: bool,
    opens: String,
    external: Option<String>,
    ice: String,
    loopback_only: bool,
}

fn appointment_id(text: &str) -> Result<AppointmentId, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

/// `GET /appointments/{appointment}/video`.
pub async fn page(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let room = video::room(&state.app, &user.caller, appointment_id(&id)?).await?;
    let local = Local::of(&user.caller.user);
    let with = if user.caller.id() == room.view.patient.id {
        room.view.clinician.name.clone()
    } else {
        room.view.patient.name.clone()
    };
    let page = VideoPage {
        chrome: Chrome::signed_in(&state, &user, "Video consultation", "/appointments"),
        id: room.view.appointment.id.to_string(),
        title: room.view.kind.name.clone(),
        with,
        open: room.open,
        opens: local.date_time(room.opens_at),
        external: room.external_link,
        ice: serde_json::to_string(&state.web.video.ice_servers).unwrap_or_else(|_| "[]".into()),
        loopback_only: state.web.video.loopback_only,
    };
    Ok(render(&page)?.into_response())
}

/// Refuses a WebSocket opened from another site's page.
fn same_origin(headers: &HeaderMap) -> Result<(), AppError> {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    match (origin, host) {
        (None, _) => Ok(()),
        (Some(origin), Some(host)) if origin.split("://").nth(1) == Some(host) => Ok(()),
        _ => Err(AppError::Forbidden(
            "the video room opens only from Tendo's own page".into(),
        )),
    }
}

/// `GET /appointments/{appointment}/video/signal`: the signalling WebSocket.
pub async fn signal(
    State(state): State<AppState>,
    user: PageUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response, PageError> {
    let id = appointment_id(&id)?;
    let room = video::room(&state.app, &user.caller, id).await?;
    same_origin(&headers)?;
    if !room.open {
        return Err(AppError::Conflict(
            "The video room is not open now: it opens shortly before the appointment.".into(),
        )
        .into());
    }
    match upgrade {
        Ok(upgrade) => Ok(upgrade
            .max_message_size(MAX_MESSAGE)
            .on_upgrade(move |socket| relay(id, socket))),
        Err(rejection) => Ok(rejection.into_response()),
    }
}

fn send_to_others(id: AppointmentId, me: u64, text: &str) {
    if let Ok(rooms) = ROOMS.lock()
        && let Some(peers) = rooms.get(&id)
    {
        for (peer, sender) in peers {
            if *peer != me {
                let _ = sender.send(text.to_string());
            }
        }
    }
}

async fn relay(id: AppointmentId, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    let (sender, mut receiver) = mpsc::unbounded_channel::<String>();
    let me = NEXT_PEER.fetch_add(1, Ordering::Relaxed);
    let joined = match ROOMS.lock() {
        Ok(mut rooms) => {
            let peers = rooms.entry(id).or_default();
            if peers.len() >= 2 {
                None
            } else {
                for (_, other) in peers.iter() {
                    let _ = other.send(r#"{"type":"peer-joined"}"#.to_string());
                }
                peers.push((me, sender.clone()));
                Some(peers.len())
            }
        }
        Err(_) => None,
    };
    let Some(count) = joined else {
        let _ = sink.send(Message::Text(r#"{"type":"full"}"#.into())).await;
        return;
    };
    let _ = sender.send(format!(r#"{{"type":"joined","peers":{count}}}"#));
    let forward = tokio::spawn(async move {
        while let Some(text) = receiver.recv().await {
            if sink.send(Message::Text(text.into())).await.is_err() {
                break;
            }
        }
    });
    while let Some(Ok(message)) = stream.next().await {
        match message {
            Message::Text(text) if text.len() <= MAX_MESSAGE => {
                send_to_others(id, me, text.as_str())
            }
            Message::Close(_) => break,
            _ => {}
        }
    }
    if let Ok(mut rooms) = ROOMS.lock()
        && let Some(peers) = rooms.get_mut(&id)
    {
        peers.retain(|(peer, _)| *peer != me);
        if peers.is_empty() {
            rooms.remove(&id);
        }
    }
    send_to_others(id, me, r#"{"type":"peer-left"}"#);
    forward.abort();
}
