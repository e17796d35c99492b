//! The pain-monitoring rules (`R-`) and the programme rules (`P-`).

use crate::evidence::EvidenceLevel::{CohortOrCaseSeries, ExpertGuidance, RandomisedTrial};
use crate::evidence::Rule;
use crate::evidence::RuleKind::Decision;
use crate::rules;

/// R-PM1 to P-EQUIP, in order.
pub(super) const RULES: &[Rule] = &[
    Rule {
        id: rules::R_PM1,
        title: "Pain during activity",
        statement: "While you exercise or run, pain up to 5 out of 10 is acceptable. Above 5, \
                    the load is too much for now.",
        sources: &[
            "silbernagel-2007",
            "thomee-1997",
            "bim-physio-pain-monitoring",
            "thegameplanpt-achilles",
        ],
        level: RandomisedTrial,
        kind: Decision,
        applied_in: "pain_monitoring",
    },
    Rule {
        id: rules::R_PM2,
        title: "Pain after activity",
        statement: "After activity, pain may reach 5 out of 10, but it must have eased back by \
                    the next morning. If it has not, the load was too much. Tendo judges the \
                    next morning against the lower of two levels: your usual morning pain \
                    before the programme, and your recent usual morning (the middle value of \
                    your answered mornings in the 14 days before, once there are at least 2). \
                    So a flare after quiet weeks is not excused by a high starting level. For \
                    proximal hamstring the next-day measure is the load test instead (R-LT2).",
        sources: &[
            "silbernagel-2007",
            "southsidephysio-pain-monitoring",
            "bim-physio-pain-monitoring",
        ],
        level: RandomisedTrial,
        kind: Decision,
        applied_in: "pain_monitoring",
    },
    Rule {
        id: rules::R_PM3,
        title: "The weekly trend",
        statement: "Pain and stiffness must not creep up from one week to the next. Tendo \
                    compares the average pain during sessions, straight after them and the \
                    next morning over the last 7 days with the 7 days before. Scores are whole \
                    points, so an average that moves by less than half a point is within what \
                    the scale can show; from half a point up, pain is increasing and the load \
                    holds. A rise of a full point (the smallest change people notice), or \
                    weekly rises in a row that add up to a point, means the load comes down \
                    and a clinician is told. Moving up needs next-morning answers on at least \
                    2 days in each of those two weeks, the fewest sessions a week the \
                    guideline asks for, so that the trend can be checked.",
        sources: &[
            "silbernagel-2007",
            "thegameplanpt-achilles",
            "salaffi-2004",
            "jospt-cpg-2018",
        ],
        level: RandomisedTrial,
        kind: Decision,
        applied_in: "pain_monitoring",
    },
    Rule {
        id: rules::R_LT1,
        title: "The next-day load test",
        statement: "Tendon pain often shows up about a day after too much load. If your \
                    next-day test hurts more than 2 points above its usual level, the activity \
                    that provoked it is cut back. For Achilles the usual level is the lower of \
                    your morning pain before the programme and your recent usual morning; for \
                    the hamstring load test it is your recent usual score (the middle value of \
                    the scores in the 14 days before).",
        sources: &["cook-2018"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "pain_monitoring",
    },
    Rule {
        id: rules::R_LT2,
        title: "The hamstring daily test",
        statement: "Each day, at the same time, repeat one short test such as three single-leg \
                    bridges. Pain from 0 to 3 out of 10 means the load is tolerated; 4 or more \
                    means it is not, and the load comes down.",
        sources: &["goom-2016", "pogophysio-hamstring-load-test"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "pain_monitoring",
    },
    Rule {
        id: rules::R_REST,
        title: "Never complete rest",
        statement: "Stopping all load makes a tendon weaker and less able to cope, and it loses \
                    stiffness within about two weeks. Tendo cuts back the loads that hurt and \
                    keeps the ones that help, such as isometric holds. In a trial, people who \
                    kept active within the pain limits did as well as those who rested.",
        sources: &["cook-2018", "silbernagel-2007"],
        level: RandomisedTrial,
        kind: Decision,
        applied_in: "pain_monitoring",
    },
    Rule {
        id: rules::P_ISO,
        title: "Isometric holds",
        statement: "Holding a muscle tight without moving, for example 5 holds of 30 to 45 \
                    seconds at a firm effort, can ease tendon pain and starts loading when \
                    moving exercises still hurt too much.",
        sources: &[
            "rio-2015",
            "cook-2018",
            "goom-2016",
            "grsm-hamstring",
            "tsmt-hamstring",
            "pmc8364697-staged-programme",
            "silbernagel-hanlon-sprague-2020",
        ],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "programme",
    },
    Rule {
        id: rules::P_ALF,
        title: "Alfredson heel drops",
        statement: "Lower your heel slowly on the painful leg and rise on the good one: 3 sets \
                    of 15 with the knee straight and 3 sets of 15 with the knee bent, twice a \
                    day, every day, for 12 weeks, which makes 180 lowerings a day. The standard \
                    version is for pain in the middle of the tendon.",
        sources: &[
            "alfredson-1998",
            "bjsm-eccentric-parameters",
            "fahlstrom-2003",
            "jospt-cpg-2018",
            "beyer-2015",
            "stefansson-2019",
        ],
        level: RandomisedTrial,
        kind: Decision,
        applied_in: "programme",
    },
    Rule {
        id: rules::P_LOAD,
        title: "Adding weight",
        statement: "Once the heel drops no longer hurt, weight is added, usually in a backpack, \
                    in small steps no more than once a week. Pain within the 5/10 limits is \
                    acceptable but keeps the load where it is.",
        sources: &[
            "alfredson-1998",
            "bjsm-eccentric-parameters",
            "alfredson-cook-2007",
            "pmc6356409-trial-protocol",
            "mreevespt-hsr-summary",
        ],
        level: CohortOrCaseSeries,
        kind: Decision,
        applied_in: "programme",
    },
    Rule {
        id: rules::P_INS,
        title: "Insertional pain: stay on the floor",
        statement: "When the pain is where the tendon joins the heel, exercises are done on a \
                    flat floor and the heel never drops below floor level, so the tendon is not \
                    squeezed against the bone. Until it is known where along the Achilles it \
                    hurts, every plan follows this rule too.",
        sources: &[
            "jonsson-2008",
            "fahlstrom-2003",
            "silbernagel-hanlon-sprague-2020",
        ],
        level: CohortOrCaseSeries,
        kind: Decision,
        applied_in: "programme",
    },
    Rule {
        id: rules::P_HSR,
        title: "Heavy slow resistance",
        statement: "Three sessions a week for 12 weeks of three calf-raise exercises on both \
                    legs, each repetition taking 3 seconds down and 3 seconds up. The weight \
                    rises from one you can lift 15 times to one you can lift 6 times. It works \
                    as well as daily heel drops and is easier to keep up.",
        sources: &["beyer-2015", "jospt-cpg-2018", "mreevespt-hsr-summary"],
        level: RandomisedTrial,
        kind: Decision,
        applied_in: "programme",
    },
    Rule {
        id: rules::P_SIL,
        title: "Silbernagel's four phases",
        statement: "The Achilles programme moves through four phases: calming symptoms and \
                    starting to load, recovery, rebuilding with added weight and quicker \
                    movements, then return to sport with ongoing upkeep. The details of phases \
                    3 and 4 are still being checked against the published table.",
        sources: &[
            "silbernagel-hanlon-sprague-2020",
            "bmc-msk-2021-protocol",
            "silbernagel-2001",
            "silbernagel-2007",
        ],
        level: RandomisedTrial,
        kind: Decision,
        applied_in: "programme",
    },
    Rule {
        id: rules::P_SIL_GATE,
        title: "Move on by symptoms, not the calendar",
        statement: "You move to the next phase when the current one has become comfortable, for \
                    example when the body-weight exercises of phase 1 cause no difficulty, not \
                    because a set number of weeks has passed. Without a record of your symptoms \
                    you start at the first phase, and each phase also needs a fewest number of \
                    weeks on the one before it.",
        sources: &["silbernagel-hanlon-sprague-2020", "goom-2016"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "programme",
    },
    Rule {
        id: rules::P_RUN,
        title: "Back to running",
        statement: "Running restarts when hopping is close to pain-free (below 2 out of 10), \
                    twice a week at first, and weekly distance grows by no more than a fifth. \
                    If pain rises overall, take a week off running and start again.",
        sources: &[
            "pmc6356409-trial-protocol",
            "silbernagel-crossley-2015",
            "pmc8364697-staged-programme",
            "thegameplanpt-achilles",
        ],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "running",
    },
    Rule {
        id: rules::P_PHT1,
        title: "Hamstring stage 1: holds",
        statement: "Start with isometric hamstring holds with the hip close to straight, such \
                    as a bridge hold, about 5 holds of 30 to 45 seconds. They ease pain and load \
                    the tendon without pressing it against the bone.",
        sources: &[
            "goom-2016",
            "advantagesportmed-hamstring",
            "grsm-hamstring",
            "tsmt-hamstring",
        ],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "programme",
    },
    Rule {
        id: rules::P_PHT2,
        title: "Hamstring stage 2: slow strength, hip nearly straight",
        statement: "Next comes slow, heavy strengthening with the hip only slightly bent, such \
                    as leg curls and bridges, starting at a weight you can lift about 15 times \
                    and working towards about 8.",
        sources: &[
            "goom-2016",
            "goom-running-physio",
            "advantagesportmed-hamstring",
        ],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "programme",
    },
    Rule {
        id: rules::P_PHT3,
        title: "Hamstring stage 3: more hip bend",
        statement: "Strength work moves step by step into deeper hip bending, such as Romanian \
                    deadlifts, Nordic curls, deeper lunges and step-ups, adding range as comfort \
                    allows.",
        sources: &["goom-2016", "goom-running-physio"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "programme",
    },
    Rule {
        id: rules::P_PHT4,
        title: "Hamstring stage 4: spring and speed",
        statement: "Last come springy, fast loads: running progressions, speed, bounding and \
                    sprint drills, then training for your sport. Sprinting usually waits at \
                    least 12 to 16 weeks from the start.",
        sources: &["goom-2016", "tsmt-hamstring"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "programme",
    },
    Rule {
        id: rules::P_COMP,
        title: "No squeezing or stretching the tendon early",
        statement: "In hamstring stages 1 and 2, avoid positions that press the tendon against \
                    the sitting bone: deep hip bending, especially with the leg drawn across the \
                    body, static hamstring stretches, long sitting on hard seats, deep lunges \
                    and squats, hills and sprints.",
        sources: &[
            "goom-2016",
            "nasser-2021",
            "loganphysio-hamstring",
            "tsmt-hamstring",
            "cook-2018",
        ],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "programme",
    },
    Rule {
        id: rules::P_CORE,
        title: "Trunk and pelvic control",
        statement: "Exercises for trunk and pelvic control run alongside hamstring loading at \
                    every stage.",
        sources: &[
            "hamstring-massage-qa",
            "nlm-unnamed-hamstring-rehab",
            "goom-2016",
        ],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "programme",
    },
    Rule {
        id: rules::P_LEN,
        title: "It takes months",
        statement: "Tendon rehabilitation takes at least 12 weeks, and hamstring programmes \
                    often 3 to 6 months. Tendo moves you on by how your tendon responds, never \
                    in a hurry, and people who finish their rehabilitation usually do well in \
                    the long run.",
        sources: &["cook-2018", "goom-2016", "alfredson-1998", "beyer-2015"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "programme",
    },
    Rule {
        id: rules::P_FREQ,
        title: "At least twice a week",
        statement: "Do your exercises at least twice a week, within the pain limits.",
        sources: &["jospt-cpg-2018"],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "programme",
    },
    Rule {
        id: rules::P_EQUIP,
        title: "The same load with what you have",
        statement: "Tendo's own product rule, read from the trials rather than tested in one: \
                    the trials set the dose by the sets, the repetitions, the tempo and the \
                    heaviest weight you can lift that many times, not by a particular machine. \
                    So when you lack the machine, barbell, step or ball an exercise uses, Tendo \
                    swaps it for one that puts the same load on the tendon in the same way \
                    (a backpack or dumbbells for a machine, one leg for two when the weight is \
                    light, flat floor for a step), keeps the dose, and says what changed. \
                    Where no fair swap exists the exercise stays and says what it needs. An \
                    insertional Achilles plan stays at floor level whatever you have.",
        sources: &[
            "beyer-2015",
            "bjsm-eccentric-parameters",
            "silbernagel-hanlon-sprague-2020",
            "jonsson-2008",
            "goom-2016",
        ],
        level: ExpertGuidance,
        kind: Decision,
        applied_in: "programme",
    },
];
