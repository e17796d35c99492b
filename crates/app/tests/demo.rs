//! The demo clinic: every archetype ends up where it should, with history made by the real
//! services.

use std::sync::Arc;
use std::time::Instant;

use jiff::Timestamp;
use tendo_app::access::{Caller, Credential, RequestMeta};
use tendo_app::clinic::record;
use tendo_app::demo::{DemoScale, generate};
use tendo_app::patient::plan::{self, CareStatus};
use tendo_app::patient::{progress, running, today};
use tendo_app::{App, Settings};
use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::programme::Protocol;
use tendo_store::Store;
use tendo_store::accounts::Role;
use tendo_store_sql::testing::TempSqlite;

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_clinic_has_patients_at_every_stage() {
    let database = TempSqlite::new().await.unwrap();
    let store: Arc<dyn Store> = Arc::new(
        tendo_store_sql::SqliteStore::open_dir(database.dir.path())
            .await
            .unwrap(),
    );
    let started = Instant::now();
    let demo = generate(store.clone(), &DemoScale::default(), Timestamp::now())
        .await
        .unwrap();
    eprintln!("the default demo took {:?}", started.elapsed());

    assert_eq!(demo.clinics.len(), 1);
    let logins = &demo.clinics[0].logins;
    let count = |role| logins.iter().filter(|login| login.role == role).count();
    assert_eq!(
        (
            count(Role::Admin),
            count(Role::Clinician),
            count(Role::Patient)
        ),
        (1, 3, 8)
    );
    assert!(logins.iter().all(|login| !login.shows.is_empty()));

    let app = App::new(store.clone(), Settings::default());
    let clinic = store.clinic_by_slug("riverside-demo").await.unwrap();
    let caller = |email: &str| {
        let email = email.to_string();
        let store = store.clone();
        async move {
            let user = store.credentials(&email).await.unwrap().user;
            Caller {
                user,
                credential: Credential::Session,
                meta: RequestMeta::default(),
            }
        }
    };
    let active = |status: CareStatus| match status {
        CareStatus::Active(plan) => plan,
        other => panic!("expected a plan, got {other:?}"),
    };

    let alex = caller("alex@riverside.example").await;
    let plan = active(plan::view(&app, &alex, alex.id()).await.unwrap());
    assert_eq!(
        plan.version.position.protocol,
        Protocol::HeavySlowResistance
    );
    assert!(
        plan.versions.len() >= 4,
        "weekly reviews moved the plan: {}",
        plan.versions.len()
    );
    assert!(
        plan.version.position.level >= 2,
        "Alex moved up Beyer's table"
    );
    let day = today::view(&app, &alex, alex.id())
        .await
        .unwrap()
        .today
        .unwrap();
    assert!(day.prompt.is_some(), "Alex's check-in waits this morning");
    let history = today::history(
        &app,
        &alex,
        alex.id(),
        Some(plan.version.programme_start),
        None,
    )
    .await
    .unwrap();
    assert!(
        history.sessions.len() >= 30,
        "{} sessions",
        history.sessions.len()
    );
    let log = running::view(&app, &alex, alex.id()).await.unwrap();
    assert!(
        log.weeks.iter().any(|week| week.jump),
        "a running week jumped"
    );
    assert!(
        store
            .questionnaires(clinic.id, alex.id())
            .await
            .unwrap()
            .len()
            >= 6
    );
    assert!(
        store
            .massage_gun_sessions(clinic.id, alex.id(), 100)
            .await
            .unwrap()
            .len()
            >= 5
    );

    let bea = caller("bea@riverside.example").await;
    let plan = active(plan::view(&app, &bea, bea.id()).await.unwrap());
    assert_eq!(plan.version.position.protocol, Protocol::Alfredson);
    let history = today::history(
        &app,
        &bea,
        bea.id(),
        Some(plan.version.programme_start),
        None,
    )
    .await
    .unwrap();
    assert!(
        history
            .checkins
            .iter()
            .any(|checkin| checkin.decision == LoadDecision::Regress
                && checkin.plan_version_id.is_some()),
        "Bea's flare stepped the plan back"
    );

    let chris = caller("chris@riverside.example").await;
    let plan = active(plan::view(&app, &chris, chris.id()).await.unwrap());
    assert_eq!(plan.version.position.protocol, Protocol::GoomStaged);
    assert!(
        plan.version.position.level >= 2,
        "Chris moved through Goom's stages"
    );

    let dana = caller("dana@riverside.example").await;
    let plan = active(plan::view(&app, &dana, dana.id()).await.unwrap());
    assert_eq!(plan.versions[0].position.protocol, Protocol::Isometric);

    let fran = caller("fran@riverside.example").await;
    assert!(matches!(
        plan::view(&app, &fran, fran.id()).await.unwrap(),
        CareStatus::Stopped { .. }
    ));
    let gus = caller("gus@riverside.example").await;
    assert!(matches!(
        plan::view(&app, &gus, gus.id()).await.unwrap(),
        CareStatus::Intake { next_step } if next_step.id() == "red-flags"
    ));
    let hana = caller("hana@riverside.example").await;
    assert!(store.intake(clinic.id, hana.id()).await.unwrap().is_none());

    // The record, read together in one snapshot, shows the clinic the plan and progress the
    // patient sees through their own reads.
    let admin = caller("admin@riverside.example").await;
    for patient in [&alex, &bea, &chris, &dana] {
        let own = progress::view(&app, patient, patient.id()).await.unwrap();
        let record = record::view(&app, &admin, patient.id(), None)
            .await
            .unwrap();
        assert!(own.progress.is_some());
        assert_eq!(json(&record.progress), json(&own.progress));
        assert_eq!(json(&record.status), json(&own.status));
    }
}

/// A value as JSON text, to compare what two surfaces send.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("the views serialise")
}
