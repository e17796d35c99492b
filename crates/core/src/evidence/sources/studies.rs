//! The studies and guidelines behind pain monitoring, loading programmes and questionnaires.

use crate::evidence::EvidenceLevel::{CohortOrCaseSeries, ExpertGuidance, RandomisedTrial};
use crate::evidence::SourceKind::{Guideline, JournalArticle, WebPage};
use crate::evidence::Verification::{Confirmed, Secondary, Unverified};
use crate::evidence::{EvidenceLevel, Source};

/// Pain monitoring, Achilles loading, then questionnaires and pain scales.
pub(super) const SOURCES: &[Source] = &[
    Source {
        id: "silbernagel-2007",
        citation: "Silbernagel KG, Thomeé R, Eriksson BI, Karlsson J. Continued sports activity, \
                   using a pain-monitoring model, during rehabilitation in patients with Achilles \
                   tendinopathy: a randomized controlled study. American Journal of Sports \
                   Medicine 2007;35(6):897–906.",
        year: Some(2007),
        kind: JournalArticle,
        level: RandomisedTrial,
        verification: Confirmed,
        cited_by: None,
        link: Some("https://doi.org/10.1177/0363546506298279"),
        note: "38 patients: those who kept running within the pain-monitoring model did as well \
               as those who rested for 6 weeks, with no harm shown (the trial does not show that \
               loading beats rest). The trial facts were read in the abstract \
               (read.qxmd.com/read/17307888); the 5/10 limits come from a verbatim extraction \
               of its methods in a public-repository research note.",
    },
    Source {
        id: "thomee-1997",
        citation: "Thomeé R. A comprehensive treatment approach for patellofemoral pain syndrome \
                   in young women. Physical Therapy 1997;77(12):1690–1703.",
        year: Some(1997),
        kind: JournalArticle,
        level: ExpertGuidance,
        verification: Secondary,
        cited_by: None,
        link: None,
        note: "Where the pain-monitoring model began (knee pain). Contains no arithmetic for \
               cutting load by a percentage.",
    },
    Source {
        id: "jospt-cpg-2018",
        citation: "Martin RL, et al. Achilles pain, stiffness, and \
                   muscle power deficits: midportion Achilles tendinopathy revision 2018. \
                   Journal of Orthopaedic & Sports Physical Therapy 2018;48(5):A1–A38.",
        year: Some(2018),
        kind: Guideline,
        level: ExpertGuidance,
        verification: Confirmed,
        cited_by: None,
        link: Some("https://doi.org/10.2519/jospt.2018.0302"),
        note: "The clinical practice guideline: loading (eccentric or heavy slow resistance) at \
               grade A, exercise at least twice a week within pain tolerance (grade F, expert \
               opinion), the VISA-A at grade A, and referral when systemic or medical \
               conditions make a case unsuitable for physiotherapy alone. Summary at \
               guidelinecentral.com/guideline/8413.",
    },
    Source {
        id: "silbernagel-crossley-2015",
        citation: "Silbernagel KG, Crossley KM. A proposed return-to-sport program for patients \
                   with midportion Achilles tendinopathy. Journal of Orthopaedic & Sports \
                   Physical Therapy 2015;45(11):876–886.",
        year: Some(2015),
        kind: JournalArticle,
        level: ExpertGuidance,
        verification: Secondary,
        cited_by: None,
        link: None,
        note: "Monitor pain, stiffness and swelling during, after and the day after training, for \
               up to 48 hours in later stages; increase intensity and volume gradually. Its \
               hop-test and heel-rise thresholds were not confirmed.",
    },
    Source {
        id: "alfredson-1998",
        citation: "Alfredson H, Pietilä T, Jonsson P, Lorentzon R. Heavy-load eccentric calf \
                   muscle training for the treatment of chronic Achilles tendinosis. American \
                   Journal of Sports Medicine 1998;26(3):360–366.",
        year: Some(1998),
        kind: JournalArticle,
        level: CohortOrCaseSeries,
        verification: Confirmed,
        cited_by: None,
        link: Some("https://doi.org/10.1177/03635465980260030301"),
        note: "15 recreational athletes did 12 weeks of painful eccentric heel drops and all \
               returned to running; 15 conventionally treated patients all went to surgery. The \
               origin of the Alfredson protocol. Abstract also at mendeley.com.",
    },
    Source {
        id: "bjsm-eccentric-parameters",
        citation: "British Journal of Sports Medicine. Table: the eccentric loading programme \
                   parameters commonly used for the management of Achilles tendinopathy.",
        year: None,
        kind: JournalArticle,
        level: ExpertGuidance,
        verification: Confirmed,
        cited_by: None,
        link: Some("https://bjsm.bmj.com/highwire/markup/85031/expansion"),
        note: "3 × 15 for each of two exercises (knee straight and knee bent), twice a day, every \
               day, for 10–12 weeks; load to discomfort; add weight in a backpack.",
    },
    Source {
        id: "alfredson-cook-2007",
        citation: "Alfredson H, Cook J. A treatment algorithm for managing Achilles \
                   tendinopathy: new treatment options. British Journal of Sports Medicine \
                   2007;41:211–216.",
        year: Some(2007),
        kind: JournalArticle,
        level: ExpertGuidance,
        verification: Secondary,
        cited_by: None,
        link: Some("https://pmc.ncbi.nlm.nih.gov/articles/PMC2658946"),
        note: "The eccentric programme is completed despite tendon pain, and the load is raised \
               when it no longer hurts. Tendo applies this only inside the pain-monitoring limits.",
    },
    Source {
        id: "pmc6356409-trial-protocol",
        citation: "Physiotherapy handout in the appendix of a randomised trial of Achilles \
                   tendinopathy treatment (PMC6356409).",
        year: None,
        kind: JournalArticle,
        level: ExpertGuidance,
        verification: Confirmed,
        cited_by: None,
        link: Some("https://pmc.ncbi.nlm.nih.gov/articles/PMC6356409"),
        note: "One trial's own protocol, not a tested rule: add 5 kg a week up to 60 kg once the \
               exercise is pain-free; start running twice a week when hopping hurts less than \
               1–2/10; add at most 20% distance a week; if pain rises overall, rest a week and \
               restart.",
    },
    Source {
        id: "fahlstrom-2003",
        citation: "Fahlström M, Jonsson P, Lorentzon R, Alfredson H. Chronic Achilles tendon \
                   pain treated with eccentric calf-muscle training. Knee Surgery, Sports \
                   Traumatology, Arthroscopy 2003;11:327–333.",
        year: Some(2003),
        kind: JournalArticle,
        level: CohortOrCaseSeries,
        verification: Confirmed,
        cited_by: None,
        link: None,
        note: "Satisfactory results in 89% of midportion tendons but only 32% of insertional \
               ones: the standard protocol is for the midportion.",
    },
    Source {
        id: "jonsson-2008",
        citation: "Jonsson P, Alfredson H, Sunding K, Fahlström M, Cook J. New regimen for \
                   eccentric calf-muscle training in patients with chronic insertional Achilles \
                   tendinopathy: results of a pilot study. British Journal of Sports Medicine \
                   2008;42(9):746–749.",
        year: Some(2008),
        kind: JournalArticle,
        level: CohortOrCaseSeries,
        verification: Confirmed,
        cited_by: None,
        link: Some("https://doi.org/10.1136/bjsm.2007.039545"),
        note: "Insertional pain: the same dose on the floor, never lowering the heel below floor \
               level; 67% satisfied at about 4 months.",
    },
    Source {
        id: "beyer-2015",
        citation: "Beyer R, Kongsgaard M, Hougs Kjær B, Øhlenschlæger T, Kjær M, Magnusson SP. \
                   Heavy slow resistance versus eccentric training as treatment for Achilles \
                   tendinopathy: a randomized controlled trial. American Journal of Sports \
                   Medicine 2015;43(7):1704–1711.",
        year: Some(2015),
        kind: JournalArticle,
        level: RandomisedTrial,
        verification: Confirmed,
        cited_by: None,
        link: Some("https://doi.org/10.1177/0363546515584760"),
        note: "58 patients: heavy slow resistance three times a week matched daily eccentrics at \
               12 and 52 weeks, with better adherence; tendon thickness and new vessel growth \
               fell. Protocol from the UpToDate graphic reproducing the trial; results from \
               physiospot and Healio summaries.",
    },
    Source {
        id: "silbernagel-hanlon-sprague-2020",
        citation: "Silbernagel KG, Hanlon S, Sprague A. Current clinical concepts: conservative \
                   management of Achilles tendinopathy. Journal of Athletic Training \
                   2020;55(5):438–447.",
        year: Some(2020),
        kind: JournalArticle,
        level: ExpertGuidance,
        verification: Confirmed,
        cited_by: None,
        link: Some("https://doi.org/10.4085/1062-6050-356-19"),
        note: "Table 2, a four-phase Achilles loading protocol. Phases 1 and 2 and their gates \
               were read; phases 3 and 4 were cut off and still need checking.",
    },
    Source {
        id: "bmc-msk-2021-protocol",
        citation: "A 2021 BMC Musculoskeletal Disorders trial protocol reproducing Silbernagel's \
                   Achilles loading programme (Table 1).",
        year: Some(2021),
        kind: JournalArticle,
        level: ExpertGuidance,
        verification: Confirmed,
        cited_by: None,
        link: Some("https://doi.org/10.1186/s12891-021-04553-6"),
        note: "The same phased programme; lists one-legged heel rises on a step as 3 × 10 in \
               phase 2.",
    },
    Source {
        id: "silbernagel-2001",
        citation: "Silbernagel KG, et al. [The original phased Achilles exercise programme; title \
                   not captured.] Scandinavian Journal of Medicine & Science in Sports 2001.",
        year: Some(2001),
        kind: JournalArticle,
        level: RandomisedTrial,
        verification: Unverified,
        cited_by: None,
        link: None,
        note: "Named as the origin of the phased programme; the citation itself is from general \
               knowledge and was not checked.",
    },
    Source {
        id: "pmc8364697-staged-programme",
        citation: "A staged Achilles loading programme with pain-score entry gates (PMC8364697, \
                   Table 2).",
        year: None,
        kind: JournalArticle,
        level: ExpertGuidance,
        verification: Confirmed,
        cited_by: None,
        link: Some("https://pmc.ncbi.nlm.nih.gov/articles/PMC8364697"),
        note: "Level 1 when a single-leg calf raise hurts more than 5/10, with calf isometrics \
               5 × 45 s daily; later levels gated at under 5/10 and under 4/10; hopping when 10 \
               double-leg hops hurt less than 5/10. Another programme's thresholds, not \
               Silbernagel's.",
    },
    Source {
        id: "robinson-2001",
        citation: "Robinson JM, Cook JL, Purdam C, et al. The VISA-A questionnaire: a valid and \
                   reliable index of the clinical severity of Achilles tendinopathy. British \
                   Journal of Sports Medicine 2001;35(5):335–341.",
        year: Some(2001),
        kind: JournalArticle,
        level: CohortOrCaseSeries,
        verification: Confirmed,
        cited_by: None,
        link: Some("https://doi.org/10.1136/bjsm.35.5.335"),
        note: "Eight questions scored 0–100; test–retest r = 0.93; mean 64 in non-surgical \
               patients, 44 before surgery, above 96 in controls.",
    },
    Source {
        id: "iversen-2012",
        citation: "Iversen JV, Bartels EM, Langberg H. The Victorian Institute of Sports \
                   Assessment – Achilles questionnaire (VISA-A): a reliable tool for measuring \
                   Achilles tendinopathy. International Journal of Sports Physical Therapy \
                   2012;7(1):76–84.",
        year: Some(2012),
        kind: JournalArticle,
        level: ExpertGuidance,
        verification: Confirmed,
        cited_by: None,
        link: None,
        note: "A review of the VISA-A: scores below 24 are rare, 90 or more can be read as full \
               recovery, healthy people score 96 or more. Ranked cautiously as expert guidance.",
    },
    Source {
        id: "jospt-2021-visa-a-mcid",
        citation: "VISA-A questionnaire: minimal clinically important difference for active \
                   people with midportion Achilles tendinopathy. Journal of Orthopaedic & Sports \
                   Physical Therapy, October 2021 (Dutch cohort, n = 61).",
        year: Some(2021),
        kind: JournalArticle,
        level: CohortOrCaseSeries,
        verification: Confirmed,
        cited_by: None,
        link: Some(
            "https://ryortho.com/breaking/whats-clinically-relevant-improvement-for-achilles-tendinopathy",
        ),
        note: "14 points over 12 weeks (95% CI 3–19) and 7 points over 24 weeks, in people treated \
               with exercise plus injection. The author list was not captured.",
    },
    Source {
        id: "ubc-achilles-toolkit",
        citation: "UBC Achilles Tendinopathy Toolkit (as reproduced on Physiopedia).",
        year: None,
        kind: WebPage,
        level: ExpertGuidance,
        verification: Secondary,
        cited_by: None,
        link: None,
        note: "Gives 15.4 points as the VISA-A's minimal important change; the study behind it \
               was not identified.",
    },
    Source {
        id: "mccormack-2015",
        citation: "McCormack J, et al. [VISA-A change in insertional Achilles tendinopathy; title \
                   not captured.] International Journal of Sports Physical Therapy 2015.",
        year: Some(2015),
        kind: JournalArticle,
        level: CohortOrCaseSeries,
        verification: Unverified,
        cited_by: None,
        link: None,
        note: "Reported as giving 6.5 points as the minimal important change for insertional \
               tendinopathy; from general knowledge, not checked.",
    },
    Source {
        id: "cacchio-2014",
        citation: "Cacchio A, De Paulis F, Maffulli N. Development and validation of a new VISA \
                   questionnaire (VISA-H) for patients with proximal hamstring tendinopathy. \
                   British Journal of Sports Medicine 2014;48(6):448–452.",
        year: Some(2014),
        kind: JournalArticle,
        level: CohortOrCaseSeries,
        verification: Confirmed,
        cited_by: None,
        link: Some("https://bjsm.bmj.com/content/48/6/448"),
        note: "Eight questions, 0–100, pain meaning buttock pain; Cronbach α 0.84, test–retest \
               ICC 0.90–0.95. Online first in 2013. No minimal important change was found.",
    },
    Source {
        id: "cacchio-2012",
        citation: "Cacchio A, et al. Reliability and validity of three pain provocation tests \
                   used for the diagnosis of chronic proximal hamstring tendinopathy. British \
                   Journal of Sports Medicine 2012;46(12):883–887.",
        year: Some(2012),
        kind: JournalArticle,
        level: CohortOrCaseSeries,
        verification: Confirmed,
        cited_by: None,
        link: None,
        note: "Puranen–Orava, bent-knee stretch and modified bent-knee stretch tests (ICC \
               0.82–0.88). A different paper from the VISA-H; PMID 22219215.",
    },
    Source {
        id: "nasser-cosmin-visa-h",
        citation: "Nasser et al. A review, using the COSMIN method, of outcome measures for \
                   proximal hamstring tendinopathy (details not captured).",
        year: None,
        kind: JournalArticle,
        level: EvidenceLevel::SystematicReview,
        verification: Secondary,
        cited_by: None,
        link: None,
        note: "Rates the evidence for the VISA-H's measurement properties as low or very low. \
               Details not captured.",
    },
    Source {
        id: "salaffi-2004",
        citation: "Salaffi F, Stancati A, Silvestri CA, Ciapetti A, Grassi W. Minimal clinically \
                   important changes in chronic musculoskeletal pain intensity measured on a \
                   numerical rating scale. European Journal of Pain 2004;8:283–291.",
        year: Some(2004),
        kind: JournalArticle,
        level: CohortOrCaseSeries,
        verification: Confirmed,
        cited_by: None,
        link: None,
        note: "825 people with chronic musculoskeletal pain: 1 point (15%) is the smallest \
               important change, 2 points (33%) means much better.",
    },
    Source {
        id: "farrar-2001",
        citation: "Farrar JT, et al. Clinical importance of changes in chronic pain intensity \
                   measured on an 11-point numerical pain rating scale. Pain 2001;94:149–158.",
        year: Some(2001),
        kind: JournalArticle,
        level: CohortOrCaseSeries,
        verification: Unverified,
        cited_by: None,
        link: None,
        note: "A pooled analysis of trial data: about 2 points or 30% is clinically important. \
               The abstract seen was cut off before the numbers, so the value is from general \
               knowledge.",
    },
];
