//! Tendo's task runner: `cargo xtask test` sets up what the tests need and runs them all.
//!
//! On a fresh Debian machine it installs PostgreSQL, Chromium and ChromeDriver with apt when
//! they are missing, starts the PostgreSQL cluster, creates a `tendo` role that may create test
//! databases, and passes its URL to the tests in `TENDO_TEST_POSTGRES_URL`.

mod bench;
mod setup;

use std::process::{Command, ExitCode};

use anyhow::{Context, bail};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("setup") => setup::everything().map(|_| ()),
        Some("bench") => bench::run(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask test | cargo xtask bench [--postgres] [--scale small|large] \
                 [--regenerate] [tendo-bench options] | cargo xtask setup"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Set-up, formatting, lints, then every test of the workspace.
fn test() -> anyhow::Result<()> {
    let environment = setup::everything()?;
    step(
        "formatting",
        "cargo",
        &["fmt", "--all", "--", "--check"],
        &[],
    )?;
    step(
        "lints",
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )?;
    let variables: Vec<(&str, &str)> = environment
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    if has_nextest() {
        step(
            "tests",
            "cargo",
            &["nextest", "run", "--workspace", "--no-fail-fast"],
            &variables,
        )?;
    } else {
        step(
            "tests",
            "cargo",
            &["test", "--workspace", "--no-fail-fast"],
            &variables,
        )?;
    }
    step(
        "doc tests",
        "cargo",
        &["test", "--workspace", "--doc"],
        &variables,
    )?;
    eprintln!("xtask: all checks passed");
    Ok(())
}

fn has_nextest() -> bool {
    Command::new("cargo")
        .args(["nextest", "--version"])
        .output()
        .map(|output| output.status.success())
        .unwrap_or(false)
}

/// Runs one step, failing the whole run if it fails.
pub(crate) fn step(
    name: &str,
    program: &str,
    args: &[&str],
    variables: &[(&str, &str)],
) -> anyhow::Result<()> {
    eprintln!("xtask: {name}: {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .envs(variables.iter().copied())
        .status()
        .with_context(|| format!("cannot start `{program}`"))?;
    if !status.success() {
        bail!("{name} failed ({status})");
    }
    Ok(())
}
