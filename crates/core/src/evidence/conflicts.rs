//! Where a founding document meets stronger evidence, and the safer action Tendo takes.

use super::Conflict;
use super::EvidenceLevel::{ExpertGuidance, RandomisedTrial, SystematicReview};
use crate::rules;

/// Every known conflict: the four of `seed-rules.md` first, then those found in `evidence.md`.
pub(super) const CONFLICTS: &[Conflict] = &[
    Conflict {
        id: "h5-stretching",
        rules: &[rules::H5, rules::P_COMP],
        document_says: "The hamstring document lists frequent stretching as part of \
                        rehabilitation, on the word of a publication it does not name.",
        document_level: ExpertGuidance,
        evidence_says: "Static hamstring stretching bends the hip and presses the tendon against \
                        the sitting bone, so it is avoided in the early stages; expert \
                        physiotherapists avoid such positions early and midway through \
                        rehabilitation, and stretching a sore tendon is on Cook's list of \
                        treatments to avoid. These are expert sources too, but specific to \
                        tendons and more recent.",
        evidence_level: ExpertGuidance,
        sources: &[
            "goom-2016",
            "cook-2018",
            "nasser-2021",
            "loganphysio-hamstring",
        ],
        tendo_does: "Tendo leaves hamstring stretching out of stages 1 and 2 and tells you why: \
                     it squeezes the tendon before it is ready. Range comes back gradually in \
                     stage 3 through strengthening in deeper hip bending.",
    },
    Conflict {
        id: "inflammation-label",
        rules: &[rules::H4, rules::A3],
        document_says: "The hamstring document describes hamstring tendinopathy as an \
                        inflammatory injury and suggests massage helps especially for that \
                        reason.",
        document_level: ExpertGuidance,
        evidence_says: "Current thinking describes tendinopathy as a failed or stalled healing \
                        response: disordered collagen, changed cells and new vessel growth, not \
                        mainly inflammation. In a trial, loading reduced tendon thickness and \
                        vessel growth.",
        evidence_level: ExpertGuidance,
        sources: &["tma-achilles-massage", "beyer-2015"],
        tendo_does: "Tendo explains the condition as a tendon that has not healed well and needs \
                     graded load, and does not present massage or anti-inflammatory measures \
                     as a cure.",
    },
    Conflict {
        id: "h6-injections",
        rules: &[rules::H6, rules::E_REFER],
        document_says: "The hamstring document says a guided steroid injection can help in \
                        stubborn cases, again citing an unnamed publication.",
        document_level: ExpertGuidance,
        evidence_says: "Cook lists injections among the treatments to avoid for lower-limb \
                        tendon pain: in good trials they do no better than placebo.",
        evidence_level: ExpertGuidance,
        sources: &["cook-2018"],
        tendo_does: "Injections and surgery stay a doctor's decision. Tendo never suggests them; \
                     when rehabilitation has not worked it refers you, and it tells you what \
                     the trials found.",
    },
    Conflict {
        id: "a8-dose-caps",
        rules: &[rules::A8],
        document_says: "The Achilles document gives time limits by speed: under 2 minutes per \
                        muscle group above 2,400 percussions a minute, 2 to 5 minutes at or \
                        below it, presented as what research suggests.",
        document_level: ExpertGuidance,
        evidence_says: "Neither systematic review of massage guns that could be read contains \
                        these limits; one section of one review still needs checking. No trial \
                        was found that sets them.",
        evidence_level: SystematicReview,
        sources: &["ferreira-2023", "sams-2023"],
        tendo_does: "Tendo keeps the limits exactly, because they are cautious, and labels them \
                     as the clinic's expert guidance rather than as research findings.",
    },
    Conflict {
        id: "a15-intensity",
        rules: &[rules::A15],
        document_says: "The Achilles document asks for a massage-gun intensity of about 4 to 6 \
                        out of 10.",
        document_level: ExpertGuidance,
        evidence_says: "No source for a 4 to 6 target was found. The pain limits that are \
                        studied for tendon loading put the ceiling at 5 out of 10, and clinic \
                        pain bands treat 6 and above as too much.",
        evidence_level: ExpertGuidance,
        sources: &[
            "silbernagel-2007",
            "bim-physio-pain-monitoring",
            "fusionphysio-traffic-light",
        ],
        tendo_does: "Tendo shows the range as the clinic's guidance, labelled expert guidance, \
                     and tells you to ease off if the gun feels stronger than that. The range \
                     is never used for exercise: loading is governed by the 5 out of 10 limits \
                     of the pain-monitoring model.",
    },
    Conflict {
        id: "research-dose-calf",
        rules: &[rules::A11, rules::A12],
        document_says: "For an Achilles tendinopathy the document sets the gun at 2,400 \
                        percussions a minute or slower and at most 5 minutes per calf.",
        document_level: ExpertGuidance,
        evidence_says: "Studies mostly used a single 5-minute session at about 53 Hz, roughly \
                        3,200 a minute, including on the calf, in healthy volunteers without \
                        reported harm. People with sore tendons were not studied.",
        evidence_level: RandomisedTrial,
        sources: &["konrad-2020", "isaji-scoping-review"],
        tendo_does: "Tendo keeps the lower speed and the 5-minute limit for a painful tendon, \
                     the more careful choice, and says that research used faster settings in \
                     people without tendon pain.",
    },
    Conflict {
        id: "h4-healing-claims",
        rules: &[rules::H4],
        document_says: "The hamstring document says researchers believe regular massage \
                        supports healing and lowers blood pressure, easing pain at once, and \
                        recommends weekly or fortnightly sessions for months.",
        document_level: ExpertGuidance,
        evidence_says: "No evidence reviewed supports massage healing a tendon or lowering \
                        blood pressure as a route to less pain. In a trial, calf massage gave \
                        faster early relief but no lasting advantage over exercise, and no \
                        trial sets the weekly schedule.",
        evidence_level: RandomisedTrial,
        sources: &[
            "stefansson-2019",
            "corr-tendinopathy-treatment",
            "tma-achilles-massage",
        ],
        tendo_does: "Tendo presents massage as short-lived relief and relaxation that can make \
                     exercise easier, never as healing, and keeps the suggested schedule as the \
                     service's guidance.",
    },
    Conflict {
        id: "a4-pressure-massage-trial",
        rules: &[rules::A4, rules::A5],
        document_says: "The Achilles document says only graded strength training and load \
                        management heal the tendon; massage is for pain.",
        document_level: ExpertGuidance,
        evidence_says: "In one trial, pressure massage on the soleus alone did as well as \
                        eccentric exercise on the VISA-A up to 24 weeks, with faster relief at \
                        4 weeks; adding it to exercise gave no extra gain. The guideline still \
                        rates loading as the best-supported treatment.",
        evidence_level: RandomisedTrial,
        sources: &["stefansson-2019", "jospt-cpg-2018", "beyer-2015"],
        tendo_does: "Tendo keeps loading in every plan and offers calf-muscle massage as a \
                     worthwhile extra, especially in the first weeks.",
    },
    Conflict {
        id: "h3-deep-pressure",
        rules: &[rules::H3, rules::MG_BELLY],
        document_says: "The hamstring document names deep-tissue massage as the usual \
                        choice.",
        document_level: ExpertGuidance,
        evidence_says: "Firm pressure or friction on an irritable tendon is on Cook's list of \
                        things to avoid, pressing the hamstring tendon against the sitting bone \
                        is what the early stages avoid, and aggressive deep massage of the \
                        buttock has caused a haematoma.",
        evidence_level: ExpertGuidance,
        sources: &["cook-2018", "goom-2016", "painscience-massage-harms"],
        tendo_does: "Tendo says any massage works on the hamstring and buttock muscles, starts \
                     gentle, and stays off the tendon at the sitting bone.",
    },
    Conflict {
        id: "a13-tendon-later",
        rules: &[rules::A13, rules::MG_BELLY],
        document_says: "The Achilles document allows the gun on the tendon once it has fully \
                        settled.",
        document_level: ExpertGuidance,
        evidence_says: "The research note recommends percussion on the muscle belly only, not \
                        on the tendon or its insertion, in line with Cook's advice against \
                        friction on the tendon and the calf-only massage of the Stefansson \
                        trial. Both are expert readings; no study tested percussion on a \
                        settled tendon.",
        evidence_level: ExpertGuidance,
        sources: &["cook-2018", "stefansson-2019"],
        tendo_does: "Tendo follows the document but narrows it: the gun stays off the Achilles \
                     tendon until you report that it has fully settled, and even then only \
                     gently, for at most a minute within the calf total, stopping if it \
                     irritates. The hamstring tendon at the sitting bone is always avoided.",
    },
    Conflict {
        id: "alfredson-disabling-pain",
        rules: &[rules::P_ALF, rules::P_LOAD, rules::R_PM1, rules::R_PM2],
        document_says: "The usual reading of Alfredson's programme is to carry on despite \
                        tendon pain, stopping only if it becomes disabling, and to add weight \
                        until the drops hurt again. That reading was not found in the paper \
                        itself.",
        document_level: ExpertGuidance,
        evidence_says: "The pain-monitoring model of a randomised trial lets pain reach 5/10 \
                        during and after exercise, provided it has settled by the next morning \
                        and does not rise from week to week; one trial's handout adds weight \
                        only once the exercise no longer hurts.",
        evidence_level: RandomisedTrial,
        sources: &[
            "alfredson-cook-2007",
            "silbernagel-2007",
            "pmc6356409-trial-protocol",
        ],
        tendo_does: "Tendo gives one message for every protocol: pain up to 5/10 during and \
                     after the heel drops is acceptable if it settles by the next morning; \
                     more than that makes the plan lighter, and weight is added only once the \
                     drops no longer hurt.",
    },
];
