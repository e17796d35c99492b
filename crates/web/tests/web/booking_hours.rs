//! Working hours with several stretches a day (issue 13): a morning and an afternoon with a
//! break between, set through the hours form and the JSON API, shape the free times patients
//! see; overlapping or reversed stretches are refused naming the field.

use jiff::ToSpan;
use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use reqwest::Method;
use serde_json::{Value, json};

use crate::booking_support::fixture;
use crate::harness::TestServer;

/// The London local start times (`HH:MM`) of the physiotherapist's free video slots on the
/// Monday at least two days from now.
async fn monday_starts(
    server: &TestServer,
    world: &crate::booking_support::Fixture,
) -> Vec<String> {
    let zone = TimeZone::get("Europe/London").unwrap();
    let mut day = jiff::Timestamp::now().to_zoned(zone).date() + 2.days();
    while day.weekday() != Weekday::Monday {
        day = day.tomorrow().unwrap();
    }
    let slots: Vec<Value> = server
        .client()
        .get(server.url(&format!(
            "/api/v1/clinics/{}/slots?type={}&clinician={}&from={day}&days=1&tz=Europe/London",
            world.clinic.slug, world.video.id, world.physio.id
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    slots
        .iter()
        .map(|slot| {
            let local = slot["local_start"].as_str().unwrap();
            local.split('T').nth(1).unwrap()[..5].to_string()
        })
        .collect()
}

#[tokio::test]
async fn a_day_with_a_break_offers_times_in_both_stretches_and_none_in_the_break() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let physio = server.session_for(&world.physio).await;

    // The hours form: Monday 09:00–12:00 and 14:00–17:00.
    let mut fields = vec![
        ("mon_1_from", "09:00"),
        ("mon_1_until", "12:00"),
        ("mon_2_from", "14:00"),
        ("mon_2_until", "17:00"),
        ("min_notice_hours", "1"),
        ("horizon_days", "60"),
    ];
    let saved = physio.post_form("/clinic/availability", &fields).await;
    assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
    let starts = monday_starts(&server, &world).await;
    assert!(starts.contains(&"09:00".to_string()), "{starts:?}");
    assert!(starts.contains(&"14:00".to_string()), "{starts:?}");
    assert!(
        starts
            .iter()
            .all(|start| !("12:00".."14:00").contains(&start.as_str())),
        "nothing starts in the lunch break: {starts:?}"
    );
    // The page shows both stretches and an empty row for a third.
    let page = physio
        .get("/clinic/availability")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("name=\"mon_2_from\" value=\"14:00\""),
        "{page}"
    );
    assert!(page.contains("name=\"mon_3_from\" value=\"\""), "{page}");

    // Overlapping stretches are refused, naming the later one.
    fields[2] = ("mon_2_from", "11:00");
    let refused = physio.post_form("/clinic/availability", &fields).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("href=\"#mon_2_from\""), "{page}");
    assert!(page.contains("overlaps"), "{page}");

    // The JSON twin: a reversed stretch names its field; a good week is read back as sent.
    let mut days = vec![json!([]); 7];
    days[0] = json!([{"from": "10:00", "until": "09:00"}]);
    let refused = physio
        .send_json(
            Method::PUT,
            "/api/v1/availability",
            &json!({"days": days, "min_notice_hours": 1, "horizon_days": 60}),
        )
        .await;
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(
        body["error"]["fields"][0]["field"], "days[0][0].until",
        "{body}"
    );
    days[0] = json!([{"from": "08:00", "until": "10:00"}, {"from": "15:00", "until": "18:00"}]);
    let saved = physio
        .send_json(
            Method::PUT,
            "/api/v1/availability",
            &json!({"days": days, "min_notice_hours": 1, "horizon_days": 60}),
        )
        .await;
    assert_eq!(saved.status(), 204);
    let read: Value = physio
        .get("/api/v1/availability")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read["days"][0], days[0], "{read}");
    let starts = monday_starts(&server, &world).await;
    assert!(starts.contains(&"08:00".to_string()), "{starts:?}");
    assert!(starts.contains(&"15:00".to_string()), "{starts:?}");
    assert!(!starts.contains(&"12:00".to_string()), "{starts:?}");
}

/// The forms read their numbers and choices at the edge and hand the services typed values;
/// what is not a whole number (or not a choice) is still refused by the field's name, with the
/// same words as a number out of range, and the page shows back what was typed.
#[tokio::test]
async fn numbers_read_at_the_edge_are_refused_by_their_field_name() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let physio = server.session_for(&world.physio).await;
    let admin = server.session_for(&world.admin).await;

    let refused = physio
        .post_form(
            "/clinic/availability",
            &[
                ("mon_1_from", "09:00"),
                ("mon_1_until", "08:00"),
                ("min_notice_hours", "a day"),
                ("horizon_days", "400"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    // Every problem at once: the stretch, the words where a number belongs, the range.
    assert!(page.contains("href=\"#mon_1_until\""), "{page}");
    assert!(page.contains("href=\"#min_notice_hours\""), "{page}");
    assert!(page.contains("enter whole hours from 0 to 336"), "{page}");
    assert!(page.contains("href=\"#horizon_days\""), "{page}");
    assert!(page.contains("enter whole days from 1 to 365"), "{page}");
    assert!(
        page.contains("value=\"a day\""),
        "what was typed is shown back: {page}"
    );

    let refused = physio
        .post_form(
            "/clinic/availability/exceptions",
            &[("date", "2030-12-24"), ("kind", "holiday")],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("href=\"#kind\""), "{page}");
    assert!(page.contains("choose time off or extra hours"), "{page}");

    let refused = admin
        .post_form(
            "/clinic/appointment-types",
            &[
                ("kind", "acupuncture"),
                ("name", "Needles"),
                ("duration_minutes", "half an hour"),
                ("price", "40"),
                ("buffer_before_minutes", "-5"),
                ("buffer_after_minutes", ""),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("href=\"#kind\""), "{page}");
    assert!(
        page.contains("Length: enter whole minutes from 10 to 240"),
        "{page}"
    );
    assert!(
        page.contains("Free before: enter whole minutes from 0 to 120"),
        "{page}"
    );
    assert!(
        !page.contains("href=\"#buffer_after_minutes\""),
        "an empty buffer is none: {page}"
    );
}
