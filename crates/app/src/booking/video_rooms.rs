//! Who is in which video room, across every app server on one database.
//!
//! Each server keeps its own sockets ("seats") and a view of the seats other servers hold. All
//! changes travel over the store's [`SignalBus`] (the process itself on SQLite, `LISTEN`/`NOTIFY`
//! on PostgreSQL), so two people connected to different servers meet in the same room:
//!
//! - joining publishes `join`; every server closes that person's older seat (a newer one
//!   replaces it), tells its own seats of the other person `peer-joined`, and answers `present`
//!   so the newcomer's server knows who is there (the joining server does all this for its own
//!   seats at once, under its lock, so a seat never hears of someone who was there before it);
//! - a signalling message publishes `relay`, delivered to the room's other seats wherever they are;
//! - leaving publishes `leave`, and the other person hears `peer-left`;
//! - every server announces its seats every [`HEARTBEAT`]; a seat not heard of for [`EXPIRY`]
//!   (its server crashed or lost the database) counts as gone, and the other person hears
//!   `peer-left`. A server stopping gracefully closes its sockets, which publishes `leave`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tendo_store::ids::{AppointmentId, UserId};
use tendo_store::signal::SignalBus;
use tokio::sync::{OnceCell, mpsc};

use crate::error::{AppError, AppResult};

/// How often a server announces the seats it holds.
pub const HEARTBEAT: Duration = Duration::from_secs(2);
/// How long a seat on another server counts as present without being announced.
pub const EXPIRY: Duration = Duration::from_secs(7);
/// The most seats in one room: the patient and the clinician.
const ROOM_SEATS: usize = 2;

/// What a seat's socket is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoomNotice {
    /// A message for the browser (signalling from the other person, or the room's own
    /// `peer-joined` / `peer-left`).
    Message(String),
    /// The same person opened the room again elsewhere: this seat is closed.
    Replaced,
}

/// A place taken in a room.
#[derive(Debug)]
pub struct Seat {
    /// This seat's id, unique across servers.
    pub socket: String,
    /// How many seats the room has with this one, as far as this server knows.
    pub peers: usize,
    /// What the socket is told.
    pub notices: mpsc::UnboundedReceiver<RoomNotice>,
}

/// What servers tell each other.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum Event {
    Join {
        room: AppointmentId,
        socket: String,
        user: UserId,
    },
    Present {
        room: AppointmentId,
        socket: String,
        user: UserId,
    },
    Relay {
        room: AppointmentId,
        from: String,
        text: String,
    },
    Leave {
        room: AppointmentId,
        socket: String,
        user: UserId,
    },
    Heartbeat {
        seats: Vec<(AppointmentId, String, UserId)>,
    },
}

struct LocalSeat {
    socket: String,
    user: UserId,
    notices: mpsc::UnboundedSender<RoomNotice>,
}

struct RemoteSeat {
    socket: String,
    user: UserId,
    seen: Instant,
}

#[derive(Default)]
struct Rooms {
    local: HashMap<AppointmentId, Vec<LocalSeat>>,
    remote: HashMap<AppointmentId, Vec<RemoteSeat>>,
}

const PEER_JOINED: &str = r#"{"type":"peer-joined"}"#;
const PEER_LEFT: &str = r#"{"type":"peer-left"}"#;

impl Rooms {
    fn is_local(&self, room: AppointmentId, socket: &str) -> bool {
        self.local
            .get(&room)
            .is_some_and(|seats| seats.iter().any(|seat| seat.socket == socket))
    }

    /// Closes this person's seats other than `socket`, here and in the view of other servers.
    fn replace_older(&mut self, room: AppointmentId, user: UserId, socket: &str) {
        if let Some(seats) = self.local.get_mut(&room) {
            seats.retain(|seat| {
                let older = seat.user == user && seat.socket != socket;
                if older {
                    let _ = seat.notices.send(RoomNotice::Replaced);
                }
                !older
            });
            if seats.is_empty() {
                self.local.remove(&room);
            }
        }
        if let Some(seats) = self.remote.get_mut(&room) {
            seats.retain(|seat| seat.user != user || seat.socket == socket);
            if seats.is_empty() {
                self.remote.remove(&room);
            }
        }
    }

    fn see_remote(&mut self, room: AppointmentId, socket: &str, user: UserId) {
        if self.is_local(room, socket) {
            return;
        }
        let seats = self.remote.entry(room).or_default();
        match seats.iter_mut().find(|seat| seat.socket == socket) {
            Some(seat) => seat.seen = Instant::now(),
            None => seats.push(RemoteSeat {
                socket: socket.to_string(),
                user,
                seen: Instant::now(),
            }),
        }
    }

    /// The people in a room other than `user`.
    fn others(&self, room: AppointmentId, user: UserId) -> usize {
        let mut users: Vec<UserId> = Vec::new();
        let local = self.local.get(&room).into_iter().flatten().map(|s| s.user);
        let remote = self.remote.get(&room).into_iter().flatten().map(|s| s.user);
        for other in local.chain(remote) {
            if other != user && !users.contains(&other) {
                users.push(other);
            }
        }
        users.len()
    }

    fn tell_others(&self, room: AppointmentId, user: UserId, text: &str) {
        for seat in self.local.get(&room).into_iter().flatten() {
            if seat.user != user {
                let _ = seat.notices.send(RoomNotice::Message(text.to_string()));
            }
        }
    }

    /// Whether `user` still has a seat in the room (so their leaving one is not their leaving).
    fn still_there(&self, room: AppointmentId, user: UserId) -> bool {
        let local = self.local.get(&room).into_iter().flatten().map(|s| s.user);
        let remote = self.remote.get(&room).into_iter().flatten().map(|s| s.user);
        local.chain(remote).any(|other| other == user)
    }
}

struct Inner {
    bus: Arc<dyn SignalBus>,
    server: String,
    next_seat: AtomicU64,
    rooms: Mutex<Rooms>,
    listening: OnceCell<()>,
}

/// The video rooms of this server, joined with every other server's through the signalling
/// bus. Cheap to clone.
#[derive(Clone)]
pub struct VideoRooms {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for VideoRooms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VideoRooms")
            .field("server", &self.inner.server)
            .finish_non_exhaustive()
    }
}

fn unavailable(error: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!(
        "the video rooms cannot reach the database: {error}"
    ))
}

impl VideoRooms {
    /// The rooms on `bus`. Nothing is heard until the first seat is taken.
    pub fn new(bus: Arc<dyn SignalBus>) -> Self {
        VideoRooms {
            inner: Arc::new(Inner {
                bus,
                server: server_id(),
                next_seat: AtomicU64::new(1),
                rooms: Mutex::new(Rooms::default()),
                listening: OnceCell::new(),
            }),
        }
    }

    /// Takes `user`'s seat in `room`, replacing their older one anywhere; `None` if the room
    /// already has its two people.
    pub async fn join(&self, room: AppointmentId, user: UserId) -> AppResult<Option<Seat>> {
        self.listen().await?;
        let socket = format!(
            "{}-{}",
            self.inner.server,
            self.inner.next_seat.fetch_add(1, Ordering::Relaxed)
        );
        let (sender, notices) = mpsc::unbounded_channel();
        let peers = {
            let mut rooms = self.lock();
            rooms.replace_older(room, user, &socket);
            let others = rooms.others(room, user);
            if others >= ROOM_SEATS {
                return Ok(None);
            }
            // The people already here on this server hear of it now, in order with everything
            // else this server does (others hear of it through the bus).
            rooms.tell_others(room, user, PEER_JOINED);
            rooms.local.entry(room).or_default().push(LocalSeat {
                socket: socket.clone(),
                user,
                notices: sender,
            });
            others + 1
        };
        self.publish(&Event::Join {
            room,
            socket: socket.clone(),
            user,
        })
        .await?;
        Ok(Some(Seat {
            socket,
            peers,
            notices,
        }))
    }

    /// Passes a signalling message from a seat to the room's other seats, wherever they are.
    pub async fn relay(&self, room: AppointmentId, from: &str, text: &str) -> AppResult<()> {
        self.publish(&Event::Relay {
            room,
            from: from.to_string(),
            text: text.to_string(),
        })
        .await
    }

    /// Gives up a seat; the other person hears `peer-left` unless the seat was already replaced.
    pub async fn leave(&self, room: AppointmentId, socket: &str) -> AppResult<()> {
        let user = {
            let mut rooms = self.lock();
            let Some(seats) = rooms.local.get_mut(&room) else {
                return Ok(());
            };
            let Some(index) = seats.iter().position(|seat| seat.socket == socket) else {
                return Ok(());
            };
            let seat = seats.remove(index);
            if seats.is_empty() {
                rooms.local.remove(&room);
            }
            seat.user
        };
        self.publish(&Event::Leave {
            room,
            socket: socket.to_string(),
            user,
        })
        .await
    }

    /// How many rooms have a seat on this server.
    pub fn local_rooms(&self) -> usize {
        self.lock().local.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Rooms> {
        self.inner
            .rooms
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    async fn publish(&self, event: &Event) -> AppResult<()> {
        let text = serde_json::to_string(event).map_err(unavailable)?;
        self.inner.bus.publish(&text).await.map_err(unavailable)
    }

    /// Subscribes to the bus once, and starts the heartbeat.
    async fn listen(&self) -> AppResult<()> {
        self.inner
            .listening
            .get_or_try_init(|| async {
                let mut subscription = self.inner.bus.subscribe().await.map_err(unavailable)?;
                let weak = Arc::downgrade(&self.inner);
                tokio::spawn(async move {
                    loop {
                        let heard = tokio::select! {
                            heard = subscription.next() => heard,
                            // Checked now and then, so that the subscription (a database
                            // connection on PostgreSQL) ends with the application.
                            () = tokio::time::sleep(HEARTBEAT) => {
                                if weak.strong_count() == 0 {
                                    return;
                                }
                                continue;
                            }
                        };
                        let Some(message) = heard else { return };
                        let Some(rooms) = upgrade(&weak) else { return };
                        if let Ok(event) = serde_json::from_str::<Event>(&message) {
                            rooms.hear(event).await;
                        }
                    }
                });
                let weak = Arc::downgrade(&self.inner);
                tokio::spawn(async move {
                    let mut ticks = tokio::time::interval(HEARTBEAT);
                    loop {
                        ticks.tick().await;
                        let Some(rooms) = upgrade(&weak) else { return };
                        rooms.heartbeat().await;
                    }
                });
                Ok::<(), AppError>(())
            })
            .await?;
        Ok(())
    }

    /// Acts on what another server (or this one) said.
    async fn hear(&self, event: Event) {
        let mut answers = Vec::new();
        {
            let mut rooms = self.lock();
            match event {
                Event::Join { room, socket, user } => {
                    // This server's own joins were told to its seats when they happened.
                    if !rooms.is_local(room, &socket) {
                        rooms.replace_older(room, user, &socket);
                        rooms.see_remote(room, &socket, user);
                        rooms.tell_others(room, user, PEER_JOINED);
                        for seat in rooms.local.get(&room).into_iter().flatten() {
                            if seat.user != user {
                                answers.push(Event::Present {
                                    room,
                                    socket: seat.socket.clone(),
                                    user: seat.user,
                                });
                            }
                        }
                    }
                }
                Event::Present { room, socket, user } => rooms.see_remote(room, &socket, user),
                Event::Relay { room, from, text } => {
                    for seat in rooms.local.get(&room).into_iter().flatten() {
                        if seat.socket != from {
                            let _ = seat.notices.send(RoomNotice::Message(text.clone()));
                        }
                    }
                }
                Event::Leave { room, socket, user } => {
                    forget_remote(&mut rooms, room, &socket);
                    if !rooms.still_there(room, user) {
                        rooms.tell_others(room, user, PEER_LEFT);
                    }
                }
                Event::Heartbeat { seats } => {
                    for (room, socket, user) in seats {
                        if rooms.remote.contains_key(&room) || rooms.local.contains_key(&room) {
                            rooms.see_remote(room, &socket, user);
                        }
                    }
                }
            }
        }
        for answer in answers {
            let _ = self.publish(&answer).await;
        }
    }

    /// Announces this server's seats, and forgets other servers' seats not heard of lately.
    async fn heartbeat(&self) {
        let seats = {
            let mut rooms = self.lock();
            let mut gone = Vec::new();
            for (room, seats) in rooms.remote.iter_mut() {
                seats.retain(|seat| {
                    let fresh = seat.seen.elapsed() < EXPIRY;
                    if !fresh {
                        gone.push((*room, seat.user));
                    }
                    fresh
                });
            }
            rooms.remote.retain(|_, seats| !seats.is_empty());
            for (room, user) in gone {
                if !rooms.still_there(room, user) {
                    rooms.tell_others(room, user, PEER_LEFT);
                }
            }
            rooms
                .local
                .iter()
                .flat_map(|(room, seats)| {
                    seats
                        .iter()
                        .map(|seat| (*room, seat.socket.clone(), seat.user))
                })
                .collect::<Vec<_>>()
        };
        if !seats.is_empty() {
            let _ = self.publish(&Event::Heartbeat { seats }).await;
        }
    }
}

/// A random name for this server's seats, so that ids never clash across servers.
fn server_id() -> String {
    let random = getrandom::u64().unwrap_or_else(|_| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos())
            .unwrap_or_default();
        u64::from(std::process::id()) ^ (nanos as u64)
    });
    format!("{random:016x}")
}

fn upgrade(weak: &Weak<Inner>) -> Option<VideoRooms> {
    weak.upgrade().map(|inner| VideoRooms { inner })
}

fn forget_remote(rooms: &mut Rooms, room: AppointmentId, socket: &str) {
    if let Some(seats) = rooms.remote.get_mut(&room) {
        seats.retain(|seat| seat.socket != socket);
        if seats.is_empty() {
            rooms.remote.remove(&room);
        }
    }
}

#[cfg(test)]
#[path = "video_rooms_tests.rs"]
mod tests;
