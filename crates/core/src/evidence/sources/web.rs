//! Clinic pages, teaching sites and other secondary web sources the evidence leans on.
//!
//! Every one is expert guidance at best. Minor pages that support the same point are grouped
//! into one entry whose citation lists them.

use crate::evidence::EvidenceLevel::ExpertGuidance;
use crate::evidence::Source;
use crate::evidence::SourceKind::WebPage;
use crate::evidence::Verification::{Confirmed, Secondary};

/// Builds the entry of one clinic or teaching page.
const fn page(
    id: &'static str,
    citation: &'static str,
    link: Option<&'static str>,
    note: &'static str,
) -> Source {
    Source {
        id,
        citation,
        year: None,
        kind: WebPage,
        level: ExpertGuidance,
        verification: Secondary,
        cited_by: None,
        link,
        note,
    }
}

/// Pain monitoring, loading, hamstring rehabilitation, red flags, questionnaires, massage guns.
pub(super) const SOURCES: &[Source] = &[
    page(
        "bim-physio-pain-monitoring",
        "bim.physio. The pain monitoring model (crediting Tom Goom).",
        Some("https://bim.physio/the-pain-monitoring-model/"),
        "Zones of 3/10 or less safe, 4–5 acceptable, above 5 not acceptable; the response over \
         24 hours matters more than pain during exercise, and stable pain is acceptable.",
    ),
    page(
        "southsidephysio-pain-monitoring",
        "Southside Physio. Pain monitoring for tendon rehabilitation.",
        Some("https://southsidephysio.com/1855-2/"),
        "If pain the next day has risen, do less; if it has gone, repeat the load or add a \
         little.",
    ),
    page(
        "thegameplanpt-achilles",
        "The Game Plan PT. Achilles tendinopathy (blog).",
        Some("https://thegameplanpt.com/blog/achilles-tendinopathy"),
        "Agrees with Silbernagel's 5/10 limits and summarises Silbernagel and Crossley's \
         return-to-sport monitoring, including re-injury rates of 27–44% in soccer.",
    ),
    page(
        "fusionphysio-traffic-light",
        "Fusion Physio Chilliwack. Traffic-light pain guide (fusionphysiochilliwack.com).",
        None,
        "0–3 green, 4–5 amber (back off if not settling or worse the next day), 6–10 red. \
         One of several bandings; none sets 4–6/10 as a target.",
    ),
    page(
        "mreevespt-hsr-summary",
        "M. Reeves PT. Article summary: heavy slow resistance (blog, April 2020).",
        Some("https://blog.mreevespt.com/2020/04/article-summary-heavy-slow-resistance.html"),
        "Beyer's week 6–8 loads, and the eccentric group starting at about 10% of body weight \
         with 10% added no more than once a week.",
    ),
    page(
        "goom-running-physio",
        "Running Physio (Tom Goom). New research in proximal hamstring tendinopathy: Goom et \
         al. 2016.",
        Some(
            "https://www.running-physio.com/new-research-in-proximal-hamstring-tendinopathy-goom-et-al-2016/",
        ),
        "Goom's own summary and link to the full text: key principles include understanding \
         compression, modifying aggravating activity and returning to sport gradually; stage 2 \
         heavy slow resistance from about 15RM to 8RM.",
    ),
    page(
        "performancehealth-hamstring",
        "Performance Health Academy. Hamstring tendinopathy: how to rehabilitate, part 3 \
         (2016).",
        Some(
            "https://blog.performancehealthacademy.com/2016/09/01/hamstring-tendinopathy-how-to-rehabilitate-part-3/",
        ),
        "Quotes Goom: progressive loading inside a pain-monitoring framework, progressed by \
         symptoms rather than time, over 3–6 months.",
    ),
    page(
        "advantagesportmed-hamstring",
        "Advantage Sport Medicine. Proximal hamstring tendinopathy, part 2 (advantagesportmed.ca).",
        None,
        "Stage 1 isometric hamstring work near hip neutral, with less pain expected straight \
         after; some pain during exercise is acceptable if it settles within 24 hours.",
    ),
    page(
        "grsm-hamstring",
        "GRSM. Proximal hamstring tendinopathy (grsm.ca).",
        Some("https://grsm.ca/proximal-hamstring-tendinopathy"),
        "Isometric dose of 5 holds of 30–45 s at about 70% effort, such as a single-leg bridge.",
    ),
    page(
        "tsmt-hamstring",
        "TSMT. Proximal hamstring tendinopathy (tsmt.com.au).",
        None,
        "Isometrics 5 × 45 s at 70%; avoid compressive positions early; at least 12–16 weeks \
         from presentation before sprinting.",
    ),
    page(
        "loganphysio-hamstring",
        "Logan Physio. Proximal hamstring tendinopathy (loganphysio.com.au).",
        None,
        "Early on, limit long sitting on hard seats, static hamstring stretches, deep lunges \
         and squats, and hill and sprint running, because they compress the tendon.",
    ),
    page(
        "pogophysio-hamstring-load-test",
        "Pogo Physio. Proximal hamstring tendinopathy exercise (citing Goom).",
        Some("https://pogophysio.com.au/blog/proximal-hamstring-tendinopathy-exercise/"),
        "A daily load test at the same time each day, such as 3 short-lever single-leg bridges: \
         0–3/10 means the load is tolerated, 4–10/10 means reduce it.",
    ),
    page(
        "wikem-achilles-rupture",
        "WikEM. Achilles tendon rupture.",
        Some("https://www.wikem.org/wiki/Achilles_Tendon_Rupture"),
        "Signs of rupture: a pop, trouble pushing off, no single-leg heel raise, a gap 2–6 cm \
         above the heel; the calf-squeeze test (96% sensitive, 93% specific). Some people with \
         a rupture can still walk.",
    ),
    page(
        "achilles-red-flag-pages",
        "Clinic pages on Achilles red flags: londoncartilage.com (load management and return \
         to sport), altiusnj (worsening night or rest pain), momentumphysio (pins and needles \
         in the heel or foot).",
        Some(
            "https://londoncartilage.com/insights/achilles-tendinopathy-load-management-and-return-to-sport",
        ),
        "Features that do not fit tendinopathy and need a clinician: rupture signs, night or \
         rest pain that is getting worse, nerve symptoms, pain worse with low-load activity or \
         spreading along the tendon.",
    ),
    page(
        "fluoroquinolone-pages",
        "Clinical summaries on fluoroquinolones and tendons: medicalexamprep.co.uk and \
         clinicalcommander.com (citing van der Linden 1999 and Sangiorgio 2024).",
        None,
        "Current or recent fluoroquinolone use, especially over 60 or with corticosteroids, \
         raises the risk of tendon rupture (about 15–20 per 100,000 patients): refer, \
         reconsider the drug, and do not start heavy loading.",
    ),
    page(
        "orthovellum-hamstring",
        "OrthoVellum. Proximal hamstring injuries.",
        Some("https://www.orthovellum.com/topics/proximal-hamstring-injuries"),
        "Avulsion signs (a pop in forced hip flexion with a straight knee, large bruising \
         after 3–7 days, a gap, weak knee bending); repair works best within about 4 weeks; the \
         sciatic nerve lies about 1.2 cm from the sitting bone.",
    ),
    page(
        "hamstring-red-flag-pages",
        "Pages on proximal hamstring injury and differential diagnosis: musculoskeletalkey.com \
         (repair of proximal hamstring avulsion), orthoempearls.com (goodbye thigh), jucm.com, \
         and a rehabilitation app's red-flag list.",
        Some("https://musculoskeletalkey.com/15-repair-of-proximal-hamstring-avulsion"),
        "Avulsion and nerve warning signs; conditions to rule out (lumbar nerve roots, facet \
         and sacroiliac joints, deep gluteal syndrome, avulsion fracture in adolescents); \
         worsening night pain or pain worse despite less load.",
    ),
    Source {
        verification: Confirmed,
        ..page(
            "physiopedia-visa-a",
            "Physiopedia. VISA-A questionnaire.",
            None,
            "Item maxima: questions 1–7 score up to 10 each, question 8 up to 30.",
        )
    },
    Source {
        verification: Confirmed,
        ..page(
            "patient-watch-visa-h",
            "Patient-Watch. VISA-H form.",
            Some("https://patient-watch.com/forms/visa-h"),
            "VISA-H scoring: questions 1–6 on 0–10, question 7 scored 0, 4, 7 or 10, question 8 \
             up to 30, total 0–100. The question 8 time bands were not captured.",
        )
    },
    Source {
        verification: Confirmed,
        ..page(
            "fhir-pain-scale",
            "HL7 FHIR implementation guide. Value set: pain scale 0 to 10.",
            Some(
                "https://build.fhir.org/ig/savannahghi/sil_fhir_profile_ig/ValueSet-pain-scale-0-to-10.html",
            ),
            "0 no pain, 10 worst imaginable; 1–3 mild, 4–6 moderate, 7–10 severe.",
        )
    },
    page(
        "massage-gun-consumer-guidance",
        "Consumer and clinic guidance on massage guns (biologyinsights.com and similar).",
        None,
        "30 s to 2 minutes per muscle group, no more than 10–15 minutes a session, keep the \
         head moving, start on the lowest setting. Not academic.",
    ),
];
