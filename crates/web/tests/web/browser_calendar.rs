//! The clinic's calendar on a phone, with the keyboard only: the week shows as one day after
//! another without sideways scrolling, every appointment is a link whose text says when, who,
//! what and where, and Tab and Enter move to the next week and back.

use reqwest::Method;
use serde_json::json;
use thirtyfour::prelude::*;

use crate::booking_support::{fixture, london};
use crate::browser::{Browser, Options};
use crate::harness::TestServer;

/// Whether the page is no wider than the window (nothing to scroll sideways).
async fn fits_the_window(browser: &Browser) -> bool {
    let result = browser
        .driver
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            Vec::new(),
        )
        .await
        .unwrap();
    result.json().as_bool().unwrap_or(false)
}

async fn heading_of_the_week(browser: &Browser) -> String {
    let text = browser.text().await;
    text.lines()
        .find(|line| line.starts_with("Week of "))
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_calendar_works_on_a_phone_with_the_keyboard_alone() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let admin = server.session_for(&world.admin).await;
    let start = london(&server, 2, 10, 0);
    let booked = admin
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &json!({
                "type": world.massage.id.to_string(),
                "start": start.to_string(),
                "patient": world.patient.id.to_string(),
                "clinician": world.therapist.id.to_string(),
            }),
        )
        .await;
    assert_eq!(booked.status(), 201);
    let date = start
        .to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap())
        .date();

    let browser = Browser::open_with(
        &server,
        "the_calendar_works_on_a_phone_with_the_keyboard_alone",
        Options {
            phone: true,
            ..Options::default()
        },
    )
    .await;
    browser.sign_in(&world.therapist.email).await;
    browser
        .goto(&format!("/clinic/calendar?view=week&date={date}"))
        .await;
    browser.screenshot("week").await;
    assert!(fits_the_window(&browser).await, "the week fits a phone");
    let overflow = browser.overflowing().await;
    assert!(overflow.is_empty(), "nothing sticks out: {overflow:?}");
    let this_week = heading_of_the_week(&browser).await;
    assert!(!this_week.is_empty());

    // The appointment is one link saying when, who, what and where.
    let link = browser
        .driver
        .find(By::Css("a.cal-open"))
        .await
        .expect("the appointment is a link");
    let said = link.text().await.unwrap();
    assert!(said.contains("10:00–11:00"), "{said}");
    assert!(
        said.contains("Sports massage") && said.contains("Table 1"),
        "{said}"
    );
    let spoken = browser
        .driver
        .execute(
            "return document.querySelector('a.cal-open').textContent;",
            Vec::new(),
        )
        .await
        .unwrap();
    assert!(
        spoken
            .json()
            .as_str()
            .unwrap_or_default()
            .contains(&world.patient.name),
        "a screen reader hears the patient's name in the link"
    );

    // Days follow one another: each day's heading is below the previous one's.
    let tops = browser
        .driver
        .execute(
            "return [...document.querySelectorAll('.cal-day h2')].map(h => h.getBoundingClientRect().top);",
            Vec::new(),
        )
        .await
        .unwrap();
    let tops: Vec<f64> = serde_json::from_value(tops.json().clone()).unwrap();
    assert_eq!(tops.len(), 7);
    assert!(tops.windows(2).all(|pair| pair[0] < pair[1]), "{tops:?}");

    // The keyboard reaches the appointment with a visible focus, then moves a week on and back.
    let focused = browser.tab_to("Next week →").await;
    let outline = focused.css_value("outline-style").await.unwrap();
    assert_ne!(outline, "none", "the focus is visible");
    browser.enter(focused).await;
    let next_week = heading_of_the_week(&browser).await;
    assert_ne!(next_week, this_week, "the next week is shown");
    assert!(browser.path().await.ends_with("/clinic/calendar"));
    assert!(fits_the_window(&browser).await, "the next week fits too");
    browser.screenshot("next-week").await;
    let focused = browser.tab_to("← Previous week").await;
    browser.enter(focused).await;
    assert_eq!(
        heading_of_the_week(&browser).await,
        this_week,
        "back where it started"
    );
    let appointment = browser.tab_to("Sports massage").await;
    assert_eq!(
        appointment.class_name().await.unwrap().as_deref(),
        Some("cal-open"),
        "Tab reaches the appointment's link"
    );
    assert_ne!(
        appointment.css_value("outline-style").await.unwrap(),
        "none"
    );
    assert!(fits_the_window(&browser).await);
    assert!(browser.csp_violations().await.is_empty());
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_desktop_the_week_is_seven_columns_with_appointments_at_their_time() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let admin = server.session_for(&world.admin).await;
    let start = london(&server, 2, 10, 0);
    for (kind, clinician, patient, hour) in [
        (&world.massage, &world.therapist, &world.patient, 10),
        (&world.video, &world.physio, &world.other, 10),
        (&world.video, &world.physio, &world.patient, 14),
    ] {
        let booked = admin
            .send_json(
                Method::POST,
                "/api/v1/appointments",
                &json!({
                    "type": kind.id.to_string(),
                    "start": london(&server, 2, hour, 0).to_string(),
                    "patient": patient.id.to_string(),
                    "clinician": clinician.id.to_string(),
                }),
            )
            .await;
        assert_eq!(booked.status(), 201);
    }
    let date = start
        .to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap())
        .date();
    let browser = Browser::open(
        &server,
        "on_a_desktop_the_week_is_seven_columns_with_appointments_at_their_time",
    )
    .await;
    browser.sign_in(&world.admin.email).await;
    browser
        .goto(&format!("/clinic/calendar?view=week&date={date}"))
        .await;
    browser.screenshot("week").await;
    assert!(fits_the_window(&browser).await);
    let boxes = browser
        .driver
        .execute(
            "const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
             return {
               days: [...document.querySelectorAll('.cal-day h2')].map(box),
               entries: [...document.querySelectorAll('.cal-entry')].map(box),
               row: parseFloat(getComputedStyle(document.querySelector('.cal-day .cal-rows')).gridTemplateRows),
             };",
            Vec::new(),
        )
        .await
        .unwrap();
    let boxes = boxes.json();
    let days: Vec<[f64; 4]> = serde_json::from_value(boxes["days"].clone()).unwrap();
    let entries: Vec<[f64; 4]> = serde_json::from_value(boxes["entries"].clone()).unwrap();
    assert_eq!(days.len(), 7);
    assert!(
        days.windows(2)
            .all(|pair| pair[0][1] == pair[1][1] && pair[0][2] <= pair[1][0]),
        "seven columns side by side: {days:?}"
    );
    assert_eq!(entries.len(), 3);
    let (massage, video, later) = (entries[0], entries[1], entries[2]);
    assert_eq!(
        massage[1], video[1],
        "two at 10:00 start at the same height"
    );
    assert!(
        massage[2] <= video[0] || video[2] <= massage[0],
        "two at once sit side by side: {massage:?} {video:?}"
    );
    // A row is a quarter of an hour: 45 minutes cover three, an hour four, and 14:00 is sixteen
    // rows below 10:00 (each entry keeps a pixel of margin on either side).
    let row = boxes["row"].as_f64().unwrap();
    let near = |measured: f64, rows: f64| (measured - rows * row).abs() <= 3.0;
    assert!(near(video[3] - video[1], 3.0), "{video:?}, rows of {row}px");
    assert!(
        near(massage[3] - massage[1], 4.0),
        "{massage:?}, rows of {row}px"
    );
    assert!(near(later[1] - video[1], 16.0), "{video:?} {later:?}");
    browser.close().await;
}
