//! A generated clinic: its administrator and clinicians (every third a massage therapist), their
//! working hours, two appointment types, and a diary of follow-ups every four weeks for each
//! patient with their physiotherapist, laid out so that no two overlap.

use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use tendo_store::Store;
use tendo_store::accounts::{Clinic, NewClinic, NewUser, Profession, Role};
use tendo_store::audit::AuditEntry;
use tendo_store::booking::{AppointmentKind, AppointmentType, NewAppointment, WeeklyHours};
use tendo_store::bulk::{BulkAppointment, BulkBatch};
use tendo_store::ids::{AppointmentId, AppointmentTypeId, ClinicId, UserId};

use super::super::history::at;
use super::BulkScale;
use crate::error::AppResult;
use crate::patient::week_start;

/// The time zone of generated clinics and people.
pub(crate) const ZONE: &str = "Europe/London";

/// A clinic being generated.
#[derive(Clone, Debug)]
pub(crate) struct GeneratedClinic {
    /// The clinic.
    pub clinic: Clinic,
    /// Its email domain.
    pub domain: String,
    /// Its administrator.
    pub admin: NewUser,
    /// Its clinicians, physiotherapists and massage therapists.
    pub clinicians: Vec<NewUser>,
    /// The physiotherapists, who care for the patients in turn.
    pub physios: Vec<UserId>,
    /// The follow-up appointment type.
    pub follow_up: AppointmentType,
}

fn audit(action: &str, target: String, clinic: ClinicId, now: Timestamp) -> AuditEntry {
    let mut entry = AuditEntry::new(action, target).in_clinic(clinic);
    entry.at = now;
    entry
}

fn person(clinic: &Clinic, email: String, name: String, role: Role, hash: &str) -> NewUser {
    NewUser {
        id: UserId::new(),
        clinic_id: clinic.id,
        email,
        name,
        role,
        profession: None,
        time_zone: clinic.time_zone.clone(),
        password_hash: Some(hash.to_string()),
        care_clinician: None,
        created_at: clinic.created_at,
    }
}

/// Creates the clinic `{prefix}-{number}` with its staff, hours and appointment types; its
/// people's addresses end in `@{prefix}-{number}.example`.
pub(crate) async fn set_up(
    store: &dyn Store,
    prefix: &str,
    number: usize,
    scale: &BulkScale,
    hash: &str,
    now: Timestamp,
) -> AppResult<GeneratedClinic> {
    let id = ClinicId::new();
    let slug = format!("{prefix}-{number}");
    let mut name: String = prefix.replace('-', " ");
    if let Some(first) = name.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    let clinic = store
        .create_clinic(
            &NewClinic {
                id,
                slug: slug.clone(),
                name: format!("{name} {number}"),
                time_zone: ZONE.into(),
                currency: "GBP".into(),
                created_at: now,
            },
            &audit("clinic.create", format!("clinic/{id}"), id, now),
        )
        .await?;
    let domain = format!("{slug}.example");
    let admin = person(
        &clinic,
        format!("admin@{domain}"),
        format!("Administrator {number}"),
        Role::Admin,
        hash,
    );
    let mut clinicians = Vec::new();
    let mut physios = Vec::new();
    for n in 1..=scale.clinicians_per_clinic.max(1) {
        let massage = n % 3 == 0;
        let mut clinician = person(
            &clinic,
            format!("clinician{n}@{domain}"),
            format!("Clinician {n}"),
            Role::Clinician,
            hash,
        );
        clinician.profession = Some(if massage {
            Profession::MassageTherapist
        } else {
            Profession::Physiotherapist
        });
        if !massage {
            physios.push(clinician.id);
        }
        clinicians.push(clinician);
    }
    let mut batch = BulkBatch::default();
    batch.users.push(admin.clone());
    batch.users.extend(clinicians.iter().cloned());
    batch.audit.push(
        audit("demo.generate", format!("clinic/{id}"), id, now)
            .detail(format!("{} staff accounts", batch.users.len())),
    );
    store.write_bulk(&batch).await?;
    let weekly: Vec<WeeklyHours> = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
    ]
    .into_iter()
    .map(|weekday| WeeklyHours {
        weekday,
        start: Time::constant(8, 0, 0, 0),
        end: Time::constant(18, 0, 0, 0),
    })
    .collect();
    for clinician in &clinicians {
        let target = format!("user/{}/hours", clinician.id);
        store
            .set_hours(
                id,
                clinician.id,
                &weekly,
                720,
                90,
                &audit("hours.set", target, id, now),
            )
            .await?;
    }
    let follow_up = AppointmentType {
        id: AppointmentTypeId::new(),
        clinic_id: id,
        kind: AppointmentKind::VideoFollowUp,
        name: "Video follow-up".into(),
        description: "A review of your plan and progress with your physiotherapist.".into(),
        duration_minutes: 45,
        price_minor: 6000,
        currency: clinic.settings.currency.clone(),
        buffer_before_minutes: 0,
        buffer_after_minutes: 15,
        profession: Some(Profession::Physiotherapist),
        clinicians: Vec::new(),
        resource: None,
        active: true,
    };
    let massage = AppointmentType {
        id: AppointmentTypeId::new(),
        kind: AppointmentKind::SportsMassage,
        name: "Sports massage".into(),
        description: "Sixty minutes of sports massage.".into(),
        duration_minutes: 60,
        price_minor: 7000,
        buffer_after_minutes: 10,
        profession: Some(Profession::MassageTherapist),
        ..follow_up.clone()
    };
    for kind in [&follow_up, &massage] {
        let target = format!("appointment-type/{}", kind.id);
        store
            .save_appointment_type(kind, &audit("type.save", target, id, now))
            .await?;
    }
    Ok(GeneratedClinic {
        clinic,
        domain,
        admin,
        clinicians,
        physios,
        follow_up,
    })
}

/// Follow-ups every four weeks from the patient's first week until four weeks after today,
/// with the physiotherapist who cares for them. The physiotherapist's `k`th patient comes in
/// the weeks `k mod 4`, at the `k div 4`th of the week's fifty hourly starts (Monday to Friday,
/// 08:00 to 17:00), so that no two appointments overlap; a physiotherapist's patients beyond
/// the 200th get none.
pub(crate) fn follow_ups(
    clinic: &GeneratedClinic,
    patient: UserId,
    physio: UserId,
    k: usize,
    first: Date,
    today: Date,
    now: Timestamp,
) -> Vec<BulkAppointment> {
    let slot = k / 4;
    if slot >= 50 {
        return Vec::new();
    }
    let zone = TimeZone::get(&clinic.clinic.time_zone).unwrap_or(TimeZone::UTC);
    let offset = i64::try_from(slot % 5 + (k % 4) * 7).unwrap_or(0);
    let hour = i8::try_from(8 + slot / 5).unwrap_or(8);
    let until = today.checked_add(28.days()).unwrap_or(today);
    let kind = &clinic.follow_up;
    let mut out = Vec::new();
    let mut date = week_start(first)
        .checked_add(offset.days())
        .unwrap_or(first);
    while date <= until {
        let start = at(&zone, date, hour, 0);
        let end = start
            .checked_add(SignedDuration::from_mins(i64::from(kind.duration_minutes)))
            .unwrap_or(start);
        let booked = start
            .checked_sub(SignedDuration::from_hours(24 * 7))
            .unwrap_or(start)
            .min(now);
        out.push(BulkAppointment {
            appointment: NewAppointment {
                id: AppointmentId::new(),
                clinic_id: clinic.clinic.id,
                patient_id: patient,
                clinician_id: physio,
                type_id: kind.id,
                resource_id: None,
                series_id: None,
                start,
                end,
                buffer_before_minutes: kind.buffer_before_minutes,
                buffer_after_minutes: kind.buffer_after_minutes,
                created_by: patient,
            },
            created_at: booked,
        });
        date = match date.checked_add(28.days()) {
            Ok(next) => next,
            Err(_) => break,
        };
    }
    out
}
