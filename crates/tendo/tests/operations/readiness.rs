//! `/readyz` compares the migrations the database has applied with the binary's: a database
//! that lacks one (an older schema) makes the server unready, with a reason an operator acts
//! on, while `/healthz` still says the process is alive.

use std::process::Command;

use serde_json::Value;

use crate::support::{fresh_client, start};

#[tokio::test(flavor = "multi_thread")]
async fn readiness_fails_with_a_reason_when_the_schema_lacks_a_migration_of_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&["--data-dir", dir.path().to_str().unwrap()], &[]);
    let client = fresh_client();
    let ready: Value = client
        .get(format!("{}/readyz", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["ready"], true);
    let known = ready["schema"]["known"].as_u64().unwrap();
    assert_eq!(ready["schema"]["applied"].as_u64().unwrap(), known);

    // The newest migration disappears from the database's record, as if it had never run
    // (what an older database would look like), through SQLite's own client.
    let python = std::env::var("TENDO_TEST_PYTHON")
        .unwrap_or_else(|_| panic!("TENDO_TEST_PYTHON is not set: run `cargo xtask test`"));
    let database = dir.path().join("tendo.db");
    let forgot = Command::new(python)
        .args([
            "-c",
            "import sqlite3, sys\n\
             db = sqlite3.connect(sys.argv[1])\n\
             newest = db.execute('SELECT MAX(version) FROM _sqlx_migrations').fetchone()[0]\n\
             db.execute('DELETE FROM _sqlx_migrations WHERE version = ?', (newest,))\n\
             db.commit()\n\
             print(newest)",
        ])
        .arg(&database)
        .output()
        .unwrap();
    assert!(
        forgot.status.success(),
        "{}",
        String::from_utf8_lossy(&forgot.stderr)
    );
    let newest: i64 = String::from_utf8_lossy(&forgot.stdout)
        .trim()
        .parse()
        .unwrap();

    let answer = client
        .get(format!("{}/readyz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 503);
    let unready: Value = answer.json().await.unwrap();
    assert_eq!(unready["ready"], false);
    assert!(
        unready["reason"]
            .as_str()
            .unwrap()
            .contains("tendo migrate"),
        "the reason says what to do: {unready}"
    );
    assert_eq!(unready["schema"]["missing"], serde_json::json!([newest]));
    let alive = client
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(alive.status(), 200, "the process is still alive");
}
