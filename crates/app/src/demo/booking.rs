//! The demo clinic's booking set-up, made through the administrator's own services: the clinic
//! in pounds, appointment types with prices, a room and two massage tables, working hours for
//! every clinician, and public profiles, so that a newcomer can book from the public page.

use tendo_store::accounts::{Clinic, Profession, User};
use tendo_store::booking::{AppointmentKind, ProfileUpdate};

use crate::App;
use crate::access::{Caller, Credential, RequestMeta};
use crate::booking::hours::{self, HoursForm, HoursNaming};
use crate::booking::setup::{self, TypeForm};
use crate::clinic::settings::{self, SettingsInput};
use crate::error::AppResult;

/// An appointment type of the demo: kind, name, description, minutes, price, who, what room.
struct DemoType {
    kind: &'static str,
    name: &'static str,
    description: &'static str,
    minutes: u16,
    price: &'static str,
    profession: &'static str,
    resource: &'static str,
}

const TYPES: [DemoType; 4] = [
    DemoType {
        kind: "video-assessment",
        name: "Initial video assessment",
        description: "Forty-five minutes with a physiotherapist: what is going on, and a loading \
                      programme made for you.",
        minutes: 45,
        price: "55",
        profession: "physiotherapist",
        resource: "",
    },
    DemoType {
        kind: "video-follow-up",
        name: "Video follow-up",
        description: "Half an hour to review your progress and adjust the plan.",
        minutes: 30,
        price: "40",
        profession: "physiotherapist",
        resource: "",
    },
    DemoType {
        kind: "sports-massage",
        name: "Sports massage",
        description: "An hour of Swedish and deep-tissue techniques for the calf or thigh: for \
                      pain relief alongside your programme, not instead of it.",
        minutes: 60,
        price: "65",
        profession: "massage-therapist",
        resource: "table",
    },
    DemoType {
        kind: "swedish-massage",
        name: "Swedish massage",
        description: "A gentler first massage, forty-five minutes.",
        minutes: 45,
        price: "50",
        profession: "massage-therapist",
        resource: "table",
    },
];

/// Sets up booking in the demo `clinic` as its administrator would.
pub(crate) async fn set_up(
    app: &App,
    clinic: &Clinic,
    admin: &User,
    clinicians: &[User],
) -> AppResult<()> {
    let boss = Caller {
        user: admin.clone(),
        credential: Credential::Session,
        meta: RequestMeta::default(),
    };
    let mut input = SettingsInput::of(&clinic.settings);
    input.currency = "GBP".into();
    input.address = "12 Riverside Walk\nLondon SE1 9ZZ".into();
    settings::update(app, &boss, &input).await?;
    for (name, kind) in [
        ("Treatment room", "room"),
        ("Table 1", "table"),
        ("Table 2", "table"),
    ] {
        setup::add_resource(app, &boss, name, kind).await?;
    }
    for kind in &TYPES {
        setup::save_type(
            app,
            &boss,
            None,
            &TypeForm {
                kind: AppointmentKind::parse(kind.kind),
                name: kind.name.into(),
                description: kind.description.into(),
                duration_minutes: Some(kind.minutes),
                price: kind.price.into(),
                currency: "GBP".into(),
                buffer_before_minutes: Some(0),
                buffer_after_minutes: Some(15),
                profession: kind.profession.into(),
                clinicians: Vec::new(),
                resource: kind.resource.into(),
                active: true,
            },
        )
        .await?;
    }
    // A lunch break between two stretches on weekdays; Saturday mornings; Sundays closed.
    let weekday = vec![
        ("08:00".to_string(), "12:30".to_string()),
        ("13:30".to_string(), "18:00".to_string()),
    ];
    let saturday = vec![("09:00".to_string(), "13:00".to_string())];
    for clinician in clinicians {
        hours::set_hours(
            app,
            &boss,
            clinician.id,
            &HoursForm {
                days: [
                    weekday.clone(),
                    weekday.clone(),
                    weekday.clone(),
                    weekday.clone(),
                    weekday.clone(),
                    saturday.clone(),
                    Vec::new(),
                ],
                min_notice_hours: Some(2),
                horizon_days: Some(60),
                naming: HoursNaming::Form,
            },
        )
        .await?;
        let (qualifications, specialties, bio) = match clinician.profession {
            Some(Profession::MassageTherapist) => (
                "Diploma in sports massage",
                "Runners' calves and hamstrings",
                "Works with runners in training and after races; massage here eases pain \
                 while the strength programme does the healing.",
            ),
            _ => (
                "Chartered physiotherapist, MSc in sports physiotherapy",
                "Achilles and hamstring tendinopathy, return to running",
                "Helps runners get back to running with graded strength training and \
                 sensible load, one step at a time.",
            ),
        };
        setup::save_profile(
            app,
            &boss,
            clinician.id,
            &ProfileUpdate {
                qualifications: qualifications.into(),
                specialties: specialties.into(),
                bio: bio.into(),
                listed: true,
            },
        )
        .await?;
    }
    Ok(())
}
