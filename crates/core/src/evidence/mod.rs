//! The evidence registry: every source, every rule and every known conflict between a founding
//! document and stronger evidence.
//!
//! The data lives in [`sources`], [`registry`] and [`conflicts`]; this module holds the types
//! and the look-ups.

mod conflicts;
mod registry;
mod sources;

use serde::Serialize;

use crate::rules::RuleId;

/// How firm a piece of evidence is, strongest first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceLevel {
    /// A systematic review of trials or studies.
    SystematicReview,
    /// A randomised controlled trial.
    RandomisedTrial,
    /// A cohort study or a case series.
    CohortOrCaseSeries,
    /// A single case report.
    CaseReport,
    /// Expert guidance, clinical opinion or a founding document.
    ExpertGuidance,
}

impl EvidenceLevel {
    /// A label for people, such as "randomised trial".
    pub fn label(self) -> &'static str {
        match self {
            EvidenceLevel::SystematicReview => "systematic review",
            EvidenceLevel::RandomisedTrial => "randomised trial",
            EvidenceLevel::CohortOrCaseSeries => "cohort or case series",
            EvidenceLevel::CaseReport => "case report",
            EvidenceLevel::ExpertGuidance => "expert guidance",
        }
    }
}

/// How well the research note could check a source (the tags of `evidence.md`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verification {
    /// Read in the primary source, its abstract or an official table (`[C]`).
    Confirmed,
    /// Confirmed only through a secondary source (`[C2]`).
    Secondary,
    /// General knowledge, not found in the sources reviewed (`[GK]`).
    Unverified,
    /// Looked for and not found, or contradicted (`[X]`).
    NotFound,
}

/// What kind of publication a source is.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// One of the two founding documents.
    FoundingDocument,
    /// A peer-reviewed journal article.
    JournalArticle,
    /// A clinical practice guideline.
    Guideline,
    /// A conference abstract.
    ConferenceAbstract,
    /// A web page from a clinic, magazine or health service.
    WebPage,
}

/// Where a founding document cites a source.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct FoundingCitation {
    /// `000` (Achilles) or `003` (hamstring).
    pub document: &'static str,
    /// The reference number in that document's list.
    pub reference: u8,
}

/// One publication the rules rest on.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Source {
    /// A short stable key, such as `silbernagel-2007`.
    pub id: &'static str,
    /// The citation: authors, title, journal, volume and pages.
    pub citation: &'static str,
    /// The year of publication, where known.
    pub year: Option<u16>,
    /// What kind of publication it is.
    pub kind: SourceKind,
    /// Its level of evidence.
    pub level: EvidenceLevel,
    /// How well the research note could check it.
    pub verification: Verification,
    /// Where a founding document cites it, if it does.
    pub cited_by: Option<FoundingCitation>,
    /// A DOI or address where it can be read, if known.
    pub link: Option<&'static str>,
    /// What it contributes, or a caution about it.
    pub note: &'static str,
}

/// Whether a rule decides something or informs.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// The engine applies it to reach a decision.
    Decision,
    /// It is shown to people as education or service content.
    Education,
}

/// One rule: what it says, where it comes from and how firm it is.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Rule {
    /// The rule's stable identifier.
    pub id: RuleId,
    /// A short title.
    pub title: &'static str,
    /// The rule in plain language, in Tendo's own words.
    pub statement: &'static str,
    /// The ids of the sources it rests on.
    pub sources: &'static [&'static str],
    /// The level of the evidence behind it.
    pub level: EvidenceLevel,
    /// Whether it decides or informs.
    pub kind: RuleKind,
    /// Where in Tendo it is applied or shown.
    pub applied_in: &'static str,
}

/// A place where a founding document meets stronger evidence, and what Tendo does about it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Conflict {
    /// A short stable key.
    pub id: &'static str,
    /// The rules concerned.
    pub rules: &'static [RuleId],
    /// What the founding document says, in Tendo's words.
    pub document_says: &'static str,
    /// The level of the document's claim.
    pub document_level: EvidenceLevel,
    /// What the stronger evidence says.
    pub evidence_says: &'static str,
    /// The level of that evidence.
    pub evidence_level: EvidenceLevel,
    /// The sources of the stronger evidence.
    pub sources: &'static [&'static str],
    /// The safer action Tendo takes.
    pub tendo_does: &'static str,
}

/// Every source, founding documents and their references first.
pub fn sources() -> &'static [Source] {
    sources::SOURCES
}

/// Every rule, in the order of [`crate::rules::ALL`].
pub fn rules() -> &'static [Rule] {
    registry::RULES
}

/// Every known conflict between a founding document and stronger evidence.
pub fn conflicts() -> &'static [Conflict] {
    conflicts::CONFLICTS
}

/// The registry entry of a rule.
pub fn rule(id: RuleId) -> Option<&'static Rule> {
    rules().iter().find(|rule| rule.id == id)
}

/// A source by its key.
pub fn source(id: &str) -> Option<&'static Source> {
    sources().iter().find(|source| source.id == id)
}

/// The conflicts that concern a rule.
pub fn conflicts_of(id: RuleId) -> impl Iterator<Item = &'static Conflict> {
    conflicts()
        .iter()
        .filter(move |conflict| conflict.rules.contains(&id))
}

/// Joins the parts of a table into one array while compiling, so that a long table can live in
/// several files and still be one slice.
///
/// `N` must be the total length of the parts; anything else stops the build.
pub(crate) const fn join<T: Copy, const N: usize>(parts: &[&[T]]) -> [T; N] {
    assert!(N > 0 && !parts.is_empty() && !parts[0].is_empty());
    let mut joined = [parts[0][0]; N];
    let mut filled = 0;
    let mut part = 0;
    while part < parts.len() {
        let mut item = 0;
        while item < parts[part].len() {
            assert!(filled < N, "the parts are longer than the table");
            joined[filled] = parts[part][item];
            filled += 1;
            item += 1;
        }
        part += 1;
    }
    assert!(filled == N, "the parts are shorter than the table");
    joined
}

/// The total length of the parts of a table, for [`join`].
pub(crate) const fn total_len<T>(parts: &[&[T]]) -> usize {
    let mut total = 0;
    let mut part = 0;
    while part < parts.len() {
        total += parts[part].len();
        part += 1;
    }
    total
}
