//! The video room's signalling `WebSocket`, through real sockets: one socket per participant
//! (a second one of the same person replaces the first, a third person is refused), and nothing
//! is relayed once its person has signed out; and two people on two app servers sharing one
//! PostgreSQL database meet in the same room.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use jiff::SignedDuration;
use reqwest::Method;
use serde_json::{Value, json};
use tendo_app::secrets::{random_token, token_hash};
use tendo_store::accounts::{NewSession, User};
use tendo_store::audit::AuditEntry;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::booking_support::{Fixture, fixture, london};
use crate::harness::{Backend, TestServer};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A session for `user`, made in the store: its cookie token and CSRF token.
async fn session_tokens(server: &TestServer, user: &User) -> (String, String) {
    let (token, csrf) = (random_token(), random_token());
    // The server's clock, which the tests move forward to the appointment.
    let now = server.app.now();
    server
        .store()
        .create_session(
            &NewSession {
                token_hash: token_hash(&token),
                user_id: user.id,
                csrf_token: csrf.clone(),
                created_at: now,
                expires_at: now + SignedDuration::from_hours(24),
                ip: None,
                user_agent: None,
            },
            &AuditEntry::new("session.start", "test"),
        )
        .await
        .unwrap();
    (token, csrf)
}

/// A video appointment of the fixture's patient with its physiotherapist, with the server's
/// clock moved to five minutes before it starts (the room is open). Returns the signal path.
async fn open_room(server: &TestServer, world: &Fixture) -> String {
    let patient = server.session_for(&world.patient).await;
    let start = london(server, 2, 10, 0);
    let booked = patient
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &json!({
                "type": world.video.id.to_string(),
                "start": start.to_string(),
                "clinician": world.physio.id.to_string(),
            }),
        )
        .await;
    assert_eq!(booked.status(), 201);
    let booked: Value = booked.json().await.unwrap();
    server.advance(start.duration_since(server.app.now()) - SignedDuration::from_mins(5));
    format!(
        "/appointments/{}/video/signal",
        booked["id"].as_str().unwrap()
    )
}

/// Opens the signalling socket with a session cookie.
async fn connect(server: &TestServer, path: &str, session: &str) -> Result<Socket, WsError> {
    let url = format!("{}{path}", server.base.replacen("http://", "ws://", 1));
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert(
        "cookie",
        format!("tendo_session={session}").parse().unwrap(),
    );
    tokio_tungstenite::connect_async(request)
        .await
        .map(|(socket, _)| socket)
}

/// The next text or close message, within two seconds (`None` if nothing came).
async fn next_message(socket: &mut Socket) -> Option<Message> {
    loop {
        match tokio::time::timeout(Duration::from_secs(2), socket.next()).await {
            Ok(Some(Ok(message @ (Message::Text(_) | Message::Close(_))))) => {
                return Some(message);
            }
            Ok(Some(Ok(_))) => continue,
            Ok(Some(Err(_)) | None) | Err(_) => return None,
        }
    }
}

/// Reads until a message of `kind` arrives.
async fn wait_for(socket: &mut Socket, kind: &str) {
    loop {
        match next_message(socket).await {
            Some(Message::Text(text)) if text.contains(&format!("\"type\":\"{kind}\"")) => {
                return;
            }
            Some(Message::Text(_)) => continue,
            other => panic!("expected `{kind}`, got {other:?}"),
        }
    }
}

fn offer_number(number: u32) -> Message {
    Message::Text(format!(r#"{{"type":"offer","n":{number}}}"#).into())
}

#[tokio::test(flavor = "multi_thread")]
async fn r_video_one_socket_per_participant_and_no_third_party() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let signal = open_room(&server, &world).await;
    let (patient, _) = session_tokens(&server, &world.patient).await;
    let (physio, _) = session_tokens(&server, &world.physio).await;
    let (admin, _) = session_tokens(&server, &world.admin).await;

    let mut first = connect(&server, &signal, &patient).await.unwrap();
    wait_for(&mut first, "joined").await;
    let mut clinician = connect(&server, &signal, &physio).await.unwrap();
    wait_for(&mut clinician, "joined").await;
    wait_for(&mut first, "peer-joined").await;

    // The patient opens the room again: the new socket replaces the old, which is told why.
    let mut second = connect(&server, &signal, &patient).await.unwrap();
    wait_for(&mut second, "joined").await;
    match next_message(&mut first).await {
        Some(Message::Close(Some(frame))) => {
            assert_eq!(frame.code, CloseCode::from(4001));
            assert!(frame.reason.contains("another window"), "{}", frame.reason);
        }
        other => panic!("the older socket is closed with a reason, got {other:?}"),
    }
    wait_for(&mut clinician, "peer-joined").await;
    clinician.send(offer_number(1)).await.unwrap();
    match next_message(&mut second).await {
        Some(Message::Text(text)) => assert!(text.contains("\"n\":1"), "{text}"),
        other => panic!("the newer socket gets the clinician's messages, got {other:?}"),
    }

    // Anyone else is refused before the socket opens.
    let refused = connect(&server, &signal, &admin).await;
    match refused {
        Err(WsError::Http(response)) => assert_eq!(response.status(), 403),
        other => panic!(
            "a third person is refused, got {:?}",
            other.map(|_| "a socket")
        ),
    }
    let other_patient = session_tokens(&server, &world.other).await.0;
    assert!(
        connect(&server, &signal, &other_patient).await.is_err(),
        "another patient is refused"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn r_video_nothing_is_relayed_after_signing_out() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let signal = open_room(&server, &world).await;
    let (patient, patient_csrf) = session_tokens(&server, &world.patient).await;
    let (physio, _) = session_tokens(&server, &world.physio).await;
    let mut patient_socket = connect(&server, &signal, &patient).await.unwrap();
    wait_for(&mut patient_socket, "joined").await;
    let mut physio_socket = connect(&server, &signal, &physio).await.unwrap();
    wait_for(&mut physio_socket, "joined").await;
    wait_for(&mut patient_socket, "peer-joined").await;
    physio_socket.send(offer_number(1)).await.unwrap();
    match next_message(&mut patient_socket).await {
        Some(Message::Text(text)) => assert!(text.contains("\"n\":1")),
        other => panic!("relayed while signed in, got {other:?}"),
    }

    // The patient signs out in the browser.
    let signed_out = server
        .client()
        .post(server.url("/logout"))
        .header("cookie", format!("tendo_session={patient}"))
        .form(&[("_csrf", patient_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert!(
        signed_out.status().is_redirection(),
        "{}",
        signed_out.status()
    );

    // The clinician's next message is not passed on: the patient's socket is closed instead.
    physio_socket.send(offer_number(2)).await.unwrap();
    match next_message(&mut patient_socket).await {
        Some(Message::Close(Some(frame))) => {
            assert_eq!(frame.code, CloseCode::from(4002));
            assert!(frame.reason.contains("signed out"), "{}", frame.reason);
        }
        other => panic!("the signed-out socket is closed, got {other:?}"),
    }
    // And what the signed-out socket would send reaches nobody.
    let _ = patient_socket.send(offer_number(3)).await;
    while let Some(Message::Text(text)) = next_message(&mut physio_socket).await {
        assert!(
            !text.contains("\"n\":3"),
            "a message of a signed-out person was relayed"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn r_video_two_people_on_two_servers_meet_and_see_each_other_leave() {
    let first = TestServer::start_on(Backend::Postgres).await;
    let second = first.start_beside().await;
    let world = fixture(&first, "north").await;
    let signal = open_room(&first, &world).await;
    let (patient, _) = session_tokens(&first, &world.patient).await;
    let (physio, _) = session_tokens(&first, &world.physio).await;

    let mut patient_socket = connect(&first, &signal, &patient).await.unwrap();
    wait_for(&mut patient_socket, "joined").await;
    let mut physio_socket = connect(&second, &signal, &physio).await.unwrap();
    match next_message(&mut physio_socket).await {
        Some(Message::Text(text)) => assert!(text.contains("\"type\":\"joined\""), "{text}"),
        other => panic!("the clinician joins on the second server, got {other:?}"),
    }
    wait_for(&mut patient_socket, "peer-joined").await;

    // A real offer is several kilobytes, more than a PostgreSQL notification carries.
    let sdp = "a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\\r\\n".repeat(300);
    let offer = format!(r#"{{"type":"offer","sdp":"{sdp}"}}"#);
    assert!(offer.len() > 8000);
    patient_socket
        .send(Message::Text(offer.clone().into()))
        .await
        .unwrap();
    match next_message(&mut physio_socket).await {
        Some(Message::Text(text)) => assert_eq!(text.as_str(), offer),
        other => panic!("the offer crosses to the other server whole, got {other:?}"),
    }
    physio_socket.send(offer_number(7)).await.unwrap();
    match next_message(&mut patient_socket).await {
        Some(Message::Text(text)) => assert!(text.contains("\"n\":7"), "{text}"),
        other => panic!("the answer crosses back, got {other:?}"),
    }

    // The clinician closes the page: the patient, on the other server, sees them leave.
    physio_socket.close(None).await.unwrap();
    wait_for(&mut patient_socket, "peer-left").await;
}
