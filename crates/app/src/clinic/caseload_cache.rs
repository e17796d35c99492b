//! The caseload kept per clinician until something it shows changes.
//!
//! A caseload is a pure function of what [`ClinicStore::caseload_members`] names (each patient
//! of the care team at their revision, which every change of their care data, messages and
//! appointments raises, and their erasure — the one change of their name, email or zone; when
//! the clinician last read their messages), the clinic's questionnaire interval and appointment
//! types, each patient's day in their zone, the UTC day (the store's read windows start from
//! it) — and, for the next appointment alone, the moment. [`key`] hashes the first three; every
//! request reads them (two small rows per patient, none of their history) and serves a kept
//! caseload only under the same key.
//!
//! Time: a kept caseload is served only until the first of these moments after it was
//! computed: a midnight in UTC or in a patient's zone, the start of the earliest appointment it
//! holds, or a day. It holds each patient's earliest booked appointment in [`LOOKAHEAD_DAYS`];
//! until that one starts it is the earliest from now, and it is shown when it starts within
//! [`UPCOMING_DAYS`] of now — exactly what a fresh read shows.
//!
//! The members are read before the caseload is computed, so what is kept under a key is never
//! older than what the key names. Each server keeps its own; the key is read from the
//! database, so a change made through another server is seen at the next request.
//!
//! [`ClinicStore::caseload_members`]: tendo_store::clinic::ClinicStore::caseload_members

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use sha2::{Digest, Sha256};
use tendo_store::booking::AppointmentType;
use tendo_store::clinic::CaseloadMember;
use tendo_store::ids::{ClinicId, Id, UserId};

use super::caseload::{CaseloadEntry, FlagCount, UPCOMING_DAYS};

/// How far ahead a kept caseload holds each patient's earliest appointment: a day more than
/// [`UPCOMING_DAYS`], since it is served for at most a day.
pub(crate) const LOOKAHEAD_DAYS: i64 = UPCOMING_DAYS + 1;

/// The most caseloads a server keeps (the oldest goes first). An entry holds about what its
/// JSON does (a few hundred bytes to a kilobyte, with its flags' reasons): a caseload of 150
/// patients about 110 KB (the large demo clinic's fullest), 256 of them at most about 30 MB.
const MAX_KEPT: usize = 256;

/// A caseload as computed, before the filters and the page.
#[derive(Debug)]
pub(crate) struct Computed {
    /// What it was computed from ([`key`]).
    pub key: [u8; 32],
    /// When.
    pub computed_at: Timestamp,
    /// The first moment it may no longer be what a fresh read shows.
    pub valid_until: Timestamp,
    /// Every patient, most in need of attention first, each with their earliest booked
    /// appointment in [`LOOKAHEAD_DAYS`] from `computed_at`.
    pub entries: Vec<CaseloadEntry>,
    /// How many patients raise each flag.
    pub counts: Vec<FlagCount>,
}

impl Computed {
    /// A computed caseload of patients living in `zones`; it is served until the first
    /// midnight in UTC or one of `zones`, the start of its earliest kept appointment, or a day.
    pub fn new(
        key: [u8; 32],
        computed_at: Timestamp,
        zones: &[TimeZone],
        entries: Vec<CaseloadEntry>,
        counts: Vec<FlagCount>,
    ) -> Self {
        let a_day = computed_at + SignedDuration::from_hours(24);
        let valid_until = entries
            .iter()
            .filter_map(|entry| entry.next_appointment.as_ref().map(|next| next.start))
            .chain(
                zones
                    .iter()
                    .chain([&TimeZone::UTC])
                    .map(|zone| next_midnight(computed_at, zone).unwrap_or(computed_at)),
            )
            .fold(a_day, Timestamp::min);
        Computed {
            key,
            computed_at,
            valid_until,
            entries,
            counts,
        }
    }

    fn serves(&self, key: &[u8; 32], now: Timestamp) -> bool {
        &self.key == key && self.computed_at <= now && now < self.valid_until
    }
}

/// The first midnight after `at` in `zone`.
fn next_midnight(at: Timestamp, zone: &TimeZone) -> Option<Timestamp> {
    let tomorrow = at.to_zoned(zone.clone()).date().tomorrow().ok()?;
    Some(tomorrow.to_zoned(zone.clone()).ok()?.timestamp())
}

/// The caseloads this server keeps, by clinic and clinician.
#[derive(Debug, Default)]
pub(crate) struct CaseloadCache {
    kept: Mutex<HashMap<(ClinicId, UserId), Arc<Computed>>>,
}

impl CaseloadCache {
    /// The kept caseload of `clinician`, when it was computed from `key` and still holds at
    /// `now`.
    pub fn get(
        &self,
        clinic: ClinicId,
        clinician: UserId,
        key: &[u8; 32],
        now: Timestamp,
    ) -> Option<Arc<Computed>> {
        let kept = self.kept.lock().ok()?;
        kept.get(&(clinic, clinician))
            .filter(|computed| computed.serves(key, now))
            .cloned()
    }

    /// Keeps `computed` as the caseload of `clinician`, in place of any before it.
    pub fn keep(&self, clinic: ClinicId, clinician: UserId, computed: Arc<Computed>) {
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        if kept.len() >= MAX_KEPT && !kept.contains_key(&(clinic, clinician)) {
            let oldest = kept
                .iter()
                .min_by_key(|(_, computed)| computed.computed_at)
                .map(|(whose, _)| *whose);
            if let Some(oldest) = oldest {
                kept.remove(&oldest);
            }
        }
        kept.insert((clinic, clinician), computed);
    }
}

/// Names what a caseload shows, but for the days and the moment: the care team's members (in
/// any order), the questionnaire interval and the appointment types.
pub(crate) fn key(
    members: &[CaseloadMember],
    interval: u16,
    types: &[AppointmentType],
) -> [u8; 32] {
    let mut hash = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    field(&interval.to_le_bytes());
    for kind in types {
        field(&kind.id.to_bytes());
        field(kind.kind.label().as_bytes());
    }
    let mut sorted: Vec<&CaseloadMember> = members.iter().collect();
    sorted.sort_by_key(|member| member.patient);
    for member in sorted {
        field(&member.patient.to_bytes());
        field(&member.revision.to_le_bytes());
        match member.last_read_at {
            Some(at) => field(&at.as_microsecond().to_le_bytes()),
            None => field(&[]),
        }
    }
    hash.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(revision: u64) -> CaseloadMember {
        CaseloadMember {
            patient: UserId::new(),
            revision,
            last_read_at: None,
        }
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn the_key_follows_every_member() {
        let team = [member(3), member(7)];
        let base = key(&team, 28, &[]);
        let reversed = [team[1].clone(), team[0].clone()];
        assert_eq!(key(&reversed, 28, &[]), base, "the order of the rows");
        let mut changed = team.clone();
        changed[1].revision += 1;
        assert_ne!(key(&changed, 28, &[]), base, "a revision");
        let mut read = team.clone();
        read[0].last_read_at = Some(at("2026-03-02T12:00:00Z"));
        assert_ne!(key(&read, 28, &[]), base, "messages read");
        assert_ne!(key(&team[..1], 28, &[]), base, "a patient leaves");
        assert_ne!(key(&team, 42, &[]), base, "the interval");
    }

    #[test]
    fn a_kept_caseload_ends_at_the_first_midnight_of_its_patients() {
        let computed_at = at("2026-03-02T12:00:00Z");
        let zones = |names: &[&str]| -> Vec<TimeZone> {
            names
                .iter()
                .map(|name| TimeZone::get(name).unwrap())
                .collect()
        };
        let until = |names: &[&str]| {
            Computed::new([0; 32], computed_at, &zones(names), Vec::new(), Vec::new()).valid_until
        };
        assert_eq!(until(&[]), at("2026-03-03T00:00:00Z"), "the UTC midnight");
        assert_eq!(until(&["Asia/Tokyo"]), at("2026-03-02T15:00:00Z"));
        assert_eq!(
            until(&["America/New_York", "Europe/London"]),
            at("2026-03-03T00:00:00Z")
        );
        assert_eq!(until(&["Asia/Kolkata"]), at("2026-03-02T18:30:00Z"));
    }
}
