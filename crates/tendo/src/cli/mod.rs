//! The command-line interface: argument parsing and dispatch to the engine.

mod demo;
mod evidence;
mod input;
mod interactive;
mod load;
mod massage_gun;
mod plan;
mod score;
mod simulate;
mod text;

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;

pub use input::InputError;

/// Tendo: graded loading, pain monitoring and safe massage-gun use for Achilles and proximal
/// hamstring tendinopathy.
#[derive(Debug, Parser)]
#[command(name = "tendo", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List every rule, source and known conflict, or show one rule with its sources.
    Evidence(EvidenceArgs),
    /// Massage-gun screening and dosing.
    #[command(subcommand)]
    MassageGun(MassageGunCommand),
    /// The pain-monitoring model.
    #[command(subcommand)]
    Load(LoadCommand),
    /// Score a questionnaire.
    #[command(subcommand)]
    Score(ScoreCommand),
    /// The loading programme for the current week.
    Plan(InputArgs),
    /// Run simulated patients day by day through the application and print their outcomes by
    /// scenario; fails if any journey broke a safety invariant.
    Simulate(simulate::SimulateArgs),
    /// Start Tendo with a demo clinic on a fresh database and print the logins (`--cli`: a
    /// worked example of the command-line tools instead).
    Demo(crate::demo::DemoArgs),
    /// Serve the web app and JSON API.
    Serve(crate::server::ServeArgs),
    /// Bring the database schema up to date.
    Migrate(crate::server::DatabaseArgs),
    /// Create clinics and their first users.
    #[command(subcommand)]
    Admin(crate::server::admin::AdminCommand),
    /// Copy the live SQLite database to a new file.
    Backup(crate::server::backup::BackupArgs),
    /// Replace the SQLite database with a backup (the server must be stopped).
    Restore(crate::server::backup::RestoreArgs),
}

#[derive(Debug, Args)]
struct EvidenceArgs {
    /// A rule id such as `A16` or `R-PM2`, or a source id such as `silbernagel-2007`.
    id: Option<String>,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Subcommand)]
enum MassageGunCommand {
    /// Which sites may be treated now, for how long, how, and when the next session may start.
    Check(MassageGunCheckArgs),
}

#[derive(Debug, Args)]
struct MassageGunCheckArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Ask the screening questions one at a time instead of reading a JSON document.
    #[arg(long, short = 'i')]
    interactive: bool,
}

#[derive(Debug, Subcommand)]
enum LoadCommand {
    /// Progress, hold or step back, from logged sessions and pain.
    Decide(InputArgs),
}

#[derive(Debug, Subcommand)]
enum ScoreCommand {
    /// Score a VISA-A questionnaire (Achilles).
    VisaA(InputArgs),
    /// Score a VISA-H questionnaire (proximal hamstring).
    VisaH(InputArgs),
}

/// Where the JSON document comes from and how to print the answer.
#[derive(Debug, Args)]
struct InputArgs {
    /// The JSON document: a file path, or `-` for standard input.
    #[arg(default_value = "-")]
    input: String,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// How a command prints its result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable explanation.
    Text,
    /// The JSON contract.
    Json,
}

/// Runs one command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Evidence(args) => evidence::run(args.id.as_deref(), args.format),
        Command::MassageGun(MassageGunCommand::Check(args)) if args.interactive => {
            interactive::run(args.input.format)
        }
        Command::MassageGun(MassageGunCommand::Check(args)) => {
            massage_gun::run(&args.input.input, args.input.format)
        }
        Command::Load(LoadCommand::Decide(args)) => load::run(&args.input, args.format),
        Command::Score(ScoreCommand::VisaA(args)) => score::run(
            tendo_core::questionnaire::Questionnaire::VisaA,
            &args.input,
            args.format,
        ),
        Command::Score(ScoreCommand::VisaH(args)) => score::run(
            tendo_core::questionnaire::Questionnaire::VisaH,
            &args.input,
            args.format,
        ),
        Command::Plan(args) => plan::run(&args.input, args.format),
        Command::Simulate(args) => runtime()?.block_on(simulate::run(args)),
        Command::Demo(crate::demo::DemoArgs {
            command: Some(crate::demo::DemoCommand::Generate(args)),
            ..
        }) => runtime()?.block_on(crate::demo::generate::run(args)),
        Command::Demo(args) if args.cli => demo::run(),
        Command::Demo(args) => runtime()?.block_on(crate::demo::run(args)),
        Command::Serve(args) if args.demo => runtime()?.block_on(crate::demo::serve_demo(args)),
        Command::Serve(args) => runtime()?.block_on(async {
            crate::server::init_logging(
                args.operations.log_format,
                args.operations.metrics_listen.is_some(),
            );
            crate::server::serve(args, None).await
        }),
        Command::Migrate(args) => runtime()?.block_on(crate::server::migrate(args)),
        Command::Admin(command) => runtime()?.block_on(crate::server::admin::run(command)),
        Command::Backup(args) => runtime()?.block_on(crate::server::backup::backup(args)),
        Command::Restore(args) => runtime()?.block_on(crate::server::backup::restore(args)),
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

/// The exit status for an error: 2 for bad input, 1 for anything else.
pub fn exit_code_of(error: &anyhow::Error) -> u8 {
    if error.downcast_ref::<InputError>().is_some() {
        2
    } else {
        1
    }
}

/// Prints `value` as pretty JSON, or `text` for people.
fn emit<T: Serialize>(
    format: Format,
    value: &T,
    text: impl FnOnce() -> String,
) -> anyhow::Result<()> {
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(value)?),
        Format::Text => print!("{}", text()),
    }
    Ok(())
}
