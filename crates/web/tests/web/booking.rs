//! Booking over HTTP: the public page, booking with the cancellation window in every message,
//! and each way it can be refused — a taken slot, buffers, too soon, too far ahead, outside the
//! hours, time off, cancelling after the window, someone else's appointment — and series.

use reqwest::Method;
use serde_json::{Value, json};
use tendo_store::booking::AppointmentStatus;
use tendo_store::ids::AppointmentId;

use crate::booking_support::{fixture, london, minutes, multipart, small_png};
use crate::harness::TestServer;

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_patient_books_from_the_public_page_and_every_message_states_the_window() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let anonymous = server.client();
    let page = anonymous
        .get(server.url("/c/north"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Person physio@north.test"),
        "the team is listed"
    );
    assert!(
        page.contains("£40.00") && page.contains("£65.00") && !page.contains("GBP"),
        "prices are shown as a British visitor writes them (the default)"
    );
    // A French visitor reads the same prices their way, written by ICU4X from CLDR data.
    let french = anonymous
        .get(server.url("/c/north"))
        .header("accept-language", "fr-FR,fr;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        french.contains("65,00\u{a0}£") || french.contains("65,00 £"),
        "{french}"
    );
    assert!(page.contains("Book a video consultation"));

    let start = london(&server, 2, 10, 0);
    let times = anonymous
        .get(server.url(&format!(
                "/c/north/book/{}?tz=America/New_York&from={}",
                world.video.id,
                start
                    .to_zoned(jiff::tz::TimeZone::get("America/New_York").unwrap())
                    .date()
            )))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        times.contains("America/New_York"),
        "times are in the visitor's zone"
    );
    assert!(
        times.contains(&start.to_string().replace(':', "%3A")),
        "10:00 London is offered"
    );
    assert!(
        times.contains(">05:00<"),
        "10:00 London is 05:00 in New York in winter"
    );
    // An American visitor reads the same time on a 12-hour clock, as CLDR says they write it.
    let times_path = format!(
        "/c/north/book/{}?tz=America/New_York&from={}",
        world.video.id,
        start
            .to_zoned(jiff::tz::TimeZone::get("America/New_York").unwrap())
            .date()
    );
    let american = anonymous
        .get(server.url(&times_path))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(american.contains(">5:00 AM<"), "{american}");
    assert!(!american.contains(">05:00<"));

    let confirm = anonymous
        .get(server.url(&format!(
            "/c/north/book/{}/confirm?start={}",
            world.video.id, start
        )))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        confirm.contains("Sign in to book") && confirm.contains("Create account and continue"),
        "no account is needed until here"
    );
    assert!(confirm.contains("until") && confirm.contains("24 hours before it starts"));

    let patient = server.session_for(&world.patient).await;
    let response = patient
        .post_form(
            &format!("/c/north/book/{}", world.video.id),
            &[("start", &start.to_string()), ("clinician", "")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let target = location(&response);
    assert!(target.starts_with("/appointments/"), "{target}");
    let shown = patient.get(&target).await.text().await.unwrap();
    assert!(shown.contains("You can cancel or move this appointment online until"));
    assert!(shown.contains("Person physio@north.test"));

    let mail = server.store().mail_to("pat@north.test", 10).await.unwrap();
    assert_eq!(
        mail.len(),
        2,
        "a confirmation now and a reminder for the day before"
    );
    let confirmation = mail
        .iter()
        .find(|m| m.subject.starts_with("Booked:"))
        .unwrap();
    assert!(confirmation.body.contains("24 hours before it starts"));
    assert!(
        confirmation
            .calendar
            .as_deref()
            .unwrap()
            .contains("BEGIN:VEVENT")
    );
    let reminder = mail
        .iter()
        .find(|m| m.subject.starts_with("Tomorrow:"))
        .unwrap();
    assert_eq!(reminder.send_after, start - minutes(24 * 60));
    assert!(reminder.body.contains("24 hours before it starts"));

    let list = patient.get("/appointments").await.text().await.unwrap();
    assert!(list.contains("Initial video assessment"));
    assert!(
        list.contains("Booked: Initial video assessment"),
        "the confirmation is readable in the app"
    );
    assert!(
        !list.contains("Tomorrow: Initial"),
        "the reminder shows from the day before only"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn refusals_name_what_is_wrong_and_book_nothing() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let patient = server.session_for(&world.patient).await;
    let other = server.session_for(&world.other).await;
    let book = |start: jiff::Timestamp| json!({"type": world.video.id.to_string(), "start": start.to_string()});
    let start = london(&server, 2, 10, 0);

    let first = patient
        .send_json(Method::POST, "/api/v1/appointments", &book(start))
        .await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert!(
        first["cancellation_policy"]
            .as_str()
            .unwrap()
            .contains("24 hours")
    );

    // The only physiotherapist is taken at 10:00, and the 15-minute buffer after rules out 10:45.
    for clash in [start, start + minutes(45)] {
        let response = other
            .send_json(Method::POST, "/api/v1/appointments", &book(clash))
            .await;
        assert_eq!(response.status(), 409, "{clash}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "conflict");
    }
    assert_eq!(
        other
            .send_json(
                Method::POST,
                "/api/v1/appointments",
                &book(start + minutes(60))
            )
            .await
            .status(),
        201
    );

    let too_soon = server.app.now() + minutes(30);
    let response = other
        .send_json(Method::POST, "/api/v1/appointments", &book(too_soon))
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["field"], "start");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("too soon"),
        "{body}"
    );
    let response = other
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &book(london(&server, 70, 10, 0)),
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("too far ahead"));
    assert_eq!(
        other
            .send_json(
                Method::POST,
                "/api/v1/appointments",
                &book(london(&server, 3, 21, 0))
            )
            .await
            .status(),
        409,
        "outside the hours"
    );

    // Time off on a date removes it.
    let physio = server.session_for(&world.physio).await;
    let off_day = london(&server, 4, 12, 0)
        .to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap())
        .date()
        .to_string();
    let response = physio
        .post_form(
            "/clinic/availability/exceptions",
            &[
                ("date", &off_day),
                ("kind", "off"),
                ("start", ""),
                ("end", ""),
                ("note", "Course"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        other
            .send_json(
                Method::POST,
                "/api/v1/appointments",
                &book(london(&server, 4, 12, 0))
            )
            .await
            .status(),
        409
    );
    let bad = physio
        .post_form(
            "/clinic/availability/exceptions",
            &[("date", "not a date"), ("kind", "off")],
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("enter a date such as"));

    // Someone else's appointment does not exist for them.
    let id = first["id"].as_str().unwrap();
    assert_eq!(
        other.get(&format!("/appointments/{id}")).await.status(),
        404
    );
    assert_eq!(
        other
            .get(&format!("/api/v1/appointments/{id}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        other
            .send_json(
                Method::POST,
                &format!("/api/v1/appointments/{id}/cancel"),
                &json!({})
            )
            .await
            .status(),
        404
    );
    assert_eq!(
        other
            .get(&format!("/appointments/{}", AppointmentId::new()))
            .await
            .status(),
        404
    );

    // Inside the window the patient must contact the clinic; the clinic can still cancel. (Moved
    // to 12 hours before the start, whatever the time of day the test runs at.)
    server.advance(start.duration_since(server.app.now()) - jiff::SignedDuration::from_hours(12));
    let response = patient
        .post_form(&format!("/appointments/{id}/cancel"), &[])
        .await;
    assert_eq!(response.status(), 409);
    assert!(response.text().await.unwrap().contains("Please contact"));
    let page = patient
        .get(&format!("/appointments/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("too close to the appointment to cancel or move it online"));
    let response = physio
        .post_form(
            &format!("/appointments/{id}/cancel"),
            &[("reason", "The clinic is closed for a burst pipe")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let stored = server
        .store()
        .appointment(world.clinic.id, id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(stored.status, AppointmentStatus::Cancelled);
    let mail = server.store().mail_to("pat@north.test", 10).await.unwrap();
    assert!(mail.iter().any(|m| m.subject.starts_with("Cancelled:")));
    assert!(
        !mail.iter().any(|m| m.subject.starts_with("Tomorrow:")),
        "the reminder went with the appointment"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_weekly_massage_series_is_checked_booked_and_cancelled_from_a_date() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let patient = server.session_for(&world.patient).await;
    let other = server.session_for(&world.other).await;
    let first = london(&server, 2, 10, 0);
    // Someone already has the massage table and therapist in week three.
    let week_three = first + jiff::SignedDuration::from_hours(24 * 14);
    let taken = other
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &json!({"type": world.massage.id.to_string(), "start": week_three.to_string()}),
        )
        .await;
    assert_eq!(taken.status(), 201);
    let request = json!({
        "type": world.massage.id.to_string(),
        "clinician": world.therapist.id.to_string(),
        "first": first.to_string(),
        "every_weeks": 1,
        "count": 4,
    });
    let preview: Value = patient
        .send_json(Method::POST, "/api/v1/appointment-series/preview", &request)
        .await
        .json()
        .await
        .unwrap();
    let sessions = preview.as_array().unwrap();
    assert_eq!(sessions.len(), 4);
    assert_eq!(sessions.iter().filter(|s| s["free"] == false).count(), 1);
    let alternatives = sessions[2]["alternatives"].as_array().unwrap();
    assert!(
        !alternatives.is_empty(),
        "a taken session comes with alternatives"
    );

    let mut wanted: Vec<String> = sessions
        .iter()
        .map(|s| s["start"].as_str().unwrap().to_string())
        .collect();
    let mut booking = request.clone();
    booking["starts"] = json!(wanted);
    let refused = patient
        .send_json(Method::POST, "/api/v1/appointment-series", &booking)
        .await;
    assert_eq!(
        refused.status(),
        409,
        "nothing is booked while a session is taken"
    );
    assert!(
        server
            .store()
            .patient_appointments(world.clinic.id, world.patient.id)
            .await
            .unwrap()
            .is_empty()
    );
    wanted[2] = alternatives[0].as_str().unwrap().to_string();
    booking["starts"] = json!(wanted);
    let booked = patient
        .send_json(Method::POST, "/api/v1/appointment-series", &booking)
        .await;
    assert_eq!(booked.status(), 201);
    let booked: Value = booked.json().await.unwrap();
    assert_eq!(booked.as_array().unwrap().len(), 4);
    let second = booked[1]["id"].as_str().unwrap();
    let cancelled: Value = patient
        .send_json(
            Method::POST,
            &format!("/api/v1/appointments/{second}/cancel"),
            &json!({"following": true}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cancelled.as_array().unwrap().len(), 3);
    let left: Vec<_> = server
        .store()
        .patient_appointments(world.clinic.id, world.patient.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.status == AppointmentStatus::Booked)
        .collect();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].start, first);
}

#[tokio::test(flavor = "multi_thread")]
async fn appointments_move_alone_or_with_the_rest_of_their_series() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let patient = server.session_for(&world.patient).await;
    let first = london(&server, 2, 10, 0);
    let starts: Vec<String> = (0..3)
        .map(|week| (first + jiff::SignedDuration::from_hours(24 * 7 * week)).to_string())
        .collect();
    let booked: Value = patient
        .send_json(
            Method::POST,
            "/api/v1/appointment-series",
            &json!({"type": world.massage.id.to_string(), "clinician": world.therapist.id.to_string(), "first": first.to_string(), "every_weeks": 1, "count": 3, "starts": starts}),
        )
        .await
        .json()
        .await
        .unwrap();
    let second = booked[1]["id"].as_str().unwrap();
    // The second and third sessions move from 10:00 to 14:00 the day after.
    let new_start = first + jiff::SignedDuration::from_hours(24 * 7 + 24 + 4);
    let moved = patient
        .send_json(
            Method::POST,
            &format!("/api/v1/appointments/{second}/reschedule"),
            &json!({"start": new_start.to_string(), "following": true}),
        )
        .await;
    assert_eq!(moved.status(), 200);
    let mut now_booked: Vec<jiff::Timestamp> = server
        .store()
        .patient_appointments(world.clinic.id, world.patient.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.status == AppointmentStatus::Booked)
        .map(|a| a.start)
        .collect();
    now_booked.sort();
    assert_eq!(
        now_booked,
        vec![
            first,
            new_start,
            new_start + jiff::SignedDuration::from_hours(24 * 7)
        ]
    );

    // One appointment moves alone, through the page; a taken time is refused and nothing moves.
    let first_id = booked[0]["id"].as_str().unwrap();
    let other = server.session_for(&world.other).await;
    let taken = first + jiff::SignedDuration::from_hours(2);
    assert_eq!(
        other
            .send_json(
                Method::POST,
                "/api/v1/appointments",
                &json!({"type": world.massage.id.to_string(), "start": taken.to_string()})
            )
            .await
            .status(),
        201
    );
    let refused = patient
        .post_form(
            &format!("/appointments/{first_id}/reschedule"),
            &[("start", &taken.to_string()), ("scope", "one")],
        )
        .await;
    assert_eq!(refused.status(), 409);
    let form = patient
        .get(&format!("/appointments/{first_id}/reschedule"))
        .await
        .text()
        .await
        .unwrap();
    assert!(form.contains("Move it"));
    // Half an hour earlier overlaps only the appointment being moved, so it is offered.
    let earlier = first - jiff::SignedDuration::from_mins(30);
    assert!(
        form.contains(&earlier.to_string()),
        "the move form offers a time that overlaps only the appointment itself"
    );
    let later = first + jiff::SignedDuration::from_hours(5);
    let response = patient
        .post_form(
            &format!("/appointments/{first_id}/reschedule"),
            &[("start", &later.to_string()), ("scope", "one")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let old = server
        .store()
        .appointment(world.clinic.id, first_id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(old.status, AppointmentStatus::Cancelled);
    assert!(
        server
            .store()
            .patient_appointments(world.clinic.id, world.patient.id)
            .await
            .unwrap()
            .iter()
            .any(|a| a.start == later && a.status == AppointmentStatus::Booked)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn administrators_manage_types_and_profiles_with_checked_photos() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let admin = server.session_for(&world.admin).await;
    let response = admin
        .post_form(
            "/clinic/appointment-types",
            &[
                ("kind", "swedish-massage"),
                ("name", "Swedish massage"),
                ("duration_minutes", "500"),
                ("price", "ten"),
                ("buffer_before_minutes", "0"),
                ("buffer_after_minutes", "10"),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Length: enter whole minutes from 10 to 240")
            && page.contains("Price: enter an amount such as 65")
    );
    assert!(
        page.contains("value=\"Swedish massage\""),
        "what was typed is kept"
    );
    let response = admin
        .post_form(
            "/clinic/appointment-types",
            &[
                ("kind", "swedish-massage"),
                ("name", "Swedish massage"),
                ("duration_minutes", "50"),
                ("price", "55.5"),
                // Optional: empty means no time kept free before.
                ("buffer_before_minutes", ""),
                ("buffer_after_minutes", "10"),
                ("profession", "massage-therapist"),
                ("resource", "table"),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let public: Value = server
        .client()
        .get(server.url("/api/v1/clinics/north"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let swedish = public["appointment_types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Swedish massage")
        .unwrap();
    assert_eq!(swedish["price_minor"], 5550);
    assert_eq!(
        swedish["buffer_before_minutes"], 0,
        "an empty optional field is 0"
    );
    assert_eq!(
        swedish["currency"], "GBP",
        "the clinic's currency (chosen when the test clinic was made) when none is given"
    );

    let therapist = world.therapist.id;
    let response = admin
        .post_form(
            &format!("/clinic/team/{therapist}"),
            &[
                ("qualifications", "Diploma in sports massage"),
                ("specialties", "Runners"),
                ("bio", "Ten years with runners."),
                ("listed", "on"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let png = small_png();
    for (bytes, status, message) in [
        (
            b"<svg onload='alert(1)'/>".to_vec(),
            422,
            "use a PNG, JPEG or WebP image",
        ),
        (
            [png.as_slice(), &vec![0u8; 1024 * 1024 + 1]].concat(),
            422,
            "larger than 1 MB",
        ),
        (png.to_vec(), 303, ""),
    ] {
        let (kind, body) = multipart("photo", &bytes);
        let response = admin
            .client
            .post(server.url(&format!(
                "/clinic/team/{therapist}/photo?_csrf={}",
                admin.csrf
            )))
            .header("content-type", kind)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status);
        if status == 422 {
            assert!(response.text().await.unwrap().contains(message));
        }
    }
    let photo = server
        .client()
        .get(server.url(&format!("/c/north/team/{therapist}/photo")))
        .send()
        .await
        .unwrap();
    assert_eq!(photo.headers()["content-type"], "image/png");
    let page = server
        .client()
        .get(server.url("/c/north"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Diploma in sports massage")
            && page.contains("Photo of Person therapist@north.test")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn signing_up_at_the_last_step_is_limited_per_address() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let start = london(&server, 2, 10, 0);
    let next = format!(
        "/c/north/book/{}/confirm?start={}",
        world.video.id,
        start.to_string().replace(':', "%3A")
    );
    let client = server.client();
    let response = client
        .post(server.url("/c/north/sign-up"))
        .form(&[
            ("name", "Sam"),
            ("email", "pat@north.test"),
            ("password", "another long passphrase"),
            ("next", &next),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.text().await.unwrap().contains("Check your email"),
        "an existing address is answered like any other"
    );
    let mut statuses = Vec::new();
    for index in 0..6 {
        let response = server
            .client()
            .post(server.url("/c/north/sign-up"))
            .form(&[
                ("name", "Sam"),
                ("email", &format!("sam{index}@runner.test")),
                ("password", "another long passphrase"),
                ("next", &next),
            ])
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses[..4], [200, 200, 200, 200], "{statuses:?}");
    assert_eq!(statuses[5], 429, "{statuses:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_booking_api_is_described_in_the_openapi_document() {
    let server = TestServer::start().await;
    let document: Value = server
        .client()
        .get(server.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    for spec in tendo_web::routes::specs() {
        let booking = [
            "appointment",
            "clinics",
            "calendar",
            "availability",
            "resources",
            "team",
        ]
        .iter()
        .any(|word| spec.path.contains(word));
        if !spec.is_api() || !booking || !spec.path.starts_with("/api/v1/") {
            continue;
        }
        let method = spec.method.as_str().to_lowercase();
        assert!(
            document["paths"][spec.path][&method].is_object(),
            "{} {} is documented",
            spec.method,
            spec.path
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_clinic_books_for_its_patients_and_sees_its_calendar() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let start = london(&server, 2, 11, 0);
    let body = json!({"type": world.video.id.to_string(), "start": start.to_string(), "patient": world.patient.id.to_string()});
    let physio = server.session_for(&world.physio).await;
    let refused = physio
        .send_json(Method::POST, "/api/v1/appointments", &body)
        .await;
    assert_eq!(
        refused.status(),
        403,
        "a clinician books only for patients in their care"
    );
    let admin = server.session_for(&world.admin).await;
    let booked = admin
        .send_json(Method::POST, "/api/v1/appointments", &body)
        .await;
    assert_eq!(booked.status(), 201);
    let booked: Value = booked.json().await.unwrap();
    assert_eq!(booked["patient_id"], world.patient.id.to_string());
    let week = start
        .to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap())
        .date();
    let calendar = physio
        .get(&format!("/clinic/calendar?week={week}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        calendar.contains("Initial video assessment") && calendar.contains("Person pat@north.test"),
        "the clinician sees it in their calendar"
    );
    let patient_view: Value = admin
        .get(&format!(
            "/api/v1/patients/{}/appointments",
            world.patient.id
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(patient_view.as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_series_page_checks_every_session_and_books_the_chosen_times() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let patient = server.session_for(&world.patient).await;
    let other = server.session_for(&world.other).await;
    let first = london(&server, 2, 10, 0);
    let taken = first + jiff::SignedDuration::from_hours(24 * 7);
    assert_eq!(
        other
            .send_json(
                Method::POST,
                "/api/v1/appointments",
                &json!({"type": world.massage.id.to_string(), "start": taken.to_string()})
            )
            .await
            .status(),
        201
    );
    let query = format!(
        "/c/north/series/{}?first={}&clinician={}&every_weeks=1&count=3",
        world.massage.id,
        first.to_string().replace(':', "%3A"),
        world.therapist.id
    );
    let page = patient.get(&query).await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("taken"), "the second week is shown as taken");
    assert!(page.contains("leave this session out"));
    assert!(
        page.contains("rule H4"),
        "the reason for a regular series is shown with its rule"
    );
    let (second_alternative, third) = {
        let marker = "name=\"session_1\" value=\"";
        let start = page.find(marker).unwrap() + marker.len();
        let alternative = page[start..start + 20].to_string();
        (
            alternative,
            (first + jiff::SignedDuration::from_hours(24 * 14)).to_string(),
        )
    };
    let response = patient
        .post_form(
            &format!("/c/north/series/{}", world.massage.id),
            &[
                ("first", &first.to_string()),
                ("clinician", &world.therapist.id.to_string()),
                ("every_weeks", "1"),
                ("count", "3"),
                ("session_0", &first.to_string()),
                ("session_1", &second_alternative),
                ("session_2", &third),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let booked = server
        .store()
        .patient_appointments(world.clinic.id, world.patient.id)
        .await
        .unwrap();
    assert_eq!(booked.len(), 3);
    assert!(
        booked
            .iter()
            .all(|a| a.series_id == booked[0].series_id && a.series_id.is_some())
    );
    assert!(
        booked
            .iter()
            .any(|a| a.start.to_string() == second_alternative)
    );
}
