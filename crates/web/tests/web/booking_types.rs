//! The appointment-type form: clinicians ticked by name, empty optional numbers as 0, and every
//! error naming its field.

use crate::booking_support::fixture;
use crate::harness::TestServer;

#[tokio::test]
async fn the_type_form_offers_clinicians_by_name_and_names_every_field_in_errors() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let admin = server.session_for(&world.admin).await;
    let page = admin
        .get("/clinic/appointment-types")
        .await
        .text()
        .await
        .unwrap();
    // Clinicians are ticked by name; no id is typed.
    for clinician in [&world.physio, &world.therapist] {
        assert!(
            page.contains(&format!(
                "name=\"clinicians\" value=\"{}\"> {}",
                clinician.id, clinician.name
            )),
            "{} is offered by name",
            clinician.name
        );
    }
    let physio = world.physio.id.to_string();
    let therapist = world.therapist.id.to_string();
    let response = admin
        .post_form(
            "/clinic/appointment-types",
            &[
                ("kind", "video-follow-up"),
                ("name", "Review"),
                ("duration_minutes", "30"),
                ("price", "30"),
                ("buffer_before_minutes", ""),
                ("buffer_after_minutes", ""),
                ("clinicians", physio.as_str()),
                ("clinicians", therapist.as_str()),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let saved = server
        .store()
        .appointment_types(world.clinic.id)
        .await
        .unwrap()
        .into_iter()
        .find(|kind| kind.name == "Review")
        .unwrap();
    assert_eq!(
        (saved.buffer_before_minutes, saved.buffer_after_minutes),
        (0, 0)
    );
    assert_eq!(saved.clinicians.len(), 2);
    // A bad optional number is refused, and the message names its field.
    let response = admin
        .post_form(
            "/clinic/appointment-types",
            &[
                ("kind", "video-follow-up"),
                ("name", "Review two"),
                ("duration_minutes", "30"),
                ("price", "30"),
                ("buffer_before_minutes", "lots"),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Free before: enter whole minutes from 0 to")
    );
}
