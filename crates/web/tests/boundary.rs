//! The web app reaches the data only through `tendo-app`'s services: `tendo-web` must not
//! depend on `tendo-store` (its tests may). With the dependency gone, the compiler refuses any
//! handler that reaches for the store, its traits or the audit writer.

use std::path::Path;

/// The sections of a manifest that a crate's own code is built with: every section whose name
/// ends in `dependencies` except the dev-dependencies (tests only), including
/// `[build-dependencies]` and `[target.'cfg(…)'.dependencies]`.
fn is_build_section(header: &str) -> bool {
    let name = header.trim_start_matches('[').trim_end_matches(']').trim();
    (name.ends_with("dependencies") && !name.ends_with("dev-dependencies"))
        || name.starts_with("dependencies.")
        || (name.starts_with("target.") && name.contains(".dependencies."))
}

/// The crate names a manifest builds `tendo-web`'s own code with, and every feature it
/// enables on them, as `(section, line)` pairs that mention `crate_name`.
fn build_mentions(manifest: &str, crate_name: &str) -> Vec<(String, String)> {
    let mut section = String::new();
    let mut found = Vec::new();
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            section = trimmed.to_string();
            // `[dependencies.tendo-store]` names the crate in its header.
            if is_build_section(trimmed) && trimmed.contains(crate_name) {
                found.push((section.clone(), trimmed.to_string()));
            }
            continue;
        }
        let key = trimmed.split(['=', '.', ' ']).next().unwrap_or("");
        let named = key.trim_matches('"') == crate_name;
        let feature = trimmed.contains(&format!("\"{crate_name}/"))
            || trimmed.contains(&format!("\"{crate_name}?/"));
        let in_build = is_build_section(&section);
        if (in_build && named) || (section == "[features]" && feature) {
            found.push((section.clone(), trimmed.to_string()));
        }
    }
    found
}

#[test]
fn web_does_not_depend_on_the_store() {
    let manifest_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).expect("the manifest reads");
    let mentions = build_mentions(&manifest, "tendo-store");
    assert!(
        mentions.is_empty(),
        "tendo-web must reach the data through tendo-app's services and see its types through \
         tendo_app::model; {} builds with tendo-store: {mentions:?}",
        manifest_path.display()
    );
}

#[test]
fn the_check_sees_a_store_dependency_wherever_it_is_declared() {
    for manifest in [
        "[dependencies]\ntendo-store = { workspace = true }\n",
        "[dependencies]\ntendo-store.workspace = true\n",
        "[dependencies.tendo-store]\nworkspace = true\n",
        "[target.'cfg(unix)'.dependencies]\ntendo-store = \"0.1\"\n",
        "[build-dependencies]\ntendo-store = \"0.1\"\n",
        "[features]\nopenapi = [\"tendo-store/openapi\"]\n",
    ] {
        assert!(
            !build_mentions(manifest, "tendo-store").is_empty(),
            "missed in:\n{manifest}"
        );
    }
    for manifest in [
        "[dependencies]\ntendo-store-sql = { workspace = true }\ntendo-app.workspace = true\n",
        "[dev-dependencies]\ntendo-store.workspace = true\n",
        "[dev-dependencies.tendo-store]\nworkspace = true\n",
    ] {
        assert!(
            build_mentions(manifest, "tendo-store").is_empty(),
            "wrongly flagged:\n{manifest}"
        );
    }
}

#[test]
fn web_sources_name_no_store_types() {
    let mut offenders = Vec::new();
    let mut pending = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("the source folder reads") {
            let path = entry.expect("an entry reads").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs")
                && std::fs::read_to_string(&path)
                    .expect("a source file reads")
                    .contains("tendo_store")
            {
                offenders.push(path.display().to_string());
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "name the types through tendo_app::model instead: {offenders:?}"
    );
}
