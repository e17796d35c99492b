//! What the hamstring plan says around its exercises: what to avoid in each stage and why
//! (`P-COMP`, `H5`), and the reasons for the stage (`P-PHT1`–`P-PHT4`, `P-LEN`, `R-LT2`,
//! `P-CORE`).

use super::exercises::{Built, Caution, Context};
use crate::rules;

/// What to avoid in a stage.
pub(super) fn cautions(stage: u8) -> Vec<Caution> {
    let compression = "Bending the hip, most of all with the thigh drawn across the body, \
                       presses the tendon against the sitting bone; an irritable tendon does \
                       not tolerate that squeeze early on.";
    match stage {
        1 | 2 => vec![
            Caution::new(
                "Stretching the hamstrings",
                "A hamstring stretch bends the hip and squeezes the tendon against the sitting \
                 bone. It is left out of stages 1–2; flexibility comes back through loaded \
                 movement in stage 3.",
                &[rules::P_COMP, rules::H5],
            ),
            Caution::new(
                "Long sitting, especially on hard seats",
                "Sitting bends the hip and puts your weight right on the tendon. Break long \
                 sitting up, and use a cushion.",
                &[rules::P_COMP],
            ),
            Caution::new("Deep lunges and deep squats", compression, &[rules::P_COMP]),
            Caution::new(
                "Crossing your legs, or sitting or lying with the thigh pulled across the body",
                compression,
                &[rules::P_COMP],
            ),
            Caution::new(
                "Hill running and sprints",
                "Both take the hip into a deep bend under high load. They come back in stage 4.",
                &[rules::P_COMP],
            ),
        ],
        3 => vec![Caution::new(
            "Going deeper than is comfortable",
            "Hip bend is now added a little at a time. Stop short of the range that brings on \
             the buttock pain, and keep long sitting to a minimum.",
            &[rules::P_COMP, rules::P_PHT3],
        )],
        _ => vec![Caution::new(
            "Sprints and hills too soon",
            "They are the highest loads for the tendon: add them last, after easy running has \
             settled.",
            &[rules::P_PHT4],
        )],
    }
}

/// The reasons for a stage.
pub(super) fn stage_reasons(ctx: &Context, stage: u8, built: &mut Built) {
    let (rule, about) = match stage {
        1 => (
            rules::P_PHT1,
            "Stage 1: holds at about 70% effort with the hip near straight, 5 × 30–45 seconds. \
             They load the tendon without squeezing it and often ease the pain for a while.",
        ),
        2 => (
            rules::P_PHT2,
            "Stage 2: slow, heavy strength work with little hip bend, starting at about 15RM and \
             working towards 8RM. The gym-ball Nordic builds the strength that full Nordics \
             need later.",
        ),
        3 => (
            rules::P_PHT3,
            "Stage 3: strength work that bends the hip more and more (Romanian deadlifts, \
             Nordics, step-ups), adding range as comfort allows.",
        ),
        _ => (
            rules::P_PHT4,
            "Stage 4: spring-like loading, a running progression, then speed and your sport, \
             with the heavy strength work kept up. A clinic source puts sprinting no earlier \
             than 12–16 weeks from the start.",
        ),
    };
    built.reason(rule, about);
    if ctx.eased {
        built.reason(
            rules::R_REST,
            "The holds are eased to 3 × 30 seconds at about half effort while the pain settles: \
             lighter, never stopped.",
        );
    }
    built.reason(
        rules::P_LEN,
        "You move between stages by how the tendon responds, not by the calendar. A typical \
         programme takes 3–6 months, with wide differences between people.",
    );
    built.reason(
        rules::R_LT2,
        "The daily bridge test is the guide: 0–3/10 means the load was tolerated; 4/10 or more \
         means too much, so the load comes down.",
    );
    built.reason(
        rules::P_CORE,
        "Trunk and core stabilisation is part of every stage.",
    );
    if stage <= 2 {
        built.reason(
            rules::P_COMP,
            "No stretching and no deep hip bend in stages 1–2: bending the hip, above all with \
             the thigh drawn across the body, presses the tendon against the sitting bone. \
             Early on, that squeeze keeps an irritable tendon painful (Goom 2016).",
        );
        built.reason(
            rules::H5,
            "The hamstring guidance Tendo is built on lists soft-tissue work, frequent \
             stretching, progressive eccentric strengthening and core stabilisation. The \
             strengthening and core work are here. Stretching is deferred: stronger evidence \
             (Goom 2016; Cook 2018, see rule P-COMP) shows it squeezes the tendon, so Tendo \
             takes the safer course and leaves it out of stages 1–2.",
        );
    } else {
        built.reason(
            rules::H5,
            "Core work and progressive strengthening (including the slow lowering of Nordics \
             and deadlifts) continue. Hip range comes back through loaded movement rather than \
             static stretching, which strong evidence advises against for an irritable tendon.",
        );
    }
}
