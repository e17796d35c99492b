//! Tendo's task runner: `cargo xtask test` sets up what the tests need and runs them all.

use std::process::{Command, ExitCode};

use anyhow::{Context, bail};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        _ => {
            eprintln!("usage: cargo xtask test");
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

/// Formatting, lints, then every test of the workspace.
fn test() -> anyhow::Result<()> {
    step("formatting", "cargo", &["fmt", "--all", "--", "--check"])?;
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
    )?;
    if has_nextest() {
        step(
            "tests",
            "cargo",
            &["nextest", "run", "--workspace", "--no-fail-fast"],
        )?;
    } else {
        step("tests", "cargo", &["test", "--workspace", "--no-fail-fast"])?;
    }
    step("doc tests", "cargo", &["test", "--workspace", "--doc"])?;
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

fn step(name: &str, program: &str, args: &[&str]) -> anyhow::Result<()> {
    eprintln!("xtask: {name}: {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .status()
        .with_context(|| format!("cannot start `{program}`"))?;
    if !status.success() {
        bail!("{name} failed ({status})");
    }
    Ok(())
}
