//! Embeds the migrations: writes `migrations.rs` into `OUT_DIR`, listing every `.sql` file of
//! `migrations/sqlite` and `migrations/postgres` (`<version>_<description>.sql`) as its
//! version, the rest of its name and its text (`include_str!`), in the order of their names.
//! A file named otherwise fails the build. Cargo reruns this, and rebuilds the crate, when a
//! migration is added or changed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("Cargo sets CARGO_MANIFEST_DIR");
    let out = std::env::var("OUT_DIR").expect("Cargo sets OUT_DIR");
    let mut code = String::new();
    for (constant, backend) in [("SQLITE", "sqlite"), ("POSTGRES", "postgres")] {
        let dir = Path::new(&manifest).join("migrations").join(backend);
        writeln!(
            code,
            "/// The {backend} migrations: each file's version, the rest of its name and its text.\n\
             pub(crate) const {constant}: &[(i64, &str, &str)] = &["
        )
        .expect("writing to a string");
        for file in sql_files(&dir) {
            let name = file
                .file_name()
                .and_then(|name| name.to_str())
                .expect("a migration's file name is UTF-8");
            let (version, rest) = name
                .split_once('_')
                .and_then(|(version, rest)| Some((version.parse::<i64>().ok()?, rest)))
                .unwrap_or_else(|| panic!("{name}: a migration is named <version>_<what>.sql"));
            writeln!(
                code,
                "    ({version}, {rest:?}, include_str!({:?})),",
                file.display()
            )
            .expect("writing to a string");
        }
        code.push_str("];\n");
    }
    std::fs::write(Path::new(&out).join("migrations.rs"), code).expect("OUT_DIR is writable");
}

/// The `.sql` files of `dir`, by name.
fn sql_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the migrations directory is readable")
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "sql"))
        .collect();
    files.sort();
    files
}
