//! Common questions about massage for hamstring tendinopathy (rule H7).

use super::Faq;
use crate::rules;

/// The questions, most common first.
pub(super) const HAMSTRING_MASSAGE: &[Faq] = &[
    Faq {
        question: "Can massage cure my hamstring tendinopathy?",
        answer: "No. Massage can ease pain and help you relax for a while, but it does not \
                 rebuild the tendon. Gradual strengthening does that, and massage can sit \
                 alongside it if you find it helpful.",
        rules: &[rules::H2, rules::H4],
    },
    Faq {
        question: "Which type of massage should I book?",
        answer: "If you have never had a massage, start with Swedish massage, which is gentle. \
                 Later you can try sports massage, a blend of Swedish and deeper work. \
                 Deep-tissue massage is the style most often used.",
        rules: &[rules::H3],
    },
    Faq {
        question: "How often should I have a massage?",
        answer: "If it helps you, every week or two over a few months is a common pattern. Each \
                 session's effect is short, and no trial has worked out the best schedule.",
        rules: &[rules::H4],
    },
    Faq {
        question: "Should the therapist work on the sore spot at my sitting bone?",
        answer: "No. Firm pressure on an irritable tendon tends to make it worse. Ask them to \
                 work on the hamstring and buttock muscles instead.",
        rules: &[rules::H3, rules::MG_BELLY],
    },
    Faq {
        question: "Should I stretch my hamstrings after a massage?",
        answer: "Not in the early stages. A hamstring stretch squeezes the tendon against the \
                 bone right where it is sore. Your programme brings range back later through \
                 strength work.",
        rules: &[rules::H5, rules::P_COMP],
    },
    Faq {
        question: "Isn't hamstring tendinopathy an inflammation?",
        answer: "It is often described that way, but current evidence sees it as a repair \
                 process that has stalled. That is why loading, not anti-inflammatory \
                 treatment, is the heart of the plan.",
        rules: &[rules::H1, rules::A3],
    },
    Faq {
        question: "Will I need an injection or surgery?",
        answer: "Rehabilitation comes first, and it takes months. If it does not work for you, \
                 a doctor may discuss other options. Trials of injections for tendon pain have \
                 been disappointing, and Tendo refers you to a doctor rather than suggesting \
                 them.",
        rules: &[rules::H6, rules::E_REFER],
    },
    Faq {
        question: "Can I use a massage gun on my hamstring?",
        answer: "On the muscles at the back of the thigh and the buttock, yes, as long as none \
                 of the safety exclusions applies to you. Never on the tendon at the sitting \
                 bone, and not straight before sprinting or heavy strength work.",
        rules: &[rules::MG_BELLY, rules::MG_BEFORE, rules::A8],
    },
];
