//! Bulk writes for generated data: many rows per `INSERT … VALUES (…), (…), …` statement, a
//! whole batch in one transaction.
//!
//! Both backends take the same multi-row statements. A statement carries at most
//! [`MAX_ROWS`] rows and [`MAX_PARAMETERS`] parameters (SQLite allows 32,766, PostgreSQL
//! 65,535). On SQLite the parameters are anonymous (`?`) rather than numbered (`$1`): a
//! numbered parameter is bound after asking SQLite for its name, and SQLite finds a name by
//! walking the statement's list of names, so with numbered parameters binding grows with the
//! square of their number (with 30,000 per statement it took 85% of the generator's time).

use crate::db::Connection;
use async_trait::async_trait;
use tendo_store::StoreResult;
use tendo_store::accounts::{Profession, Role};
use tendo_store::bulk::{BulkBatch, BulkStore};
use tendo_store::ids::Id;
use tendo_store::outcomes::questionnaire_str;
use tendo_store::training::decision_str;

use crate::care::{side_str, to_json};
use crate::codec::{micros, store_error};
use crate::outcomes::StoredSite;
use crate::{Backend, SqlStore};

/// The most parameters one statement binds.
const MAX_PARAMETERS: usize = 30_000;
/// The most rows one statement inserts.
const MAX_ROWS: usize = 1_000;

/// One bound value, typed as the single-row writes of the store bind it.
enum Value {
    Bytes(Option<Vec<u8>>),
    Text(Option<String>),
    Small(Option<i32>),
    Big(Option<i64>),
    Real(Option<f64>),
}

fn bytes<T: Id>(id: T) -> Value {
    Value::Bytes(Some(id.to_bytes()))
}

fn opt_bytes<T: Id>(id: Option<T>) -> Value {
    Value::Bytes(id.map(Id::to_bytes))
}

fn text(value: impl Into<String>) -> Value {
    Value::Text(Some(value.into()))
}

fn small(value: impl Into<i32>) -> Value {
    Value::Small(Some(value.into()))
}

fn moment(at: jiff::Timestamp) -> Value {
    Value::Big(Some(micros(at)))
}

/// The rows of one table, flattened.
struct Rows {
    table: &'static str,
    columns: &'static [&'static str],
    values: Vec<Value>,
    /// What follows the rows (an `ON CONFLICT` clause), or nothing.
    conflict: &'static str,
}

impl Rows {
    fn new(table: &'static str, columns: &'static [&'static str]) -> Rows {
        Rows {
            table,
            columns,
            values: Vec::new(),
            conflict: "",
        }
    }

    fn push<const N: usize>(&mut self, row: [Value; N]) {
        debug_assert_eq!(N, self.columns.len(), "a row of {}", self.table);
        self.values.extend(row);
    }

    /// The statement for `rows` rows, with `$1, $2 …` or with `?`.
    fn statement(&self, rows: usize, numbered: bool) -> String {
        let width = self.columns.len();
        let mut sql = format!(
            "INSERT INTO {} ({}) VALUES ",
            self.table,
            self.columns.join(", ")
        );
        for row in 0..rows {
            if row > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for column in 0..width {
                if column > 0 {
                    sql.push_str(", ");
                }
                if numbered {
                    sql.push('$');
                    sql.push_str(&(row * width + column + 1).to_string());
                } else {
                    sql.push('?');
                }
            }
            sql.push(')');
        }
        sql.push_str(self.conflict);
        sql
    }

    async fn insert(self, connection: &mut Connection, numbered: bool) -> StoreResult<()> {
        let width = self.columns.len();
        if self.values.is_empty() {
            return Ok(());
        }
        let per_statement = (MAX_PARAMETERS / width).clamp(1, MAX_ROWS);
        let full = self.statement(per_statement, numbered);
        let mut values = self.values.into_iter().peekable();
        let total_rows = values.len() / width;
        let mut written = 0;
        while values.peek().is_some() {
            let rows = per_statement.min(total_rows - written);
            let sql = if rows == per_statement {
                full.clone()
            } else {
                Rows {
                    conflict: self.conflict,
                    ..Rows::new(self.table, self.columns)
                }
                .statement(rows, numbered)
            };
            // Not kept as a prepared statement: each is tens of thousands of parameters long
            // and used for one batch of generated rows.
            let mut query = crate::db::query(sql).persistent(false);
            for value in values.by_ref().take(rows * width) {
                query = match value {
                    Value::Bytes(value) => query.bind(value),
                    Value::Text(value) => query.bind(value),
                    Value::Small(value) => query.bind(value),
                    Value::Big(value) => query.bind(value),
                    Value::Real(value) => query.bind(value),
                };
            }
            query.execute(&mut *connection).await.map_err(store_error)?;
            written += rows;
        }
        Ok(())
    }
}

fn users(batch: &BulkBatch) -> [Rows; 3] {
    let mut users = Rows::new(
        "users",
        &[
            "id",
            "clinic_id",
            "email",
            "name",
            "role",
            "profession",
            "time_zone",
            "password_hash",
            "created_at",
        ],
    );
    let mut patients = Rows::new("patients", &["user_id", "clinic_id", "created_at"]);
    let mut care = Rows::new("care_team", &["patient_id", "clinician_id"]);
    for user in &batch.users {
        users.push([
            bytes(user.id),
            bytes(user.clinic_id),
            text(&user.email),
            text(&user.name),
            text(user.role.as_str()),
            Value::Text(user.profession.map(Profession::as_str).map(String::from)),
            text(&user.time_zone),
            Value::Text(user.password_hash.clone()),
            moment(user.created_at),
        ]);
        if user.role == Role::Patient {
            patients.push([
                bytes(user.id),
                bytes(user.clinic_id),
                moment(user.created_at),
            ]);
            if let Some(clinician) = user.care_clinician {
                care.push([bytes(user.id), bytes(clinician)]);
            }
        }
    }
    [users, patients, care]
}

fn care(batch: &BulkBatch) -> StoreResult<[Rows; 2]> {
    let mut intakes = Rows::new(
        "intakes",
        &[
            "patient_id",
            "clinic_id",
            "answers",
            "started_at",
            "updated_at",
            "completed_at",
        ],
    );
    for intake in &batch.intakes {
        intakes.push([
            bytes(intake.patient_id),
            bytes(intake.clinic_id),
            text(to_json(&intake.answers)?),
            moment(intake.started_at),
            moment(intake.updated_at),
            Value::Big(intake.completed_at.map(micros)),
        ]);
    }
    let mut plans = Rows::new(
        "plan_versions",
        &[
            "id",
            "patient_id",
            "clinic_id",
            "version",
            "created_at",
            "created_by",
            "cause",
            "condition_name",
            "side",
            "protocol",
            "level",
            "weeks_at_level",
            "eased",
            "sessions_per_week",
            "programme_start",
            "reasons",
            "change_note",
            "adjustments",
            "equipment",
        ],
    );
    for bulk in &batch.plan_versions {
        let plan = &bulk.plan;
        plans.push([
            bytes(plan.id),
            bytes(plan.patient_id),
            bytes(plan.clinic_id),
            small(i32::try_from(bulk.version).unwrap_or(i32::MAX)),
            moment(plan.created_at),
            opt_bytes(plan.created_by),
            text(plan.cause.as_str()),
            text(plan.condition.id()),
            text(side_str(plan.side)),
            text(plan.position.protocol.id()),
            small(plan.position.level),
            small(plan.position.weeks_at_level),
            small(i32::from(plan.position.eased)),
            small(plan.sessions_per_week),
            text(plan.programme_start.to_string()),
            text(to_json(&plan.reasons)?),
            Value::Text(plan.note.clone()),
            Value::Text(if plan.adjustments.is_empty() {
                None
            } else {
                Some(to_json(&plan.adjustments)?)
            }),
            Value::Text(match &plan.equipment {
                Some(equipment) => Some(to_json(equipment)?),
                None => None,
            }),
        ]);
    }
    Ok([intakes, plans])
}

fn training(batch: &BulkBatch) -> StoreResult<[Rows; 4]> {
    let mut sessions = Rows::new(
        "training_sessions",
        &[
            "id",
            "patient_id",
            "clinic_id",
            "plan_version_id",
            "session_date",
            "logged_at",
            "pain_during",
            "pain_after",
            "note",
        ],
    );
    let mut sets = Rows::new(
        "training_sets",
        &[
            "session_id",
            "patient_id",
            "exercise",
            "set_number",
            "reps",
            "load_kg",
            "hold_seconds",
        ],
    );
    for session in &batch.sessions {
        sessions.push([
            bytes(session.id),
            bytes(session.patient_id),
            bytes(session.clinic_id),
            bytes(session.plan_version_id),
            text(session.date.to_string()),
            moment(session.logged_at),
            small(session.pain_during.value()),
            small(session.pain_after.value()),
            Value::Text(session.note.clone()),
        ]);
        for set in &session.sets {
            sets.push([
                bytes(session.id),
                bytes(session.patient_id),
                text(&set.exercise),
                small(set.set_number),
                Value::Small(set.reps.map(i32::from)),
                Value::Real(set.load_kg),
                Value::Small(set.hold_seconds.map(i32::from)),
            ]);
        }
    }
    let mut checkins = Rows::new(
        "checkins",
        &[
            "id",
            "patient_id",
            "clinic_id",
            "session_date",
            "answered_at",
            "pain",
            "decision",
            "reasons",
            "plan_version_id",
        ],
    );
    for checkin in &batch.checkins {
        checkins.push([
            bytes(checkin.id),
            bytes(checkin.patient_id),
            bytes(checkin.clinic_id),
            text(checkin.session_date.to_string()),
            moment(checkin.answered_at),
            small(checkin.pain.value()),
            text(decision_str(checkin.decision)),
            text(to_json(&checkin.reasons)?),
            opt_bytes(checkin.plan_version_id),
        ]);
    }
    // What the sessions add to their days, one row a day (a day already stored, from an
    // earlier batch, gets them added).
    let mut days = Rows {
        conflict: crate::training_days::ADD_TO_DAY,
        ..Rows::new("training_day_totals", crate::training_days::COLUMNS)
    };
    for ((patient, clinic, date), totals) in crate::training_days::by_day(&batch.sessions) {
        days.push([
            bytes(patient),
            bytes(clinic),
            text(date.to_string()),
            Value::Big(Some(totals.sessions)),
            Value::Small(Some(totals.pain_during)),
            Value::Small(Some(totals.pain_after)),
            Value::Big(Some(totals.reps)),
            Value::Big(Some(totals.hold_seconds)),
            Value::Real(Some(totals.volume_load)),
        ]);
    }
    Ok([sessions, sets, days, checkins])
}

fn outcomes(batch: &BulkBatch) -> StoreResult<[Rows; 4]> {
    let mut questionnaires = Rows::new(
        "questionnaire_responses",
        &[
            "id",
            "patient_id",
            "clinic_id",
            "questionnaire",
            "taken_at",
            "taken_on",
            "answers",
            "score",
        ],
    );
    for response in &batch.questionnaires {
        questionnaires.push([
            bytes(response.id),
            bytes(response.patient_id),
            bytes(response.clinic_id),
            text(questionnaire_str(response.questionnaire)),
            moment(response.taken_at),
            text(response.taken_on.to_string()),
            text(to_json(&response.answers)?),
            small(response.score),
        ]);
    }
    let mut screenings = Rows::new(
        "massage_gun_screenings",
        &["id", "patient_id", "clinic_id", "answered_at", "answers"],
    );
    for screening in &batch.screenings {
        screenings.push([
            bytes(screening.id),
            bytes(screening.patient_id),
            bytes(screening.clinic_id),
            moment(screening.answered_at),
            text(to_json(&screening.answers)?),
        ]);
    }
    let mut guns = Rows::new(
        "massage_gun_sessions",
        &[
            "id",
            "patient_id",
            "clinic_id",
            "started_at",
            "logged_at",
            "ppm",
            "sites",
        ],
    );
    for session in &batch.gun_sessions {
        let sites: Vec<StoredSite> = session
            .sites
            .iter()
            .map(|site| StoredSite {
                site: site.site,
                minutes: site.minutes,
            })
            .collect();
        guns.push([
            bytes(session.id),
            bytes(session.patient_id),
            bytes(session.clinic_id),
            moment(session.started_at),
            moment(session.logged_at),
            Value::Small(
                session
                    .ppm
                    .map(|ppm| i32::try_from(ppm).unwrap_or(i32::MAX)),
            ),
            text(to_json(&sites)?),
        ]);
    }
    let mut running = Rows::new(
        "running_weeks",
        &[
            "patient_id",
            "clinic_id",
            "week_start",
            "distance_km",
            "hard_sessions",
            "updated_at",
        ],
    );
    for week in &batch.running_weeks {
        running.push([
            bytes(week.patient_id),
            bytes(week.clinic_id),
            text(week.week.week_start.to_string()),
            Value::Real(Some(week.week.distance_km)),
            small(week.week.hard_sessions),
            moment(week.week.updated_at),
        ]);
    }
    Ok([questionnaires, screenings, guns, running])
}

fn appointments(batch: &BulkBatch) -> Rows {
    let mut rows = Rows::new(
        "appointments",
        &[
            "id",
            "clinic_id",
            "patient_id",
            "clinician_id",
            "type_id",
            "resource_id",
            "series_id",
            "start_at",
            "end_at",
            "busy_start",
            "busy_end",
            "buffer_before_minutes",
            "buffer_after_minutes",
            "status",
            "created_at",
            "created_by",
        ],
    );
    for bulk in &batch.appointments {
        let new = &bulk.appointment;
        let before = jiff::SignedDuration::from_mins(i64::from(new.buffer_before_minutes));
        let after = jiff::SignedDuration::from_mins(i64::from(new.buffer_after_minutes));
        rows.push([
            bytes(new.id),
            bytes(new.clinic_id),
            bytes(new.patient_id),
            bytes(new.clinician_id),
            bytes(new.type_id),
            opt_bytes(new.resource_id),
            opt_bytes(new.series_id),
            moment(new.start),
            moment(new.end),
            moment(new.start.checked_sub(before).unwrap_or(new.start)),
            moment(new.end.checked_add(after).unwrap_or(new.end)),
            Value::Big(Some(i64::from(new.buffer_before_minutes))),
            Value::Big(Some(i64::from(new.buffer_after_minutes))),
            text("booked"),
            moment(bulk.created_at),
            bytes(new.created_by),
        ]);
    }
    rows
}

fn audit(batch: &BulkBatch) -> Rows {
    let mut rows = Rows::new(
        "audit_log",
        &[
            "id",
            "at",
            "clinic_id",
            "actor_id",
            "actor_role",
            "patient_id",
            "action",
            "target",
            "ip",
            "detail",
        ],
    );
    for entry in &batch.audit {
        rows.push([
            bytes(entry.id),
            moment(entry.at),
            opt_bytes(entry.clinic_id),
            opt_bytes(entry.actor_id),
            Value::Text(entry.actor_role.map(|role| role.as_str().to_string())),
            opt_bytes(entry.patient_id),
            text(&entry.action),
            text(&entry.target),
            Value::Text(entry.ip.clone()),
            Value::Text(entry.detail.clone()),
        ]);
    }
    rows
}

#[async_trait]
impl<B: Backend> BulkStore for SqlStore<B> {
    async fn write_bulk(&self, batch: &BulkBatch) -> StoreResult<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let mut tx = self.write().await?;
        if B::NAME == "postgres" {
            // Generated data can be generated again: the commit need not wait for the disk.
            crate::db::query("SET LOCAL synchronous_commit = off")
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
        }
        write_batch(&mut tx, batch, B::NAME == "postgres").await?;
        tx.commit().await
    }
}

/// Writes every row of `batch` on `connection` (inside the caller's transaction), parents
/// before children so that every foreign key finds its row.
pub(crate) async fn write_batch(
    connection: &mut Connection,
    batch: &BulkBatch,
    numbered: bool,
) -> StoreResult<()> {
    let mut tables = Vec::with_capacity(15);
    tables.extend(users(batch));
    tables.extend(care(batch)?);
    tables.extend(training(batch)?);
    tables.extend(outcomes(batch)?);
    tables.push(appointments(batch));
    tables.push(audit(batch));
    for rows in tables {
        rows.insert(connection, numbered).await?;
    }
    Ok(())
}
