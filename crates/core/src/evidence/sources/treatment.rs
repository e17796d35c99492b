//! The studies behind hamstring rehabilitation, massage-gun dose and harm, and red flags.

use crate::evidence::EvidenceLevel::{CaseReport, CohortOrCaseSeries, ExpertGuidance};
use crate::evidence::EvidenceLevel::{RandomisedTrial, SystematicReview};
use crate::evidence::Source;
use crate::evidence::SourceKind::{ConferenceAbstract, JournalArticle, WebPage};
use crate::evidence::Verification::{Confirmed, Secondary, Unverified};

/// Hamstring rehabilitation, massage guns, then red flags.
pub(super) const SOURCES: &[Source] = &[
    Source {
        id: "goom-2016",
        citation: "Goom TSH, Malliaras P, Reiman MP, Purdam CR. Proximal hamstring \
                   tendinopathy: clinical aspects of assessment and management. Journal of \
                   Orthopaedic & Sports Physical Therapy 2016;46(6):483–493.",
        year: Some(2016),
        kind: JournalArticle,
        level: ExpertGuidance,
        verification: Secondary,
        cited_by: None,
        link: Some("https://doi.org/10.2519/jospt.2016.5986"),
        note: "A clinical commentary: four loading stages over 3–6 months, progressed by symptoms \
               and not by the calendar, inside a pain-monitoring framework; understand and limit \
               compression of the tendon (hip flexion, especially with adduction, static \
               stretching, long sitting) early on. Known through quotations and clinic \
               summaries; no hip-flexion angle was confirmed.",
    },
    Source {
        id: "rio-2015",
        citation: "Rio E, Kidgell D, Purdam C, et al. Isometric exercise induces analgesia and \
                   reduces inhibition in patellar tendinopathy. British Journal of Sports \
                   Medicine 2015;49:1277–1283.",
        year: Some(2015),
        kind: JournalArticle,
        level: RandomisedTrial,
        verification: Unverified,
        cited_by: None,
        link: None,
        note: "A small crossover trial in the patellar tendon: heavy isometric holds eased pain. \
               The hamstring isometric dose (5 × 30–45 s at about 70% effort) mirrors it, but \
               that link is general knowledge, not checked.",
    },
    Source {
        id: "nasser-2021",
        citation: "Nasser et al. [Expert physiotherapists on managing proximal hamstring \
                   tendinopathy; title not captured.] Physical Therapy in Sport 2021;48:67–75.",
        year: Some(2021),
        kind: JournalArticle,
        level: ExpertGuidance,
        verification: Secondary,
        cited_by: None,
        link: None,
        note: "Expert physiotherapists avoid compressive positions in early and middle \
               rehabilitation.",
    },
    Source {
        id: "konrad-2020",
        citation: "Konrad A, Glashüttner C, Reiner MM, Bernsteiner D, Tilp M. The acute effects \
                   of a percussive massage treatment with a Hypervolt device on plantar flexor \
                   muscles' range of motion and performance. Journal of Sports Science and \
                   Medicine 2020;19:690–694.",
        year: Some(2020),
        kind: JournalArticle,
        level: RandomisedTrial,
        verification: Confirmed,
        cited_by: None,
        link: Some("https://pmc.ncbi.nlm.nih.gov/articles/PMC7675623"),
        note: "5 minutes of percussion on the calf of healthy volunteers: ankle range +5.4° \
               (18.4%), no change in maximal strength, no harm reported.",
    },
    Source {
        id: "isaji-scoping-review",
        citation: "Isaji et al. [Rapid scoping review of percussive massage, 24 studies; title not \
                   captured.] World Physiotherapy (WCPT) congress abstract.",
        year: None,
        kind: ConferenceAbstract,
        level: SystematicReview,
        verification: Confirmed,
        cited_by: None,
        link: None,
        note: "The usual research dose was a single 5-minute session at about 53 Hz (3,200 per \
               minute) with 16 mm amplitude, mostly in young healthy people. A scoping review \
               maps studies without weighing them, and only the abstract was seen.",
    },
    Source {
        id: "canbulut-percussion",
        citation: "Canbulut et al. [Percussive massage on the quadriceps, range of motion and \
                   anaerobic power; title not captured.] Turkish Journal of Sports Medicine.",
        year: None,
        kind: JournalArticle,
        level: CohortOrCaseSeries,
        verification: Confirmed,
        cited_by: None,
        link: None,
        note: "8 minutes at 30 Hz increased hip flexion but reduced Wingate anaerobic power. \
               Design not captured, so ranked cautiously.",
    },
    Source {
        id: "greene-2024",
        citation: "Greene et al. [Percussive massage between sets of resistance exercise; title not \
                   captured.] Muscles 2024;3(2):166–176.",
        year: Some(2024),
        kind: JournalArticle,
        level: CohortOrCaseSeries,
        verification: Confirmed,
        cited_by: None,
        link: None,
        note: "25 Hz for 60 s between sets led to fewer sets and repetitions to failure. Design \
               not captured, so ranked cautiously.",
    },
    Source {
        id: "shariff-2023",
        citation: "Shariff E, et al. [Case report: vertebral artery dissection after a home \
                   massage device; title not captured.] Cureus 2023;15(1):e33394.",
        year: Some(2023),
        kind: JournalArticle,
        level: CaseReport,
        verification: Confirmed,
        cited_by: None,
        link: None,
        note: "A 43-year-old woman with symptoms at the back of the brain after using a home \
               massage device on her neck. Supports A21.",
    },
    Source {
        id: "garza-reyes-2024",
        citation: "Garza Reyes A, et al. [Case report: traumatic cataract after massage-gun use \
                   around the eye; title not captured.] American Journal of Ophthalmology Case \
                   Reports 2024;33:101995.",
        year: Some(2024),
        kind: JournalArticle,
        level: CaseReport,
        verification: Confirmed,
        cited_by: None,
        link: None,
        note: "Cataract after use around the eye. Supports A20.",
    },
    Source {
        id: "jfwhp-2025-cat",
        citation: "Percussive massage device consumer safety risks: a critically appraised \
                   topic. JFWHP 2025, ahead of print.",
        year: Some(2025),
        kind: JournalArticle,
        level: CaseReport,
        verification: Confirmed,
        cited_by: None,
        link: Some(
            "https://jfwhp.kglmeridian.com/view/journals/jfwhp/aop/article-10.70834-JFWHP-25-0007/article-10.70834-JFWHP-25-0007.xml",
        ),
        note: "Found five case reports of harm: muscle breakdown, a bleed in the abdominal wall \
               with a blocked urinary tract, a torn neck artery, and two eye injuries. Ranked \
               at the level of the case reports it summarises.",
    },
    Source {
        id: "painscience-massage-harms",
        citation: "PainScience.com case summaries of harm from ordinary massage: Behera 2018 and \
                   Lim 2009 (a leg clot dislodged into the lungs, the first fatal) and Sun 2015 \
                   (a buttock haematoma after aggressive deep massage).",
        year: None,
        kind: WebPage,
        level: CaseReport,
        verification: Secondary,
        cited_by: None,
        link: None,
        note: "Why no massage or percussion goes on a leg with a suspected or known clot, and \
               why deep pressure on the buttock is not harmless.",
    },
    Source {
        id: "van-der-linden-1999",
        citation: "van der Linden PD, et al. Achilles tendinopathy associated with \
                   fluoroquinolones. British Journal of Clinical Pharmacology 1999.",
        year: Some(1999),
        kind: JournalArticle,
        level: CohortOrCaseSeries,
        verification: Secondary,
        cited_by: None,
        link: None,
        note: "Fluoroquinolone antibiotics raise the risk of Achilles tendon problems, more so \
               over 60 and with corticosteroids. Known through clinical summaries.",
    },
];
