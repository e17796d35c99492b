//! The audit-log screen a clinic can work with (issue 13): 50 entries a page, newest first,
//! older pages by a link, filters by who acted and whose data it was, and people named rather
//! than shown as ids; the API gives the same names and filters.

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use tendo_store::accounts::Role;
use tendo_store::audit::AuditEntry;

use crate::harness::{TestServer, between};

#[tokio::test(flavor = "multi_thread")]
async fn the_audit_log_pages_by_fifty_filters_by_person_and_patient_and_names_people() {
    let server = TestServer::start().await;
    let clinic = server.clinic("north").await;
    let ana = server.user(&clinic, "ana@north.test", Role::Patient).await;
    let ben = server.user(&clinic, "ben@north.test", Role::Patient).await;
    let physio = server
        .user(&clinic, "physio@north.test", Role::Clinician)
        .await;
    let admin = server.user(&clinic, "admin@north.test", Role::Admin).await;
    // 60 reads of Ana's record by the physiotherapist, a minute apart, then one of Ben's.
    let start = Timestamp::now() - SignedDuration::from_hours(2);
    let mut entries = Vec::new();
    for minute in 0..60 {
        let mut entry = AuditEntry::new("record.read", format!("read {minute}"));
        entry.at = start + SignedDuration::from_mins(minute);
        entry.clinic_id = Some(clinic.id);
        entry.actor_id = Some(physio.id);
        entry.actor_role = Some(Role::Clinician);
        entry.patient_id = Some(ana.id);
        entries.push(entry);
    }
    let mut bens = AuditEntry::new("record.read", "read of ben");
    bens.at = start + SignedDuration::from_mins(61);
    bens.clinic_id = Some(clinic.id);
    bens.actor_id = Some(physio.id);
    bens.actor_role = Some(Role::Clinician);
    bens.patient_id = Some(ben.id);
    entries.push(bens);
    server.store().record(&entries).await.unwrap();
    let desk = server.session_for(&admin).await;

    // Filtered to Ana: the newest 50 of her 61 entries (her account's creation and the 60
    // reads), newest first, with people named.
    let first = desk
        .get(&format!("/clinic/audit?patient={}", ana.id))
        .await
        .text()
        .await
        .unwrap();
    let body = between(&first, "<tbody>", "</tbody>").unwrap();
    assert_eq!(body.matches("<tr>").count(), 50, "{body}");
    assert!(
        body.contains(&format!("<td>{} (clinician)</td>", physio.name)),
        "{body}"
    );
    assert!(body.contains(&format!("<td>{}</td>", ana.name)), "{body}");
    for id in [ana.id.to_string(), physio.id.to_string()] {
        assert!(
            !body.contains(&format!("<td>{id}</td>")),
            "names, not ids: {body}"
        );
    }
    assert!(!body.contains("read of ben"));
    let newest = body.find("read 59").unwrap();
    let older = body.find("read 58").unwrap();
    assert!(newest < older, "newest first");
    assert!(
        body.contains("read 11<") && !body.contains("read 10<"),
        "{body}"
    );
    assert!(
        !first.contains("Newest entries"),
        "the first page is the newest"
    );
    // The next page holds the rest, with the filter kept.
    let next = first
        .split("href=\"")
        .find(|part| part.contains("before="))
        .and_then(|part| part.split('"').next())
        .unwrap()
        .replace("&amp;", "&");
    assert!(next.contains(&format!("patient={}", ana.id)), "{next}");
    let second = desk.get(&next).await.text().await.unwrap();
    let body = between(&second, "<tbody>", "</tbody>").unwrap();
    assert_eq!(body.matches("<tr>").count(), 11, "{body}");
    assert!(
        body.contains("read 10<") && body.contains("read 0<"),
        "{body}"
    );
    assert!(second.contains("Newest entries"));

    // Filtered by who acted: the physiotherapist's reads of both patients.
    let by_physio = desk
        .get(&format!("/clinic/audit?actor={}", physio.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(by_physio.contains("read of ben"), "{by_physio}");
    assert!(by_physio.contains(&format!("<option value=\"{}\" selected>", physio.id)));

    // The API: the same filters, with names.
    let listed: Value = desk
        .get(&format!(
            "/api/v1/audit?actor={}&patient={}&limit=5",
            physio.id, ben.id
        ))
        .await
        .json()
        .await
        .unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["actor_name"], physio.name.as_str());
    assert_eq!(listed[0]["patient_name"], ben.name.as_str());
}
