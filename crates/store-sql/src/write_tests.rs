//! Group commit on a real SQLite file: changes share commits, each is acknowledged only once
//! committed, and a change that fails or is abandoned rolls back alone.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use std::path::PathBuf;

use super::{GroupCommit, Writer};
use crate::codec::store_error;
use crate::db::sqlite;

/// A writer on a fresh SQLite file with a table `t (x INTEGER UNIQUE)`, and the file.
async fn writer_on_fresh_file(dir: &tempfile::TempDir) -> (Writer, PathBuf) {
    let path = dir.path().join("t.db");
    let connection = sqlite::open_writer(&path).unwrap();
    connection
        .execute_batch("CREATE TABLE t (x INTEGER UNIQUE)")
        .unwrap();
    (Writer::Grouped(GroupCommit::start(connection)), path)
}

/// The values in `t`, read by a connection of its own (so only committed rows count).
async fn committed(path: &std::path::Path) -> Vec<i64> {
    let reader = sqlite::open_reader(path).unwrap();
    let mut statement = reader.prepare("SELECT x FROM t ORDER BY x").unwrap();
    statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

async fn insert(writer: &Writer, x: i64) -> tendo_store::StoreResult<()> {
    let mut change = writer.begin().await?;
    crate::db::query("INSERT INTO t (x) VALUES ($1)")
        .bind(x)
        .execute(&mut *change)
        .await
        .map_err(store_error)?;
    change.commit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_changes_share_commits_and_each_is_committed_when_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let (writer, url) = writer_on_fresh_file(&dir).await;
    let commits = Arc::new(AtomicUsize::new(0));
    let changes = Arc::new(AtomicUsize::new(0));
    let (seen_commits, seen_changes) = (commits.clone(), changes.clone());
    assert!(writer.observe(Box::new(move |_, held| {
        seen_commits.fetch_add(1, Ordering::SeqCst);
        seen_changes.fetch_add(held, Ordering::SeqCst);
    })));
    let writer = Arc::new(writer);
    let tasks: Vec<_> = (0..300)
        .map(|x| {
            let writer = writer.clone();
            let url = url.clone();
            tokio::spawn(async move {
                insert(&writer, x).await.unwrap();
                // Acknowledged means committed: another connection already sees it.
                assert!(
                    committed(&url).await.contains(&x),
                    "{x} is visible once acknowledged"
                );
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(committed(&url).await, (0..300).collect::<Vec<_>>());
    let (commits, changes) = (
        commits.load(Ordering::SeqCst),
        changes.load(Ordering::SeqCst),
    );
    assert_eq!(changes, 300, "every change was in a commit");
    assert!(
        commits < 150,
        "300 changes at once share commits (group commit), but took {commits}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_failing_change_rolls_back_alone_and_the_others_in_its_group_commit() {
    let dir = tempfile::tempdir().unwrap();
    let (writer, url) = writer_on_fresh_file(&dir).await;
    let writer = Arc::new(writer);
    insert(&writer, 0).await.unwrap();
    let tasks: Vec<_> = (1..=100)
        .map(|x| {
            let writer = writer.clone();
            tokio::spawn(async move {
                if x % 10 == 0 {
                    // Writes a row, then fails on a duplicate: neither may remain.
                    let mut change = writer.begin().await?;
                    crate::db::query("INSERT INTO t (x) VALUES ($1)")
                        .bind(1000 + x)
                        .execute(&mut *change)
                        .await
                        .map_err(store_error)?;
                    crate::db::query("INSERT INTO t (x) VALUES (0)")
                        .execute(&mut *change)
                        .await
                        .map_err(store_error)?;
                    change.commit().await
                } else {
                    insert(&writer, x).await
                }
            })
        })
        .collect();
    let mut failed = 0;
    for task in tasks {
        failed += usize::from(task.await.unwrap().is_err());
    }
    assert_eq!(
        failed, 10,
        "exactly the changes that hit the duplicate failed"
    );
    let expected: Vec<i64> = (0..=100).filter(|x| x % 10 != 0 || *x == 0).collect();
    assert_eq!(committed(&url).await, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abandoned_change_leaves_nothing_and_the_writer_carries_on() {
    let dir = tempfile::tempdir().unwrap();
    let (writer, url) = writer_on_fresh_file(&dir).await;
    {
        let mut change = writer.begin().await.unwrap();
        crate::db::query("INSERT INTO t (x) VALUES (7)")
            .execute(&mut *change)
            .await
            .unwrap();
        // Dropped without commit: a request that returned early or was cancelled.
    }
    insert(&writer, 8).await.unwrap();
    assert_eq!(committed(&url).await, vec![8]);
    // Closing commits nothing unfinished and leaves the file whole.
    writer.close().await;
    assert_eq!(committed(&url).await, vec![8]);
}

/// The temporary files SQLite has open in this process (it names them `etilqs_…`).
fn open_sqlite_temporary_files() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|entry| std::fs::read_link(entry.ok()?.path()).ok())
        .filter(|target| target.to_string_lossy().contains("etilqs_"))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_that_rewrites_many_pages_journals_them_in_memory_not_in_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let connection = sqlite::open_writer(&path).unwrap();
    // About 100 pages of committed rows, so that rewriting them all journals about 400 KiB.
    connection
        .execute_batch(
            "CREATE TABLE wide (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
             INSERT INTO wide (id, body) SELECT i, printf('%.2000c', 'a') FROM n;",
        )
        .unwrap();
    let writer = Writer::Grouped(GroupCommit::start(connection));
    let before = open_sqlite_temporary_files();

    let mut change = writer.begin().await.unwrap();
    crate::db::query("UPDATE wide SET body = upper(body)")
        .execute(&mut *change)
        .await
        .unwrap();
    assert_eq!(
        open_sqlite_temporary_files(),
        before,
        "the change's savepoint journal stays in memory"
    );
    change.commit().await.unwrap();

    let reader = sqlite::open_reader(&path).unwrap();
    let rewritten: i64 = reader
        .query_row(
            "SELECT count(*) FROM wide WHERE body = printf('%.2000c', 'A')",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(rewritten, 200, "the change is committed whole");
}
