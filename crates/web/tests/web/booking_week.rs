//! The clinic's calendar as a grid: a week of seven day columns (or one day), each booked
//! appointment placed at its time and length with the patient (a link to their record), the
//! type and the room; clinicians see their own, administrators everyone's or one clinician's.

use jiff::ToSpan;
use jiff::civil::Date;
use reqwest::Method;
use serde_json::{Value, json};

use crate::booking_support::{Fixture, fixture, london};
use crate::harness::{Backend, Session, TestServer, between};

/// Days from today to next Monday (1 to 7), in London.
fn days_to_monday(server: &TestServer) -> i64 {
    let today = server
        .app
        .now()
        .to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap())
        .date();
    7 - i64::from(today.weekday().to_monday_zero_offset())
}

fn london_date(server: &TestServer, days: i64) -> Date {
    london(server, days, 12, 0)
        .to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap())
        .date()
}

/// The administrator books `kind` for `patient` with `clinician` at `days` from today, `hour`.
async fn book(
    admin: &Session,
    server: &TestServer,
    kind: &tendo_store::booking::AppointmentType,
    patient: &tendo_store::accounts::User,
    clinician: &tendo_store::accounts::User,
    (days, hour): (i64, i8),
) -> String {
    let response = admin
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &json!({
                "type": kind.id.to_string(),
                "start": london(server, days, hour, 0).to_string(),
                "patient": patient.id.to_string(),
                "clinician": clinician.id.to_string(),
            }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    body["id"].as_str().unwrap().to_string()
}

/// The entry (`<li class="cal-entry" …>…</li>`) of an appointment on a calendar page.
fn entry<'a>(page: &'a str, id: &str) -> Option<&'a str> {
    let link = page.find(&format!("href=\"/appointments/{id}\""))?;
    let start = page[..link].rfind("<li class=\"cal-entry\"")?;
    let end = page[link..].find("</li>")? + link;
    Some(&page[start..end])
}

fn day_sections(page: &str) -> usize {
    page.matches("<section class=\"cal-day").count()
}

async fn the_grid_holds_the_week_and_the_day_view_its_day(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let world: Fixture = fixture(&server, "north").await;
    let admin = server.session_for(&world.admin).await;
    let monday = days_to_monday(&server);
    let video = book(
        &admin,
        &server,
        &world.video,
        &world.patient,
        &world.physio,
        (monday + 2, 10),
    )
    .await;
    let massage = book(
        &admin,
        &server,
        &world.massage,
        &world.other,
        &world.therapist,
        (monday + 3, 14),
    )
    .await;
    let next_week = book(
        &admin,
        &server,
        &world.video,
        &world.patient,
        &world.physio,
        (monday + 7, 10),
    )
    .await;
    let cancelled = book(
        &admin,
        &server,
        &world.video,
        &world.patient,
        &world.physio,
        (monday + 1, 12),
    )
    .await;
    let done = admin
        .send_json(
            Method::POST,
            &format!("/api/v1/appointments/{cancelled}/cancel"),
            &json!({"reason": "Clinic closed"}),
        )
        .await;
    assert_eq!(done.status(), 200);
    let week = london_date(&server, monday);
    let wednesday = london_date(&server, monday + 2);

    let page = admin
        .get(&format!("/clinic/calendar?view=week&date={wednesday}"))
        .await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert_eq!(day_sections(&page), 7, "seven day columns");
    assert!(
        page.contains(&format!("id=\"day-{week}\"")),
        "the week starts on Monday {week}"
    );
    let shown = entry(&page, &video).expect("the video assessment is in the grid");
    assert!(shown.contains("10:00–10:45"));
    assert!(shown.contains("Initial video assessment") && shown.contains("by video"));
    assert!(shown.contains(&world.patient.name));
    assert!(shown.contains(&format!("href=\"/clinic/patients/{}\"", world.patient.id)));
    // Placed at its time and length: the grid starts at 08:00 with a row per quarter hour, so
    // 10:00 is the ninth row and 45 minutes cover three.
    let row = (10 - 8) * 4 + 1;
    assert!(
        shown.contains(&format!("grid-row: {row} / span {}", 45 / 15)),
        "{shown}"
    );
    let shown = entry(&page, &massage).expect("the massage is in the grid");
    assert!(shown.contains("14:00–15:00") && shown.contains("Sports massage"));
    assert!(shown.contains("Table 1"), "the table is named: {shown}");
    assert!(shown.contains(&world.other.name));
    assert!(
        entry(&page, &next_week).is_none(),
        "next week's is not in this week"
    );
    assert!(
        entry(&page, &cancelled).is_none(),
        "a cancelled appointment frees its time"
    );
    // Each day is in its own labelled section, in order: the video on Wednesday's.
    let wednesday_section =
        between(&page, &format!("id=\"day-{wednesday}\""), "</section>").unwrap();
    assert!(wednesday_section.contains(&video) && !wednesday_section.contains(&massage));

    // The day view holds that day only.
    let day = admin
        .get(&format!("/clinic/calendar?view=day&date={wednesday}"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(day_sections(&day), 1);
    assert!(entry(&day, &video).is_some() && entry(&day, &massage).is_none());

    // An administrator can show one clinician; a clinician sees only their own.
    let therapist_only = admin
        .get(&format!(
            "/clinic/calendar?view=week&date={week}&clinician={}",
            world.therapist.id
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(entry(&therapist_only, &massage).is_some() && entry(&therapist_only, &video).is_none());
    let physio = server.session_for(&world.physio).await;
    let own = physio
        .get(&format!("/clinic/calendar?date={week}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(entry(&own, &video).is_some() && entry(&own, &massage).is_none());
    assert!(
        entry(&own, &cancelled).is_none() && !own.contains(&cancelled),
        "the clinician's week no longer holds their cancelled appointment"
    );
    let upcoming: Value = physio
        .get("/api/v1/appointments")
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = upcoming
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|appointment| appointment["id"].as_str())
        .collect();
    assert!(ids.contains(&video.as_str()) && !ids.contains(&cancelled.as_str()));

    // Moving between weeks: previous and next are a week either side.
    let previous = week.checked_sub(7.days()).unwrap();
    let following = week.checked_add(7.days()).unwrap();
    let links = page.replace("&#38;", "&").replace("&amp;", "&");
    assert!(links.contains(&format!(
        "href=\"/clinic/calendar?view=week&date={previous}\""
    )));
    assert!(links.contains(&format!(
        "href=\"/clinic/calendar?view=week&date={following}\""
    )));
    let later = admin
        .get(&format!("/clinic/calendar?view=week&date={following}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(entry(&later, &next_week).is_some() && entry(&later, &video).is_none());

    // What cannot be shown is named.
    for query in ["view=month", "date=tomorrow", "clinician=nobody"] {
        let refused = admin.get(&format!("/clinic/calendar?{query}")).await;
        assert_eq!(refused.status(), 422, "{query}");
    }
    let patient = server.session_for(&world.patient).await;
    assert_eq!(patient.get("/clinic/calendar").await.status(), 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_week_grid_holds_the_weeks_appointments_and_the_day_view_its_day_on_sqlite() {
    the_grid_holds_the_week_and_the_day_view_its_day(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_week_grid_holds_the_weeks_appointments_and_the_day_view_its_day_on_postgres() {
    the_grid_holds_the_week_and_the_day_view_its_day(Backend::Postgres).await;
}
