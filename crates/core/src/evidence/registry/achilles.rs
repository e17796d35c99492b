//! Rules A1–A23, from the Achilles founding document (000).

use crate::evidence::EvidenceLevel::{CaseReport, ExpertGuidance, RandomisedTrial};
use crate::evidence::Rule;
use crate::evidence::RuleKind::{Decision, Education};
use crate::rules;

/// The founding document of the A rules.
const DOC: &str = "tma-achilles-massage";

/// A1 to A23, in order.
pub(super) const RULES: &[Rule] = &[
    Rule {
        id: rules::A1,
        title: "One condition, many names",
        statement: "Tendinitis, tendonitis, tendinosis and tendinopathy are treated as one \
                    condition. Whichever word you use, Tendo finds the same programme.",
        sources: &[DOC],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "condition",
    },
    Rule {
        id: rules::A2,
        title: "Too much load, too soon",
        statement: "A tendon becomes painful when it is asked to carry more than it is ready \
                    for. That can happen at once, such as a first hilly run after months on the \
                    flat, or build up over weeks of hard training with too little recovery. \
                    Tendo asks what changed in your training before the pain began.",
        sources: &[DOC],
        level: ExpertGuidance,
        kind: Education,
        applied_in: "education",
    },
    Rule {
        id: rules::A3,
        title: "What changes inside the tendon",
        statement: "In tendinopathy the tendon's collagen fibres lose their neat side-by-side \
                    order, its cells change, and tiny blood vessels grow into it. The tendon \
                    thickens and becomes less stiff and less strong. This is a healing process \
                    that has stalled, not mainly an inflammation.",
        sources: &[DOC, "beyer-2015"],
        level: ExpertGuidance,
        kind: Education,
        applied_in: "education",
    },
    Rule {
        id: rules::A4,
        title: "Loading heals; massage does not",
        statement: "Massage cannot make a tendon rebuild itself. Exercise that loads the tendon \
                    in graded steps, with care over how much load you take on overall, is what \
                    does. Every Tendo plan contains loading exercise; massage may be added for \
                    pain relief but is never the whole plan.",
        sources: &[
            DOC,
            "jospt-cpg-2018",
            "alfredson-1998",
            "beyer-2015",
            "stefansson-2019",
            "cook-2018",
            "weerapong-2005",
        ],
        level: RandomisedTrial,
        kind: Decision,
        applied_in: "massage",
    },
    Rule {
        id: rules::A5,
        title: "When massage earns its place",
        statement: "Massage is worth using when pain is what keeps you from starting your \
                    exercises. It eases pain by settling the nervous system rather than by \
                    changing the tendon, so its job is to get you moving.",
        sources: &[
            DOC,
            "stefansson-2019",
            "kaewcum-2018",
            "weerapong-2005",
            "sams-2023",
        ],
        level: RandomisedTrial,
        kind: Decision,
        applied_in: "massage",
    },
    Rule {
        id: rules::A6,
        title: "Massage the calf, not the tendon",
        statement: "Self-massage goes on the calf muscles, gastrocnemius and soleus. If you do \
                    touch the Achilles tendon itself, keep the pressure light: a sore tendon \
                    reacts to firm pressure much as a bruise does.",
        sources: &[DOC, "stefansson-2019", "cook-2018"],
        level: RandomisedTrial,
        kind: Decision,
        applied_in: "massage",
    },
    Rule {
        id: rules::A7,
        title: "No cross-friction massage",
        statement: "Cross-friction massage, firm rubbing back and forth across the tendon, is \
                    not used on an Achilles tendinopathy because it tends to flare a sore tendon.",
        sources: &[DOC, "cook-2018"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage",
    },
    Rule {
        id: rules::A8,
        title: "Massage-gun time depends on speed",
        statement: "Faster than 2,400 percussions a minute, spend less than 2 minutes on each \
                    muscle group. At 2,400 a minute or slower, spend from 2 up to 5 minutes on \
                    each. These limits are the clinic's cautious guidance; no trial set them.",
        sources: &[
            DOC,
            "ferreira-2023",
            "sams-2023",
            "konrad-2020",
            "isaji-scoping-review",
        ],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::A9,
        title: "Only with normal feeling",
        statement: "Use a massage gun only if your calf and Achilles feel normal to touch, so \
                    you notice straight away if something hurts or goes wrong.",
        sources: &[DOC],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::A10,
        title: "The medium ball head",
        statement: "Fit the medium round head, roughly as big as a golf ball.",
        sources: &[DOC],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::A11,
        title: "Low speed for an Achilles",
        statement: "For an Achilles tendinopathy, set the gun to its low range: 2,400 \
                    percussions a minute (40 Hz) or slower.",
        sources: &[DOC],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::A12,
        title: "Calf muscles, five minutes a calf",
        statement: "Work on the calf muscles, soleus and gastrocnemius, for at most 5 minutes \
                    altogether on each calf.",
        sources: &[DOC, "konrad-2020"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::A13,
        title: "Keep off the tendon at first",
        statement: "At first, keep the gun off the Achilles tendon, and above all off the spot \
                    where it meets the heel bone; pressing there early tends to flare it. Once \
                    the tendon has fully settled, brief and gentle use on it is allowed.",
        sources: &[DOC, "cook-2018"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::A14,
        title: "Never on the insertion with heel bursitis",
        statement: "If you have bursitis at the back of the heel, never use the gun at the \
                    tendon's attachment to the heel bone.",
        sources: &[DOC],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::A15,
        title: "A moderate strength",
        statement: "Aim for a pressure that is noticeable but bearable, about 4 to 6 on a 0–10 \
                    pain scale. This range is the clinic's guidance; no study has tested it.",
        sources: &[DOC],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::A16,
        title: "Two days between treatments",
        statement: "Leave at least 48 hours between one massage-gun treatment and the next, so \
                    the tissue has time to recover.",
        sources: &[DOC, "stefansson-2019"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::A17,
        title: "Not with an illness that slows repair",
        statement: "Do not use a massage gun at all if you have a long-term illness that affects \
                    how your body repairs itself, such as diabetes, osteoporosis, iron \
                    deficiency or kidney disease. Serious harm has been reported in people with \
                    conditions like these.",
        sources: &[DOC, "chen-2021", "jfwhp-2025-cat"],
        level: CaseReport,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::A18,
        title: "Not on wounds or inflamed skin",
        statement: "Keep the gun away from open wounds and from any area that is inflamed.",
        sources: &[DOC],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::A19,
        title: "Not on a new scar",
        statement: "Do not use the gun over a scar that is less than 12 weeks old.",
        sources: &[DOC],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::A20,
        title: "Never on the face",
        statement: "Never use the gun on your face or around your eyes: eye injuries, including \
                    a displaced lens and cataracts, have been reported.",
        sources: &[DOC, "mu-2022", "lai-2021", "garza-reyes-2024"],
        level: CaseReport,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::A21,
        title: "Never on the neck or over large arteries",
        statement: "Never use the gun on your neck or over large arteries: torn neck arteries \
                    and strokes have been reported.",
        sources: &[
            DOC,
            "sulkowski-2022",
            "shariff-2023",
            "roehmer-2022",
            "mak-2023",
        ],
        level: CaseReport,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::A22,
        title: "Not on a thinly covered chest",
        statement: "Do not use the gun on your chest where little muscle covers the ribs. The \
                    injury report behind this could not be found, so it stands as the clinic's \
                    caution.",
        sources: &[DOC, "masters-2022"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::A23,
        title: "Video consultations",
        statement: "You can book a video consultation with a named physiotherapist, see each \
                    clinician's qualifications, experience and prices and what other patients \
                    said, and come away with an assessment and a plan made for you.",
        sources: &[DOC],
        level: ExpertGuidance,
        kind: Education,
        applied_in: "booking",
    },
];
