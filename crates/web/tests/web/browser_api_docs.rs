//! The API reference in a real browser: Swagger UI, served by Tendo, renders the operations
//! under Tendo's own content security policy.

use std::time::Duration;

use crate::browser::Browser;
use crate::harness::TestServer;

#[tokio::test(flavor = "multi_thread")]
async fn the_api_reference_renders_its_operations_under_the_csp() {
    let server = TestServer::start().await;
    let browser = Browser::open(
        &server,
        "the_api_reference_renders_its_operations_under_the_csp",
    )
    .await;
    browser.goto("/api/docs").await;
    let text = browser
        .wait_for_text("/api/v1/me", Duration::from_secs(30))
        .await;
    assert!(text.contains("Tendo API"), "the document's title is shown");
    assert!(
        text.contains("/api/v1/tokens"),
        "the other operations are listed too"
    );
    browser.screenshot("reference").await;
    let violations = browser.csp_violations().await;
    assert!(
        violations.is_empty(),
        "the browser refused something under the content security policy: {violations:?}"
    );
    browser.close().await;
}
