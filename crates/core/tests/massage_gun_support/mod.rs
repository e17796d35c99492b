//! Shared helpers for the massage-gun tests: a generator of valid screenings and small builders.

use jiff::civil::Date;
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp, ToSpan};
use proptest::prelude::*;
use tendo_core::condition::Condition;
use tendo_core::massage_gun::{
    Advice, Device, Screening, Site, SkinIssue, SkinKind, SystemicCondition, check,
};

/// 2020-01-01 and 2035-01-01, as seconds since the Unix epoch.
const EARLIEST_NOW: i64 = 1_577_836_800;
const LATEST_NOW: i64 = 2_051_222_400;
/// Ten days in seconds: the furthest back a last session is generated.
const TEN_DAYS: i64 = 10 * 24 * 60 * 60;

/// A screening that passes validation, and the `now` to check it at.
pub fn arbitrary_screening() -> impl Strategy<Value = (Screening, Timestamp)> {
    let person = (
        proptest::sample::select(Condition::ALL.to_vec()),
        any::<bool>(),
        proptest::collection::vec(any_systemic(), 0..3),
        any::<bool>(),
        any::<bool>(),
    );
    let context = (
        EARLIEST_NOW..LATEST_NOW,
        any::<bool>(),
        proptest::collection::vec(any_skin(), 0..=6),
        proptest::option::of(any_device()),
        proptest::option::of(0..=TEN_DAYS),
        proptest::option::of(-1i64..=1),
    );
    (person, context, any_health()).prop_map(
        |(
            (condition, normal_sensation, systemic_conditions, heel_bursitis, tendon_settled),
            (now_seconds, now_inside, skin, device, seconds_since_last, today_shift),
            health,
        )| {
            let now = Timestamp::from_second(now_seconds).expect("a timestamp in range");
            let own_today = today_shift.map(|shift| {
                Offset::UTC
                    .to_datetime(now)
                    .date()
                    .checked_add(shift.days())
                    .expect("a date")
            });
            let today = own_today.unwrap_or_else(|| Offset::UTC.to_datetime(now).date());
            let skin = skin
                .into_iter()
                .map(|(site, kind, days_ago, dated)| SkinIssue {
                    site,
                    kind,
                    since: (dated || kind == SkinKind::Scar)
                        .then(|| today.checked_sub(days_ago.days()).expect("a date")),
                })
                .collect();
            let last_session_at = seconds_since_last.map(|seconds| {
                now.checked_sub(SignedDuration::from_secs(seconds))
                    .expect("a timestamp")
            });
            let screening = with_health(
                Screening {
                    condition,
                    now: now_inside.then_some(now),
                    normal_sensation,
                    systemic_conditions,
                    heel_bursitis,
                    tendon_settled,
                    skin,
                    device,
                    last_session_at,
                    today: own_today,
                    suspected_clot: None,
                    blood_thinners: None,
                    bleeding_disorder: None,
                    pregnant: None,
                    implanted_device: None,
                },
                health,
            );
            screening
                .validate_at(now)
                .expect("generated screenings are valid");
            (screening, now)
        },
    )
}

/// Answers to the clot, blood-thinner, bleeding-disorder, pregnancy and implant questions:
/// mostly "no", sometimes "yes" or unanswered.
pub type Health = [Option<bool>; 5];

/// Any [`Health`], weighted towards "no" so that most screenings still reach the dosing rules.
pub fn any_health() -> impl Strategy<Value = Health> {
    let answer = || {
        prop_oneof![
            8 => Just(Some(false)),
            1 => Just(Some(true)),
            1 => Just(None),
        ]
    };
    [answer(), answer(), answer(), answer(), answer()]
}

/// `screening` with the health answers `health`, in the order of [`Health`].
pub fn with_health(mut screening: Screening, health: Health) -> Screening {
    let [clot, thinners, bleeding, pregnant, implant] = health;
    screening.suspected_clot = clot;
    screening.blood_thinners = thinners;
    screening.bleeding_disorder = bleeding;
    screening.pregnant = pregnant;
    screening.implanted_device = implant;
    screening
}

fn any_systemic() -> impl Strategy<Value = SystemicCondition> {
    proptest::sample::select(vec![
        SystemicCondition::Diabetes,
        SystemicCondition::Osteoporosis,
        SystemicCondition::IronDeficiency,
        SystemicCondition::KidneyDisease,
        SystemicCondition::OtherSystemicIllness,
    ])
}

/// A site, a kind, how many days ago it began (up to about 9 months), and whether it has a date.
fn any_skin() -> impl Strategy<Value = (Site, SkinKind, i64, bool)> {
    (
        proptest::sample::select(Site::ALL.to_vec()),
        proptest::sample::select(vec![
            SkinKind::OpenWound,
            SkinKind::Inflammation,
            SkinKind::Scar,
        ]),
        0i64..270,
        any::<bool>(),
    )
}

fn any_device() -> impl Strategy<Value = Device> {
    (100u32..=10_000, 100u32..=10_000).prop_map(|(a, b)| Device {
        min_ppm: a.min(b),
        max_ppm: a.max(b),
    })
}

/// The moment a screening is checked at.
pub fn effective_now(screening: &Screening, now: Timestamp) -> Timestamp {
    screening.now.unwrap_or(now)
}

/// Hours from `earlier` to `later`.
pub fn hours_between(earlier: Timestamp, later: Timestamp) -> f64 {
    later.duration_since(earlier).as_secs_f64() / 3600.0
}

/// Parses a screening from JSON, validates it and checks it.
pub fn advice_of(json: &str) -> Advice {
    let screening: Screening = serde_json::from_str(json).expect("valid screening JSON");
    screening.validate().expect("a valid screening");
    let fallback: Timestamp = "2000-01-01T00:00:00Z".parse().expect("a timestamp");
    check(&screening, fallback)
}

/// A person with normal sensation, no illness and nothing else reported, checked at `now`.
pub fn person(condition: Condition) -> Screening {
    Screening {
        condition,
        now: Some(noon()),
        normal_sensation: true,
        systemic_conditions: Vec::new(),
        heel_bursitis: false,
        tendon_settled: false,
        skin: Vec::new(),
        device: None,
        last_session_at: None,
        today: None,
        suspected_clot: Some(false),
        blood_thinners: Some(false),
        bleeding_disorder: Some(false),
        pregnant: Some(false),
        implanted_device: Some(false),
    }
}

/// The moment the example screenings are checked at: 2026-11-22 at noon UTC.
pub fn noon() -> Timestamp {
    "2026-11-22T12:00:00Z".parse().expect("a timestamp")
}

/// The date of [`noon`].
pub fn today() -> Date {
    Date::constant(2026, 11, 22)
}

/// Checks a screening at its own `now`.
pub fn advise(screening: &Screening) -> Advice {
    screening.validate().expect("a valid example");
    check(screening, noon())
}

/// Any screening the types allow, valid or not, with extreme dates and rates, and any `now`.
pub fn arbitrary_raw_screening() -> impl Strategy<Value = (Screening, Timestamp)> {
    let any_moment = || {
        (Timestamp::MIN.as_second()..=Timestamp::MAX.as_second())
            .prop_map(|second| Timestamp::from_second(second).expect("in range"))
    };
    let any_date = (-9999i16..=9999, 1i8..=12, 1i8..=28)
        .prop_map(|(year, month, day)| Date::new(year, month, day).expect("a date"));
    let skin = (
        proptest::sample::select(Site::ALL.to_vec()),
        proptest::sample::select(vec![
            SkinKind::OpenWound,
            SkinKind::Inflammation,
            SkinKind::Scar,
        ]),
        proptest::option::of(any_date),
    )
        .prop_map(|(site, kind, since)| SkinIssue { site, kind, since });
    let device =
        (any::<u32>(), any::<u32>()).prop_map(|(min_ppm, max_ppm)| Device { min_ppm, max_ppm });
    (
        (
            proptest::sample::select(Condition::ALL.to_vec()),
            proptest::option::of(any_moment()),
            any::<bool>(),
            proptest::collection::vec(any_systemic(), 0..3),
            any::<bool>(),
            any::<bool>(),
        ),
        proptest::collection::vec(skin, 0..=6),
        proptest::option::of(device),
        proptest::option::of(any_moment()),
        any_moment(),
        (any_health(), proptest::option::of(any_date_again())),
    )
        .prop_map(
            |(
                (condition, own_now, normal_sensation, systemic_conditions, bursitis, settled),
                skin,
                device,
                last_session_at,
                now,
                (health, today),
            )| {
                let screening = with_health(
                    Screening {
                        condition,
                        now: own_now,
                        normal_sensation,
                        systemic_conditions,
                        heel_bursitis: bursitis,
                        tendon_settled: settled,
                        skin,
                        device,
                        last_session_at,
                        today,
                        suspected_clot: None,
                        blood_thinners: None,
                        bleeding_disorder: None,
                        pregnant: None,
                        implanted_device: None,
                    },
                    health,
                );
                (screening, now)
            },
        )
}

/// Any date from year -9999 to 9999.
fn any_date_again() -> impl Strategy<Value = Date> {
    (-9999i16..=9999, 1i8..=12, 1i8..=28)
        .prop_map(|(year, month, day)| Date::new(year, month, day).expect("a date"))
}
