//! The red flags' data: urgency, whom to see, what to say, and the screening questions.
//!
//! Urgencies follow evidence.md §11: cauda equina signs and a suspected clot are emergencies; a
//! suspected rupture or avulsion is seen the same day, because repair is time-critical. The
//! remaining urgencies are Tendo's reading of the evidence and are explained beside each entry.

use super::{Finding, Question, RedFlag, Urgency};
use crate::condition::Condition;
use crate::rules::{self, RuleId};

/// The Achilles conditions.
const ACHILLES: &[Condition] = &[
    Condition::AchillesMidportion,
    Condition::AchillesInsertional,
    Condition::AchillesLocationUnknown,
];

/// The hamstring condition.
const HAMSTRING: &[Condition] = &[Condition::ProximalHamstring];

/// Every condition.
const EVERY: &[Condition] = &Condition::ALL;

/// What a flag means: how soon, whom to see, what to say and the rules behind it.
pub(super) struct Profile {
    /// How soon to be seen.
    pub urgency: Urgency,
    /// Whom to see.
    pub see: &'static str,
    /// What it may mean and what to do.
    pub message: &'static str,
    /// The rules behind it.
    pub rules: &'static [RuleId],
}

/// The profile of one flag.
pub(super) fn profile(flag: RedFlag) -> Profile {
    let (urgency, see, message, rules): (Urgency, &str, &str, &[RuleId]) = match flag {
        RedFlag::AchillesRupture => (
            Urgency::SameDay,
            "an emergency department or an urgent orthopaedic (fracture) clinic, today",
            "These signs can mean the Achilles tendon has torn. Stop the exercises and get it \
             checked today: treatment works best when it starts early. Being able to walk does \
             not rule a tear out.",
            &[rules::RF_RUPTURE],
        ),
        RedFlag::HamstringAvulsion => (
            Urgency::SameDay,
            "an urgent orthopaedic (fracture) clinic or urgent care, today",
            "These signs can mean the hamstring tendon has pulled away from the sitting bone. \
             Stop the exercises and get it checked today: if it needs repairing, the results are \
             best within about 4 weeks of the injury.",
            &[rules::RF_AVULSION],
        ),
        RedFlag::AdolescentSuddenButtockPain => (
            Urgency::SameDay,
            "an urgent orthopaedic (fracture) clinic or urgent care, today",
            "In young people who are still growing, the hamstring can pull off a piece of the \
             sitting bone. Stop the exercises and get it checked today, usually with an X-ray.",
            &[rules::RF_ADOLESCENT, rules::RF_AVULSION],
        ),
        RedFlag::CaudaEquina => (
            Urgency::Emergency,
            "an emergency department now, or call the emergency number",
            "These signs can mean the nerves at the bottom of the spine are being squeezed. \
             This is an emergency: go now, and don't wait to see whether it settles.",
            &[rules::RF_CAUDA],
        ),
        RedFlag::CalfClot => (
            Urgency::Emergency,
            "an emergency department now; call the emergency number if you are short of breath \
             or have chest pain",
            "A swollen, warm or tender calf can be a blood clot in a vein, which needs checking \
             straight away. Don't massage the leg or use a massage gun on it: that could move \
             the clot.",
            &[rules::RF_DVT, rules::MG_DVT],
        ),
        // Infection cannot wait days, but it is not the emergency a clot or cauda equina is.
        RedFlag::InfectionSigns => (
            Urgency::SameDay,
            "your GP or urgent care, today",
            "Marked warmth, redness or a fever point to an infection or inflammation rather than \
             an overloaded tendon. Stop the exercises and see a doctor today.",
            &[rules::RF_INFECT],
        ),
        // Weakness that is new can mean a nerve is being damaged, so it is seen the same day.
        RedFlag::NerveWeakness => (
            Urgency::SameDay,
            "your GP or urgent care, today; an emergency department if it is getting worse \
             quickly",
            "New weakness, such as a foot that drops or catches as you walk, can mean a nerve is \
             being squeezed or damaged. Get it checked today.",
            &[rules::RF_NERVE],
        ),
        RedFlag::NerveSymptoms => (
            Urgency::WithinDays,
            "your GP or physiotherapist, within a few days",
            "Numbness, pins and needles or pain running down the leg suggest that a nerve is \
             involved. Have it assessed before continuing: the programme may need to change.",
            &[rules::RF_NERVE],
        ),
        RedFlag::Fluoroquinolone => (
            Urgency::WithinDays,
            "your GP or the doctor who prescribed the antibiotic, within a few days",
            "Quinolone antibiotics can weaken tendons and make a tear more likely, especially \
             over the age of 60. Don't start heavy loading: ask the prescriber about the \
             antibiotic and when loading is safe. Don't stop the antibiotic without talking to \
             them.",
            &[rules::RF_FQ],
        ),
        // Constant or worsening night pain needs other causes ruled out, but not today.
        RedFlag::NightOrRestPain => (
            Urgency::WithinDays,
            "your GP, within a few days",
            "Tendon pain usually follows load and eases with rest. Pain that is there all the \
             time, or is getting worse at night, needs a doctor to look for other causes.",
            &[rules::RF_NIGHT],
        ),
        RedFlag::CancerOrWeightLoss => (
            Urgency::WithinDays,
            "your GP, within a few days",
            "After weight loss you can't explain, or with a history of cancer, a doctor should \
             rule out other causes of the pain before you continue.",
            &[rules::RF_CANCER],
        ),
        // A risk factor rather than a sign of harm: discuss before loading heavily.
        RedFlag::SystemicCorticosteroids => (
            Urgency::RoutineReview,
            "your clinician, and the doctor who prescribed the steroid, before you continue",
            "Steroid medicine taken for another condition can weaken tendons. Talk to your \
             clinician before continuing, so the loading can be adjusted. Don't stop the \
             medicine without talking to your doctor.",
            &[rules::RF_STEROID],
        ),
        RedFlag::SystemicDisease => (
            Urgency::RoutineReview,
            "your clinician, before you continue",
            "Conditions such as rheumatoid arthritis, gout, spondyloarthritis and diabetes can \
             affect tendons and how they heal, and can cause tendon pain of their own. Discuss \
             the programme with your clinician before continuing.",
            &[rules::RF_SYSTEMIC],
        ),
        RedFlag::BothLegsWithoutLoadChange => (
            Urgency::RoutineReview,
            "your GP or clinician, before you continue",
            "Pain in both legs without a change in training can point to a condition that \
             affects the whole body, such as an inflammatory arthritis. Discuss it with your \
             doctor or clinician before continuing.",
            &[rules::RF_BILATERAL],
        ),
        RedFlag::AtypicalPain => (
            Urgency::RoutineReview,
            "your clinician, before you continue",
            "Tendon pain usually stays in one spot and follows heavier loads. Pain that behaves \
             differently may have another cause: discuss it with your clinician before \
             continuing.",
            &[rules::RF_ATYPICAL],
        ),
    };
    Profile {
        urgency,
        see,
        message,
        rules,
    }
}

/// The finding for one flag, given every flag the person reported.
pub(super) fn finding(condition: Condition, flag: RedFlag, reported: &[RedFlag]) -> Finding {
    let profile = profile(flag);
    let mut message = profile.message.to_owned();
    if flag == RedFlag::NerveSymptoms {
        message.push_str(if condition == Condition::ProximalHamstring {
            " The sciatic nerve runs right beside the hamstring tendon, and the lower back can \
             cause similar symptoms."
        } else {
            " A nerve near the heel or ankle, or the lower back, can cause similar symptoms."
        });
    }
    if flag == RedFlag::Fluoroquinolone && reported.contains(&RedFlag::SystemicCorticosteroids) {
        message.push_str(" Taken together with steroid medicine, the risk is higher still.");
    }
    Finding {
        flag,
        urgency: profile.urgency,
        see: format!("See {}.", profile.see),
        message,
        rules: profile.rules.to_vec(),
    }
}

/// The screening questions, most urgent flags first.
pub(super) static QUESTIONS: [Question; 15] = [
    Question {
        flag: RedFlag::CaudaEquina,
        text: "Have you had any new trouble passing or controlling urine or bowel movements, or \
               numbness around your genitals, bottom or inner thighs (where you would sit on a \
               saddle)?",
        conditions: EVERY,
    },
    Question {
        flag: RedFlag::CalfClot,
        text: "Is your calf swollen, warm or tender to touch, especially on one side only?",
        conditions: EVERY,
    },
    Question {
        flag: RedFlag::AchillesRupture,
        text: "Did you feel a sudden pop or snap at the back of your ankle, as if someone had \
               kicked you there? Or can you no longer push off, rise onto your toes on that leg \
               alone, or can you feel a dip or gap in the tendon?",
        conditions: ACHILLES,
    },
    Question {
        flag: RedFlag::HamstringAvulsion,
        text: "Did you feel a sudden pop high in the back of your thigh, for example when \
               slipping into the splits, water-skiing or sprinting? Or have you since had large \
               bruising on the back of your thigh, a gap you can feel, or new weakness bending \
               your knee?",
        conditions: HAMSTRING,
    },
    Question {
        flag: RedFlag::AdolescentSuddenButtockPain,
        text: "Are you a teenager, or still growing, and did your buttock pain start suddenly, \
               for example during a sprint, a kick or a jump?",
        conditions: HAMSTRING,
    },
    Question {
        flag: RedFlag::InfectionSigns,
        text: "Is the painful area hot, red or swollen, or do you have a fever or feel generally \
               unwell?",
        conditions: EVERY,
    },
    Question {
        flag: RedFlag::NerveWeakness,
        text: "Have you noticed new weakness in your leg or foot, such as your foot slapping \
               down or catching on the ground as you walk?",
        conditions: EVERY,
    },
    Question {
        flag: RedFlag::NerveSymptoms,
        text: "Do you have numbness or pins and needles in your leg, heel or foot, or pain that \
               runs down your leg?",
        conditions: EVERY,
    },
    Question {
        flag: RedFlag::Fluoroquinolone,
        text: "Are you taking, or have you recently taken, a quinolone antibiotic, such as \
               ciprofloxacin, levofloxacin or moxifloxacin?",
        conditions: EVERY,
    },
    Question {
        flag: RedFlag::NightOrRestPain,
        text: "Is your pain getting worse at night or when you rest, or is it there all the \
               time, whatever you do?",
        conditions: EVERY,
    },
    Question {
        flag: RedFlag::CancerOrWeightLoss,
        text: "Have you lost weight without trying, or have you ever had cancer?",
        conditions: EVERY,
    },
    Question {
        flag: RedFlag::SystemicCorticosteroids,
        text: "Are you taking steroid tablets, such as prednisolone, or another steroid \
               medicine that works on the whole body?",
        conditions: EVERY,
    },
    Question {
        flag: RedFlag::SystemicDisease,
        text: "Do you have rheumatoid arthritis, gout, spondyloarthritis (such as ankylosing \
               spondylitis or psoriatic arthritis) or diabetes?",
        conditions: EVERY,
    },
    Question {
        flag: RedFlag::BothLegsWithoutLoadChange,
        text: "Do you have the same pain in both legs, without having changed or increased \
               your training?",
        conditions: EVERY,
    },
    Question {
        flag: RedFlag::AtypicalPain,
        text: "Is your pain worse with light activities, such as cycling or swimming, or is it \
               spreading along your leg rather than staying in one spot?",
        conditions: EVERY,
    },
];
