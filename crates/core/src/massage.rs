//! Massage guidance: self-massage for each condition, professional massage for proximal hamstring
//! tendinopathy, and the rule that a plan is never massage alone (A4–A7, H2–H4).
//!
//! Massage eases pain; it does not rebuild a tendon. Everything here is an adjunct to the loading
//! programme, and every piece of advice says so.

use serde::Serialize;

use crate::condition::Condition;
use crate::massage_gun::Site;
use crate::reason::Reason;
use crate::rules;

/// The longest hold on one tender point, in seconds (Stefansson 2019, A6).
pub const MAX_HOLD_SECONDS: u16 = 60;
/// Self-massage sessions a week early on, for the Achilles (Stefansson 2019, A6).
pub const EARLY_SESSIONS_PER_WEEK: u8 = 2;

/// A way of applying massage with the hands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Technique {
    /// Steady pressure on a tender point, held until the tenderness eases.
    SustainedPressure,
    /// Slow kneading of a muscle.
    Kneading,
    /// Light stroking, with no more than gentle pressure.
    GentleStroking,
    /// Hard rubbing across the fibres of a tendon.
    CrossFriction,
}

/// Self-massage advice for one condition.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SelfMassage {
    /// The muscles to work on.
    pub focus: Vec<Site>,
    /// Places to touch only gently, if at all.
    pub gently_if_at_all: Vec<Site>,
    /// Places to leave alone.
    pub leave_alone: Vec<Site>,
    /// The techniques to use.
    pub techniques: Vec<Technique>,
    /// Techniques never to use.
    pub never: Vec<Technique>,
    /// The longest hold on one tender point, in seconds, when there is a limit.
    pub max_hold_seconds: Option<u16>,
    /// How many sessions a week early on, when there is a recommendation.
    pub sessions_per_week_early: Option<u8>,
    /// Why, rule by rule.
    pub reasons: Vec<Reason>,
}

/// A kind of massage from a therapist, gentlest first (H3).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MassageType {
    /// Gentle, flowing strokes: the place to start for someone new to massage.
    Swedish,
    /// A mix of Swedish and deep-tissue techniques.
    Sports,
    /// Firm, slow pressure into the deeper layers of muscle.
    DeepTissue,
}

/// How often to book a massage, in weeks between sessions (H4).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Interval {
    /// The shortest gap, in weeks.
    pub min_weeks: u8,
    /// The longest gap, in weeks.
    pub max_weeks: u8,
}

/// Professional massage for proximal hamstring tendinopathy (H2, H3, H4, A4).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProfessionalMassage {
    /// The kind of massage to book next.
    pub massage_type: MassageType,
    /// The kind to move on to after that, if there is one.
    pub then: Option<MassageType>,
    /// How often to book one.
    pub interval: Interval,
    /// Over how long, in words.
    pub course: String,
    /// Why, rule by rule.
    pub reasons: Vec<Reason>,
}

/// All the massage guidance for one condition.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MassageGuidance {
    /// The condition the guidance is for.
    pub condition: Condition,
    /// What the person can do themselves.
    pub self_massage: SelfMassage,
    /// What to book with a therapist, where Tendo has guidance for the condition.
    pub professional: Option<ProfessionalMassage>,
}

/// Bundles the massage guidance that applies to `condition`.
///
/// `massages_so_far` counts the professional massages the person has had; it sets the step on the
/// ladder of [`professional_massage`] for proximal hamstring tendinopathy.
pub fn guidance(condition: Condition, massages_so_far: u16) -> MassageGuidance {
    match condition {
        Condition::AchillesMidportion
        | Condition::AchillesInsertional
        | Condition::AchillesLocationUnknown => MassageGuidance {
            condition,
            self_massage: achilles_self_massage(),
            professional: None,
        },
        Condition::ProximalHamstring => MassageGuidance {
            condition,
            self_massage: hamstring_self_massage(),
            professional: Some(professional_massage(massages_so_far)),
        },
    }
}

/// Self-massage for an Achilles tendinopathy (A6, A7, A5, A4).
pub fn achilles_self_massage() -> SelfMassage {
    SelfMassage {
        focus: vec![Site::Gastrocnemius, Site::Soleus],
        gently_if_at_all: vec![Site::AchillesTendon, Site::AchillesInsertion],
        leave_alone: Vec::new(),
        techniques: vec![Technique::SustainedPressure, Technique::GentleStroking],
        never: vec![Technique::CrossFriction],
        max_hold_seconds: Some(MAX_HOLD_SECONDS),
        sessions_per_week_early: Some(EARLY_SESSIONS_PER_WEEK),
        reasons: vec![
            Reason::new(
                rules::A6,
                format!(
                    "Massage your calf muscles, the gastrocnemius (upper calf) and the soleus \
                     (deep calf), rather than the tendon. Press steadily on a tender spot in the \
                     soleus and hold until the tenderness eases and the muscle lets go, never \
                     longer than about {MAX_HOLD_SECONDS} seconds on one spot. In a 2019 trial by \
                     Stefansson and colleagues, pressure like this on the soleus, {EARLY_SESSIONS_PER_WEEK} \
                     times a week early on, eased symptoms at least as well as heel-drop exercises. \
                     If you touch the tendon at all, only stroke it gently: an irritable tendon \
                     reacts like a bruise."
                ),
            ),
            Reason::new(
                rules::A7,
                "Never rub hard across the tendon (cross-friction massage): it irritates an \
                 Achilles tendinopathy.",
            ),
            Reason::new(
                rules::A5,
                "Massage is worth doing when pain stops you from starting your strength \
                 exercises: it eases pain by calming the nervous system, so the exercises can \
                 begin.",
            ),
            Reason::new(
                rules::A4,
                "Massage does not rebuild the tendon; only graded strength exercises and \
                 managing your total load do. It is never the whole plan.",
            ),
        ],
    }
}

/// Self-massage for proximal hamstring tendinopathy: the muscle bellies, not the sitting bone
/// (H5, P-COMP, A4).
pub fn hamstring_self_massage() -> SelfMassage {
    SelfMassage {
        focus: vec![Site::Hamstrings],
        gently_if_at_all: Vec::new(),
        leave_alone: vec![Site::ProximalHamstringTendon],
        techniques: vec![Technique::SustainedPressure, Technique::Kneading],
        never: vec![Technique::CrossFriction],
        max_hold_seconds: None,
        sessions_per_week_early: None,
        reasons: vec![
            Reason::new(
                rules::H5,
                "Soft-tissue work on the muscles can sit alongside your rehabilitation: knead or \
                 press the bellies of your hamstring muscles, along the back of the thigh.",
            ),
            Reason::new(
                rules::P_COMP,
                "Keep off the tendon where it attaches at your sitting bone: pressing or sitting \
                 on a ball there squeezes the irritable tendon and makes it worse.",
            ),
            Reason::new(
                rules::A4,
                "Massage eases pain but does not rebuild the tendon; your loading exercises do. \
                 It is never the whole plan.",
            ),
        ],
    }
}

/// Professional massage for proximal hamstring tendinopathy, given how many massages the person
/// has had (H2, H3, H4, A4).
///
/// The kind follows a simple ladder from gentle to firm (H3): 0–1 massages so far → Swedish,
/// 2–3 → sports massage, 4 or more → deep-tissue. These counts are Tendo's own choice, not taken
/// from a study: the founding document only gives the order.
pub fn professional_massage(massages_so_far: u16) -> ProfessionalMassage {
    let (massage_type, then) = match massages_so_far {
        0..=1 => (MassageType::Swedish, Some(MassageType::Sports)),
        2..=3 => (MassageType::Sports, Some(MassageType::DeepTissue)),
        _ => (MassageType::DeepTissue, None),
    };
    let so_far = match massages_so_far {
        0 => "You have not had a massage yet".to_string(),
        1 => "You have had 1 massage so far".to_string(),
        count => format!("You have had {count} massages so far"),
    };
    let ladder = match massage_type {
        MassageType::Swedish => {
            "so start with a Swedish massage, which is gentler than deep-tissue work. After a \
             couple of sessions, move on to a sports massage."
        }
        MassageType::Sports => {
            "so a sports massage is the next step: it mixes Swedish and deep-tissue techniques. \
             After a couple of these you can try deep-tissue massage."
        }
        MassageType::DeepTissue => {
            "so you can book deep-tissue massage, the kind most often used for this condition."
        }
    };
    ProfessionalMassage {
        massage_type,
        then,
        interval: Interval {
            min_weeks: 1,
            max_weeks: 2,
        },
        course: "over several months".to_string(),
        reasons: vec![
            Reason::new(rules::H3, format!("{so_far}, {ladder}")),
            Reason::new(
                rules::P_COMP,
                "Ask your therapist to work the muscle bellies and not to dig into the tendon at \
                 your sitting bone.",
            ),
            Reason::new(
                rules::H4,
                "Book one every week or every two weeks over several months. Massage helps you \
                 relax and can lift your mood, but the relief from one session fades quickly.",
            ),
            Reason::new(
                rules::H2,
                "Be realistic about it: the evidence is weak, and studies found massage adds \
                 little over other rehabilitation for hamstring tendinopathy.",
            ),
            Reason::new(
                rules::A4,
                "Massage is an extra for pain relief. Your loading programme is what treats the \
                 tendon, so massage never replaces the exercises.",
            ),
        ],
    }
}

/// Refuses a plan that has massage but no loading exercise (A4).
///
/// A plan with neither is not this check's concern and passes.
pub fn check_not_massage_only(
    loading_exercises: usize,
    massage_items: usize,
) -> Result<(), Reason> {
    if massage_items > 0 && loading_exercises == 0 {
        let items = if massage_items == 1 {
            "1 massage item".to_string()
        } else {
            format!("{massage_items} massage items")
        };
        return Err(Reason::new(
            rules::A4,
            format!(
                "This plan has {items} and no loading exercise. Massage can ease pain but cannot \
                 rebuild a tendon, so a plan needs at least one graded loading exercise before it \
                 can be used."
            ),
        ));
    }
    Ok(())
}
