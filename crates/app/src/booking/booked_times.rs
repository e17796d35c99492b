//! The booked times of a clinic over a window of its diary, and the ones a server keeps for
//! the slot search.
//!
//! A week of a large clinic is thousands of booked times (200 clinicians' appointments), and
//! reading them was most of a search's work, on the database's side as much as on this one's.
//! They are a pure function of the clinic's booked appointments, and every change to those (a
//! booking, a cancellation, a patient's erasure) raises the clinic's
//! [`Clinic::appointments_revision`] in the same change. So the times read for a window while the
//! clinic stood at one revision are still exactly what a fresh read gives while it stands there:
//! the search reads the clinic (one small row, which it reads anyway) and serves the kept times
//! when the revision matches, and reads them afresh, and keeps them, when it does not.
//!
//! The clinic is read before its times, so what is kept under a revision is never older than
//! it. Each server keeps its own; the revision is read from the database, so a booking made
//! through another server is seen at the next search.
//!
//! [`Clinic::appointments_revision`]: tendo_store::accounts::Clinic::appointments_revision

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use tendo_store::booking::BookedTime;
use tendo_store::ids::{ClinicId, UserId};

/// The most windows a server keeps (the least recently kept goes first). The large benchmark
/// clinic's week is about 4,600 times of about 100 bytes, so 32 windows of it are about 15 MB;
/// a small clinic's week is a few kilobytes.
const MAX_KEPT: usize = 32;

/// The booked times of a window, with each clinician's found without a scan.
#[derive(Debug, Default)]
pub(crate) struct BookedTimes {
    times: Vec<BookedTime>,
    /// The positions in `times` of each clinician's appointments, so that each clinician's
    /// free times cost their own appointments, not the whole clinic's.
    by_clinician: HashMap<UserId, Vec<usize>>,
}

impl BookedTimes {
    /// The times, indexed by clinician.
    pub fn new(times: Vec<BookedTime>) -> Self {
        let mut by_clinician: HashMap<UserId, Vec<usize>> = HashMap::new();
        for (index, time) in times.iter().enumerate() {
            by_clinician
                .entry(time.clinician_id)
                .or_default()
                .push(index);
        }
        BookedTimes {
            times,
            by_clinician,
        }
    }

    /// Every booked time of the window.
    pub fn all(&self) -> &[BookedTime] {
        &self.times
    }

    /// The booked times of `clinician`.
    pub fn of(&self, clinician: UserId) -> impl Iterator<Item = &BookedTime> {
        self.by_clinician
            .get(&clinician)
            .into_iter()
            .flatten()
            .map(|index| &self.times[*index])
    }
}

/// Which times: a clinic's, over `[from, to)`.
type Window = (ClinicId, Timestamp, Timestamp);

#[derive(Debug)]
struct Kept {
    revision: u64,
    /// When it was kept, in the order of this server's keeps (for evicting the oldest).
    order: u64,
    times: Arc<BookedTimes>,
}

/// The booked times this server keeps, by clinic and window, each with the clinic's revision
/// they were read at.
#[derive(Debug, Default)]
pub(crate) struct BookedTimesCache {
    kept: Mutex<(u64, HashMap<Window, Kept>)>,
}

impl BookedTimesCache {
    /// The kept times of `clinic` over `[from, to)`, when they were read at `revision`.
    pub fn get(
        &self,
        clinic: ClinicId,
        (from, to): (Timestamp, Timestamp),
        revision: u64,
    ) -> Option<Arc<BookedTimes>> {
        let kept = self.kept.lock().ok()?;
        kept.1
            .get(&(clinic, from, to))
            .filter(|kept| kept.revision == revision)
            .map(|kept| kept.times.clone())
    }

    /// Keeps `times`, read at `revision`, as those of `clinic` over `[from, to)`, unless times
    /// read at a later revision are kept there already.
    pub fn keep(
        &self,
        clinic: ClinicId,
        (from, to): (Timestamp, Timestamp),
        revision: u64,
        times: Arc<BookedTimes>,
    ) {
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        let (counter, windows) = &mut *kept;
        let window = (clinic, from, to);
        if windows
            .get(&window)
            .is_some_and(|kept| kept.revision > revision)
        {
            return;
        }
        if windows.len() >= MAX_KEPT && !windows.contains_key(&window) {
            let oldest = windows
                .iter()
                .min_by_key(|(_, kept)| kept.order)
                .map(|(window, _)| *window);
            if let Some(oldest) = oldest {
                windows.remove(&oldest);
            }
        }
        *counter += 1;
        windows.insert(
            window,
            Kept {
                revision,
                order: *counter,
                times,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::SignedDuration;
    use tendo_store::ids::AppointmentId;

    fn time(clinician: UserId, hour: i64) -> BookedTime {
        let start = Timestamp::UNIX_EPOCH + SignedDuration::from_hours(hour);
        BookedTime {
            id: AppointmentId::new(),
            clinician_id: clinician,
            resource_id: None,
            start,
            end: start + SignedDuration::from_mins(45),
            buffer_before_minutes: 0,
            buffer_after_minutes: 0,
        }
    }

    #[test]
    fn each_clinician_gets_their_own_times_in_order() {
        let (ana, ben) = (UserId::new(), UserId::new());
        let times = BookedTimes::new(vec![time(ana, 1), time(ben, 2), time(ana, 3)]);
        let hours = |who| {
            times
                .of(who)
                .map(|time| time.start.as_second() / 3600)
                .collect::<Vec<_>>()
        };
        assert_eq!(hours(ana), [1, 3]);
        assert_eq!(hours(ben), [2]);
        assert!(hours(UserId::new()).is_empty());
        assert_eq!(times.all().len(), 3);
    }

    #[test]
    fn kept_times_are_served_only_at_their_revision_and_never_replaced_by_older() {
        let cache = BookedTimesCache::default();
        let clinic = ClinicId::new();
        let week = (
            Timestamp::UNIX_EPOCH,
            Timestamp::UNIX_EPOCH + SignedDuration::from_hours(168),
        );
        let at_two = Arc::new(BookedTimes::new(vec![time(UserId::new(), 1)]));
        cache.keep(clinic, week, 2, at_two.clone());
        assert!(
            cache
                .get(clinic, week, 2)
                .is_some_and(|kept| Arc::ptr_eq(&kept, &at_two))
        );
        assert!(
            cache.get(clinic, week, 3).is_none(),
            "a later revision reads again"
        );
        assert!(
            cache.get(ClinicId::new(), week, 2).is_none(),
            "another clinic's"
        );
        let shorter = (week.0, week.1 - SignedDuration::from_hours(1));
        assert!(cache.get(clinic, shorter, 2).is_none(), "another window's");
        // A slower request that read at revision 1 does not put its older times back.
        cache.keep(clinic, week, 1, Arc::default());
        assert!(cache.get(clinic, week, 2).is_some());
    }

    #[test]
    fn the_cache_holds_at_most_its_bound_and_lets_the_oldest_go() {
        let cache = BookedTimesCache::default();
        let clinic = ClinicId::new();
        let window = |day: i64| {
            let from = Timestamp::UNIX_EPOCH + SignedDuration::from_hours(24 * day);
            (from, from + SignedDuration::from_hours(24))
        };
        for day in 0..=MAX_KEPT as i64 {
            cache.keep(clinic, window(day), 0, Arc::default());
        }
        assert!(cache.get(clinic, window(0), 0).is_none(), "the oldest went");
        for day in 1..=MAX_KEPT as i64 {
            assert!(
                cache.get(clinic, window(day), 0).is_some(),
                "day {day} kept"
            );
        }
    }
}
