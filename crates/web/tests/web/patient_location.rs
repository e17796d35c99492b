//! Where along the Achilles it hurts (`P-INS`): the intake asks, with a picture, and a patient
//! who is not sure gets a plan that stays at floor level and says why.

use crate::harness::TestServer;
use crate::patient_support::{intake_at, page, patient, post_ok};

#[tokio::test(flavor = "multi_thread")]
async fn p_ins_the_intake_asks_where_the_achilles_hurts_and_not_sure_stays_on_the_floor() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    let session = &patient.session;

    let asked = page(session, "/intake/condition").await;
    assert!(
        asked.contains("where along the tendon does it hurt"),
        "{asked}"
    );
    assert!(asked.contains("<svg"), "a picture shows the two places");
    assert!(
        asked.contains("<desc"),
        "the picture has a text alternative"
    );
    assert!(asked.contains("value=\"not-sure\""), "{asked}");

    let response = session
        .post_form(
            "/intake/condition",
            &[("condition", "Achilles tendinitis"), ("side", "left")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 422, "no location, asked again");
    let body = response.text().await.unwrap();
    assert!(body.contains("id=\"location-error\""), "{body}");
    assert!(body.contains("where along the Achilles it hurts"), "{body}");

    let next = post_ok(
        session,
        "/intake/condition",
        &[
            ("condition", "Achilles tendinitis"),
            ("side", "left"),
            ("location", "not-sure"),
        ],
    )
    .await;
    assert_eq!(next, "/intake/history");
    let history = page(session, "/intake/history").await;
    assert!(history.contains("stays at floor level"), "{history}");

    let after = intake_at(&patient, "Achilles tendinitis", "not-sure", &[]).await;
    assert_eq!(after, "/plan");
    let plan = page(session, "/plan").await;
    assert!(plan.contains("not sure yet where"), "{plan}");
    assert!(!plan.contains("edge of a step"), "{plan}");
    assert!(plan.contains("floor level"), "{plan}");
}
