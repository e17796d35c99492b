//! "What do you have to train with?" (`P-EQUIP`): the intake asks, refuses what it does not
//! know naming the field and the allowed values, and a patient with only a backpack gets a plan
//! whose machine exercises are swapped for backpack ones, each saying so in plain words on the
//! Plan page and in the API.

use reqwest::Method;
use serde_json::{Value, json};

use crate::harness::TestServer;
use crate::patient_support::{BASELINE, intake_before_baseline, page, patient, post_ok};

/// The baseline answers with the equipment question answered.
fn baseline_with(equipment: &[&'static str]) -> Vec<(&'static str, &'static str)> {
    let mut fields = BASELINE.to_vec();
    fields.push(("equipment_asked", "yes"));
    fields.extend(equipment.iter().map(|item| ("equipment", *item)));
    fields
}

#[tokio::test(flavor = "multi_thread")]
async fn p_equip_a_backpack_only_intake_swaps_the_machines_and_says_why() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    let session = &patient.session;
    intake_before_baseline(&patient, "Achilles tendinitis").await;

    let asked = page(session, "/intake/baseline").await;
    assert!(asked.contains("<fieldset id=\"equipment\""), "{asked}");
    assert!(
        asked.contains("<legend>What do you have to train with?</legend>"),
        "{asked}"
    );
    assert!(
        asked.contains("name=\"equipment\" value=\"weights\""),
        "{asked}"
    );
    assert!(asked.contains("Dumbbells, or a backpack you can fill"));
    assert!(asked.contains("id=\"equipment-weights-hint\""), "{asked}");

    let response = session
        .post_form("/intake/baseline", &baseline_with(&["kettlebell"]))
        .await;
    assert_eq!(
        response.status().as_u16(),
        422,
        "an unknown thing is refused"
    );
    let body = response.text().await.unwrap();
    assert!(body.contains("id=\"equipment-error\""), "{body}");
    assert!(
        body.contains("kettlebell") && body.contains("leg-press"),
        "{body}"
    );

    let base = format!("/api/v1/patients/{}", patient.user.id);
    let response = session
        .send_json(
            Method::PUT,
            &format!("{base}/intake/baseline"),
            &json!({
                "visa": {"q1": 4, "q2": 5, "q3": 5, "q4": 6, "q5": 4, "q6": 3, "q7": 4,
                         "q8_branch": "b", "q8_minutes": "1-10"},
                "morning_pain": 2, "days_per_week": 3, "heel_raise_pain": 3,
                "equipment": ["backpack"]
            }),
        )
        .await;
    assert_eq!(response.status().as_u16(), 422, "the API twin refuses too");
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["fields"][0]["field"], "equipment", "{error}");

    let next = post_ok(session, "/intake/baseline", &baseline_with(&["weights"])).await;
    assert_eq!(next, "/plan");

    let plan = page(session, "/plan").await;
    assert!(
        plan.contains("Seated calf raise with weight on your knees, knee bent"),
        "{plan}"
    );
    assert!(
        plan.contains("<p class=\"swapped\">You have no leg press, so the straight-knee calf raise is done standing on one leg with a loaded backpack or a dumbbell: the same heavy, slow load on the calf"),
        "{plan}"
    );
    assert!(plan.contains("You have no step, so this is done on flat floor"));
    for line in plan.split("<p class=\"swapped\">").skip(1) {
        let first = line.split("</p>").next().unwrap_or_default();
        assert!(
            !first.contains("P-EQUIP") && !first.contains('`'),
            "{first}"
        );
    }
    assert!(plan.contains("P-EQUIP"), "the rule is behind Why?");
    assert!(
        !plan.contains("Leg-press calf raise, knee straight</h3>"),
        "{plan}"
    );

    let response = session.get(&format!("{base}/plan")).await;
    let api: Value = response.json().await.unwrap();
    assert_eq!(api["versions"][0]["equipment"], json!(["weights"]), "{api}");
    let items = api["week_plan"]["items"].as_array().unwrap();
    let swapped = items
        .iter()
        .find(|item| item["exercise"] == "single-leg-calf-raise-weighted-floor")
        .unwrap_or_else(|| panic!("no swap in {api}"));
    let fit = &swapped["equipment_fit"];
    assert_eq!(fit["replaces"], "leg-press-calf-raise-straight-knee");
    assert_eq!(fit["rule"], "P-EQUIP");
    assert_eq!(fit["lacking"], json!([]));
    assert!(
        fit["message"]
            .as_str()
            .unwrap()
            .starts_with("You have no leg press"),
        "{fit}"
    );
    assert!(
        items
            .iter()
            .all(|item| item["exercise"] != "seated-calf-raise-bent-knee"),
        "{api}"
    );
}
