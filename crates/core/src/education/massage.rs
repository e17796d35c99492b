//! Topics about massage: self-massage, massage guns, and massage for a hamstring tendon.

use super::Topic;
use crate::condition::Condition::{
    self, AchillesInsertional, AchillesLocationUnknown, AchillesMidportion, ProximalHamstring,
};
use crate::rules;

/// Every Achilles condition, whether or not its location is known.
const ACHILLES: &[Condition] = &[
    AchillesMidportion,
    AchillesInsertional,
    AchillesLocationUnknown,
];

/// Massage done well, and what it can and cannot do.
pub(super) const TOPICS: &[Topic] = &[
    Topic {
        id: "self-massage",
        title: "Self-massage done right",
        summary: "Massage your calf muscles, go gently if at all on the tendon, and never rub \
                  across it.",
        paragraphs: &[
            "If massage helps your pain, work on your calf: the gastrocnemius that shapes the \
             upper calf, and the soleus lying deeper and lower down. The one trial of massage \
             for Achilles pain worked on the calf muscle, not the tendon, and gave good early \
             relief.",
            "Leave the tendon itself mostly alone. An irritated tendon tends to get sorer when \
             it is pressed or rubbed hard, rather like pushing on a bruise. If you do touch it, \
             keep the pressure light.",
            "Do not use cross-friction massage, in which firm strokes go back and forth across \
             the tendon. It tends to flare an Achilles tendinopathy, and tendon specialists list \
             friction on a sore tendon among the treatments to avoid.",
            "Keep massage short and think of it as a way to make your exercises easier to \
             start. The exercises are what change the tendon.",
        ],
        rules: &[rules::A6, rules::A7, rules::A5],
        conditions: ACHILLES,
    },
    Topic {
        id: "massage-gun-safely",
        title: "Using a massage gun safely",
        summary: "Low speed, muscles only, short sessions two days apart, and never on the \
                  face, the neck or a thinly covered chest.",
        paragraphs: &[
            "Massage guns are popular, but research on them is young. The limits here come \
             mostly from a physiotherapy clinic's careful guidance; the studies that exist are \
             small and were done in healthy people. Tendo shows how firm each limit is.",
            "For an Achilles tendinopathy, use the gun only if your calf and tendon feel normal \
             to touch. Fit the medium ball head, choose the low range of 2,400 percussions a \
             minute or slower, and keep to the calf muscles for 5 minutes per calf at most. Aim \
             for a pressure of about 4 to 6 out of 10, and wait 48 hours or more before the next \
             treatment. For a hamstring, keep to the muscles at the back of the thigh and the \
             buttock.",
            "Keep the gun off the tendon, particularly where the Achilles joins the heel bone, \
             and never use it there if you have heel bursitis. Avoid open wounds, inflamed \
             skin and scars younger than 12 weeks, and do not use it straight before jumping, \
             sprinting or heavy strength work.",
            "Some uses are never safe: on your face or near your eyes, on your neck or over \
             large arteries, on a chest with little muscle, on a leg with a known or suspected \
             clot, or at all if you have a long-term illness that slows repair, such as \
             diabetes, osteoporosis, iron deficiency or kidney disease. Eye injuries, torn neck \
             arteries and serious muscle breakdown have all been reported.",
            "Stop and get medical advice if you see bruising, pass dark urine, feel numbness, \
             or notice any change in your vision.",
        ],
        rules: &[
            rules::A8,
            rules::A9,
            rules::A10,
            rules::A11,
            rules::A12,
            rules::A13,
            rules::A14,
            rules::A15,
            rules::A16,
            rules::A17,
            rules::A18,
            rules::A19,
            rules::A20,
            rules::A21,
            rules::A22,
            rules::MG_BELLY,
            rules::MG_BEFORE,
            rules::MG_STOP,
            rules::MG_DVT,
        ],
        conditions: &Condition::ALL,
    },
    Topic {
        id: "hamstring-massage",
        title: "What massage can and cannot do for a hamstring tendon",
        summary: "Massage can help you relax and ease pain for a while; it does not heal the \
                  tendon, and the plan does not depend on it.",
        paragraphs: &[
            "Massage is widely used for hamstring tendinopathy, but it has hardly been studied, \
             and the studies that exist found it adds little beyond other rehabilitation. It is \
             an option, not a treatment your plan depends on.",
            "What massage can do is help you relax, lift your mood and ease pain for a while. \
             The effect is short-lived, so a single session rarely makes a lasting difference. \
             If you enjoy it and it helps, a session every week or two over a few months is a \
             common pattern.",
            "If you are new to massage, begin with gentle Swedish massage before moving to \
             sports massage, which blends Swedish strokes with deeper work; deep-tissue massage \
             is the style most often used. Ask the therapist to work on the hamstring and \
             buttock muscles and to keep firm pressure off the tendon at the sitting bone.",
            "What massage cannot do is rebuild the tendon or calm an inflammation, because the \
             problem is not mainly inflammation. Claims that massage heals the tendon, or eases \
             pain by lowering blood pressure, are not supported by the evidence Tendo has \
             reviewed.",
        ],
        rules: &[rules::H2, rules::H3, rules::H4],
        conditions: &[ProximalHamstring],
    },
];
