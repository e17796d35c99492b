//! Several app servers on one database (issue 15): three real `tendo serve` processes on one
//! fresh PostgreSQL database behind a real HAProxy (round robin, no sticky sessions). Through
//! the balancer, a sign-in holds on every server, CSRF tokens hold across them, failed sign-ins
//! spread over the servers meet one limit per account and one per address (the client's
//! address as HAProxy writes it in `X-Forwarded-For`, whatever the client sent), a thousand
//! competing bookings leave exactly one, two people connected to different servers meet in a
//! video room (and one sees the other's server crash), two headless Chromiums opened on two
//! different servers connect a video call and play each other's video, a rolling restart under
//! writes loses no acknowledged write, and a mail is sent once however many servers send.
//!
//! It needs HAProxy (`cargo xtask test` installs it); without it, and outside CI, it says so
//! and passes. Its browser step needs Chromium and ChromeDriver (installed by `cargo xtask
//! test` too); without them, outside CI and when `TENDO_TEST_CHROMIUM` is unset, that step says
//! so and the rest runs.

#![expect(
    clippy::unwrap_used,
    reason = "a failed step should fail the test loudly"
)]

#[path = "cluster/booking.rs"]
mod booking;
#[path = "shared/browser.rs"]
mod browser;
#[path = "cluster/browsers.rs"]
mod browsers;
#[path = "cluster/limits.rs"]
mod limits;
#[path = "cluster/mail.rs"]
mod mail;
#[path = "cluster/restart.rs"]
mod restart;
#[path = "cluster/sessions.rs"]
mod sessions;
#[path = "cluster/support.rs"]
mod support;
#[path = "cluster/video.rs"]
mod video;
#[path = "shared/video_clinic.rs"]
mod video_clinic;
#[path = "shared/video_room.rs"]
mod video_room;
#[path = "cluster/world.rs"]
mod world;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_app_servers_behind_haproxy_act_as_one() {
    let Some(haproxy) = support::haproxy() else {
        eprintln!(
            "SKIPPED: HAProxy is not installed (run `cargo xtask test`, which installs it, or \
             `apt-get install haproxy`)"
        );
        return;
    };
    let url = tendo_store_sql::testing::fresh_postgres_database()
        .await
        .unwrap();
    let world = world::build(&url, 8).await;
    let smtp = mail::Smtp::start();
    let mut cluster = support::Cluster::start(&haproxy, &url, smtp.port, 3).await;

    sessions::sign_in_holds_on_every_server(&cluster).await;
    sessions::csrf_tokens_hold_across_servers(&cluster).await;
    limits::the_account_limit_holds_across_servers(&cluster).await;
    limits::the_address_limit_holds_across_servers(&cluster).await;
    let winner = booking::one_of_a_thousand_competing_bookings(&cluster, &world).await;
    mail::the_confirmation_is_sent_once(&smtp, &winner).await;
    video::two_people_on_two_servers_meet(&mut cluster, &world).await;
    browsers::two_browsers_on_two_servers_connect(&cluster, &world).await;
    restart::a_rolling_restart_loses_no_acknowledged_write(&mut cluster, &world).await;
}
