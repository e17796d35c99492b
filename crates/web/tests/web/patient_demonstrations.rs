//! Issue 14, point 2: every exercise of a patient's plan is shown with the figure Tendo draws,
//! its text alternative, a still picture and the key points, on the plan and on Today; the
//! figure is also served alone as an SVG for other clients.

use crate::browser::{Browser, Options};
use crate::harness::TestServer;
use crate::patient_support::{intake, page, patient};

/// Each exercise card of a page: its id and its markup.
fn exercise_cards(page: &str) -> Vec<(String, String)> {
    page.split("<article class=\"card exercise\" id=\"exercise-")
        .skip(1)
        .map(|card| {
            let id = card.split('"').next().unwrap_or_default().to_string();
            let end = card.find("</article>").unwrap_or(card.len());
            (id, card[..end].to_string())
        })
        .collect()
}

/// Checks one demonstration's markup: a figure holding an SVG image with a title and a
/// non-empty description, a caption in words, a still-picture switch and the tips.
fn assert_demonstrated(id: &str, markup: &str) {
    let figure = markup
        .split("<figure class=\"demo-frame\">")
        .nth(1)
        .unwrap_or_else(|| panic!("{id}: a figure shows how: {markup}"));
    assert!(
        figure.contains("<svg") && figure.contains("role=\"img\""),
        "{id}"
    );
    assert!(figure.contains(&format!("data-exercise=\"{id}\"")), "{id}");
    let desc = figure
        .split("<desc")
        .nth(1)
        .and_then(|rest| rest.split_once('>'))
        .map(|(_, text)| text.split("</desc>").next().unwrap_or_default())
        .unwrap_or_default();
    assert!(desc.len() > 40, "{id}: a text alternative: {desc:?}");
    let caption = figure
        .split("<figcaption>")
        .nth(1)
        .and_then(|rest| rest.split("</figcaption>").next())
        .unwrap_or_default();
    assert!(
        caption.contains(" s"),
        "{id}: the caption gives the timing: {caption}"
    );
    assert!(markup.contains(">Still picture</label>"), "{id}");
    assert!(markup.contains("prefers-reduced-motion: reduce"), "{id}");
    assert!(
        markup.contains("<summary>Key points and common mistakes</summary>"),
        "{id}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_exercise_of_the_plan_has_a_demonstration_with_a_text_alternative() {
    let server = TestServer::start().await;
    let ana = patient(&server, "north").await;
    intake(&ana, "Achilles tendinopathy, midportion", &[]).await;

    let plan = page(&ana.session, "/plan").await;
    let cards = exercise_cards(&plan);
    assert!(cards.len() >= 2, "{plan}");
    for (id, card) in &cards {
        assert_demonstrated(id, card);
    }
    // The patient's side is drawn on the one-leg exercises.
    assert!(
        plan.contains(">Left leg</text>"),
        "the left leg is labelled"
    );

    let today = page(&ana.session, "/today").await;
    let figures = today.matches("<figure class=\"demo-frame\">").count();
    assert!(figures >= 1, "today shows how: {today}");
    for exercise in today.split("<fieldset class=\"exercise-log\">").skip(1) {
        let id = exercise
            .split("/plan#exercise-")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default();
        let end = exercise.find("</fieldset>").unwrap_or(exercise.len());
        assert_demonstrated(id, &exercise[..end]);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn p_ins_an_insertional_plans_demonstrations_stay_at_floor_level() {
    let server = TestServer::start().await;
    let ben = patient(&server, "north").await;
    intake(&ben, "Insertional Achilles tendinopathy", &[]).await;
    let plan = page(&ben.session, "/plan").await;
    let cards = exercise_cards(&plan);
    assert!(!cards.is_empty(), "{plan}");
    for (id, card) in &cards {
        assert_demonstrated(id, card);
        assert!(
            card.contains("data-surface=\"floor\"") || card.contains("data-surface=\"flat-plate\""),
            "{id}: drawn at floor level"
        );
        assert!(!card.contains("step-edge"), "{id}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demonstration_svg_route_answers_an_svg_image_and_names_an_unknown_exercise() {
    let server = TestServer::start().await;
    let client = server.client();
    let response = client
        .get(server.url(
            "/exercises/eccentric-heel-drop-straight-knee-step/demonstration.svg?side=right&tempo=4%20s%20down",
        ))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.status().as_u16(), 200);
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(content_type.starts_with("image/svg+xml"), "{content_type}");
    let body = response.text().await.expect("a body");
    assert!(
        body.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{body}"
    );
    assert!(
        body.contains(">Right leg</text>"),
        "the side asked for is drawn"
    );
    assert!(
        body.contains("Lowers in 4 s"),
        "the tempo asked for is used"
    );

    let unknown = client
        .get(server.url("/exercises/moonwalk/demonstration.svg"))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(unknown.status().as_u16(), 404);
    let body = unknown.text().await.expect("a body");
    assert!(
        body.contains("moonwalk"),
        "the 404 names the exercise: {body}"
    );
}

/// What the browser shows of the first demonstration: whether the moving figure and the still
/// frame are displayed, and how wide the figure is.
async fn first_demonstration(browser: &Browser) -> (String, String, f64) {
    let shown = browser
        .driver
        .execute(
            r##"
            const svg = document.querySelector("figure.demo-frame svg.demonstration");
            const moving = getComputedStyle(svg.querySelector(".demo-moving")).display;
            const still = getComputedStyle(svg.querySelector(".demo-still")).display;
            return [moving, still, svg.getBoundingClientRect().width];
            "##,
            Vec::new(),
        )
        .await
        .expect("the script runs");
    serde_json::from_value(shown.json().clone()).expect("three values")
}

#[tokio::test(flavor = "multi_thread")]
async fn demonstrations_move_fit_a_320_pixel_phone_and_show_a_still_picture_on_request() {
    let server = TestServer::start().await;
    let ana = patient(&server, "north").await;
    intake(&ana, "Achilles tendinopathy, midportion", &[]).await;
    let browser = Browser::open_with(
        &server,
        "demonstrations_move_fit_a_320_pixel_phone_and_show_a_still_picture_on_request",
        Options {
            phone: true,
            ..Options::default()
        },
    )
    .await;
    browser.sign_in("runner@north.test").await;
    browser
        .driver
        .set_window_rect(0, 0, 320, 800)
        .await
        .expect("the window narrows");
    for path in ["/plan", "/today"] {
        browser.goto(path).await;
        let overflow = browser.overflowing().await;
        assert!(overflow.is_empty(), "{path} fits 320 pixels: {overflow:?}");
        let (moving, still, width) = first_demonstration(&browser).await;
        assert_ne!(moving, "none", "{path}: the figure moves");
        assert_eq!(still, "none", "{path}: the still frame waits");
        assert!(
            width > 150.0,
            "{path}: the figure is big enough to follow: {width}"
        );
    }
    browser.goto("/plan").await;
    browser.screenshot("phone-320-plan-demonstration").await;
    browser
        .driver
        .execute(
            "document.querySelector('input.demo-toggle').click();",
            Vec::new(),
        )
        .await
        .expect("the switch is pressed");
    let (moving, still, _) = first_demonstration(&browser).await;
    assert_eq!(moving, "none", "the still picture replaces the movement");
    assert_ne!(still, "none", "the still picture is shown");
    browser.screenshot("phone-320-plan-still-picture").await;
    let refused = browser.csp_violations().await;
    assert!(refused.is_empty(), "{refused:?}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn demonstrations_show_the_still_picture_to_a_person_who_prefers_reduced_motion() {
    let server = TestServer::start().await;
    let ana = patient(&server, "north").await;
    intake(&ana, "Achilles tendinopathy, midportion", &[]).await;
    let browser = Browser::open_with(
        &server,
        "demonstrations_show_the_still_picture_to_a_person_who_prefers_reduced_motion",
        Options {
            reduced_motion: true,
            ..Options::default()
        },
    )
    .await;
    browser.sign_in("runner@north.test").await;
    for path in ["/plan", "/today"] {
        browser.goto(path).await;
        let (moving, still, _) = first_demonstration(&browser).await;
        assert_eq!(moving, "none", "{path}: nothing moves");
        assert_ne!(still, "none", "{path}: the still picture is shown");
    }
    browser.screenshot("plan-reduced-motion").await;
    browser.close().await;
}
