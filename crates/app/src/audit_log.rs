//! Reading the clinic's audit log (administrators): newest first, a page at a time, filtered by
//! who acted and whose data it was, with people named rather than shown as ids. Reading the
//! log is itself audited.

use std::collections::HashMap;

use jiff::Timestamp;
use tendo_store::accounts::Role;
use tendo_store::audit::{AuditEntry, AuditQuery};
use tendo_store::ids::UserId;

use crate::App;
use crate::access::Caller;
use crate::error::AppResult;

/// Entries on one page of the audit-log screen.
pub const PAGE_SIZE: u32 = 50;

/// The most entries one read returns (an export).
pub const MAX_ENTRIES: u32 = 100_000;

/// What to read.
#[derive(Clone, Copy, Debug)]
pub struct AuditLogQuery {
    /// Only what this person did.
    pub actor: Option<UserId>,
    /// Only entries about this patient.
    pub patient: Option<UserId>,
    /// Only entries before this moment (the cursor of the next older page).
    pub before: Option<Timestamp>,
    /// At most this many entries, 1 to [`MAX_ENTRIES`].
    pub limit: u32,
}

/// Someone of the clinic, as the filters offer them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// Their id.
    pub id: UserId,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Role,
}

/// An entry with the names of the people it names (`None` for the system, an anonymous caller,
/// or an account since deleted).
#[derive(Clone, Debug)]
pub struct NamedEntry {
    /// The entry.
    pub entry: AuditEntry,
    /// Who acted.
    pub actor_name: Option<String>,
    /// Whose data it was.
    pub patient_name: Option<String>,
}

/// A page of the log.
#[derive(Clone, Debug)]
pub struct AuditLogPage {
    /// The entries, newest first.
    pub entries: Vec<NamedEntry>,
    /// The `before` of the next older page, when there may be one.
    pub older: Option<Timestamp>,
    /// The clinic's people (staff first, then patients, by name), for the filters.
    pub people: Vec<Person>,
}

/// Reads a page of the caller's clinic's audit log (administrators only).
pub async fn read(app: &App, caller: &Caller, query: AuditLogQuery) -> AppResult<AuditLogPage> {
    caller.require_role(&[Role::Admin])?;
    let clinic = caller.user.clinic_id;
    let limit = query.limit.clamp(1, MAX_ENTRIES);
    let found = app
        .store
        .audit_entries(
            clinic,
            &AuditQuery {
                patient_id: query.patient,
                actor_id: query.actor,
                before: query.before,
                limit,
            },
        )
        .await?;
    let mut filters = Vec::new();
    if let Some(actor) = query.actor {
        filters.push(format!("actor={actor}"));
    }
    if let Some(patient) = query.patient {
        filters.push(format!("patient={patient}"));
    }
    let mut audit = caller.audit(
        "audit.read",
        format!("audit?{}", filters.join("&")),
        app.now(),
    );
    if let Some(patient) = query.patient {
        audit = audit.about(patient);
    }
    app.audit.record(audit).await?;
    let mut people = Vec::new();
    for role in [Role::Admin, Role::Clinician, Role::Patient] {
        people.extend(
            app.store
                .users_with_role(clinic, role)
                .await?
                .into_iter()
                .map(|user| Person {
                    id: user.id,
                    name: user.name,
                    role,
                }),
        );
    }
    let names: HashMap<UserId, &str> = people
        .iter()
        .map(|person| (person.id, person.name.as_str()))
        .collect();
    let name_of =
        |id: Option<UserId>| id.and_then(|id| names.get(&id).map(|name| name.to_string()));
    let older = (u32::try_from(found.len()).unwrap_or(u32::MAX) >= limit)
        .then(|| found.last().map(|entry| entry.at))
        .flatten();
    let entries = found
        .into_iter()
        .map(|entry| NamedEntry {
            actor_name: name_of(entry.actor_id),
            patient_name: name_of(entry.patient_id),
            entry,
        })
        .collect();
    Ok(AuditLogPage {
        entries,
        older,
        people,
    })
}
