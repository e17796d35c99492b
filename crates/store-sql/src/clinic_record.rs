//! The patient record's reads on one snapshot.

use tendo_store::StoreResult;
use tendo_store::ids::{ClinicId, UserId};
use tendo_store::record::{RecordParts, RecordWindow};

use crate::codec::store_error;
use crate::db::Readers;

/// Reads every part of the record on one snapshot of `pool`.
pub(crate) async fn read(
    pool: &Readers,
    clinic: ClinicId,
    patient: UserId,
    window: &RecordWindow,
) -> StoreResult<RecordParts> {
    let snapshot = pool.snapshot().await.map_err(store_error)?;
    let on = &snapshot;
    let notes = crate::clinic_notes::Notes::Record {
        latest: window.latest_notes,
        from: window.timeline_since,
        until: window.timeline_until,
    };
    let (
        (intake, versions, days, mornings, questionnaires, sessions, checkins),
        (gun_sessions, refusals, notes, running_weeks, appointment_types, appointments),
        (screening, clearances),
    ) = tokio::try_join!(
        async {
            tokio::try_join!(
                crate::care::intake_on(on, clinic, patient),
                crate::care::plan_versions_since_on(on, clinic, patient, window.versions_since),
                crate::training::training_days_on(
                    on,
                    clinic,
                    patient,
                    window.charts_from,
                    window.today
                ),
                crate::training::morning_pains_on(
                    on,
                    clinic,
                    patient,
                    window.charts_from,
                    window.today
                ),
                crate::outcomes::questionnaires_since_on(
                    on,
                    clinic,
                    patient,
                    window.questionnaires_since
                ),
                crate::training::sessions_on(
                    on,
                    clinic,
                    patient,
                    window.timeline_from,
                    window.timeline_to
                ),
                crate::training::checkins_on(
                    on,
                    clinic,
                    patient,
                    window.timeline_from,
                    window.timeline_to
                ),
            )
        },
        async {
            tokio::try_join!(
                crate::outcomes::massage_gun_sessions_on(on, clinic, patient, window.gun_sessions),
                crate::clinic::gun_refusals_on(on, clinic, patient, window.timeline_since),
                crate::clinic_notes::notes(on, clinic, patient, notes),
                crate::outcomes::running_weeks_since_on(on, clinic, patient, window.timeline_from),
                crate::booking::appointment_types_on(on, clinic),
                crate::booking_diary::of_record(
                    on,
                    clinic,
                    patient,
                    window.now,
                    window.past_appointments
                ),
            )
        },
        async {
            tokio::try_join!(
                crate::outcomes::screening_on(on, clinic, patient),
                crate::clinic::red_flag_clearances_on(on, clinic, patient),
            )
        },
    )?;
    Ok(RecordParts {
        intake,
        versions,
        days,
        mornings,
        questionnaires,
        sessions,
        checkins,
        gun_sessions,
        refusals,
        notes,
        running_weeks,
        appointment_types,
        appointments,
        screening,
        clearances,
    })
}
