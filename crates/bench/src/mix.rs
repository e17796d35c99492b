//! The mixed run: every endpoint at once, by weight, as a clinic's day might ask for them.
//! Reads are a patient opening today's page most of all, then charts, the plan and the API,
//! and clinicians opening their caseload and calendar;
//! writes are sessions, check-ins and bookings, each sent once.

use crate::load::Prepared;
use crate::scenarios::{Cast, pages, patient_api, slot_searches};
use crate::writers::Writes;

/// The mix's endpoints with their weights (out of 100) and their requests.
pub struct Mix {
    /// The endpoints' names, by [`Prepared::kind`].
    pub names: Vec<String>,
    /// The requests in the order they are sent.
    pub requests: Vec<Prepared>,
}

/// Builds the mix: requests drawn by weight in a fixed interleaving, until a write endpoint runs
/// out of patients who can still write today (or `at_most` requests).
pub async fn build(
    store: &dyn tendo_store::Store,
    cast: &Cast,
    writes: &mut Writes,
    at_most: usize,
) -> anyhow::Result<Mix> {
    let patients = &cast.patients;
    let endpoints: Vec<(&str, u32, Vec<Prepared>, bool)> = vec![
        ("today page", 17, pages(patients, "/today"), false),
        ("progress charts", 8, pages(patients, "/progress"), false),
        ("plan page", 6, pages(patients, "/plan"), false),
        ("running log", 3, pages(patients, "/running"), false),
        ("API today", 10, patient_api(patients, "today"), false),
        ("API progress", 5, patient_api(patients, "progress"), false),
        ("API sessions", 4, patient_api(patients, "sessions"), false),
        (
            "clinician calendar",
            4,
            pages(&cast.clinicians, "/clinic/calendar"),
            false,
        ),
        (
            "clinician caseload",
            3,
            pages(&cast.clinicians, "/clinic/caseload"),
            false,
        ),
        (
            "slot search",
            5,
            slot_searches(store, &cast.clinic).await?,
            false,
        ),
        (
            "write: log a session",
            15,
            std::mem::take(&mut writes.mix_sessions),
            true,
        ),
        (
            "write: check-in",
            8,
            std::mem::take(&mut writes.mix_checkins),
            true,
        ),
        (
            "write: book",
            2,
            std::mem::take(&mut writes.mix_bookings),
            true,
        ),
    ];
    let endpoints: Vec<_> = endpoints
        .into_iter()
        .filter(|(_, _, requests, _)| !requests.is_empty())
        .collect();
    let names = endpoints
        .iter()
        .map(|(name, weight, _, _)| format!("mix ({weight}%): {name}"))
        .collect();
    let mut used = vec![0usize; endpoints.len()];
    let mut credit = vec![0i64; endpoints.len()];
    let total: i64 = endpoints
        .iter()
        .map(|(_, weight, _, _)| i64::from(*weight))
        .sum();
    let mut requests = Vec::new();
    'drawing: while requests.len() < at_most {
        // Smooth weighted round robin: each endpoint earns its weight, the richest is sent.
        for (index, (_, weight, _, _)) in endpoints.iter().enumerate() {
            credit[index] += i64::from(*weight);
        }
        let Some(chosen) = (0..endpoints.len()).max_by_key(|index| credit[*index]) else {
            break;
        };
        credit[chosen] -= total;
        let (_, _, pool, once) = &endpoints[chosen];
        if *once && used[chosen] >= pool.len() {
            break 'drawing;
        }
        let request = pool[used[chosen] % pool.len()].clone().with_kind(chosen);
        used[chosen] += 1;
        requests.push(request);
    }
    Ok(Mix { names, requests })
}
