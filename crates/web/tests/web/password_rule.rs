//! One password rule: every page that sets a password states the rule the server applies.

use tendo_app::password::MIN_LENGTH;

use crate::booking_support::{fixture, london};
use crate::harness::TestServer;

#[tokio::test]
async fn every_password_hint_states_the_rule_the_server_applies() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let rule = format!("At least {MIN_LENGTH} characters");
    let client = server.client();
    let confirm = format!(
        "/c/north/book/{}/confirm?start={}&clinician=&tz=Europe/London",
        world.video.id,
        london(&server, 3, 10, 0).to_string().replace(':', "%3A")
    );
    let reset = "/reset-password/not-a-real-token";
    let invitation = "/invitations/not-a-real-token";
    for path in [confirm.as_str(), reset, invitation] {
        let page = client
            .get(server.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if page.contains("new-password") {
            assert!(page.contains(&rule), "{path} states the rule: {page}");
        }
    }
    // The sign-up step refuses one character fewer with the same number, naming the field.
    let confirm_page = client
        .get(server.url(&confirm))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        confirm_page.contains(&rule),
        "the sign-up step shows the rule"
    );
    let short = &"a few words here and more"[..MIN_LENGTH - 1];
    let csrf = crate::harness::csrf_in(&confirm_page).unwrap_or_default();
    let response = client
        .post(server.url("/c/north/sign-up"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("name", "Robin Runner"),
            ("email", "robin@runner.test"),
            ("password", short),
            ("start", &london(&server, 3, 10, 0).to_string()),
            ("type", &world.video.id.to_string()),
            ("clinician", ""),
            ("tz", "Europe/London"),
        ])
        .send()
        .await
        .unwrap();
    let text = response.text().await.unwrap();
    assert!(
        text.contains(&format!("use at least {MIN_LENGTH} characters")),
        "{text}"
    );
}
