//! `tendo admin create-clinic` asks for the clinic's currency (issue 13): there is no default
//! currency for everyone; a code that is not three letters is refused naming `--currency`; the
//! clinic keeps the one chosen.

#![expect(
    clippy::unwrap_used,
    reason = "a failed step should fail the test loudly"
)]

use std::process::{Command, Output};

use tendo_store::accounts::AccountStore;

fn create_clinic(data_dir: &str, slug: &str, currency: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tendo"));
    command
        .args([
            "admin",
            "create-clinic",
            "--name",
            "Harbour Physio",
            "--slug",
            slug,
        ])
        .args(["--time-zone", "America/New_York", "--data-dir", data_dir]);
    if let Some(currency) = currency {
        command.args(["--currency", currency]);
    }
    command.output().unwrap()
}

#[tokio::test]
async fn a_clinic_is_created_with_the_currency_its_administrator_chose() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_str().unwrap();

    let missing = create_clinic(data_dir, "harbour", None);
    assert!(!missing.status.success());
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("--currency"),
        "the error names the missing option: {}",
        String::from_utf8_lossy(&missing.stderr)
    );
    let wrong = create_clinic(data_dir, "harbour", Some("dollars"));
    assert!(!wrong.status.success());
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        said.contains("--currency") && said.contains("ISO 4217"),
        "{said}"
    );

    let made = create_clinic(data_dir, "harbour", Some("usd"));
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let store = tendo_store_sql::SqliteStore::open_dir(dir.path())
        .await
        .unwrap();
    let clinic = store.clinic_by_slug("harbour").await.unwrap();
    assert_eq!(clinic.settings.currency, "USD");
    store.close().await;
}
