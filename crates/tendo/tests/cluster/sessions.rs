//! Sessions and CSRF tokens across servers.

use crate::support::{Cluster, browser_client};
use crate::world::PASSWORD;

/// Signs in through the balancer, then uses the session for many requests: every one is
/// answered as the patient, and each server's metrics show it answered some of them.
pub async fn sign_in_holds_on_every_server(cluster: &Cluster) {
    let mut before = Vec::new();
    for server in &cluster.servers {
        before.push(server.requests_for("/account").await);
    }
    let client = browser_client();
    let signed_in = client
        .post(format!("{}/login", cluster.base))
        .form(&[("email", "patient@cluster.test"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303, "signing in through the balancer");
    let requests = 30;
    for _ in 0..requests {
        let page = client
            .get(format!("{}/account", cluster.base))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "the session holds on every server");
        let text = page.text().await.unwrap();
        assert!(
            text.contains("patient@cluster.test"),
            "the page is the patient's"
        );
    }
    let mut answered = 0;
    for (server, before) in cluster.servers.iter().zip(before) {
        let served = server.requests_for("/account").await - before;
        assert!(
            served > 0,
            "{} answered none of the {requests} requests: the balancer did not spread them",
            server.name
        );
        answered += served;
    }
    assert_eq!(answered, requests, "every request was answered once");
}

/// The CSRF token of a page one server served works on another; a wrong token is refused by
/// every server; and signing out on one server ends the session on all.
pub async fn csrf_tokens_hold_across_servers(cluster: &Cluster) {
    let client = browser_client();
    let signed_in = client
        .post(format!("{}/login", cluster.base))
        .form(&[("email", "patient@cluster.test"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);
    let [first, second, third] = &cluster.servers[..] else {
        panic!("three servers")
    };
    let page = client
        .get(format!("{}/account", first.base()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_in(&page).expect("the page has a CSRF token");
    for server in [second, third] {
        let refused = client
            .post(format!("{}/logout", server.base()))
            .form(&[("_csrf", "not-the-token")])
            .send()
            .await
            .unwrap();
        assert_eq!(
            refused.status(),
            403,
            "{} refuses a wrong CSRF token",
            server.name
        );
    }
    let still = client
        .get(format!("{}/account", cluster.base))
        .send()
        .await
        .unwrap();
    assert_eq!(still.status(), 200, "a refused form changed nothing");
    let signed_out = client
        .post(format!("{}/logout", second.base()))
        .form(&[("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        signed_out.status(),
        303,
        "{} accepts the token of a page {} served",
        second.name,
        first.name
    );
    for server in &cluster.servers {
        let after = client
            .get(format!("{}/account", server.base()))
            .send()
            .await
            .unwrap();
        assert!(
            after.status().is_redirection(),
            "{} no longer knows the session: {}",
            server.name,
            after.status()
        );
    }
}

/// The CSRF token in a page's hidden `_csrf` field.
fn csrf_in(page: &str) -> Option<String> {
    let marker = "name=\"_csrf\" value=\"";
    let start = page.find(marker)? + marker.len();
    let end = page[start..].find('"')? + start;
    Some(page[start..end].to_string())
}
