//! No text Tendo shows shares a run of eight or more words with a founding document.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tendo_core::education::{hamstring_massage_faq, topics};
use tendo_core::evidence::{conflicts, rules, sources};

/// The founding documents, as named in `shared/seeds`.
const SEED_FILES: [&str; 2] = ["000_7dfa932c0a278f8c.txt", "003_261aa4b6ce4d6a5d.txt"];

/// How many consecutive shared words count as quoting.
const RUN: usize = 8;

/// Finds `shared/seeds` above the crate (it sits beside the repository or a worktree of it), or
/// takes it from `TENDO_SEEDS_DIR`.
fn seeds_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("TENDO_SEEDS_DIR") {
        return PathBuf::from(dir);
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|dir| dir.join("shared").join("seeds"))
        .find(|dir| dir.join(SEED_FILES[0]).is_file())
        .unwrap_or_else(|| {
            panic!(
                "no shared/seeds with the founding documents above {}; set TENDO_SEEDS_DIR",
                manifest.display()
            )
        })
}

/// Lower-case words, with every character that is not a letter or digit as a separator.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

fn runs(text: &str) -> BTreeSet<Vec<String>> {
    words(text).windows(RUN).map(<[String]>::to_vec).collect()
}

fn founding_runs() -> BTreeSet<Vec<String>> {
    let dir = seeds_dir();
    SEED_FILES
        .iter()
        .flat_map(|name| {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            runs(&text)
        })
        .collect()
}

/// Every text Tendo shows from the registry, the conflicts and the education content.
///
/// Source citations are left out: they name the works the documents cite, titles included.
fn product_texts() -> Vec<(String, &'static str)> {
    let mut texts = Vec::new();
    for rule in rules() {
        texts.push((format!("rule {} title", rule.id), rule.title));
        texts.push((format!("rule {} statement", rule.id), rule.statement));
    }
    for source in sources() {
        texts.push((format!("source {} note", source.id), source.note));
    }
    for conflict in conflicts() {
        texts.push((format!("conflict {}", conflict.id), conflict.document_says));
        texts.push((format!("conflict {}", conflict.id), conflict.evidence_says));
        texts.push((format!("conflict {}", conflict.id), conflict.tendo_does));
    }
    for topic in topics() {
        texts.push((format!("topic {} title", topic.id), topic.title));
        texts.push((format!("topic {} summary", topic.id), topic.summary));
        for (n, paragraph) in topic.paragraphs.iter().enumerate() {
            texts.push((format!("topic {} paragraph {}", topic.id, n + 1), paragraph));
        }
    }
    for faq in hamstring_massage_faq() {
        texts.push((format!("faq `{}`", faq.question), faq.question));
        texts.push((format!("faq `{}`", faq.question), faq.answer));
    }
    texts
}

fn quoted_runs(text: &str, founding: &BTreeSet<Vec<String>>) -> Vec<String> {
    runs(text)
        .into_iter()
        .filter(|run| founding.contains(run))
        .map(|run| run.join(" "))
        .collect()
}

#[test]
fn no_registry_conflict_or_education_text_quotes_eight_words_of_a_founding_document() {
    let founding = founding_runs();
    let quoting: Vec<String> = product_texts()
        .into_iter()
        .flat_map(|(place, text)| {
            quoted_runs(text, &founding)
                .into_iter()
                .map(move |run| format!("{place}: \"{run}\""))
        })
        .collect();
    assert!(
        quoting.is_empty(),
        "texts quoting a founding document:\n{}",
        quoting.join("\n")
    );
}

#[test]
fn the_originality_check_catches_a_quotation_and_ignores_punctuation_and_case() {
    let founding = founding_runs();
    let copied = "Target the CALF (soleus and gastrocnemius) muscles, and spend no more than \
                  5 minutes in total per calf.";
    assert!(!quoted_runs(copied, &founding).is_empty());
    let copied_hamstring = "An ultrasound-guided corticosteroid injection into the tendon \
                            sheath can be helpful";
    assert!(!quoted_runs(copied_hamstring, &founding).is_empty());
    let own_words = "Work on the calf muscles for at most five minutes on each calf.";
    assert!(quoted_runs(own_words, &founding).is_empty());
}
