//! The audit log: who did what to whose data, when and from where.

use async_trait::async_trait;
use jiff::Timestamp;
use serde::Serialize;

use crate::accounts::Role;
use crate::error::StoreResult;
use crate::ids::{AuditId, ClinicId, UserId};

/// One entry of the audit log.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// The entry's id.
    pub id: AuditId,
    /// When it happened.
    pub at: Timestamp,
    /// The clinic whose data it concerns.
    pub clinic_id: Option<ClinicId>,
    /// Who acted; `None` for the system or an anonymous caller.
    pub actor_id: Option<UserId>,
    /// The actor's role at the time.
    pub actor_role: Option<Role>,
    /// The patient whose data was read or changed, if any.
    pub patient_id: Option<UserId>,
    /// What was done, such as `patient.read` or `plan.change`.
    pub action: String,
    /// What it was done to, such as `plan/3` or a route.
    pub target: String,
    /// Where the request came from.
    pub ip: Option<String>,
    /// More detail, such as the reason given for a change.
    pub detail: Option<String>,
}

impl AuditEntry {
    /// An entry for `action` on `target` by `actor`, now.
    pub fn new(action: impl Into<String>, target: impl Into<String>) -> Self {
        AuditEntry {
            id: AuditId::new(),
            at: Timestamp::now(),
            clinic_id: None,
            actor_id: None,
            actor_role: None,
            patient_id: None,
            action: action.into(),
            target: target.into(),
            ip: None,
            detail: None,
        }
    }

    /// Sets who acted.
    pub fn by(mut self, actor: UserId, role: Role, clinic: ClinicId) -> Self {
        self.actor_id = Some(actor);
        self.actor_role = Some(role);
        self.clinic_id = Some(clinic);
        self
    }

    /// Sets the clinic concerned.
    pub fn in_clinic(mut self, clinic: ClinicId) -> Self {
        self.clinic_id = Some(clinic);
        self
    }

    /// Sets the patient concerned.
    pub fn about(mut self, patient: UserId) -> Self {
        self.patient_id = Some(patient);
        self
    }

    /// Sets where the request came from.
    pub fn from_ip(mut self, ip: Option<String>) -> Self {
        self.ip = ip;
        self
    }

    /// Adds detail.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Copies this entry for another action, keeping who, when and where.
    pub fn with_action(&self, action: impl Into<String>, target: impl Into<String>) -> Self {
        AuditEntry {
            id: AuditId::new(),
            action: action.into(),
            target: target.into(),
            ..self.clone()
        }
    }
}

/// Which entries to list.
#[derive(Clone, Debug, Default)]
pub struct AuditQuery {
    /// Only entries about this patient.
    pub patient_id: Option<UserId>,
    /// Only entries by this actor.
    pub actor_id: Option<UserId>,
    /// Only entries before this moment (for paging backwards).
    pub before: Option<Timestamp>,
    /// At most this many entries.
    pub limit: u32,
}

/// Reading and writing the audit log.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Appends entries that record reads. Changes write their entry in their own transaction.
    async fn record(&self, entries: &[AuditEntry]) -> StoreResult<()>;

    /// A clinic's entries, newest first.
    async fn audit_entries(
        &self,
        clinic: ClinicId,
        query: &AuditQuery,
    ) -> StoreResult<Vec<AuditEntry>>;
}
