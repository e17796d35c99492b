//! Who is asking, and what they may see. Every service that touches a patient's data goes
//! through [`patient`].

use jiff::Timestamp;
use tendo_store::Store;
use tendo_store::accounts::{Role, Scope, User};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::UserId;
use tendo_store::patients::PatientSummary;

use crate::error::{AppError, AppResult};

/// Where a request came from.
#[derive(Clone, Debug, Default)]
pub struct RequestMeta {
    /// The client's address.
    pub ip: Option<String>,
    /// The client's browser or program.
    pub user_agent: Option<String>,
}

/// How the caller proved who they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// A browser session.
    Session,
    /// A personal access token with these scopes.
    Token(Vec<Scope>),
}

/// A signed-in caller.
#[derive(Clone, Debug)]
pub struct Caller {
    /// Who they are.
    pub user: User,
    /// How they signed in.
    pub credential: Credential,
    /// Where the request came from.
    pub meta: RequestMeta,
}

/// How the caller relates to a patient whose data they may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// The patient themselves.
    Own,
    /// A clinician in the patient's care team.
    CareTeam,
    /// An administrator of the patient's clinic.
    ClinicAdmin,
}

impl Caller {
    /// The caller's id.
    pub fn id(&self) -> UserId {
        self.user.id
    }

    /// The caller's role.
    pub fn role(&self) -> Role {
        self.user.role
    }

    /// An audit entry for `action` on `target` by this caller, at `at`.
    pub fn audit(&self, action: &str, target: impl Into<String>, at: Timestamp) -> AuditEntry {
        let mut entry = AuditEntry::new(action, target)
            .by(self.user.id, self.user.role, self.user.clinic_id)
            .from_ip(self.meta.ip.clone());
        entry.at = at;
        entry
    }

    /// Refuses a change to a token that may only read.
    pub fn require_write(&self) -> AppResult<()> {
        match &self.credential {
            Credential::Token(scopes) if !scopes.contains(&Scope::Write) => {
                Err(AppError::Forbidden(
                    "this token may only read; its scopes do not include write".into(),
                ))
            }
            _ => Ok(()),
        }
    }

    /// Refuses anyone without one of `roles`.
    pub fn require_role(&self, roles: &[Role]) -> AppResult<()> {
        if roles.contains(&self.user.role) {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!(
                "this is for {} only",
                roles
                    .iter()
                    .map(|role| match role {
                        Role::Patient => "patients",
                        Role::Clinician => "clinicians",
                        Role::Admin => "clinic administrators",
                    })
                    .collect::<Vec<_>>()
                    .join(" and ")
            )))
        }
    }
}

/// Checks that `caller` may see `patient`'s data and returns the patient with how the caller is
/// related to them: the gate every service passes before it reads a patient's data.
///
/// A patient sees only themselves; another patient's id is "not found". A clinician sees the
/// patients of their clinic in their care; another patient of the same clinic is "forbidden",
/// of another clinic "not found". An administrator sees every patient of their clinic.
pub async fn patient(
    app: &crate::App,
    caller: &Caller,
    patient: UserId,
) -> AppResult<(PatientSummary, Relation)> {
    patient_access(&*app.store, caller, patient).await
}

/// Checks that `caller` may see `patient`'s data and returns the patient.
///
/// A patient sees only themselves; another patient's id is "not found" (they may not learn it
/// exists). A clinician sees the patients of their clinic in their care; another patient of the
/// same clinic is "forbidden", of another clinic "not found". An administrator sees every
/// patient of their clinic.
pub(crate) async fn patient_access(
    store: &dyn Store,
    caller: &Caller,
    patient: UserId,
) -> AppResult<(PatientSummary, Relation)> {
    let relation = match caller.user.role {
        Role::Patient if caller.user.id == patient => Relation::Own,
        Role::Patient => return Err(AppError::NotFound),
        Role::Clinician => Relation::CareTeam,
        Role::Admin => Relation::ClinicAdmin,
    };
    let summary = store.patient(caller.user.clinic_id, patient).await?;
    if relation == Relation::CareTeam && !summary.care_team.contains(&caller.user.id) {
        return Err(AppError::Forbidden(
            "this patient is not in your care; ask a clinic administrator to add you to their \
             care team"
                .into(),
        ));
    }
    Ok((summary, relation))
}
