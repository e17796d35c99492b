//! Massage-gun safety (`MG-`), questionnaires (`Q-`), escalation (`E-`) and red flags (`RF-`).

use crate::evidence::EvidenceLevel::{
    CaseReport, CohortOrCaseSeries, ExpertGuidance, SystematicReview,
};
use crate::evidence::Rule;
use crate::evidence::RuleKind::Decision;
use crate::rules;

/// A red flag: a decision of the red-flag screen, resting on expert guidance.
const fn red_flag(
    id: rules::RuleId,
    title: &'static str,
    statement: &'static str,
    sources: &'static [&'static str],
) -> Rule {
    Rule {
        id,
        title,
        statement,
        sources,
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "red_flags",
    }
}

/// MG-BELLY to RF-ATYPICAL, in order.
pub(super) const RULES: &[Rule] = &[
    Rule {
        id: rules::MG_BELLY,
        title: "Muscle, not tendon or bone",
        statement: "Percussion goes on the fleshy middle of a muscle, such as the calf or the \
                    back of the thigh, never on a tendon, a bone or a joint.",
        sources: &[
            "cook-2018",
            "stefansson-2019",
            "konrad-2020",
            "massage-gun-consumer-guidance",
        ],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::MG_BEFORE,
        title: "Not just before fast or heavy work",
        statement: "Do not use a massage gun right before jumping, sprinting or strength \
                    training: it can leave you weaker or slower for that session.",
        sources: &["ferreira-2023", "canbulut-percussion", "greene-2024"],
        level: SystematicReview,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::MG_STOP,
        title: "Stop and get advice",
        statement: "Stop and get medical advice if you notice bruising, dark or tea-coloured \
                    urine, numbness, or any change in your eyesight.",
        sources: &["chen-2021", "jfwhp-2025-cat", "mu-2022", "lai-2021"],
        level: CaseReport,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::MG_DVT,
        title: "Never on a leg with a clot",
        statement: "No massage or percussion on a leg with a known or suspected blood clot: \
                    pressure can break the clot loose and send it to the lungs.",
        sources: &["painscience-massage-harms"],
        level: CaseReport,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::MG_BLEED,
        title: "Not with blood thinners or a bleeding disorder",
        statement: "No massage gun for someone who takes blood-thinning medicine or has a \
                    bleeding disorder, unless their clinician says it is safe: percussion can \
                    cause deep bruising and bleeding into a muscle, as in the reported bleed \
                    inside the abdominal wall.",
        sources: &["jfwhp-2025-cat", "painscience-massage-harms"],
        level: CaseReport,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::MG_PREG,
        title: "Pregnancy: a clinician first",
        statement: "No massage gun during pregnancy without a clinician's advice. This is \
                    general clinical caution: no study has tested percussion in pregnancy.",
        sources: &["jfwhp-2025-cat", "massage-gun-consumer-guidance"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::MG_IMPLANT,
        title: "Implants: a clinician first",
        statement: "With a pacemaker, a nerve stimulator or metal in the body, the gun never \
                    goes over or near the implant, and a clinician says where it may go before \
                    it is used at all. This is general clinical caution.",
        sources: &["jfwhp-2025-cat", "massage-gun-consumer-guidance"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "massage_gun",
    },
    Rule {
        id: rules::Q_VISA_A,
        title: "The VISA-A questionnaire",
        statement: "Eight questions about Achilles pain, everyday function and sport, giving a \
                    score from 0 to 100, where 100 means no symptoms.",
        sources: &["robinson-2001", "jospt-cpg-2018", "physiopedia-visa-a"],
        level: CohortOrCaseSeries,
        kind: Decision,
        applied_in: "questionnaire",
    },
    Rule {
        id: rules::Q_VISA_H,
        title: "The VISA-H questionnaire",
        statement: "The hamstring version: eight questions about buttock pain, function and \
                    sport, scored from 0 to 100.",
        sources: &[
            "cacchio-2014",
            "patient-watch-visa-h",
            "nasser-cosmin-visa-h",
        ],
        level: CohortOrCaseSeries,
        kind: Decision,
        applied_in: "questionnaire",
    },
    Rule {
        id: rules::Q_REC,
        title: "What counts as recovered",
        statement: "A VISA score of 90 or more is taken as recovered; people without tendon \
                    trouble usually score 96 or more.",
        sources: &["iversen-2012", "robinson-2001"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "questionnaire",
    },
    Rule {
        id: rules::Q_MCID,
        title: "A change you would notice",
        statement: "A rise of 14 points or more after about 12 weeks is a change that matters. \
                    Published estimates run from 6.5 to 15.4 points, so smaller changes are \
                    read with care.",
        sources: &[
            "jospt-2021-visa-a-mcid",
            "ubc-achilles-toolkit",
            "mccormack-2015",
        ],
        level: CohortOrCaseSeries,
        kind: Decision,
        applied_in: "questionnaire",
    },
    Rule {
        id: rules::E_REVIEW,
        title: "Review after 12 weeks without progress",
        statement: "If your score has not improved meaningfully after 12 weeks of following \
                    the programme, a clinician reviews your case.",
        sources: &["cook-2018", "jospt-cpg-2018", "jospt-2021-visa-a-mcid"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "escalation",
    },
    Rule {
        id: rules::E_WORSE,
        title: "Review when things get worse",
        statement: "If your pain or scores are trending worse, a clinician looks at your case \
                    instead of Tendo simply carrying on.",
        sources: &["silbernagel-2007", "bim-physio-pain-monitoring"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "escalation",
    },
    Rule {
        id: rules::E_REFER,
        title: "Injections and surgery: referral only",
        statement: "Injections and operations are for a doctor to decide. Tendo never \
                    prescribes them; it can only refer you.",
        sources: &["cook-2018", "hamstring-massage-qa"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "escalation",
    },
    red_flag(
        rules::RF_RUPTURE,
        "Possible Achilles rupture",
        "A sudden pop or a feeling of being kicked behind the heel, trouble pushing off, being \
         unable to rise onto the toes of that leg, or a gap in the tendon may mean it has torn: \
         get urgent care. Being able to walk does not rule a tear out.",
        &[
            "wikem-achilles-rupture",
            "achilles-red-flag-pages",
            "fhir-pain-scale",
        ],
    ),
    red_flag(
        rules::RF_AVULSION,
        "Possible hamstring tear from the bone",
        "A sudden pop high in the back of the thigh during a forced stretch, then large \
         bruising, a gap or weakness, may mean the tendon has pulled off the bone: get urgent \
         orthopaedic care, because repair works best within about 4 weeks.",
        &[
            "orthovellum-hamstring",
            "hamstring-red-flag-pages",
            "fhir-pain-scale",
        ],
    ),
    Rule {
        level: CohortOrCaseSeries,
        ..red_flag(
            rules::RF_FQ,
            "Fluoroquinolone antibiotics",
            "If you take, or recently took, an antibiotic such as ciprofloxacin, heavy loading \
             does not start until you have spoken to your doctor about the medicine.",
            &["van-der-linden-1999", "fluoroquinolone-pages"],
        )
    },
    Rule {
        level: CohortOrCaseSeries,
        ..red_flag(
            rules::RF_STEROID,
            "Corticosteroid medicines",
            "Steroid tablets or injections that act on the whole body raise the risk of tendon \
             damage, more so alongside those antibiotics: a clinician checks before loading \
             starts.",
            &[
                "van-der-linden-1999",
                "fluoroquinolone-pages",
                "jospt-cpg-2018",
            ],
        )
    },
    red_flag(
        rules::RF_NERVE,
        "Nerve signs",
        "Numbness, pins and needles, pain running down the leg, weakness or a foot that drops \
         point to a nerve rather than the tendon: a clinician needs to assess you.",
        &[
            "orthovellum-hamstring",
            "hamstring-red-flag-pages",
            "achilles-red-flag-pages",
        ],
    ),
    red_flag(
        rules::RF_NIGHT,
        "Night or constant pain",
        "Pain at night or at rest that is getting worse, or pain that never lets up, does not \
         fit a tendon problem and needs a clinician.",
        &["achilles-red-flag-pages", "hamstring-red-flag-pages"],
    ),
    red_flag(
        rules::RF_SYSTEMIC,
        "Whole-body conditions",
        "Rheumatoid arthritis, gout, spondyloarthritis or diabetes can cause or worsen tendon \
         pain: a clinician takes them into account before the programme goes ahead.",
        &["jospt-cpg-2018", "achilles-red-flag-pages"],
    ),
    red_flag(
        rules::RF_DVT,
        "A swollen, tender calf",
        "A swollen, tender calf may be a blood clot rather than a tendon problem: have it \
         checked urgently, and no massage until then.",
        &["painscience-massage-harms", "jospt-cpg-2018"],
    ),
    red_flag(
        rules::RF_INFECT,
        "Heat, redness or fever",
        "Marked warmth or redness around the painful area, or a fever, needs a doctor rather \
         than exercise. This is general clinical caution.",
        &["jospt-cpg-2018"],
    ),
    red_flag(
        rules::RF_CAUDA,
        "Bladder, bowel or saddle numbness",
        "A change in bladder or bowel control, or numbness around the groin and back passage, \
         is an emergency: get emergency care at once.",
        &["jospt-cpg-2018", "hamstring-red-flag-pages"],
    ),
    red_flag(
        rules::RF_CANCER,
        "Weight loss or a history of cancer",
        "Weight loss you cannot explain, or a past cancer, together with new pain needs a \
         doctor's assessment first.",
        &["jospt-cpg-2018", "hamstring-red-flag-pages"],
    ),
    red_flag(
        rules::RF_BILATERAL,
        "Both legs at once",
        "Symptoms in both legs with no change in training to explain them may come from a \
         whole-body condition: a clinician checks first.",
        &["jospt-cpg-2018", "achilles-red-flag-pages"],
    ),
    red_flag(
        rules::RF_ADOLESCENT,
        "A teenager with sudden buttock pain",
        "In a teenager, sudden pain at the sitting bone may mean a piece of bone has pulled \
         away where the growth plate has not yet fused: a doctor needs to see it.",
        &["hamstring-red-flag-pages", "orthovellum-hamstring"],
    ),
    red_flag(
        rules::RF_ATYPICAL,
        "Pain that does not behave like a tendon",
        "Pain that is worse with light activity such as cycling or swimming, or that spreads \
         along the tendon instead of staying in one place, needs a clinician.",
        &["achilles-red-flag-pages"],
    ),
];
