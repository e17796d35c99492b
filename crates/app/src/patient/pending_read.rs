//! The audit entry of a read that a change begins with, written with the change.
//!
//! A service reads a patient's record before it changes it (the plan, today's sessions), and
//! every read is in the audit log before anything is answered. Written on its own, the read's
//! entry costs the change a commit of its own to wait for, before the change's commit; written
//! in the change's transaction, beside the change's own entry, the two share one commit. The
//! read is still in the audit log before any answer: with the change when the change is made,
//! alone (before the refusal goes out) when it is not.

use tendo_store::audit::AuditEntry;

use crate::App;
use crate::error::AppResult;

/// A read's audit entry not yet written. It must reach the audit log before the caller is
/// answered: in the change's transaction ([`PendingRead::with_change`]) when the change is
/// made, otherwise alone ([`PendingRead::unless_changed`], [`PendingRead::record_alone`]).
#[derive(Debug)]
#[must_use = "a read must reach the audit log, with the change or alone"]
pub struct PendingRead {
    entry: AuditEntry,
}

impl PendingRead {
    pub(super) fn new(entry: AuditEntry) -> Self {
        PendingRead { entry }
    }

    /// The entries a change's transaction writes: this read's, then the change's own.
    pub fn with_change(&self, change: AuditEntry) -> [AuditEntry; 2] {
        [self.entry.clone(), change]
    }

    /// Writes the read alone, and returns once it is durable.
    pub async fn record_alone(self, app: &App) -> AppResult<()> {
        app.audit.record(self.entry).await
    }

    /// Passes on the outcome of a change that wrote this read with its own entry when it
    /// succeeded. When it failed (before its transaction, or with it rolled back) the read is
    /// written alone first; if even that fails, that failure is answered instead.
    ///
    /// `changed` must end with the change's transaction: an error after a committed change
    /// would write the read twice.
    pub async fn unless_changed<T>(self, app: &App, changed: AppResult<T>) -> AppResult<T> {
        self.unless_changed_when(app, changed, |_| true).await
    }

    /// As [`PendingRead::unless_changed`], for a service whose success does not always make
    /// a change (a draft already gone, a repeat answered with the first result): the read is
    /// written alone unless the outcome succeeded and `changed` says it wrote the read.
    ///
    /// `outcome` must end with the change's transaction, as for `unless_changed`.
    pub async fn unless_changed_when<T>(
        self,
        app: &App,
        outcome: AppResult<T>,
        changed: impl FnOnce(&T) -> bool,
    ) -> AppResult<T> {
        if !outcome.as_ref().is_ok_and(changed) {
            self.record_alone(app).await?;
        }
        outcome
    }
}
