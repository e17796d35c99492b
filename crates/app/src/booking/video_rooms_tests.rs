//! Two servers' rooms on one bus: they meet, replace, relay and see each other leave.

use std::sync::Arc;
use std::time::Duration;

use tendo_store::ids::{AppointmentId, UserId};
use tendo_store::signal::{InProcessBus, SignalBus};

use super::{EXPIRY, HEARTBEAT, RoomNotice, Seat, VideoRooms};

/// Two servers sharing one bus, as two app servers share one PostgreSQL database.
fn two_servers() -> (VideoRooms, VideoRooms) {
    let bus: Arc<dyn SignalBus> = Arc::new(InProcessBus::default());
    (VideoRooms::new(bus.clone()), VideoRooms::new(bus))
}

async fn heard(seat: &mut Seat, within: Duration) -> RoomNotice {
    tokio::time::timeout(within, seat.notices.recv())
        .await
        .expect("a notice arrives in time")
        .expect("the seat is open")
}

async fn heard_message(seat: &mut Seat, kind: &str, within: Duration) {
    loop {
        match heard(seat, within).await {
            RoomNotice::Message(text) if text.contains(kind) => return,
            RoomNotice::Message(_) => {}
            RoomNotice::Replaced => panic!("waiting for {kind}, the seat was replaced"),
        }
    }
}

const SOON: Duration = Duration::from_secs(2);

#[tokio::test]
async fn r_video_two_people_on_two_servers_meet_relay_and_see_the_other_leave() {
    let (first, second) = two_servers();
    let (room, patient, physio) = (AppointmentId::new(), UserId::new(), UserId::new());
    let mut patient_seat = first.join(room, patient).await.unwrap().unwrap();
    assert_eq!(patient_seat.peers, 1);
    let physio_seat = second.join(room, physio).await.unwrap().unwrap();
    heard_message(&mut patient_seat, "peer-joined", SOON).await;

    second
        .relay(room, &physio_seat.socket, r#"{"type":"offer"}"#)
        .await
        .unwrap();
    heard_message(&mut patient_seat, "offer", SOON).await;

    second.leave(room, &physio_seat.socket).await.unwrap();
    heard_message(&mut patient_seat, "peer-left", SOON).await;
}

#[tokio::test]
async fn r_video_a_newer_socket_on_another_server_replaces_the_older() {
    let (first, second) = two_servers();
    let (room, patient, physio) = (AppointmentId::new(), UserId::new(), UserId::new());
    let mut older = first.join(room, patient).await.unwrap().unwrap();
    let mut physio_seat = first.join(room, physio).await.unwrap().unwrap();
    heard_message(&mut older, "peer-joined", SOON).await;

    let newer = second.join(room, patient).await.unwrap().unwrap();
    assert_eq!(heard(&mut older, SOON).await, RoomNotice::Replaced);
    heard_message(&mut physio_seat, "peer-joined", SOON).await;
    // The replaced seat leaving is not the patient leaving.
    first.leave(room, &older.socket).await.unwrap();
    first
        .relay(room, &physio_seat.socket, r#"{"type":"answer"}"#)
        .await
        .unwrap();
    let mut newer = newer;
    heard_message(&mut newer, "answer", SOON).await;
    let told = tokio::time::timeout(Duration::from_millis(300), physio_seat.notices.recv()).await;
    assert!(
        told.is_err(),
        "the clinician is told nothing more: {told:?}"
    );
}

#[tokio::test]
async fn r_video_a_crashed_servers_seat_expires_and_the_other_person_is_told() {
    let (first, second) = two_servers();
    let (room, patient, physio) = (AppointmentId::new(), UserId::new(), UserId::new());
    let mut patient_seat = first.join(room, patient).await.unwrap().unwrap();
    let physio_seat = second.join(room, physio).await.unwrap().unwrap();
    heard_message(&mut patient_seat, "peer-joined", SOON).await;

    // The second server dies without a word: its heartbeats stop.
    drop(physio_seat);
    drop(second);
    heard_message(&mut patient_seat, "peer-left", EXPIRY + HEARTBEAT * 2).await;
}
