//! Small builders for test records.

use jiff::Timestamp;
use tendo_store::Store;
use tendo_store::accounts::{Clinic, NewClinic, NewUser, Profession, Role, User};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::{ClinicId, UserId};

pub fn audit(action: &str) -> AuditEntry {
    AuditEntry::new(action, "test")
}

pub async fn clinic(store: &dyn Store, slug: &str) -> Clinic {
    store
        .create_clinic(
            &NewClinic {
                id: ClinicId::new(),
                slug: slug.into(),
                name: format!("Clinic {slug}"),
                time_zone: "Europe/London".into(),
                currency: "GBP".into(),
                created_at: Timestamp::now(),
            },
            &audit("clinic.create"),
        )
        .await
        .expect("clinic is created")
}

pub fn new_user(clinic: &Clinic, email: &str, role: Role) -> NewUser {
    NewUser {
        id: UserId::new(),
        clinic_id: clinic.id,
        email: email.into(),
        name: format!("User {email}"),
        role,
        profession: (role == Role::Clinician).then_some(Profession::Physiotherapist),
        time_zone: "Europe/Paris".into(),
        password_hash: Some("$argon2id$fake".into()),
        care_clinician: None,
        created_at: Timestamp::now(),
    }
}

pub async fn user(store: &dyn Store, clinic: &Clinic, email: &str, role: Role) -> User {
    store
        .create_user(&new_user(clinic, email, role), &audit("user.create"))
        .await
        .expect("user is created")
}

pub async fn clinic_result(store: &dyn Store, slug: &str) -> tendo_store::StoreResult<Clinic> {
    store
        .create_clinic(
            &NewClinic {
                id: ClinicId::new(),
                slug: slug.into(),
                name: format!("Clinic {slug}"),
                time_zone: "Europe/London".into(),
                currency: "GBP".into(),
                created_at: Timestamp::now(),
            },
            &audit("clinic.create"),
        )
        .await
}
