//! The video page's TURN logins (issue 15): with a secret shared with coturn, each page carries,
//! for `turn:`/`turns:` servers only, a username `<unix expiry>:<label>` and the credential
//! coturn recomputes from it (checked here with Python's own `hmac`), valid until an hour after
//! the appointment; the secret itself never reaches the page.

use reqwest::Method;
use serde_json::{Value, json};

use crate::booking_support::{fixture, london};
use crate::harness::{Backend, TestServer, between, run_python};

const SECRET: &str = "north-relay-shared-secret-7f3a";

fn relayed_video() -> tendo_web::state::WebConfig {
    tendo_web::state::WebConfig {
        video: tendo_web::booking::VideoConfig {
            ice_servers: vec![
                "stun:relay.north.example:3478".into(),
                "turn:relay.north.example:3478?transport=udp".into(),
                "turns:relay.north.example:5349".into(),
            ],
            turn_secret: Some(tendo_web::booking::turn::TurnSecret::new(SECRET)),
            loopback_only: false,
        },
        ..Default::default()
    }
}

/// The credential coturn computes for `username`, by Python's standard library.
fn python_credential(username: &str) -> String {
    let script = format!(
        "import base64, hashlib, hmac, sys\n\
         name = sys.stdin.read().encode()\n\
         print(base64.b64encode(hmac.new({SECRET:?}.encode(), name, hashlib.sha1).digest()).decode())"
    );
    let output = run_python(&script, username.as_bytes());
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

#[tokio::test]
async fn r_video_turn_login_is_coturns_time_limited_credential_and_hides_the_secret() {
    let server = TestServer::start_with(Backend::Sqlite, relayed_video()).await;
    let world = fixture(&server, "north").await;
    let patient = server.session_for(&world.patient).await;
    let start = london(&server, 2, 10, 0);
    let booked: Value = patient
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &json!({"type": world.video.id.to_string(), "start": start.to_string()}),
        )
        .await
        .json()
        .await
        .unwrap();
    let room = format!("/appointments/{}/video", booked["id"].as_str().unwrap());
    server.advance(start.duration_since(server.app.now()) - jiff::SignedDuration::from_mins(5));
    let page = patient.get(&room).await.text().await.unwrap();
    assert!(
        !page.contains(SECRET),
        "the shared secret never reaches the page"
    );
    let attribute = between(&page, "data-ice=\"", "\"").expect("the page lists its ICE servers");
    let unescaped = attribute
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#x22;", "\"")
        .replace("&#38;", "&")
        .replace("&#x26;", "&")
        .replace("&amp;", "&");
    let servers: Vec<Value> = serde_json::from_str(&unescaped).unwrap();
    assert_eq!(servers.len(), 3, "{servers:?}");
    assert_eq!(servers[0]["urls"], "stun:relay.north.example:3478");
    assert!(
        servers[0].get("username").is_none() && servers[0].get("credential").is_none(),
        "a STUN server gets no login: {}",
        servers[0]
    );
    let end = start + jiff::SignedDuration::from_mins(world.video.duration_minutes.into());
    for turn in &servers[1..] {
        let username = turn["username"]
            .as_str()
            .expect("a TURN server gets a username");
        let (expiry, label) = username.split_once(':').unwrap();
        let expiry: i64 = expiry.parse().unwrap();
        assert_eq!(
            expiry,
            end.as_second() + 3600,
            "the login works until an hour after the appointment ends"
        );
        assert!(
            !label.is_empty() && !room.contains(label),
            "the label is opaque: {label}"
        );
        assert_eq!(
            turn["credential"].as_str().unwrap(),
            python_credential(username),
            "coturn accepts the credential: base64(HMAC-SHA1(secret, username))"
        );
    }
}
