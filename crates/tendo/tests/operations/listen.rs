//! `tendo serve --listen a --listen b` answers on every address given (loopback and a private
//! address, say, never all addresses) and stops on all of them at once.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use crate::support::{fresh_client, start};

#[tokio::test(flavor = "multi_thread")]
async fn serve_answers_on_every_listen_address_and_stops_on_all() {
    let dir = tempfile::tempdir().unwrap();
    let other = Ipv4Addr::new(127, 0, 0, 2);
    let port = std::net::TcpListener::bind((other, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let second = SocketAddr::from((other, port));
    let mut server = start(
        &[
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--listen",
            &second.to_string(),
            "--shutdown-drain",
            "0s",
        ],
        &[],
    );
    let client = fresh_client();
    for base in [server.base.clone(), format!("http://{second}")] {
        let answer = client.get(format!("{base}/healthz")).send().await.unwrap();
        assert_eq!(answer.status(), 200, "{base} answers");
    }
    assert!(
        server.log_text().contains("Tendo is also listening"),
        "the log names the second address: {}",
        server.log_text()
    );
    server.terminate();
    let status = server.exit_within(Duration::from_secs(20));
    assert!(
        status.is_some_and(|status| status.success()),
        "the server stops cleanly: {status:?}"
    );
    assert!(
        client
            .get(format!("http://{second}/healthz"))
            .send()
            .await
            .is_err(),
        "the second address stopped listening too"
    );
}
