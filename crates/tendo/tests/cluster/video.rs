//! The video room across servers, at the level of its signalling sockets: the patient is
//! connected to one server and the physiotherapist to another, each directly (not through the
//! balancer), as two browsers that landed on different servers are.

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::support::{AppServer, Cluster};
use crate::world::{Tokens, World};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

async fn connect(server: &AppServer, path: &str, tokens: &Tokens) -> Socket {
    let url = format!("ws://127.0.0.1:{}{path}", server.port);
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert(
        "cookie",
        format!("tendo_session={}", tokens.session).parse().unwrap(),
    );
    tokio_tungstenite::connect_async(request).await.unwrap().0
}

/// Reads until a text message containing `wanted` arrives, within `bound`; returns it.
async fn wait_for(socket: &mut Socket, wanted: &str, bound: Duration) -> String {
    let deadline = Instant::now() + bound;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, socket.next()).await {
            Ok(Some(Ok(Message::Text(text)))) if text.contains(wanted) => {
                return text.to_string();
            }
            Ok(Some(Ok(Message::Text(_) | Message::Ping(_) | Message::Pong(_)))) => {}
            other => panic!("waiting for {wanted}, got {other:?}"),
        }
    }
}

/// The two meet and exchange an offer (larger than a PostgreSQL notification) and an answer;
/// when the physiotherapist's server crashes, the patient is told they left; the server is
/// started again.
pub async fn two_people_on_two_servers_meet(cluster: &mut Cluster, world: &World) {
    let second = Duration::from_secs(5);
    let mut patient = connect(
        &cluster.servers[0],
        &world.signal_path,
        &world.patient_session,
    )
    .await;
    wait_for(&mut patient, r#""type":"joined""#, second).await;
    let mut physio = connect(
        &cluster.servers[1],
        &world.signal_path,
        &world.physio_session,
    )
    .await;
    wait_for(&mut physio, r#""type":"joined""#, second).await;
    wait_for(&mut patient, r#""type":"peer-joined""#, second).await;

    let candidate = r"a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\n";
    let offer = format!(
        r#"{{"type":"offer","sdp":{{"type":"offer","sdp":"{}"}}}}"#,
        candidate.repeat(250)
    );
    assert!(
        offer.len() > 8000,
        "the offer is larger than a notification"
    );
    patient
        .send(Message::Text(offer.clone().into()))
        .await
        .unwrap();
    let heard = wait_for(&mut physio, r#""type":"offer""#, second).await;
    assert_eq!(heard, offer, "the offer crosses to the other server whole");
    let answer = r#"{"type":"answer","sdp":{"type":"answer","sdp":"v=0"}}"#;
    physio.send(Message::Text(answer.into())).await.unwrap();
    let heard = wait_for(&mut patient, r#""type":"answer""#, second).await;
    assert_eq!(heard, answer, "the answer crosses back");

    // The physiotherapist's server dies without a word: the patient hears that they left once
    // its seats are no longer announced.
    cluster.servers[1].crash();
    drop(physio);
    wait_for(
        &mut patient,
        r#""type":"peer-left""#,
        Duration::from_secs(20),
    )
    .await;
    drop(patient);
    cluster.restart(1);
    cluster.wait_until_balanced().await;
}
