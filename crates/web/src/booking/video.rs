//! The built-in video room: a page using the browser's WebRTC, and a WebSocket that relays the
//! two browsers' signalling messages (offer, answer, candidates) between them. Media flows
//! browser to browser; the server never sees it. Only the appointment's patient and clinician
//! may join, from shortly before its start until its end, with one socket each (a newer one
//! replaces the older). Every message is relayed only while the sender's and the receiver's
//! sessions are still valid: after signing out, a socket is closed at its next message.
//!
//! When the server stops, [`close_rooms_for_shutdown`] closes every socket with code 1001
//! ("going away"), so browsers know to reconnect (to another server behind the balancer), and
//! refuses new ones.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};

use askama::Template;
use axum::extract::ws::{
    CloseFrame, Message, WebSocket, WebSocketUpgrade, rejection::WebSocketUpgradeRejection,
};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use tendo_app::access::RequestMeta;
use tendo_app::accounts;
use tendo_app::booking::video;
use tendo_app::booking::video_rooms::RoomNotice;
use tendo_app::error::AppError;
use tendo_app::model::ids::{AppointmentId, UserId};
use tokio::sync::mpsc;

use super::turn::{self, TurnSecret};
use crate::auth::PageUser;
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;
use crate::time::Local;

/// How the browsers find each other.
#[derive(Clone, Debug, Default)]
pub struct VideoConfig {
    /// STUN or TURN server addresses (`stun:turn.clinic.example:3478`,
    /// `turn:turn.clinic.example:3478?transport=udp`); none by default, so only the machines'
    /// own addresses are tried.
    pub ice_servers: Vec<String>,
    /// The secret shared with the TURN relay (coturn's `static-auth-secret`): with it, each
    /// video page carries a time-limited login for the `turn:`/`turns:` servers.
    pub turn_secret: Option<TurnSecret>,
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

/// What a socket's writer is asked to do.
#[derive(Debug)]
enum Outgoing {
    /// Pass a signalling message on.
    Text(String),
    /// Close the socket with this code, saying why.
    Close(u16, &'static str),
}

/// This server's open signalling sockets, by number: the room each is in and its writer, so
/// that stopping the server can close them all.
static SOCKETS: LazyLock<Mutex<HashMap<u64, OpenSeat>>> = LazyLock::new(Default::default);
/// The room a socket is in, and its writer.
type OpenSeat = (AppointmentId, mpsc::UnboundedSender<Outgoing>);
static NEXT_SOCKET: AtomicU64 = AtomicU64::new(1);
/// Signalling sockets open now (in a room or being closed).
static OPEN_SOCKETS: AtomicUsize = AtomicUsize::new(0);
/// Set once the server stops: no socket joins a room after it.
static SHUTTING_DOWN: AtomicBool = AtomicBool::new(false);

/// The close code for a socket closed because the server stops (RFC 6455 "going away").
pub const CLOSE_GOING_AWAY: u16 = 1001;
/// Why a socket is closed when the server stops.
const GOING_AWAY: &str = "the server is restarting: reconnect to continue";

/// How many video rooms have someone connected to this server in them now.
pub fn open_rooms() -> usize {
    SOCKETS
        .lock()
        .map(|sockets| {
            let mut rooms: Vec<AppointmentId> = sockets.values().map(|(room, _)| *room).collect();
            rooms.sort();
            rooms.dedup();
            rooms.len()
        })
        .unwrap_or(0)
}

/// How many signalling sockets are open now.
pub fn open_sockets() -> usize {
    OPEN_SOCKETS.load(Ordering::Relaxed)
}

/// Closes every signalling socket with code 1001 and refuses new ones, then waits until every
/// socket has finished its closing handshake. The caller bounds the wait.
pub async fn close_rooms_for_shutdown() {
    SHUTTING_DOWN.store(true, Ordering::SeqCst);
    if let Ok(sockets) = SOCKETS.lock() {
        for (_, sender) in sockets.values() {
            let _ = sender.send(Outgoing::Close(CLOSE_GOING_AWAY, GOING_AWAY));
        }
    }
    while open_sockets() > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Counts a socket as open while it lives.
struct OpenSocket;

impl OpenSocket {
    fn open() -> Self {
        OPEN_SOCKETS.fetch_add(1, Ordering::SeqCst);
        OpenSocket
    }
}

impl Drop for OpenSocket {
    fn drop(&mut self) {
        OPEN_SOCKETS.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The close code for a socket replaced by the same person's newer one.
const CLOSE_REPLACED: u16 = 4001;
/// The close code for a socket whose session has ended.
const CLOSE_SIGNED_OUT: u16 = 4002;
/// Why a socket is closed when the same person opens the room again.
const REPLACED: &str = "the video room was opened again in another window";
/// Why a socket is closed when its person has signed out.
const SIGNED_OUT: &str = "you have signed out";
/// Why a socket is closed when the rooms cannot be reached.
const UNAVAILABLE: &str = "the video room is unavailable for a moment: reload the page";

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
        ice: serde_json::to_string(&turn::ice_servers(
            &state.web.video.ice_servers,
            state.web.video.turn_secret.as_ref(),
            &room.view.appointment.id.to_string(),
            turn::expiry(state.app.now(), room.closes_at),
        ))
        .unwrap_or_else(|_| "[]".into()),
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
        Ok(upgrade) => {
            let member = Member {
                state: state.clone(),
                user: user.caller.id(),
                session_token: user.session_token.clone(),
            };
            Ok(upgrade
                .max_message_size(MAX_MESSAGE)
                .on_upgrade(move |socket| relay(id, member, socket)))
        }
        Err(rejection) => Ok(rejection.into_response()),
    }
}

/// The person behind a socket, and the session it was opened with.
struct Member {
    state: AppState,
    user: UserId,
    session_token: String,
}

impl Member {
    /// Whether the session the socket was opened with is still this person's, now: checked
    /// before every message in either direction, so that signing out (here, everywhere, or by
    /// a password reset) stops the relay at once.
    async fn still_signed_in(&self) -> bool {
        matches!(
            accounts::session_caller(&self.state.app, &self.session_token, RequestMeta::default())
                .await,
            Ok(Some(session)) if session.caller.id() == self.user
        )
    }
}

/// Registers a socket as open on this server until dropped.
struct Registered(u64);

impl Registered {
    fn new(room: AppointmentId, sender: &mpsc::UnboundedSender<Outgoing>) -> Self {
        let number = NEXT_SOCKET.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut sockets) = SOCKETS.lock() {
            sockets.insert(number, (room, sender.clone()));
        }
        Registered(number)
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut sockets) = SOCKETS.lock() {
            sockets.remove(&self.0);
        }
    }
}

fn close_frame(code: u16, reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}

/// Joins the room (one socket per participant, wherever each is connected: the same person's
/// older socket is replaced with 4001) and relays messages both ways until either side leaves.
async fn relay(id: AppointmentId, member: Member, socket: WebSocket) {
    let _open = OpenSocket::open();
    let (mut sink, mut stream) = socket.split();
    if SHUTTING_DOWN.load(Ordering::SeqCst) {
        let _ = sink.send(close_frame(CLOSE_GOING_AWAY, GOING_AWAY)).await;
        return;
    }
    let rooms = member.state.app.video_rooms().clone();
    let seat = match rooms.join(id, member.user).await {
        Ok(Some(seat)) => seat,
        Ok(None) => {
            let _ = sink.send(Message::Text(r#"{"type":"full"}"#.into())).await;
            let _ = sink
                .send(close_frame(
                    1008,
                    "the room already has its two participants",
                ))
                .await;
            return;
        }
        Err(error) => {
            tracing::warn!(%error, "a video room could not be joined");
            let _ = sink.send(close_frame(1011, UNAVAILABLE)).await;
            return;
        }
    };
    let (sender, mut receiver) = mpsc::unbounded_channel::<Outgoing>();
    let _registered = Registered::new(id, &sender);
    let _ = sender.send(Outgoing::Text(format!(
        r#"{{"type":"joined","peers":{}}}"#,
        seat.peers
    )));
    // Joined just as the server began to stop, after the rooms were closed: close this too.
    if SHUTTING_DOWN.load(Ordering::SeqCst) {
        let _ = sender.send(Outgoing::Close(CLOSE_GOING_AWAY, GOING_AWAY));
    }
    let mut notices = seat.notices;
    let notified = sender.clone();
    let notice_pump = tokio::spawn(async move {
        while let Some(notice) = notices.recv().await {
            let outgoing = match notice {
                RoomNotice::Message(text) => Outgoing::Text(text),
                RoomNotice::Replaced => Outgoing::Close(CLOSE_REPLACED, REPLACED),
            };
            if notified.send(outgoing).is_err() {
                return;
            }
        }
    });
    let member = std::sync::Arc::new(member);
    let writer = member.clone();
    let forward = tokio::spawn(async move {
        while let Some(outgoing) = receiver.recv().await {
            let message = match outgoing {
                Outgoing::Text(_) if !writer.still_signed_in().await => {
                    close_frame(CLOSE_SIGNED_OUT, SIGNED_OUT)
                }
                Outgoing::Text(text) => Message::Text(text.into()),
                Outgoing::Close(code, reason) => close_frame(code, reason),
            };
            let closing = matches!(message, Message::Close(_));
            if sink.send(message).await.is_err() || closing {
                break;
            }
        }
    });
    while let Some(Ok(message)) = stream.next().await {
        match message {
            Message::Text(text) if text.len() <= MAX_MESSAGE => {
                if !member.still_signed_in().await {
                    let _ = sender.send(Outgoing::Close(CLOSE_SIGNED_OUT, SIGNED_OUT));
                    break;
                }
                if let Err(error) = rooms.relay(id, &seat.socket, text.as_str()).await {
                    tracing::warn!(%error, "a video signalling message was not relayed");
                }
            }
            Message::Close(_) => break,
            _ => {}
        }
    }
    // Tells the other person (wherever they are) unless this socket was already replaced.
    if let Err(error) = rooms.leave(id, &seat.socket).await {
        tracing::warn!(%error, "a video room could not be left cleanly");
    }
    notice_pump.abort();
    // Let the writer send a pending close frame, then stop it.
    drop(sender);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(1), forward).await;
}
