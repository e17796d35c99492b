//! Rows read in place ([`RowDecoder`]), on both backends and through each way a read runs (the
//! pool of readers, a held snapshot, a change's connection): every type read as stored, a
//! wrong one named with its column, and a decoder that does not match its statement refused.

use std::sync::Arc;

use tendo_store::ids::{Id, UserId};
use tendo_store_sql::codec::RowRefExt;
use tendo_store_sql::db::{self, Connection, DbError, Readers, RowDecoder};

/// One row of the test table, as a decoder reads it.
#[derive(Debug, PartialEq)]
struct Kept {
    id: UserId,
    other: Option<UserId>,
    big: i64,
    small: i64,
    label: Option<String>,
    at: jiff::Timestamp,
}

const KEPT: RowDecoder<Kept> =
    RowDecoder::new(&["id", "other", "big", "small", "label", "at"], |row| {
        Ok(Kept {
            id: row.id(0)?,
            other: row.opt_id(1)?,
            big: row.int(2)?,
            small: row.int(3)?,
            label: row.opt_text(4)?.map(str::to_owned),
            at: row.moment(5)?,
        })
    });

/// `label` read as an integer.
const LABEL_AS_NUMBER: RowDecoder<i64> = RowDecoder::new(&["label"], |row| row.int(0));

/// `short`, 15 bytes, read as an id.
const SHORT_AS_ID: RowDecoder<UserId> = RowDecoder::new(&["short"], |row| row.id(0));

/// Columns in another order than the statement's.
const SWAPPED: RowDecoder<(i64, i64)> =
    RowDecoder::new(&["small", "big"], |row| Ok((row.int(0)?, row.int(1)?)));

const SELECT_KEPT: &str = "SELECT id, other, big, small, label, at FROM kept ORDER BY big";

fn rows() -> Vec<Kept> {
    vec![
        Kept {
            id: UserId::new(),
            other: Some(UserId::new()),
            big: 1 << 40,
            small: -7,
            label: Some("Tendon, mid-portion".into()),
            at: "2026-12-03T09:15:00.000123Z".parse().unwrap(),
        },
        Kept {
            id: UserId::new(),
            other: None,
            big: 1 << 41,
            small: 30,
            label: None,
            at: "1999-01-01T00:00:00Z".parse().unwrap(),
        },
    ]
}

async fn story(mut connection: Connection, readers: &Readers) {
    connection
        .batch(
            "CREATE TABLE kept (id BYTEA NOT NULL, other BYTEA, big BIGINT NOT NULL, \
             small INTEGER NOT NULL, label TEXT, at BIGINT NOT NULL, short BYTEA NOT NULL)",
        )
        .await
        .unwrap();
    let kept = rows();
    for row in &kept {
        db::query(
            "INSERT INTO kept (id, other, big, small, label, at, short) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(row.id.to_bytes())
        .bind(row.other.map(Id::to_bytes))
        .bind(row.big)
        .bind(i32::try_from(row.small).unwrap())
        .bind(row.label.clone())
        .bind(row.at.as_microsecond())
        .bind(vec![1_u8; 15])
        .execute(&mut connection)
        .await
        .unwrap();
    }

    // Every way a read runs gives the rows as stored.
    let on_connection = db::query(SELECT_KEPT)
        .fetch_decoded(&mut connection, &KEPT)
        .await
        .unwrap();
    assert_eq!(on_connection, kept);
    let pooled = db::query(SELECT_KEPT)
        .fetch_decoded(readers, &KEPT)
        .await
        .unwrap();
    assert_eq!(pooled, kept);
    let snapshot = readers.snapshot().await.unwrap();
    let held = db::query(SELECT_KEPT)
        .fetch_decoded(&snapshot, &KEPT)
        .await
        .unwrap();
    assert_eq!(held, kept);
    drop(snapshot);

    // A wrong type is named with its column.
    let error = db::query("SELECT label FROM kept WHERE label IS NOT NULL")
        .fetch_decoded(readers, &LABEL_AS_NUMBER)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, DbError::Decode { column, wanted, .. }
            if column == "label" && *wanted == "an integer"),
        "{error:?}"
    );
    let error = db::query("SELECT short FROM kept")
        .fetch_decoded(readers, &SHORT_AS_ID)
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("`short`") && error.to_string().contains("16-byte id"),
        "{error}"
    );

    // A decoder whose columns are not the statement's reads nothing.
    let error = db::query("SELECT big, small FROM kept")
        .fetch_decoded(readers, &SWAPPED)
        .await
        .unwrap_err();
    match error {
        DbError::Columns { found, wanted } => {
            assert_eq!(found, ["big", "small"]);
            assert_eq!(wanted, ["small", "big"]);
        }
        other => panic!("expected the columns named, got {other:?}"),
    }
}

#[tokio::test]
async fn sqlite() {
    // A file of its own, in the temporary directory of a fresh store (removed when dropped).
    let temporary = tendo_store_sql::testing::fresh_sqlite().await.unwrap();
    let path = temporary.dir.path().join("decoders.db");
    let writer = db::sqlite::open_writer(&path).unwrap();
    let readers = Readers::Sqlite(Arc::new(db::sqlite::Readers::new(path, 2)));
    story(Connection::Sqlite(writer), &readers).await;
    readers.close();
}

#[tokio::test]
async fn postgres() {
    let url = tendo_store_sql::testing::fresh_postgres_database()
        .await
        .unwrap();
    let pool = db::postgres::pool(&url, 2).unwrap();
    let connection = Connection::Postgres(pool.get().await.unwrap());
    let readers = Readers::Postgres(pool);
    story(connection, &readers).await;
    readers.close();
}
