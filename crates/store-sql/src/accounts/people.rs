//! Many people of a clinic in one read, for views that name many (the calendar).

use tendo_store::accounts::User;
use tendo_store::ids::{ClinicId, Id, UserId};
use tendo_store::{StoreError, StoreResult};

use super::user_from;
use crate::codec::store_error;
use crate::db::{Readers, numbered};

/// The most users one statement asks for.
const USERS_PER_READ: usize = 100;

/// The read of a clinic's current users among `count` ids (1 to [`USERS_PER_READ`]): the
/// clinic is `$1`, the ids `$2` on; each text built once.
fn users_of_sql(count: usize) -> &'static str {
    static TEXTS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        (0..=USERS_PER_READ)
            .map(|count| {
                format!(
                    "SELECT {} FROM users u WHERE u.clinic_id = $1 AND u.deleted_at IS NULL \
                     AND u.id IN ({})",
                    user_columns!(),
                    numbered(2, count)
                )
            })
            .collect()
    });
    &TEXTS[count]
}

/// The body of `AccountStore::users`: each of `ids` once, `NotFound` unless every one is a
/// current user of `clinic`.
pub(crate) async fn users_of(
    pool: &Readers,
    clinic: ClinicId,
    ids: &[UserId],
) -> StoreResult<Vec<User>> {
    let mut wanted = ids.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let mut found = Vec::with_capacity(wanted.len());
    for chunk in wanted.chunks(USERS_PER_READ) {
        let mut read = crate::db::query(users_of_sql(chunk.len())).bind(clinic.to_bytes());
        for id in chunk {
            read = read.bind(id.to_bytes());
        }
        let rows = read.fetch_all(pool).await.map_err(store_error)?;
        for row in &rows {
            found.push(user_from(row)?);
        }
    }
    if found.len() != wanted.len() {
        return Err(StoreError::NotFound);
    }
    Ok(found)
}
