//! The caseload's reads: a clinician's patients and the bounded windows of their records.
//!
//! Every query starts from the clinician's rows of `care_team` and reaches each patient's rows
//! through an index on `(patient_id, …)` with the window's lower bound, or takes one row at the
//! end of such an index (`ORDER BY … LIMIT 1`, `MAX`). None reads a patient's whole history, so
//! the cost follows the number of patients and the window, not the years of logs.
//! [`CASELOAD_QUERIES`] lists them so a test can show each plan on SQLite.

use std::collections::HashMap;

use crate::db::Readers;
use crate::db::Row;
use jiff::Timestamp;
use jiff::civil::Date;
use tendo_store::booking::Appointment;
use tendo_store::clinic::{CaseloadMember, CaseloadPatient, PatientsOf};
use tendo_store::ids::{ClinicId, Id, UserId};
use tendo_store::{StoreError, StoreResult};

use crate::accounts::user_from;
use crate::booking_diary::appointment_from;
use crate::care::plan_from;
use crate::clinic::refusal_from;
use crate::codec::{RowExt, micros, store_error};

/// The patients with their intake, first and latest scores and unread messages.
/// `$1` clinician, `$2` clinic.
pub const PATIENTS: &str = "SELECT u.id, u.clinic_id, u.email, u.name, u.role, u.profession, \
    u.time_zone, u.created_at, u.locked_until, i.answers AS intake_answers, \
    i.completed_at AS intake_completed_at, \
    (SELECT q.taken_on || ' ' || q.score FROM questionnaire_responses q \
      WHERE q.patient_id = c.patient_id ORDER BY q.taken_at LIMIT 1) AS score_first, \
    (SELECT q.taken_on || ' ' || q.score FROM questionnaire_responses q \
      WHERE q.patient_id = c.patient_id ORDER BY q.taken_at DESC LIMIT 1) AS score_1, \
    (SELECT q.taken_on || ' ' || q.score FROM questionnaire_responses q \
      WHERE q.patient_id = c.patient_id ORDER BY q.taken_at DESC LIMIT 1 OFFSET 1) AS score_2, \
    (SELECT q.taken_on || ' ' || q.score FROM questionnaire_responses q \
      WHERE q.patient_id = c.patient_id ORDER BY q.taken_at DESC LIMIT 1 OFFSET 2) AS score_3, \
    (SELECT COUNT(*) FROM messages m WHERE m.patient_id = c.patient_id AND m.author_id <> $1 \
      AND m.created_at > COALESCE((SELECT r.last_read_at FROM message_reads r \
        WHERE r.patient_id = c.patient_id AND r.reader_id = $1), 0)) AS unread \
    FROM care_team c \
    JOIN patients p ON p.user_id = c.patient_id \
    JOIN users u ON u.id = c.patient_id \
    LEFT JOIN intakes i ON i.patient_id = c.patient_id \
    WHERE c.clinician_id = $1 AND p.clinic_id = $2 AND u.deleted_at IS NULL";

/// The care team's patients with their revisions and when the clinician last read their
/// messages: what the caseload's cache compares. `$1` clinician, `$2` clinic.
pub const MEMBERS: &str = "SELECT c.patient_id, p.revision, \
    (SELECT r.last_read_at FROM message_reads r \
      WHERE r.patient_id = c.patient_id AND r.reader_id = $1) AS last_read_at \
    FROM care_team c \
    JOIN patients p ON p.user_id = c.patient_id \
    WHERE c.clinician_id = $1 AND p.clinic_id = $2";

/// The latest plan version of each patient. `$1` clinician, `$2` clinic.
pub const PLANS: &str = "SELECT pv.id, pv.patient_id, pv.version, pv.created_at, \
    pv.created_by, pv.cause, pv.condition_name, pv.side, pv.protocol, pv.level, \
    pv.weeks_at_level, pv.eased, pv.sessions_per_week, pv.programme_start, pv.reasons, \
    pv.reviewed_at, pv.reviewed_by, pv.change_note, pv.adjustments, pv.equipment \
    FROM care_team c \
    JOIN plan_versions pv ON pv.patient_id = c.patient_id \
      AND pv.version = (SELECT MAX(x.version) FROM plan_versions x \
        WHERE x.patient_id = c.patient_id) \
    WHERE c.clinician_id = $1 AND pv.clinic_id = $2";

/// Sessions from a day on. `$1` clinician, `$2` clinic, `$3` the first day.
pub const SESSIONS: &str = "SELECT s.patient_id, s.session_date, s.pain_during, s.pain_after \
    FROM care_team c \
    JOIN training_sessions s ON s.patient_id = c.patient_id AND s.session_date >= $3 \
    WHERE c.clinician_id = $1 AND s.clinic_id = $2";

/// Check-ins from a day on. `$1` clinician, `$2` clinic, `$3` the first day.
pub const CHECKINS: &str = "SELECT k.patient_id, k.session_date, k.pain \
    FROM care_team c \
    JOIN checkins k ON k.patient_id = c.patient_id AND k.session_date >= $3 \
    WHERE c.clinician_id = $1 AND k.clinic_id = $2";

/// Refused massage-gun attempts from a moment on. `$1` clinician, `$2` clinic, `$3` since.
pub const REFUSALS: &str = "SELECT g.id, g.patient_id, g.clinic_id, g.at, g.local_date, \
    g.breaches, g.rules, g.detail \
    FROM care_team c \
    JOIN massage_gun_refusals g ON g.patient_id = c.patient_id AND g.at >= $3 \
    WHERE c.clinician_id = $1 AND g.clinic_id = $2";

/// The booked appointments of the care team's patients starting in a window (each patient's
/// earliest is the caseload's "next appointment"; sorted after the read, which keeps the plan
/// free of a sort). `$1` clinician, `$2` clinic, `$3` from, `$4` until.
///
/// `CROSS JOIN` is SQLite's way of keeping the order as written (PostgreSQL plans it as any
/// join): from the care team, then each patient's appointments by `(patient_id, start_at)`.
/// Without it SQLite, which keeps no statistics here, chose to walk the clinic's whole diary
/// by its `(clinic_id, …)` index: 2 caseloads a second on the large clinic instead of 18.
pub const UPCOMING: &str = "SELECT a.* FROM care_team c CROSS JOIN appointments a \
    WHERE c.clinician_id = $1 AND a.patient_id = c.patient_id \
    AND a.start_at >= $3 AND a.start_at < $4 AND a.clinic_id = $2 AND a.status = 'booked'";

/// The same for the clinic's patients nobody cares for yet (the triage list), from the
/// clinic's patients in the same way. `$1` clinic, `$2` from, `$3` until.
pub const UPCOMING_UNASSIGNED: &str = "SELECT a.* FROM patients p CROSS JOIN appointments a \
    WHERE p.clinic_id = $1 AND a.patient_id = p.user_id \
    AND a.start_at >= $2 AND a.start_at < $3 AND a.clinic_id = $1 AND a.status = 'booked' \
    AND NOT EXISTS (SELECT 1 FROM care_team c WHERE c.patient_id = p.user_id)";

/// Every caseload query with the number of its parameters.
pub const CASELOAD_QUERIES: &[(&str, &str, usize)] = &[
    ("members", MEMBERS, 2),
    ("patients", PATIENTS, 2),
    ("plans", PLANS, 2),
    ("sessions", SESSIONS, 3),
    ("checkins", CHECKINS, 3),
    ("refusals", REFUSALS, 3),
    ("upcoming", UPCOMING, 4),
];

/// The booked appointments of `whose` patients starting in `[from, to)`, earliest first.
pub(crate) async fn upcoming(
    pool: &Readers,
    clinic: ClinicId,
    whose: PatientsOf,
    from: Timestamp,
    to: Timestamp,
) -> StoreResult<Vec<Appointment>> {
    let query = match whose {
        PatientsOf::CareTeam(clinician) => crate::db::query(UPCOMING)
            .bind(clinician.to_bytes())
            .bind(clinic.to_bytes()),
        PatientsOf::NoCareTeam => crate::db::query(UPCOMING_UNASSIGNED).bind(clinic.to_bytes()),
    };
    let rows = query
        .bind(micros(from))
        .bind(micros(to))
        .fetch_all(pool)
        .await
        .map_err(store_error)?;
    let mut booked = rows
        .iter()
        .map(appointment_from)
        .collect::<StoreResult<Vec<_>>>()?;
    booked.sort_by_key(|appointment| (appointment.start, appointment.id));
    Ok(booked)
}

fn score(row: &Row, column: &'static str) -> StoreResult<Option<(Date, u8)>> {
    Ok(row.opt_text(column)?.and_then(|text| {
        let (date, score) = text.split_once(' ')?;
        Some((date.parse().ok()?, score.trim().parse().ok()?))
    }))
}

fn small(value: i64) -> u8 {
    u8::try_from(value).unwrap_or(u8::MAX)
}

async fn fetch(
    pool: &Readers,
    sql: &'static str,
    clinician: UserId,
    clinic: ClinicId,
    third: Option<Third>,
) -> StoreResult<Vec<Row>> {
    let query = crate::db::query(sql)
        .bind(clinician.to_bytes())
        .bind(clinic.to_bytes());
    let query = match third {
        Some(Third::Day(day)) => query.bind(day.to_string()),
        Some(Third::Moment(at)) => query.bind(micros(at)),
        None => query,
    };
    query.fetch_all(pool).await.map_err(store_error)
}

enum Third {
    Day(Date),
    Moment(Timestamp),
}

/// The care team of `clinician` as the caseload's cache checks it.
pub(crate) async fn members(
    pool: &Readers,
    clinic: ClinicId,
    clinician: UserId,
) -> StoreResult<Vec<CaseloadMember>> {
    fetch(pool, MEMBERS, clinician, clinic, None)
        .await?
        .iter()
        .map(|row| {
            Ok(CaseloadMember {
                patient: row.id("patient_id")?,
                revision: u64::try_from(row.int("revision")?).map_err(StoreError::other)?,
                last_read_at: row.opt_moment("last_read_at")?,
            })
        })
        .collect()
}

/// The caseload of `clinician`: five queries, whatever the number of patients.
pub(crate) async fn caseload(
    pool: &Readers,
    clinic: ClinicId,
    clinician: UserId,
    from: Date,
    gun_since: Timestamp,
) -> StoreResult<Vec<CaseloadPatient>> {
    let mut patients = Vec::new();
    let mut index: HashMap<UserId, usize> = HashMap::new();
    for row in fetch(pool, PATIENTS, clinician, clinic, None).await? {
        let user = user_from(&row)?;
        let mut latest_scores = Vec::new();
        for column in ["score_1", "score_2", "score_3"] {
            if let Some(found) = score(&row, column)? {
                latest_scores.push(found);
            }
        }
        index.insert(user.id, patients.len());
        patients.push(CaseloadPatient {
            intake: row
                .opt_text("intake_answers")?
                .and_then(|text| serde_json::from_str(&text).ok()),
            intake_completed: row.opt_int("intake_completed_at")?.is_some(),
            plan: None,
            first_score: score(&row, "score_first")?,
            latest_scores,
            sessions: Vec::new(),
            checkins: Vec::new(),
            gun_refusals: Vec::new(),
            unread_messages: u32::try_from(row.int("unread")?).unwrap_or(u32::MAX),
            user,
        });
    }
    for row in fetch(pool, PLANS, clinician, clinic, None).await? {
        let plan = plan_from(&row)?;
        if let Some(&at) = index.get(&plan.patient_id) {
            patients[at].plan = Some(plan);
        }
    }
    for row in fetch(pool, SESSIONS, clinician, clinic, Some(Third::Day(from))).await? {
        let patient: UserId = row.id("patient_id")?;
        if let Some(&at) = index.get(&patient) {
            patients[at].sessions.push((
                row.date("session_date")?,
                small(row.int("pain_during")?),
                small(row.int("pain_after")?),
            ));
        }
    }
    for row in fetch(pool, CHECKINS, clinician, clinic, Some(Third::Day(from))).await? {
        let patient: UserId = row.id("patient_id")?;
        if let Some(&at) = index.get(&patient) {
            patients[at]
                .checkins
                .push((row.date("session_date")?, small(row.int("pain")?)));
        }
    }
    for row in fetch(
        pool,
        REFUSALS,
        clinician,
        clinic,
        Some(Third::Moment(gun_since)),
    )
    .await?
    {
        let refusal = refusal_from(&row)?;
        if let Some(&at) = index.get(&refusal.patient_id) {
            patients[at].gun_refusals.push(refusal);
        }
    }
    Ok(patients)
}
