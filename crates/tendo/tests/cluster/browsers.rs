//! The video call itself across servers: two headless Chromiums with fake cameras, the
//! patient's on server 1 and the physiotherapist's on server 2, each opening the room at its
//! server's own address (not through the balancer, so that they are certainly on different
//! processes), connect and play each other's video. The signalling crosses between the two
//! processes only through the shared database.

use std::time::{Duration, Instant};

use crate::browser::{Browser, Chromium, Place};
use crate::support::Cluster;
use crate::video_room;
use crate::world::World;

/// Chromium and ChromeDriver, or `None` (after saying so) when they are missing and nothing
/// asks for them: under CI, or when `TENDO_TEST_CHROMIUM` is set, a missing one fails the test.
fn chromium() -> Option<Chromium> {
    match Chromium::find() {
        Ok(found) => Some(found),
        Err(why) => {
            assert!(
                std::env::var_os("CI").is_none()
                    && std::env::var_os("TENDO_TEST_CHROMIUM").is_none(),
                "the cluster's browser step must run here, but {why}"
            );
            eprintln!(
                "SKIPPED the browser step: {why} (run `cargo xtask test`, which installs \
                 Chromium)"
            );
            None
        }
    }
}

/// Waits up to ten seconds for every server's count of open video sockets to be `wanted`
/// (in the servers' order); the counts last read.
async fn sockets_open(cluster: &Cluster, wanted: &[u64]) -> Vec<u64> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut counts = Vec::new();
        for server in &cluster.servers {
            counts.push(server.video_sockets_open().await);
        }
        if counts == wanted || Instant::now() >= deadline {
            return counts;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The patient on server 1 and the physiotherapist on server 2 join the room open now; both
/// connections reach `connected` and each page plays the other's video, within bounded waits.
/// Each server's metrics then show exactly one video socket on servers 1 and 2 and none on
/// server 3, so the two pages were served, and their signalling held, by different processes.
pub async fn two_browsers_on_two_servers_connect(cluster: &Cluster, world: &World) {
    let Some(tools) = chromium() else {
        return;
    };
    let nobody = vec![0; cluster.servers.len()];
    assert_eq!(
        sockets_open(cluster, &nobody).await,
        nobody,
        "no video socket is left open by the earlier steps"
    );
    let (first, second) = (&cluster.servers[0], &cluster.servers[1]);
    let (patient_origin, physio_origin) = (first.base(), second.base());
    assert_ne!(patient_origin, physio_origin);
    let patient = Browser::open(&Place::here(), &patient_origin, &tools).await;
    let physio = Browser::open(&Place::here(), &physio_origin, &tools).await;
    video_room::sign_in(&patient, &patient_origin, &world.patient_session.session).await;
    video_room::sign_in(&physio, &physio_origin, &world.physio_session.session).await;
    video_room::join(
        (&patient, &patient_origin),
        (&physio, &physio_origin),
        &world.room_path,
    )
    .await;

    let met = video_room::connect(&patient, &physio, Duration::from_secs(20)).await;
    assert!(
        met.is_ok(),
        "the browsers on {} and {} did not connect: {met:?}",
        first.name,
        second.name
    );
    for (who, browser) in [("patient", &patient), ("physiotherapist", &physio)] {
        let stats = video_room::receiving_video(browser, Duration::from_secs(10)).await;
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

    let mut one_each = nobody.clone();
    one_each[0] = 1;
    one_each[1] = 1;
    assert_eq!(
        sockets_open(cluster, &one_each).await,
        one_each,
        "the patient's signalling socket is held by {} and the physiotherapist's by {}, \
         none by another server",
        first.name,
        second.name
    );
    let pages = "/appointments/{appointment}/video";
    let (on_first, on_second) = (
        first.requests_for(pages).await,
        second.requests_for(pages).await,
    );
    assert!(
        on_first >= 1 && on_second >= 1,
        "each server served its person's room page: {} served {on_first}, {} {on_second}",
        first.name,
        second.name
    );
    for other in &cluster.servers[2..] {
        assert_eq!(
            other.requests_for(pages).await,
            0,
            "{} served no room page: the browsers went to their own servers",
            other.name
        );
    }

    patient.close().await;
    physio.close().await;
    drop((patient, physio));
    assert_eq!(
        sockets_open(cluster, &nobody).await,
        nobody,
        "closing the browsers closes their sockets on both servers"
    );
}
