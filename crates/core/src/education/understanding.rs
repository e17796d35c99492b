//! Topics that explain the condition, its cause, its treatment and its course.

use super::Topic;
use crate::condition::Condition::{self, ProximalHamstring};
use crate::rules;

/// Every condition Tendo manages.
const ALL: &[Condition] = &Condition::ALL;

/// Understanding the tendon and the plan.
pub(super) const TOPICS: &[Topic] = &[
    Topic {
        id: "inside-the-tendon",
        title: "What is happening inside your tendon",
        summary: "A painful tendon is one whose repair has stalled, and it recovers by being \
                  given the right load.",
        paragraphs: &[
            "Tendinitis, tendonitis, tendinosis and tendinopathy are names for the same \
             problem. Clinicians use them loosely, and so does Tendo.",
            "A healthy tendon is made of collagen fibres packed in tidy, parallel bundles, a \
             little like a well-made rope, which is what makes it stiff and strong. In \
             tendinopathy those bundles loosen and lose their order, the tendon's cells change \
             their shape and behaviour, and tiny blood vessels grow in where a healthy tendon \
             has none.",
            "The result is a tendon that is thicker, sometimes with a lump you can feel, and \
             that is less stiff and less strong than it should be. That is why it hurts when \
             you ask it for work it used to manage easily.",
            "These changes are a repair process that has stalled, not mainly an inflammation. \
             The hopeful part is that tendons respond to load: the right exercise, built up \
             step by step, gives yours the signal it needs to remodel.",
        ],
        rules: &[rules::A3, rules::A1],
        conditions: ALL,
    },
    Topic {
        id: "what-caused-it",
        title: "What caused your tendon pain",
        summary: "Tendon pain usually follows load that ran ahead of what the tendon could \
                  take, either in one go or over weeks.",
        paragraphs: &[
            "Tendons are strong, but each has a limit to how much load it can take and how \
             quickly it can adapt. Pain begins when the load has outrun that capacity.",
            "Sometimes this happens in a single session: a long, hilly run when you normally \
             train on level ground, a sudden block of speed work, or a race after a quiet \
             spell. Sometimes it builds over several weeks of hard training with too few easy \
             days in between.",
            "That is why Tendo asks what changed in your training before the pain began: \
             distance, speed, hills, shoes, surfaces, or fewer rest days. Knowing the change \
             helps you and your clinician ease off the load that provoked the pain while your \
             tendon builds its capacity back up.",
            "None of this means you did something wrong. Your training asked a little more of \
             the tendon than it was ready for, and your plan now works on closing that gap.",
        ],
        rules: &[rules::A2],
        conditions: ALL,
    },
    Topic {
        id: "loading-not-massage",
        title: "Why exercise heals the tendon and massage does not",
        summary: "Only graded loading rebuilds a tendon; massage can ease pain enough for you \
                  to get started.",
        paragraphs: &[
            "To recover, a tendon has to replace its disordered fibres and cells with new, \
             well-organised ones. Your body does this in answer to effort: when a muscle and \
             its tendon work against resistance, they adapt by getting stronger.",
            "Massage cannot send that signal. You may hear that it breaks up scar tissue or \
             pushes out knots, but research supports neither idea. What massage does well is \
             ease pain and help muscles relax, and it works by settling the nervous system.",
            "So massage has a real but limited job. If pain is what stops you from starting \
             your exercises, a short massage of the nearby muscles (the calf for an Achilles, \
             the back of the thigh and the buttock for a hamstring) can take the edge off so \
             you can begin. In one trial, calf massage brought quicker early relief than \
             exercise, although the difference was gone after the first month.",
            "Every Tendo plan is built around loading exercise, increased gradually, with an eye \
             on all the other load your tendon carries, such as running, walking and standing. \
             Massage can sit beside that plan, but it is never the plan.",
        ],
        rules: &[rules::A4, rules::A5, rules::H2],
        conditions: ALL,
    },
    Topic {
        id: "proximal-hamstring",
        title: "Proximal hamstring tendinopathy",
        summary: "A deep buttock pain where the hamstrings attach to the sitting bone, treated \
                  with patient, staged loading that spares the tendon from squeezing early on.",
        paragraphs: &[
            "Your hamstrings are anchored by tendons to the sitting bone, the bony point you \
             feel on a hard chair. In proximal, or high, hamstring tendinopathy these tendons \
             have become sore and less able to take load. You feel it deep in the buttock, \
             sometimes down the back of the thigh. It is an overuse problem seen in middle- and \
             long-distance runners.",
            "You may read that this is an inflammation. Current evidence sees it differently: \
             as a repair process that has stalled, with disordered fibres and changed cells, \
             much like an Achilles tendinopathy. That points to the treatment, which is \
             gradually increasing load rather than rest, anti-inflammatory measures or massage \
             on its own.",
            "This tendon is most irritated when it is loaded and pressed against the bone at the \
             same time, which happens when the hip bends deeply, especially with the leg drawn \
             across the body. So in the first two stages Tendo leaves out deep lunges and \
             squats, hills and sprints, and suggests breaking up long spells on hard seats.",
            "Hamstring stretches are often recommended, including by the document Tendo started \
             from. For this tendon, though, a stretch squeezes exactly the sore spot, and tendon \
             specialists advise against it early on. Your range comes back later, through \
             strength work in deeper hip bending.",
            "The programme has four stages: holds with the hip nearly straight, slow heavy \
             strengthening, strength into deeper hip bending, then springy and fast work for \
             running and sport, with trunk and pelvic control throughout. Expect three to six \
             months; you move on when your daily test says the tendon is ready.",
        ],
        rules: &[
            rules::H1,
            rules::H5,
            rules::P_COMP,
            rules::P_CORE,
            rules::A3,
        ],
        conditions: &[ProximalHamstring],
    },
    Topic {
        id: "pain-as-a-guide",
        title: "Using pain as your guide",
        summary: "Some pain is allowed while you rebuild the tendon, within limits Tendo checks \
                  for you, and complete rest is not the answer.",
        paragraphs: &[
            "Some pain during rehabilitation is normal and safe. Tendo uses a pain-monitoring \
             model tested in Achilles tendinopathy: while you exercise or run, pain may reach \
             5 out of 10, where 0 is no pain and 10 the worst you can imagine.",
            "After exercise, pain may also reach 5, but it should have settled by the next \
             morning. Over the weeks, your pain and stiffness should hold steady or improve, \
             never creep upwards. If a limit is broken, Tendo holds your programme or steps it \
             back, and a worsening trend goes to a clinician.",
            "Tendons often complain a day after too much load, so the next-day check matters \
             most. For an Achilles, a rise of more than 2 points on your daily test means \
             cutting back whatever caused it. For a hamstring, a daily test such as three \
             single-leg bridges should score 3 out of 10 or less; 4 or more means the load \
             comes down.",
            "Why not simply rest? Because complete rest weakens a tendon: it loses stiffness \
             within about two weeks and copes even less well when you return. In the trial \
             behind the model, people who kept running within these limits did as well as \
             those who stopped for six weeks. Tendo trims the loads that hurt and keeps the \
             ones that help.",
        ],
        rules: &[
            rules::R_PM1,
            rules::R_PM2,
            rules::R_PM3,
            rules::R_LT1,
            rules::R_LT2,
            rules::R_REST,
        ],
        conditions: ALL,
    },
    Topic {
        id: "how-long",
        title: "How long rehabilitation takes",
        summary: "Plan on at least three months, often longer for a hamstring, moving on when \
                  your tendon is ready rather than when the calendar says so.",
        paragraphs: &[
            "Tendons change slowly. Plan on at least 12 weeks of regular exercise, and for a \
             hamstring tendon often three to six months. Some people need longer, and that is \
             not a sign of failure.",
            "Tendo moves you forward when your tendon shows it is ready, through your pain \
             scores and questionnaires, not when a date arrives. Rushing is one of the things \
             tendon specialists warn against most.",
            "At regular points a short questionnaire, the VISA-A or the VISA-H, tracks how you \
             are doing. If after 12 weeks of following the plan your score has not improved in a \
             way that matters, a clinician reviews your case with you.",
            "People who see their rehabilitation through usually do well in the long run.",
        ],
        rules: &[
            rules::P_LEN,
            rules::P_SIL_GATE,
            rules::Q_MCID,
            rules::E_REVIEW,
        ],
        conditions: ALL,
    },
    Topic {
        id: "rupture-worries",
        title: "Will my tendon snap?",
        summary: "A painful tendon is rarely a tendon about to tear; know the warning signs, \
                  and keep loading it sensibly.",
        paragraphs: &[
            "Many people with a painful tendon fear that exercise will tear it. That fear is \
             understandable, but most people whose tendon ruptures had no pain in it \
             beforehand. Pain on its own does not mean a tear is coming.",
            "That is why Tendo does not ask you to stop using the tendon. Load that rises \
             carefully makes a tendon stronger; complete rest makes it weaker.",
            "Do know the warning signs. For an Achilles: a sudden pop or a feeling of being \
             kicked at the back of the heel, trouble pushing off, being unable to rise onto the \
             toes of that leg, or a gap in the tendon. For a hamstring: a sudden pop high in \
             the back of the thigh during a forced stretch, then large bruising. Either needs \
             urgent medical care, and being able to walk does not rule out a tear.",
            "Some medicines raise the risk of tendon damage, notably fluoroquinolone \
             antibiotics such as ciprofloxacin and steroid tablets. Tell Tendo if you take \
             them, so that a clinician can check before heavy loading starts.",
        ],
        rules: &[
            rules::R_REST,
            rules::RF_RUPTURE,
            rules::RF_AVULSION,
            rules::RF_FQ,
            rules::RF_STEROID,
        ],
        conditions: ALL,
    },
];
