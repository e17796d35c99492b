//! Video through a TURN relay (issue 15): two browsers that cannot reach each other connect
//! through coturn when `tendo serve` is given `--ice-server turn:…` and `--turn-secret`, and do
//! not connect without it.
//!
//! The test makes two network namespaces, each linked to the host by its own veth pair on its
//! own /30, with no route from one to the other. The patient's Chromium and ChromeDriver run in
//! namespace A, the physiotherapist's in B; each opens the video room at the host's address of
//! its own link (`tendo serve` listens on loopback and on those two addresses). coturn listens on those two host addresses and relays on a third host address
//! (on the host's loopback link) that neither namespace can reach, so the only path between the two browsers is relay to relay
//! inside the host.
//!
//! It needs root (for `ip netns`), coturn, Chromium and ChromeDriver (`cargo xtask test` installs
//! them). Outside CI, and when `TENDO_TEST_TURNSERVER` is unset, a missing one is reported and
//! the test passes.

#![expect(
    clippy::unwrap_used,
    reason = "a failed step should fail the test loudly"
)]

#[path = "shared/browser.rs"]
mod browser;
#[path = "turn/network.rs"]
mod network;
#[path = "turn/room.rs"]
mod room;
#[path = "turn/servers.rs"]
mod servers;
#[path = "shared/video_clinic.rs"]
mod video_clinic;
#[path = "shared/video_room.rs"]
mod video_room;

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use browser::{Browser, Chromium};
use network::Network;
use servers::{Relay, Tendo, free_tcp_port, origin};

/// The secret shared by Tendo and coturn in this test.
const SECRET: &str = "turn-test-shared-secret-4b1d";

/// The tools the test runs, or why it cannot run here.
struct Tools {
    turnserver: String,
    browser: Chromium,
}

fn tools() -> Result<Tools, String> {
    let turnserver =
        std::env::var("TENDO_TEST_TURNSERVER").unwrap_or_else(|_| "/usr/bin/turnserver".into());
    if !Path::new(&turnserver).exists() {
        return Err(format!("{turnserver} is missing"));
    }
    let browser = Chromium::find()?;
    if !network::namespaces_work() {
        return Err("`ip netns add` is not possible here (it needs root and iproute2)".into());
    }
    Ok(Tools {
        turnserver,
        browser,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn r_video_two_isolated_peers_connect_only_through_the_turn_relay() {
    let tools = match tools() {
        Ok(tools) => tools,
        Err(why) => {
            assert!(
                std::env::var_os("CI").is_none()
                    && std::env::var_os("TENDO_TEST_TURNSERVER").is_none(),
                "the TURN test must run here, but {why}"
            );
            eprintln!(
                "SKIPPED: {why} (run `cargo xtask test` as root, which installs coturn and \
                 Chromium)"
            );
            return;
        }
    };
    let network = Network::create();
    let (a, b) = (&network.a, &network.b);
    assert!(
        !a.has_route_to(b.inside) && !b.has_route_to(a.inside),
        "the two namespaces have no route to each other"
    );
    assert!(
        !a.has_route_to(b.host) && !b.has_route_to(a.host),
        "nor to the host's address on the other link"
    );
    assert!(
        !a.has_route_to(network.relay.address) && !b.has_route_to(network.relay.address),
        "nor to the address the relay relays from"
    );

    let data = tempfile::tempdir().unwrap();
    let people = room::video_room_open_now(data.path()).await;
    let patient_door = SocketAddr::from((a.host, free_tcp_port(a.host)));
    let physio_door = SocketAddr::from((b.host, free_tcp_port(b.host)));
    let doors = [patient_door, physio_door];
    let (patient_origin, physio_origin) = (origin(patient_door), origin(physio_door));
    let patient = Browser::open(&a.place(), &patient_origin, &tools.browser).await;
    let physio = Browser::open(&b.place(), &physio_origin, &tools.browser).await;

    // Without a relay: the signalling goes through, the media cannot.
    let direct = Tendo::start(data.path(), &doors, &[], &[]);
    video_room::sign_in(&patient, &patient_origin, &people.patient_session).await;
    video_room::sign_in(&physio, &physio_origin, &people.physio_session).await;
    video_room::join(
        (&patient, &patient_origin),
        (&physio, &physio_origin),
        &people.room_path,
    )
    .await;
    let apart = room::stays_apart(&patient, &physio, Duration::from_secs(20)).await;
    assert!(
        apart.is_ok(),
        "without a TURN server the isolated browsers must not connect: {apart:?}"
    );
    drop(direct);

    // With coturn and the shared secret: they meet through the relay.
    let relay_dir = tempfile::tempdir().unwrap();
    let relay = Relay::start(
        &tools.turnserver,
        &[a.host, b.host],
        network.relay.address,
        SECRET,
        relay_dir.path(),
    );
    let ice = format!(
        "turn:{}:{port}?transport=udp,turn:{}:{port}?transport=udp",
        a.host,
        b.host,
        port = relay.port
    );
    let relayed = Tendo::start(
        data.path(),
        &doors,
        &["--ice-server".into(), ice],
        &[("TENDO_TURN_SECRET", SECRET)],
    );
    video_room::join(
        (&patient, &patient_origin),
        (&physio, &physio_origin),
        &people.room_path,
    )
    .await;
    let met = video_room::connect(&patient, &physio, Duration::from_secs(40)).await;
    if let Err(why) = &met {
        panic!(
            "the browsers did not connect through the relay: {why}\n--- coturn ---\n{}\n--- \
             tendo ---\n{}",
            relay.log_text(),
            relayed.log_text()
        );
    }
    for (who, browser) in [("patient", &patient), ("physiotherapist", &physio)] {
        let stats = video_room::receiving_video(browser, Duration::from_secs(15)).await;
        assert_eq!(
            stats["local"], "relay",
            "the {who}'s selected candidate pair goes through the relay: {stats}"
        );
        assert!(
            stats["frames"].as_u64() > Some(0),
            "the {who}'s browser decodes the other's video: {stats}"
        );
        let picture = video_room::watching_the_other(browser, Duration::from_secs(10)).await;
        assert_eq!(
            picture["playing"], true,
            "the {who}'s page plays the other's video: {picture}"
        );
    }
    assert!(
        !relayed.log_text().contains(SECRET),
        "the server never logs the TURN secret"
    );
    patient.close().await;
    physio.close().await;
}
