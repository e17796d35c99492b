//! SIGTERM: `/readyz` answers 503 during the drain while new connections are still taken; then
//! the listener stops, a request already in flight completes, the video socket gets a close
//! frame with code 1001, and the process exits 0 within the drain plus the grace period.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use crate::support::{fresh_client, start, video_room_open_now};

const DRAIN: Duration = Duration::from_millis(2000);
const GRACE: Duration = Duration::from_secs(10);

/// A sign-in form sent in two halves: the server holds the request until the rest comes.
struct SlowRequest {
    stream: TcpStream,
    rest: &'static [u8],
}

impl SlowRequest {
    fn begin(base: &str) -> SlowRequest {
        let address = base.trim_start_matches("http://");
        let body: &'static [u8] = b"email=nobody%40operations.test&password=not-the-right-one";
        let (first, rest) = body.split_at(20);
        let mut stream = TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(
            stream,
            "POST /login HTTP/1.1\r\nHost: {address}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .unwrap();
        stream.write_all(first).unwrap();
        stream.flush().unwrap();
        SlowRequest { stream, rest }
    }

    /// Sends the rest of the body and reads the status line of the answer.
    fn finish(mut self) -> String {
        self.stream.write_all(self.rest).unwrap();
        self.stream.flush().unwrap();
        let mut answer = Vec::new();
        let _ = self.stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_drains_then_finishes_requests_in_flight_and_closes_video_rooms_with_1001() {
    let dir = tempfile::tempdir().unwrap();
    let room = video_room_open_now(dir.path()).await;
    let drain = format!("{}ms", DRAIN.as_millis());
    let grace = format!("{}s", GRACE.as_secs());
    let mut server = start(
        &[
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--shutdown-drain",
            &drain,
            "--shutdown-grace",
            &grace,
        ],
        &[],
    );
    let client = fresh_client();
    let ready = client
        .get(format!("{}/readyz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        ready.status(),
        200,
        "a fresh server with a current schema is ready"
    );

    // A participant in the video room.
    let url = format!(
        "{}{}",
        server.base.replacen("http://", "ws://", 1),
        room.signal_path
    );
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert(
        "cookie",
        format!("tendo_session={}", room.session).parse().unwrap(),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    let joined = tokio::time::timeout(Duration::from_secs(5), socket.next())
        .await
        .unwrap();
    assert!(
        matches!(&joined, Some(Ok(Message::Text(text))) if text.contains("joined")),
        "the patient joins the room: {joined:?}"
    );

    // A request in flight: headers and half its body sent.
    let slow = SlowRequest::begin(&server.base);
    tokio::time::sleep(Duration::from_millis(200)).await;

    let stopped_at = Instant::now();
    server.terminate();

    // During the drain, a balancer's check (a new connection) is told to go away.
    let mut unready = None;
    while stopped_at.elapsed() < DRAIN - Duration::from_millis(500) {
        let answer = client
            .get(format!("{}/readyz", server.base))
            .send()
            .await
            .unwrap();
        if answer.status() == 503 {
            unready = Some(answer.text().await.unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let unready = unready.expect("/readyz answers 503 soon after SIGTERM, during the drain");
    assert!(
        unready.contains("\"ready\":false") && unready.contains("stopping"),
        "the 503 says why: {unready}"
    );

    // After the drain, the listener takes no new connection.
    tokio::time::sleep(DRAIN.saturating_sub(stopped_at.elapsed()) + Duration::from_millis(500))
        .await;
    let address = server.base.trim_start_matches("http://").to_string();
    assert!(
        TcpStream::connect(&address).is_err(),
        "no new connection is accepted once the drain is over"
    );

    // The request in flight still completes.
    let status_line = tokio::task::spawn_blocking(move || slow.finish())
        .await
        .unwrap();
    assert!(
        status_line.starts_with("HTTP/1.1 2") || status_line.starts_with("HTTP/1.1 4"),
        "the request in flight is answered, not cut: `{status_line}`"
    );

    // The video socket is closed with 1001, going away.
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Close(frame))) => return frame,
                Some(Ok(_)) => continue,
                other => panic!("the socket ended without a close frame: {other:?}"),
            }
        }
    })
    .await
    .expect("a close frame comes");
    let frame = closed.expect("the close frame has a code");
    assert_eq!(frame.code, CloseCode::Away, "code 1001: {frame:?}");
    assert!(!frame.reason.is_empty(), "the close frame says why");
    // Finish the closing handshake.
    while let Ok(Some(_)) = tokio::time::timeout(Duration::from_secs(2), socket.next()).await {}

    let status = server
        .exit_within(DRAIN + GRACE)
        .unwrap_or_else(|| panic!("the server exits within the bound:\n{}", server.log_text()));
    assert!(
        status.success(),
        "it exits 0: {status:?}\n{}",
        server.log_text()
    );
    assert!(
        stopped_at.elapsed() < DRAIN + GRACE,
        "it exits within the drain and the grace period"
    );
}
