//! On SQLite, the plans of the reads whose cost grows with a clinic or a history: each searches
//! an index bounded by the clinic, the clinician's care team or the patient (and its window),
//! never a scan of a log table. PostgreSQL plans by its statistics, so these run on SQLite
//! alone; the stories beside them check the same reads' answers on both backends.

/// On SQLite, every caseload query reaches the log tables through an index search bounded by
/// the patient (and the window), never by scanning them.
#[tokio::test]
async fn caseload_queries_search_indexes_on_sqlite() {
    let database = tendo_store_sql::testing::fresh_sqlite().await.unwrap();
    let logs = [
        "training_sessions",
        "checkins",
        "questionnaire_responses",
        "massage_gun_refusals",
        "plan_versions",
        "messages",
        "intakes",
        "users",
        "patients",
        "appointments",
    ];
    for (name, sql, parameters) in tendo_store_sql::clinic_caseload::CASELOAD_QUERIES {
        let plan = database
            .store
            .explain_query_plan(sql, *parameters)
            .await
            .unwrap();
        for step in &plan {
            for table in logs {
                assert!(
                    !(step.starts_with(&format!("SCAN {table}"))
                        || step.contains(&format!("SCAN {table} "))),
                    "the {name} query scans {table}: {plan:#?}"
                );
            }
        }
        assert!(
            !plan.iter().any(|step| step.contains("TEMP B-TREE")),
            "the {name} query sorts rows instead of reading the end of an index: {plan:#?}"
        );
        assert!(
            plan.iter().any(|step| step.starts_with("SEARCH c USING")),
            "the {name} query starts from the clinician's care team: {plan:#?}"
        );
        for table in [
            "training_sessions",
            "checkins",
            "massage_gun_refusals",
            "appointments",
        ] {
            if sql.contains(&format!("JOIN {table}")) {
                let alias = sql
                    .split(&format!("JOIN {table} "))
                    .nth(1)
                    .and_then(|rest| rest.split_whitespace().next())
                    .unwrap();
                assert!(
                    plan.iter()
                        .any(|step| step.starts_with(&format!("SEARCH {alias} USING"))
                            && step.contains("patient_id=?")
                            && step.contains('>')),
                    "the {name} query reads {table} by patient and window: {plan:#?}"
                );
            }
        }
    }
}

/// On SQLite the slot search's read of booked times never reaches the table.
#[tokio::test]
async fn booked_times_read_one_covering_index_on_sqlite() {
    let database = tendo_store_sql::testing::fresh_sqlite().await.unwrap();
    let plan = database
        .store
        .explain_query_plan(tendo_store_sql::booking_diary::BOOKED_TIMES, 4)
        .await
        .unwrap();
    assert!(
        plan.iter()
            .any(|step| step.contains("USING COVERING INDEX appointments_clinic_busy")),
        "{plan:#?}"
    );
    assert!(plan.iter().all(|step| !step.contains("SCAN")), "{plan:#?}");
}

/// On SQLite the triage list's next appointments start from the clinic's patients and reach
/// each one's appointments by patient and window, never the clinic's whole diary.
#[tokio::test]
async fn unassigned_upcoming_reads_by_patient_on_sqlite() {
    let database = tendo_store_sql::testing::fresh_sqlite().await.unwrap();
    let plan = database
        .store
        .explain_query_plan(tendo_store_sql::clinic_caseload::UPCOMING_UNASSIGNED, 3)
        .await
        .unwrap();
    assert!(plan[0].starts_with("SEARCH p USING"), "{plan:#?}");
    assert!(
        plan.iter().any(|step| step.starts_with("SEARCH a USING")
            && step.contains("patient_id=? AND start_at>? AND start_at<?")),
        "{plan:#?}"
    );
}

/// On SQLite a patient's sets are read from `training_sets`' own key, patient and session
/// first: the table holds each set once, in the order it is read, with no index beside it.
#[tokio::test]
async fn sets_are_read_by_their_key_on_sqlite() {
    let database = tendo_store_sql::testing::fresh_sqlite().await.unwrap();
    let plan = database
        .store
        .explain_query_plan(tendo_store_sql::training::SESSION_SETS, 4)
        .await
        .unwrap();
    assert!(
        plan.iter()
            .any(|step| step.starts_with("SEARCH s USING PRIMARY KEY")
                && step.contains("patient_id=? AND session_id=?")),
        "{plan:#?}"
    );
    assert!(plan.iter().all(|step| !step.contains("SCAN")), "{plan:#?}");
}
