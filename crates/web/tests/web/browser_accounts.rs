//! The account pages in a real browser: keyboard, phone width, sign in and out.

use tendo_store::accounts::Role;
use thirtyfour::prelude::*;

use crate::browser::{Browser, Options};
use crate::harness::TestServer;

#[tokio::test(flavor = "multi_thread")]
async fn signing_in_works_with_a_keyboard_on_a_phone() {
    let server = TestServer::start().await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "admin@north.test", Role::Admin).await;
    let browser = Browser::open_with(
        &server,
        "signing_in_works_with_a_keyboard_on_a_phone",
        Options {
            phone: true,
            ..Options::default()
        },
    )
    .await;
    browser.goto("/login").await;
    browser.screenshot("login").await;
    let overflow = browser.overflowing().await;
    assert!(
        overflow.is_empty(),
        "the sign-in page fits 360 pixels: {overflow:?}"
    );
    let body = browser.driver.find(By::Tag("body")).await.unwrap();
    body.send_keys(Key::Tab).await.unwrap();
    let focused = browser.driver.active_element().await.unwrap();
    assert_eq!(
        focused.text().await.unwrap(),
        "Skip to content",
        "the first Tab reaches the skip link"
    );
    let label = browser
        .driver
        .find(By::Css("label[for='email']"))
        .await
        .unwrap();
    assert_eq!(label.text().await.unwrap(), "Email address");

    browser.fill("email", "admin@north.test").await;
    browser.fill("password", "a wrong password!").await;
    browser.press("Sign in").await;
    assert!(
        browser
            .text()
            .await
            .contains("email address or password is not right")
    );

    browser.sign_in("admin@north.test").await;
    assert_eq!(browser.path().await, "/clinic/people");
    browser.screenshot("people").await;
    let overflow = browser.overflowing().await;
    assert!(
        overflow.is_empty(),
        "the people page fits 360 pixels: {overflow:?}"
    );
    browser.press("Sign out").await;
    assert_eq!(browser.path().await, "/login");
    assert!(browser.text().await.contains("You are signed out."));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_patient_finds_the_download_and_delete_controls() {
    let server = TestServer::start().await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "pat@north.test", Role::Patient).await;
    let browser = Browser::open(&server, "a_patient_finds_the_download_and_delete_controls").await;
    browser.sign_in("pat@north.test").await;
    browser.goto("/account").await;
    let delete_field = browser
        .driver
        .find(By::Id("delete-password"))
        .await
        .unwrap();
    assert!(
        !delete_field.is_displayed().await.unwrap(),
        "deletion is folded away"
    );
    browser.tap("Delete your records").await;
    assert!(
        delete_field.is_displayed().await.unwrap(),
        "one click unfolds it"
    );
    assert!(
        browser
            .text()
            .await
            .contains("Download everything Tendo holds about you")
    );
    browser.screenshot("account").await;
    browser.close().await;
}
