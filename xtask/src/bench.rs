//! `cargo xtask bench`: builds Tendo and the load benchmark in release mode, makes (once) a
//! generated database at the chosen scale, and runs the benchmark on it on loopback.
//!
//! ```text
//! cargo xtask bench [--postgres] [--scale small|large] [--regenerate] [tendo-bench options]
//! ```
//!
//! SQLite data lives in `<target>/bench-data/<scale>`, PostgreSQL data in the database
//! `tendo_bench_<scale>` of the local server; both are kept between runs (each run adds only a
//! small clinic of writer patients) and made again with `--regenerate`.

use std::path::PathBuf;

use anyhow::bail;

use crate::{setup, step};

/// The target directory cargo builds into.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"))
}

/// Takes `--name value` out of `args`.
fn take_value(args: &mut Vec<String>, name: &str) -> anyhow::Result<Option<String>> {
    let Some(index) = args.iter().position(|arg| arg == name) else {
        return Ok(None);
    };
    if index + 1 >= args.len() {
        bail!("{name} needs a value");
    }
    let value = args.remove(index + 1);
    args.remove(index);
    Ok(Some(value))
}

/// Takes the flag `name` out of `args`; true if it was there.
fn take_flag(args: &mut Vec<String>, name: &str) -> bool {
    let before = args.len();
    args.retain(|arg| arg != name);
    args.len() != before
}

/// Runs `cargo xtask bench`.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let mut forwarded = args.to_vec();
    let postgres = take_flag(&mut forwarded, "--postgres");
    let regenerate = take_flag(&mut forwarded, "--regenerate");
    let scale = take_value(&mut forwarded, "--scale")?.unwrap_or_else(|| "small".into());
    if !["small", "large"].contains(&scale.as_str()) {
        bail!("--scale: expected small or large, got {scale}");
    }
    step(
        "release build",
        "cargo",
        &["build", "--release", "-p", "tendo", "-p", "tendo-bench"],
        &[],
    )?;
    let release = target_dir().join("release");
    let tendo = release.join("tendo").display().to_string();
    let bench = release.join("tendo-bench").display().to_string();
    let database: Vec<String> = if postgres {
        let server = setup::everything()?
            .into_iter()
            .find(|(name, _)| name == "TENDO_TEST_POSTGRES_URL")
            .map(|(_, url)| url)
            .ok_or_else(|| anyhow::anyhow!("no PostgreSQL server"))?;
        let name = format!("tendo_bench_{scale}");
        let url = match setup::existing_database(&server, &name)? {
            Some(url) if !regenerate => url,
            _ => {
                let url = setup::fresh_database(&server, &name)?;
                generate(&tendo, &["--database-url", &url], &scale)?;
                url
            }
        };
        vec!["--database-url".into(), url]
    } else {
        let dir = target_dir().join("bench-data").join(&scale);
        if regenerate || !dir.join("tendo.db").exists() {
            if dir.exists() {
                std::fs::remove_dir_all(&dir)?;
            }
            generate(&tendo, &["--data-dir", &dir.display().to_string()], &scale)?;
        }
        vec!["--data-dir".into(), dir.display().to_string()]
    };
    let mut all = vec!["--tendo".to_string(), tendo];
    all.extend(database);
    if !forwarded.iter().any(|arg| arg == "--label") {
        all.push("--label".into());
        all.push(format!(
            "{}, {scale} database",
            if postgres { "PostgreSQL" } else { "SQLite" }
        ));
    }
    all.extend(forwarded);
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    step("load benchmark", &bench, &all, &[])
}

fn generate(tendo: &str, database: &[&str], scale: &str) -> anyhow::Result<()> {
    let mut args = vec!["demo", "generate", "--scale", scale];
    args.extend_from_slice(database);
    step("generating the benchmark database", tendo, &args, &[])
}
