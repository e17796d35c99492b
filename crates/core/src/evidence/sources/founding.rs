//! The two founding documents and every reference they cite.

use crate::evidence::EvidenceLevel::{CaseReport, CohortOrCaseSeries, ExpertGuidance};
use crate::evidence::EvidenceLevel::{RandomisedTrial, SystematicReview};
use crate::evidence::SourceKind::{ConferenceAbstract, FoundingDocument, JournalArticle, WebPage};
use crate::evidence::Verification::{Confirmed, NotFound, Unverified};
use crate::evidence::{FoundingCitation, Source};

/// Where document 000 (Achilles) cites a source.
const fn achilles_reference(reference: u8) -> Option<FoundingCitation> {
    Some(FoundingCitation {
        document: "000",
        reference,
    })
}

/// Where document 003 (hamstring) cites a source.
const fn hamstring_reference(reference: u8) -> Option<FoundingCitation> {
    Some(FoundingCitation {
        document: "003",
        reference,
    })
}

/// The founding documents, then the references of 000 (1–13), then those of 003.
pub(super) const SOURCES: &[Source] = &[
    Source {
        id: "tma-achilles-massage",
        citation: "Louw M. Why massage isn't the best treatment for Achilles tendonitis. \
                   Treat My Achilles (online physiotherapy clinic), founding document 000.",
        year: None,
        kind: FoundingDocument,
        level: ExpertGuidance,
        verification: Confirmed,
        cited_by: None,
        link: None,
        note: "A chartered physiotherapist's article: what happens in the tendon, why loading \
               and not massage heals it, how to self-massage, and massage-gun dose and safety. \
               The source of rules A1–A23. Its massage-gun numbers are clinical guidance, not \
               trial results.",
    },
    Source {
        id: "hamstring-massage-qa",
        citation: "Can a hamstring massage help with hamstring tendinopathy? Question and answer \
                   from a massage-booking service, founding document 003.",
        year: None,
        kind: FoundingDocument,
        level: ExpertGuidance,
        verification: Confirmed,
        cited_by: None,
        link: None,
        note: "A massage service's answer to a runner with high hamstring tendinopathy: the \
               evidence for massage, which massage to book and how often, and the usual \
               rehabilitation. The source of rules H1–H7. It calls the condition inflammatory \
               and lists frequent stretching and injections, which stronger evidence questions \
               (see the conflicts).",
    },
    Source {
        id: "kaewcum-2018",
        citation: "Kaewcum N, Siripornpanich V. The effects of unilateral Swedish massage on the \
                   neural activities measured by quantitative electroencephalography (EEG). \
                   Journal of Health Research 2018;32(1):36–46.",
        year: Some(2018),
        kind: JournalArticle,
        level: CohortOrCaseSeries,
        verification: Unverified,
        cited_by: achilles_reference(1),
        link: None,
        note: "Cited for massage easing pain by calming the nervous system (A5). Not checked by \
               the research note; its design is taken to be a small study in volunteers.",
    },
    Source {
        id: "weerapong-2005",
        citation: "Weerapong P, Hume PA, Kolt GS. The mechanisms of massage and effects on \
                   performance, muscle recovery and injury prevention. Sports Medicine \
                   2005;35:235–256.",
        year: Some(2005),
        kind: JournalArticle,
        level: ExpertGuidance,
        verification: Unverified,
        cited_by: achilles_reference(2),
        link: None,
        note: "A narrative review of how massage works, cited for its effects on muscle and the \
               nervous system (A4, A5). Not checked by the research note.",
    },
    Source {
        id: "cook-2018",
        citation: "Cook JL. Ten treatments to avoid in patients with lower limb tendon pain. \
                   British Journal of Sports Medicine 2018;52(14):882.",
        year: Some(2018),
        kind: JournalArticle,
        level: ExpertGuidance,
        verification: Confirmed,
        cited_by: achilles_reference(3),
        link: Some("https://doi.org/10.1136/bjsports-2018-099045"),
        note: "An expert editorial listing ten things to avoid: complete rest, the wrong \
               exercise, passive treatment alone, injections, ignoring pain (a rise of more than \
               2/10 on the next-day load test), stretching the tendon, friction massage, worry \
               about imaging, worry about rupture, and rushing rehabilitation (3 months or \
               more). Items 1, 3, 4, 8, 9 and 10 were read in the source; 2, 5, 6 and 7 through \
               consistent secondary lists (medicalnewsbulletin.com, \
               grapplersperformance.com).",
    },
    Source {
        id: "stefansson-2019",
        citation: "Stefansson SH, Brandsson S, Langberg H, Arnason A. Using pressure massage for \
                   Achilles tendinopathy: a single-blind, randomized controlled trial comparing a \
                   novel treatment versus an eccentric exercise protocol. Orthopaedic Journal of \
                   Sports Medicine 2019;7(3):2325967119834284.",
        year: Some(2019),
        kind: JournalArticle,
        level: RandomisedTrial,
        verification: Confirmed,
        cited_by: achilles_reference(4),
        link: Some("https://doi.org/10.1177/2325967119834284"),
        note: "60 patients: pressure massage on the soleus muscle (not the tendon), eccentric \
               exercise, or both. All improved; massage led only at week 4 and combining them \
               added nothing. Supports calf-muscle massage as an adjunct for early relief. \
               PEDro 6/10. Full text at opinvisindi.is; summary at physio-network.com.",
    },
    Source {
        id: "ferreira-2023",
        citation: "Ferreira RM, Silva R, Vigário P, et al. The effects of massage guns on \
                   performance and recovery: a systematic review. Journal of Functional \
                   Morphology and Kinesiology 2023;8(3):138.",
        year: Some(2023),
        kind: JournalArticle,
        level: SystematicReview,
        verification: Confirmed,
        cited_by: achilles_reference(5),
        link: Some("https://doi.org/10.3390/jfmk8030138"),
        note: "11 studies: short-term gains in flexibility and recovery; not advised before \
               strength, balance or explosive work. The 2,400-per-minute and 2-minute caps of \
               A8 were not found in the parts of the text that could be read (its section on \
               practical orientations still needs checking).",
    },
    Source {
        id: "mak-2023",
        citation: "Mak RK, et al. Embolization of a massage gun–induced pseudoaneurysm in the \
                   supraclavicular fossa. Journal of Vascular and Interventional Radiology \
                   2023;34(9):1637.",
        year: Some(2023),
        kind: JournalArticle,
        level: CaseReport,
        verification: NotFound,
        cited_by: achilles_reference(6),
        link: None,
        note: "Cited by document 000 for arterial injury (A21). The research note could not find \
               this case report; it is kept because the document cites it, but no rule rests on \
               it alone.",
    },
    Source {
        id: "sams-2023",
        citation: "Sams L, Langdown BL, Simons J, Vseteckova J. The effect of percussive therapy \
                   on musculoskeletal performance and experiences of pain: a systematic \
                   literature review. International Journal of Sports Physical Therapy \
                   2023;18(2):309–327.",
        year: Some(2023),
        kind: JournalArticle,
        level: SystematicReview,
        verification: Confirmed,
        cited_by: achilles_reference(7),
        link: Some("https://doi.org/10.26603/001c.73795"),
        note: "13 studies: one application brought short-term gains in strength and flexibility; \
               repeated treatment reduced muscle pain. No duration cap was seen in it.",
    },
    Source {
        id: "sulkowski-2022",
        citation: "Sulkowski K, Grant G, Brodie T. Case report: vertebral artery dissection after \
                   use of handheld massage gun. Clinical Practice and Cases in Emergency Medicine \
                   2022;6(2):159–161.",
        year: Some(2022),
        kind: JournalArticle,
        level: CaseReport,
        verification: Confirmed,
        cited_by: achilles_reference(8),
        link: None,
        note: "A 27-year-old woman used a massage gun repeatedly on her neck and tore a vertebral \
               artery. Supports A21.",
    },
    Source {
        id: "roehmer-2022",
        citation: "Roehmer C, et al. ID 15833: paracervical muscle edema after the use of \
                   high-percussion massage gun. Neuromodulation 2022;25(4):S56.",
        year: Some(2022),
        kind: ConferenceAbstract,
        level: CaseReport,
        verification: Unverified,
        cited_by: achilles_reference(9),
        link: None,
        note: "A conference abstract on neck-muscle swelling after percussion, cited for A21. Not \
               among the case reports the research note found or checked.",
    },
    Source {
        id: "masters-2022",
        citation: "Masters A, et al. Hemothorax after use of percussion massage gun: a case \
                   report. American Thoracic Society conference 2022, session C43: A4172.",
        year: Some(2022),
        kind: ConferenceAbstract,
        level: CaseReport,
        verification: NotFound,
        cited_by: achilles_reference(10),
        link: None,
        note: "Cited by document 000 for bleeding into the chest (A22). The research note could \
               not find this report; A22 is kept as the clinic's caution.",
    },
    Source {
        id: "mu-2022",
        citation: "Mu J, Fan W. Lens subluxation after use of a percussion massage gun. Medicine \
                   2022;101(49):e31825.",
        year: Some(2022),
        kind: JournalArticle,
        level: CaseReport,
        verification: Confirmed,
        cited_by: achilles_reference(11),
        link: None,
        note: "A 69-year-old man used a massage gun around his eye for two months and displaced \
               the lens; the authors advise no use above the neck. Supports A20.",
    },
    Source {
        id: "lai-2021",
        citation: "Lai AC, Wong EW, Lai FH. Massage gun-induced ocular injury: a case report. \
                   Indian Journal of Ophthalmology Case Reports 2021;1(4):702–703.",
        year: Some(2021),
        kind: JournalArticle,
        level: CaseReport,
        verification: Confirmed,
        cited_by: achilles_reference(12),
        link: None,
        note: "Cataracts in both eyes after three months of use around the eyes. Supports A20.",
    },
    Source {
        id: "chen-2021",
        citation: "Chen J, Zhang F, Chen H, Pan H. Rhabdomyolysis after the use of percussion \
                   massage gun: a case report. Physical Therapy 2021;101(1):pzaa199.",
        year: Some(2021),
        kind: JournalArticle,
        level: CaseReport,
        verification: Confirmed,
        cited_by: achilles_reference(13),
        link: None,
        note: "A young woman with untreated iron-deficiency anaemia had both thighs treated after \
               cycling and developed muscle breakdown with dark urine. Supports A17 and MG-STOP.",
    },
    Source {
        id: "afn-high-hamstring",
        citation: "Australian Fitness Network. Common injuries: high hamstring tendinopathy.",
        year: None,
        kind: WebPage,
        level: ExpertGuidance,
        verification: Unverified,
        cited_by: hamstring_reference(1),
        link: None,
        note: "A fitness-industry page cited for where the pain is felt and who gets it (H1). Not \
               checked by the research note.",
    },
    Source {
        id: "corr-tendinopathy-treatment",
        citation: "Treatment of tendinopathy: what works, what does not, and what is on the \
                   horizon. Clinical Orthopaedics and Related Research.",
        year: None,
        kind: JournalArticle,
        level: ExpertGuidance,
        verification: Unverified,
        cited_by: hamstring_reference(2),
        link: None,
        note: "A review of tendinopathy treatments, cited for massage showing little benefit \
               over other rehabilitation (H2). The document gives no authors or year; it is \
               probably Andres and Murrell, 2008, but the research note did not check it. \
               Ranked as expert guidance because it is a narrative review.",
    },
    Source {
        id: "najspt-massage-review",
        citation: "The role of massage in sports performance and rehabilitation: current \
                   evidence and future direction. North American Journal of Sports Physical \
                   Therapy.",
        year: None,
        kind: JournalArticle,
        level: ExpertGuidance,
        verification: Unverified,
        cited_by: hamstring_reference(3),
        link: None,
        note: "A narrative review cited for deep-tissue massage being popular but little tested \
               (H3). The document gives no authors or year; it is probably Brummitt, 2008, but \
               the research note did not check it.",
    },
    Source {
        id: "najspt-massage-review-id",
        citation: "Id.: reference 4 of document 003 repeats reference 3 (the North American \
                   Journal of Sports Physical Therapy review of massage).",
        year: None,
        kind: JournalArticle,
        level: ExpertGuidance,
        verification: Unverified,
        cited_by: hamstring_reference(4),
        link: None,
        note: "Not a separate work: the same review as `najspt-massage-review`, cited a second \
               time for massage helping relaxation and mood (H4). Kept so that every reference \
               number of the document can be traced.",
    },
    Source {
        id: "umm-massage",
        citation: "University of Maryland Medical Center. Massage (patient information page).",
        year: None,
        kind: WebPage,
        level: ExpertGuidance,
        verification: Unverified,
        cited_by: hamstring_reference(5),
        link: None,
        note: "A hospital's patient page cited for booking a massage weekly or fortnightly over \
               several months (H4). Not checked by the research note; no trial behind the \
               schedule was found.",
    },
    Source {
        id: "nlm-unnamed-hamstring-rehab",
        citation: "An unnamed publication that document 003 attributes to the National Library \
                   of Medicine (rehabilitation and injections for proximal hamstring \
                   tendinopathy).",
        year: None,
        kind: JournalArticle,
        level: ExpertGuidance,
        verification: Unverified,
        cited_by: None,
        link: None,
        note: "The document names no title, authors or year and gives it no reference number, so \
               it cannot be identified or checked. It is the stated basis of H5 (rehabilitation) \
               and H6 (injections and surgery); stronger evidence qualifies both.",
    },
];
