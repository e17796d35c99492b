//! The `tendo` binary: the command-line tools of Tendo (and, later, its web app).

mod cli;
mod demo;
mod server;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tendo: {error:#}");
            ExitCode::from(cli::exit_code_of(&error))
        }
    }
}
