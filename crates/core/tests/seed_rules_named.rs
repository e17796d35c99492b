//! Every rule of the founding documents is covered by a test whose name starts with its id, so
//! that anyone can find the tests behind a rule with `cargo test a16_`.

use std::path::Path;

use tendo_core::rules;

fn rust_files(dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("source directory is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(std::fs::read_to_string(&path).expect("source file is readable"));
        }
    }
}

/// The names of every function preceded by `#[test]` or inside a `proptest!` block.
fn test_names() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    rust_files(&root.join("src"), &mut sources);
    rust_files(&root.join("tests"), &mut sources);
    let mut names = Vec::new();
    for source in sources {
        let mut after_test_attribute = false;
        let mut in_proptest = false;
        for line in source.lines().map(str::trim) {
            if line.starts_with("proptest!") {
                in_proptest = true;
            }
            if line.starts_with("#[test]") || line.starts_with("#[tokio::test]") {
                after_test_attribute = true;
                continue;
            }
            if let Some(rest) = line.strip_prefix("fn ") {
                if after_test_attribute || in_proptest {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    names.push(name);
                }
                after_test_attribute = false;
            }
        }
    }
    names
}

#[test]
fn every_seed_rule_has_a_test_named_after_it() {
    let names = test_names();
    let missing: Vec<&str> = rules::ALL
        .iter()
        .filter(|id| id.is_seed_rule())
        .map(|id| id.as_str())
        .filter(|id| {
            let prefix = format!("{}_", id.to_lowercase());
            let inner = format!("_{}_", id.to_lowercase());
            !names
                .iter()
                .any(|name| name.starts_with(&prefix) || name.contains(&inner))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "seed rules without a named test: {missing:?}"
    );
}
