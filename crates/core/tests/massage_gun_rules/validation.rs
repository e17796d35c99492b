//! Validation: bad screenings are refused with the field at fault.

use jiff::{SignedDuration, ToSpan};
use tendo_core::condition::Condition;
use tendo_core::massage_gun::{Device, Screening, Site, SkinIssue, SkinKind};

use crate::massage_gun_support::{noon, person, today};

fn field_of(screening: &Screening) -> Option<String> {
    screening.validate().err().map(|error| error.field)
}

#[test]
fn a19_a_scar_without_a_date_names_its_since_field() {
    let mut screening = person(Condition::AchillesMidportion);
    screening.skin = vec![
        SkinIssue {
            site: Site::Soleus,
            kind: SkinKind::OpenWound,
            since: None,
        },
        SkinIssue {
            site: Site::Soleus,
            kind: SkinKind::Scar,
            since: None,
        },
    ];
    assert_eq!(field_of(&screening).as_deref(), Some("skin[1].since"));
}

#[test]
fn a_skin_date_after_the_check_is_refused() {
    let mut screening = person(Condition::AchillesMidportion);
    let tomorrow = today().checked_add(1.day()).expect("a date");
    screening.skin = vec![SkinIssue {
        site: Site::Soleus,
        kind: SkinKind::Inflammation,
        since: Some(tomorrow),
    }];
    assert_eq!(field_of(&screening).as_deref(), Some("skin[0].since"));
    screening.skin[0].since = Some(today());
    assert_eq!(field_of(&screening), None);
}

#[test]
fn device_rates_must_be_sensible_and_in_order() {
    let cases = [
        (
            Device {
                min_ppm: 99,
                max_ppm: 2000,
            },
            Some("device.min_ppm"),
        ),
        (
            Device {
                min_ppm: 100,
                max_ppm: 10_001,
            },
            Some("device.max_ppm"),
        ),
        (
            Device {
                min_ppm: 3000,
                max_ppm: 2000,
            },
            Some("device.min_ppm"),
        ),
        (
            Device {
                min_ppm: 100,
                max_ppm: 10_000,
            },
            None,
        ),
        (
            Device {
                min_ppm: 2400,
                max_ppm: 2400,
            },
            None,
        ),
    ];
    for (device, expected) in cases {
        let mut screening = person(Condition::ProximalHamstring);
        screening.device = Some(device);
        assert_eq!(field_of(&screening).as_deref(), expected, "{device:?}");
    }
}

#[test]
fn a_last_session_after_now_is_refused() {
    let mut screening = person(Condition::ProximalHamstring);
    screening.last_session_at = Some(noon() + SignedDuration::from_secs(1));
    assert_eq!(field_of(&screening).as_deref(), Some("last_session_at"));
    screening.last_session_at = Some(noon());
    assert_eq!(field_of(&screening), None);
}

#[test]
fn without_its_own_now_the_dates_are_checked_against_the_given_now() {
    let mut screening = person(Condition::ProximalHamstring);
    screening.now = None;
    screening.last_session_at = Some(noon());
    assert_eq!(screening.validate(), Ok(()));
    let earlier = noon() - SignedDuration::from_hours(1);
    let error = screening
        .validate_at(earlier)
        .expect_err("the session is after now");
    assert_eq!(error.field, "last_session_at");
}

#[test]
fn unknown_fields_and_sites_are_refused_by_the_contract() {
    for json in [
        r#"{"condition": "proximal-hamstring", "normal_sensation": true, "extra": 1}"#,
        r#"{"condition": "proximal-hamstring", "normal_sensation": true,
            "skin": [{"site": "elbow", "kind": "scar", "since": "2026-01-01"}]}"#,
    ] {
        assert!(serde_json::from_str::<Screening>(json).is_err(), "{json}");
    }
}
