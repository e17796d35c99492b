//! Several app servers on one database (issue 15): three real `tendo serve` processes on one
//! fresh PostgreSQL database behind a real HAProxy (round robin, no sticky sessions). Through
//! the balancer, a sign-in holds on every server, CSRF tokens hold across them, a thousand
//! competing bookings leave exactly one, two people connected to different servers meet in a
//! video room (and one sees the other's server crash), a rolling restart under writes loses no
//! acknowledged write, and a mail is sent once however many servers send.
//!
//! It needs HAProxy (`cargo xtask test` installs it); without it, and outside CI, it says so
//! and passes.

#![expect(
    clippy::unwrap_used,
    reason = "a failed step should fail the test loudly"
)]

#[path = "cluster/booking.rs"]
mod booking;
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
    let winner = booking::one_of_a_thousand_competing_bookings(&cluster, &world).await;
    mail::the_confirmation_is_sent_once(&smtp, &winner).await;
    video::two_people_on_two_servers_meet(&mut cluster, &world).await;
    restart::a_rolling_restart_loses_no_acknowledged_write(&mut cluster, &world).await;
}
