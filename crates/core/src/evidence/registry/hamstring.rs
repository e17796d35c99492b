//! Rules H1–H7, from the hamstring founding document (003).

use crate::evidence::EvidenceLevel::ExpertGuidance;
use crate::evidence::Rule;
use crate::evidence::RuleKind::{Decision, Education};
use crate::rules;

/// The founding document of the H rules.
const DOC: &str = "hamstring-massage-qa";

/// H1 to H7, in order.
pub(super) const RULES: &[Rule] = &[
    Rule {
        id: rules::H1,
        title: "High hamstring tendinopathy",
        statement: "Proximal hamstring tendinopathy is an overuse problem of the tendons that \
                    anchor the hamstrings to the sitting bone. It hurts deep in the buttock and \
                    sometimes down the back of the thigh, and it is seen in middle- and \
                    long-distance runners.",
        sources: &[DOC, "afn-high-hamstring", "goom-2016"],
        level: ExpertGuidance,
        kind: Education,
        applied_in: "education",
    },
    Rule {
        id: rules::H2,
        title: "Weak evidence for hamstring massage",
        statement: "Few studies have tested massage for this condition, and those that did found \
                    little gain over other rehabilitation. Massage can be an extra in a hamstring \
                    plan but never its core; loading is the core.",
        sources: &[
            DOC,
            "corr-tendinopathy-treatment",
            "najspt-massage-review",
            "goom-2016",
        ],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage",
    },
    Rule {
        id: rules::H3,
        title: "Which massage to book",
        statement: "Deep-tissue massage is the style most often used. If you have never had a \
                    massage, begin with gentler Swedish massage and then try sports massage, \
                    which mixes Swedish and deep-tissue work. The therapist works on the \
                    muscles and does not press hard into the tendon at the sitting bone.",
        sources: &[DOC, "najspt-massage-review", "cook-2018", "goom-2016"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage",
    },
    Rule {
        id: rules::H4,
        title: "What massage does, and how often",
        statement: "Massage helps you relax and can lift your mood, but the effect wears off \
                    quickly and one session seldom changes much. If you choose massage, a \
                    session every week or two over a few months is the usual pattern. It does \
                    not heal the tendon.",
        sources: &[
            DOC,
            "najspt-massage-review-id",
            "umm-massage",
            "stefansson-2019",
        ],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage",
    },
    Rule {
        id: rules::H5,
        title: "Hamstring rehabilitation",
        statement: "Rehabilitation is built on progressive hamstring strengthening, including \
                    slow lowering work, and on trunk and pelvic control, with soft-tissue work \
                    as an option. Hamstring stretches and positions that squeeze the tendon \
                    against the bone are left out of the early stages.",
        sources: &[
            DOC,
            "nlm-unnamed-hamstring-rehab",
            "goom-2016",
            "cook-2018",
            "nasser-2021",
        ],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "programme",
    },
    Rule {
        id: rules::H6,
        title: "Injections and surgery are a doctor's decision",
        statement: "When a hamstring tendon fails to improve despite well-done rehabilitation, a \
                    doctor may consider a guided steroid injection or, rarely, an operation to \
                    free scar tissue around the tendon and the sciatic nerve. Tendo never \
                    suggests these itself: it refers you, and says that trials of injections \
                    have been disappointing.",
        sources: &[DOC, "nlm-unnamed-hamstring-rehab", "cook-2018"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "escalation",
    },
    Rule {
        id: rules::H7,
        title: "Booking a massage and common questions",
        statement: "You can book a massage through the service and find plain answers to the \
                    questions people most often ask about massage and hamstring tendinopathy.",
        sources: &[DOC],
        level: ExpertGuidance,
        kind: Education,
        applied_in: "booking",
    },
];
