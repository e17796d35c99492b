//! The authorisation matrix: every route of `routes::specs()` with every kind of caller, and
//! ids that belong to someone else. Refused requests get 401 (or the sign-in page), 403, or 404
//! for what the caller may not know exists; allowed requests on a patient's data leave an entry
//! in the audit log.

use jiff::Timestamp;
use reqwest::Method;
use tendo_app::secrets::token_hash;
use tendo_store::Store;
use tendo_store::accounts::{Clinic, NewApiToken, NewClinic, NewUser, Role, Scope, User};
use tendo_store::audit::{AuditEntry, AuditQuery};
use tendo_store::booking::{AppointmentKind, AppointmentType, BookingChange, NewAppointment};
use tendo_store::clinic::{NewNote, NoteKind, NoteSections};
use tendo_store::ids::{
    ApiTokenId, AppointmentId, AppointmentTypeId, ClinicId, RecordId, UserId, WaitingEntryId,
};
use tendo_store::waiting::WaitingEntry;
use tendo_web::routes::{Access, RouteSpec, specs};

use crate::harness::{Session, TestServer};

trait Tail {
    fn simple_tail(&self) -> String;
}

impl Tail for UserId {
    /// The random end of the id, unique per call.
    fn simple_tail(&self) -> String {
        self.uuid().simple().to_string()[20..].to_string()
    }
}

/// The people of the matrix: two clinics, so that nothing may cross between them.
pub(crate) struct World {
    north: Clinic,
    /// The patient whose ids appear in the paths.
    patient: User,
    /// Another patient of the same clinic.
    other_patient: User,
    /// A clinician caring for `patient`.
    carer: User,
    /// A clinician of the same clinic not caring for `patient`.
    colleague: User,
    admin: User,
    south_admin: User,
    south_clinician: User,
    south_patient: User,
    /// A token of `patient`.
    patient_token: ApiTokenId,
    /// An appointment type of the north clinic.
    appointment_type: AppointmentTypeId,
    /// A video appointment of `patient` with `carer`, a month ahead.
    appointment: AppointmentId,
    /// A draft clinical note about `patient` by `carer`.
    note: RecordId,
    /// `patient`'s place on the waiting list.
    waiting_entry: WaitingEntryId,
    /// A day the north clinic is closed.
    closure: RecordId,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Who {
    Anonymous,
    Patient,
    OtherPatient,
    Carer,
    Colleague,
    Admin,
    SouthAdmin,
    SouthClinician,
    SouthPatient,
}

const EVERYONE: [Who; 9] = [
    Who::Anonymous,
    Who::Patient,
    Who::OtherPatient,
    Who::Carer,
    Who::Colleague,
    Who::Admin,
    Who::SouthAdmin,
    Who::SouthClinician,
    Who::SouthPatient,
];

async fn clinic(store: &dyn Store, slug: &str) -> Clinic {
    store
        .create_clinic(
            &NewClinic {
                id: ClinicId::new(),
                slug: slug.into(),
                name: slug.into(),
                time_zone: "Europe/London".into(),
                currency: "GBP".into(),
                created_at: Timestamp::now(),
            },
            &AuditEntry::new("clinic.create", "matrix"),
        )
        .await
        .unwrap()
}

async fn person(
    store: &dyn Store,
    clinic: &Clinic,
    email: &str,
    role: Role,
    carer: Option<UserId>,
) -> User {
    store
        .create_user(
            &NewUser {
                id: UserId::new(),
                clinic_id: clinic.id,
                email: email.into(),
                name: email.into(),
                role,
                profession: (role == Role::Clinician)
                    .then_some(tendo_store::accounts::Profession::Physiotherapist),
                time_zone: "Europe/London".into(),
                password_hash: None,
                care_clinician: carer,
                created_at: Timestamp::now(),
            },
            &AuditEntry::new("user.create", "matrix"),
        )
        .await
        .unwrap()
}

/// Builds the world. Each allowed request gets a world of its own, so that what one request
/// changes cannot decide another's outcome.
pub(crate) async fn world(server: &TestServer) -> World {
    let store = server.store();
    let tag = UserId::new().simple_tail();
    let north = clinic(store, &format!("north-{tag}")).await;
    let south = clinic(store, &format!("south-{tag}")).await;
    let carer = person(
        store,
        &north,
        &format!("carer-{tag}@n.test"),
        Role::Clinician,
        None,
    )
    .await;
    let colleague = person(
        store,
        &north,
        &format!("colleague-{tag}@n.test"),
        Role::Clinician,
        None,
    )
    .await;
    let patient = person(
        store,
        &north,
        &format!("patient-{tag}@n.test"),
        Role::Patient,
        Some(carer.id),
    )
    .await;
    let other_patient = person(
        store,
        &north,
        &format!("other-{tag}@n.test"),
        Role::Patient,
        None,
    )
    .await;
    let admin = person(
        store,
        &north,
        &format!("admin-{tag}@n.test"),
        Role::Admin,
        None,
    )
    .await;
    let south_clinician = person(
        store,
        &south,
        &format!("sc-{tag}@s.test"),
        Role::Clinician,
        None,
    )
    .await;
    let south_patient = person(
        store,
        &south,
        &format!("sp-{tag}@s.test"),
        Role::Patient,
        Some(south_clinician.id),
    )
    .await;
    let south_admin = person(
        store,
        &south,
        &format!("sa-{tag}@s.test"),
        Role::Admin,
        None,
    )
    .await;
    let patient_token = ApiTokenId::new();
    store
        .create_api_token(
            &NewApiToken {
                id: patient_token,
                user_id: patient.id,
                name: "matrix".into(),
                token_hash: token_hash(&format!("matrix-{tag}")),
                scopes: vec![Scope::Read, Scope::Write],
                created_at: Timestamp::now(),
                expires_at: None,
            },
            &AuditEntry::new("token.create", "matrix"),
        )
        .await
        .unwrap();
    let (appointment_type, appointment) = booking(store, &north, &patient, &carer).await;
    let note = RecordId::new();
    store
        .add_note(
            &NewNote {
                id: note,
                patient_id: patient.id,
                clinic_id: north.id,
                author_id: carer.id,
                kind: NoteKind::FollowUp,
                sections: NoteSections {
                    subjective: "Sore after hills.".into(),
                    ..NoteSections::default()
                },
                created_at: Timestamp::now(),
            },
            &AuditEntry::new("note.add", "matrix"),
        )
        .await
        .unwrap();
    let (waiting, _) = store
        .join_waiting_list(
            &WaitingEntry {
                id: WaitingEntryId::new(),
                clinic_id: north.id,
                patient_id: patient.id,
                type_id: appointment_type,
                clinician_id: None,
                from: jiff::civil::date(2030, 1, 1),
                to: jiff::civil::date(2030, 1, 14),
                created_at: Timestamp::now(),
            },
            &AuditEntry::new("waiting-list.join", "matrix"),
        )
        .await
        .unwrap();
    let closure = RecordId::new();
    store
        .add_clinic_closure(
            &tendo_store::closures::ClinicClosure {
                id: closure,
                clinic_id: north.id,
                date: jiff::civil::date(2030, 12, 25),
                note: "Christmas Day".into(),
                created_at: Timestamp::now(),
            },
            &AuditEntry::new("clinic.closure", "matrix"),
        )
        .await
        .unwrap();
    World {
        note,
        closure,
        waiting_entry: waiting.id,
        appointment_type,
        appointment,
        north,
        patient,
        other_patient,
        carer,
        colleague,
        admin,
        south_admin,
        south_clinician,
        south_patient,
        patient_token,
    }
}

/// A video appointment type of the clinic and an appointment of `patient` with `carer`.
async fn booking(
    store: &dyn Store,
    north: &Clinic,
    patient: &User,
    carer: &User,
) -> (AppointmentTypeId, AppointmentId) {
    let kind = AppointmentType {
        id: AppointmentTypeId::new(),
        clinic_id: north.id,
        kind: AppointmentKind::VideoFollowUp,
        name: "Video follow-up".into(),
        description: String::new(),
        duration_minutes: 30,
        price_minor: 4000,
        currency: "GBP".into(),
        buffer_before_minutes: 0,
        buffer_after_minutes: 0,
        profession: None,
        clinicians: Vec::new(),
        resource: None,
        active: true,
    };
    store
        .save_appointment_type(&kind, &AuditEntry::new("type", "matrix"))
        .await
        .unwrap();
    let id = AppointmentId::new();
    let start = Timestamp::now() + jiff::SignedDuration::from_hours(24 * 30);
    store
        .change_bookings(
            &BookingChange {
                clinic_id: north.id,
                cancel: Vec::new(),
                cancel_reason: None,
                book: vec![NewAppointment {
                    id,
                    clinic_id: north.id,
                    patient_id: patient.id,
                    clinician_id: carer.id,
                    type_id: kind.id,
                    resource_id: None,
                    series_id: None,
                    start,
                    end: start + jiff::SignedDuration::from_mins(30),
                    buffer_before_minutes: 0,
                    buffer_after_minutes: 0,
                    created_by: patient.id,
                }],
                series: None,
                mail: Vec::new(),
                reminders: Vec::new(),
                by: patient.id,
                at: Timestamp::now(),
                request: None,
            },
            &AuditEntry::new("book", "matrix"),
        )
        .await
        .unwrap();
    (kind.id, id)
}

impl World {
    pub(crate) fn user(&self, who: Who) -> Option<&User> {
        match who {
            Who::Anonymous => None,
            Who::Patient => Some(&self.patient),
            Who::OtherPatient => Some(&self.other_patient),
            Who::Carer => Some(&self.carer),
            Who::Colleague => Some(&self.colleague),
            Who::Admin => Some(&self.admin),
            Who::SouthAdmin => Some(&self.south_admin),
            Who::SouthClinician => Some(&self.south_clinician),
            Who::SouthPatient => Some(&self.south_patient),
        }
    }

    /// The path of `spec` with every parameter replaced by something of `patient`'s (or of the
    /// north clinic's), so that callers other than them are asking for someone else's data.
    pub(crate) fn path(&self, spec: &RouteSpec) -> String {
        let mut path = spec.path.to_string();
        let public = spec.access == Access::Public;
        let replacements = [
            ("{patient}", self.patient.id.to_string()),
            ("{user}", self.carer.id.to_string()),
            ("{clinic}", self.north.slug.clone()),
            ("{type}", self.appointment_type.to_string()),
            ("{appointment}", self.appointment.to_string()),
            ("{note}", self.note.to_string()),
            ("{entry}", self.waiting_entry.to_string()),
            ("{closure}", self.closure.to_string()),
            ("{step}", "condition".to_string()),
            ("{topic}", "inside-the-tendon".to_string()),
            ("{exercise}", "heel-raise-two-legs-floor".to_string()),
            (
                "{token}",
                if public {
                    "not-a-real-token".to_string()
                } else {
                    self.patient_token.to_string()
                },
            ),
        ];
        for (placeholder, value) in replacements {
            path = path.replace(placeholder, &value);
        }
        assert!(
            !path.contains('{'),
            "the matrix does not know a parameter of {}: add it to World::path",
            spec.path
        );
        path
    }

    /// Whether `who` may call `spec` on this world's ids.
    fn may(&self, spec: &RouteSpec, who: Who) -> bool {
        let Some(user) = self.user(who) else {
            return spec.access == Access::Public;
        };
        let (roles, patient_data) = match spec.access {
            Access::Public => return true,
            Access::Roles(roles) => (roles, false),
            Access::PatientData(roles) => (roles, true),
        };
        if !roles.contains(&user.role) {
            return false;
        }
        let owns_params = if spec.path.contains("{token}") {
            who == Who::Patient
        } else if spec.path.ends_with("/video") || spec.path.ends_with("/video/signal") {
            // Only the appointment's patient and clinician join its video room.
            matches!(who, Who::Patient | Who::Carer)
        } else if spec.path.contains("{closure}") {
            // A closure is its clinic's.
            user.clinic_id == self.north.id
        } else if spec.path.contains("{entry}") {
            // A place on the waiting list is its patient's alone.
            who == Who::Patient
        } else if spec.path.contains("{appointment}") {
            matches!(who, Who::Patient | Who::Carer | Who::Admin)
        } else if spec.path.contains("{clinic}") || spec.path.contains("{type}") {
            user.clinic_id == self.north.id
        } else if spec.path.contains("{user}") {
            user.clinic_id == self.north.id && user.role == Role::Admin
        } else {
            true
        };
        let sees_patient = !patient_data || matches!(who, Who::Patient | Who::Carer | Who::Admin);
        owns_params && sees_patient
    }
}

async fn send(server: &TestServer, session: Option<&Session>, spec: &RouteSpec, path: &str) -> u16 {
    let upload = tendo_web::auth::middleware::UPLOAD_ROUTES.contains(&spec.path);
    let url = match session {
        // An upload's multipart form sends its CSRF token in the query string.
        Some(session) if upload => server.url(&format!("{path}?_csrf={}", session.csrf)),
        _ => server.url(path),
    };
    let method = Method::from_bytes(spec.method.as_str().as_bytes()).unwrap();
    let request = match session {
        Some(session) => session.client.request(method.clone(), &url),
        None => server.client().request(method.clone(), &url),
    };
    let request = if method == Method::GET {
        request
    } else if spec.is_api() {
        let csrf = session
            .map(|session| session.csrf.clone())
            .unwrap_or_default();
        request
            .header("x-csrf-token", csrf)
            .json(&serde_json::json!({}))
    } else {
        let csrf = session
            .map(|session| session.csrf.clone())
            .unwrap_or_default();
        request.form(&[("_csrf", csrf)])
    };
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let to_login = response
        .headers()
        .get("location")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|location| location.starts_with("/login"));
    let signs_out = spec.path == "/logout" || spec.path == "/account/logout-everywhere";
    if status == 303 && to_login && !(signs_out && session.is_some()) {
        // Sent to the sign-in page: the caller was not recognised, which counts as 401.
        return 401;
    }
    status
}

fn refused(status: u16) -> bool {
    matches!(status, 401 | 403 | 404)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_route_refuses_callers_without_rights_and_audits_patient_data() {
    let server = TestServer::start().await;
    let mut failures = Vec::new();
    for spec in specs() {
        let shared = world(&server).await;
        let path = shared.path(&spec);
        // Refused callers first, all on one world: they must change nothing.
        for who in EVERYONE {
            if shared.may(&spec, who) {
                continue;
            }
            let session = match shared.user(who) {
                Some(user) => Some(server.session_for(user).await),
                None => None,
            };
            let status = send(&server, session.as_ref(), &spec, &path).await;
            let expected: &[u16] = match who {
                Who::Anonymous => &[401],
                Who::OtherPatient | Who::SouthAdmin | Who::SouthClinician | Who::SouthPatient
                    if spec.path.contains("{patient}")
                        || spec.path.contains("{token}")
                        || spec.path.contains("{appointment}") =>
                {
                    &[404, 403]
                }
                _ => &[403, 404],
            };
            if !expected.contains(&status) {
                failures.push(format!(
                    "{} {} as {who:?}: got {status}, expected one of {expected:?}",
                    spec.method, spec.path
                ));
            }
        }
        // Each allowed caller on a world of their own.
        for who in EVERYONE {
            if !shared.may(&spec, who) {
                continue;
            }
            let world = world(&server).await;
            let path = world.path(&spec);
            let session = match world.user(who) {
                Some(user) => Some(server.session_for(user).await),
                None => None,
            };
            let status = send(&server, session.as_ref(), &spec, &path).await;
            // A public route may answer 401 (wrong credentials) or 404 (an unknown link); only
            // an authorisation refusal (403) is wrong there.
            let wrongly_refused = if spec.access == Access::Public {
                status == 403
            } else {
                refused(status)
            };
            if wrongly_refused {
                failures.push(format!(
                    "{} {} as {who:?}: refused with {status} but should be allowed",
                    spec.method, spec.path
                ));
                continue;
            }
            if let (Access::PatientData(_), Some(user)) = (spec.access, world.user(who)) {
                let entries = server
                    .store()
                    .audit_entries(
                        world.north.id,
                        &AuditQuery {
                            patient_id: Some(world.patient.id),
                            actor_id: Some(user.id),
                            before: None,
                            limit: 10,
                        },
                    )
                    .await
                    .unwrap();
                if entries.is_empty() {
                    failures.push(format!(
                        "{} {} as {who:?}: allowed but left no audit entry about the patient",
                        spec.method, spec.path
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_route_declares_who_may_call_it_and_paths_are_unique() {
    let specs = specs();
    let mut seen = std::collections::BTreeSet::new();
    for spec in &specs {
        assert!(
            seen.insert((spec.method.to_string(), spec.path)),
            "{} {} is declared twice",
            spec.method,
            spec.path
        );
        if spec.path.contains("{patient}") {
            assert!(
                matches!(spec.access, Access::PatientData(_)),
                "{} takes a patient id, so its access must be PatientData",
                spec.path
            );
        }
    }
}
