//! Calendar files and feeds, read back by an independent iCalendar parser (the `ical` crate).

use std::io::BufReader;

use reqwest::Method;
use serde_json::{Value, json};

use crate::booking_support::{fixture, london};
use crate::harness::TestServer;

fn events(text: &str) -> Vec<ical::parser::ical::component::IcalEvent> {
    let mut parser = ical::IcalParser::new(BufReader::new(text.as_bytes()));
    let calendar = parser.next().expect("one calendar").expect("it parses");
    assert!(parser.next().is_none());
    calendar.events
}

fn property(event: &ical::parser::ical::component::IcalEvent, name: &str) -> String {
    event
        .properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.clone())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn appointment_files_and_the_private_feed_parse_with_times_in_utc() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let patient = server.session_for(&world.patient).await;
    let start = london(&server, 2, 10, 0);
    let booked: Value = patient
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &json!({"type": world.video.id.to_string(), "start": start.to_string()}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = booked["id"].as_str().unwrap();

    let response = patient
        .get(&format!("/appointments/{id}/appointment.ics"))
        .await;
    assert_eq!(
        response.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let found = events(&response.text().await.unwrap());
    assert_eq!(found.len(), 1);
    assert_eq!(
        property(&found[0], "DTSTART"),
        start.strftime("%Y%m%dT%H%M%SZ").to_string()
    );
    assert_eq!(
        property(&found[0], "DTEND"),
        (start + jiff::SignedDuration::from_mins(45))
            .strftime("%Y%m%dT%H%M%SZ")
            .to_string()
    );
    assert_eq!(property(&found[0], "UID"), format!("{id}@tendo"));
    assert!(property(&found[0], "SUMMARY").contains("Initial video assessment"));
    assert!(property(&found[0], "LOCATION").ends_with(&format!("/appointments/{id}/video")));

    let feed: Value = patient
        .send_json(Method::POST, "/api/v1/calendar-feed", &json!({}))
        .await
        .json()
        .await
        .unwrap();
    let url = feed["url"].as_str().unwrap().to_string();
    assert!(url.contains("/calendar/") && url.ends_with("/appointments.ics"));
    let anonymous = server.client();
    let text = anonymous
        .get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let found = events(&text);
    assert_eq!(found.len(), 1);
    assert_eq!(property(&found[0], "STATUS"), "CONFIRMED");

    // A cancelled appointment stays in the feed, marked so calendars remove it, with the
    // reason given.
    patient
        .send_json(
            Method::POST,
            &format!("/api/v1/appointments/{id}/cancel"),
            &json!({"reason": "Away for work that week"}),
        )
        .await;
    let found = events(
        &anonymous
            .get(&url)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(property(&found[0], "STATUS"), "CANCELLED");
    assert!(property(&found[0], "DESCRIPTION").contains("Away for work that week"));

    // The token is stored hashed, and revoking it ends the feed at once.
    let token = url
        .split("/calendar/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    assert!(
        server.store().feed_owner(token.as_bytes()).await.is_err(),
        "the token itself is not stored"
    );
    assert_eq!(
        patient
            .send_json(Method::DELETE, "/api/v1/calendar-feed", &json!({}))
            .await
            .status(),
        204
    );
    assert_eq!(anonymous.get(&url).send().await.unwrap().status(), 404);
}
