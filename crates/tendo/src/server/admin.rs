//! `tendo admin`: the first clinic and its first administrator, from the command line.

use std::io::{IsTerminal, Read};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use tendo_app::accounts::{self, NewClinicForm, NewUserForm};
use tendo_app::error::AppError;
use tendo_app::{App, Settings};
use tendo_store::accounts::{Profession, Role};

use super::DatabaseArgs;
use crate::cli::InputError;

/// `tendo admin …`.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a clinic.
    CreateClinic(CreateClinicArgs),
    /// Create a user with a password (the first administrator; later people are invited).
    CreateUser(CreateUserArgs),
}

/// Options of `tendo admin create-clinic`.
#[derive(Debug, Args)]
pub struct CreateClinicArgs {
    /// The clinic's name.
    #[arg(long)]
    name: String,
    /// The short name in its public address, such as `north-tendon-clinic`.
    #[arg(long)]
    slug: String,
    /// Its IANA time zone, such as `Europe/London`.
    #[arg(long, default_value = "Europe/London")]
    time_zone: String,
    /// The currency of its prices: a three-letter ISO 4217 code such as `GBP`, `EUR` or `USD`
    /// (changeable later in the clinic's settings).
    #[arg(long)]
    currency: String,
    #[command(flatten)]
    database: DatabaseArgs,
}

/// Options of `tendo admin create-user`.
#[derive(Debug, Args)]
pub struct CreateUserArgs {
    /// The clinic's short name.
    #[arg(long)]
    clinic: String,
    /// Their email address.
    #[arg(long)]
    email: String,
    /// Their name.
    #[arg(long)]
    name: String,
    /// `admin`, `clinician` or `patient`.
    #[arg(long, default_value = "admin")]
    role: String,
    /// For clinicians: `physiotherapist` or `massage-therapist`.
    #[arg(long)]
    profession: Option<String>,
    /// Their IANA time zone (default: the clinic's).
    #[arg(long)]
    time_zone: Option<String>,
    /// Read the password from standard input instead of asking (or `TENDO_PASSWORD`).
    #[arg(long)]
    password_stdin: bool,
    #[command(flatten)]
    database: DatabaseArgs,
}

fn field_error(error: AppError) -> anyhow::Error {
    match error {
        AppError::Invalid(errors) => {
            let problems: Vec<String> = errors
                .0
                .iter()
                .map(|problem| {
                    format!("--{}: {}", problem.field.replace('_', "-"), problem.message)
                })
                .collect();
            InputError {
                field: errors
                    .0
                    .first()
                    .map(|problem| problem.field.clone())
                    .unwrap_or_default(),
                problem: problems.join("; "),
            }
            .into()
        }
        other => anyhow::Error::new(other),
    }
}

/// Runs an admin command.
pub async fn run(command: AdminCommand) -> anyhow::Result<()> {
    match command {
        AdminCommand::CreateClinic(args) => {
            let app = App::new(args.database.open().await?, Settings::default());
            let clinic = accounts::create_clinic(
                &app,
                &NewClinicForm {
                    name: args.name,
                    slug: args.slug,
                    time_zone: args.time_zone,
                    currency: args.currency,
                },
            )
            .await
            .map_err(field_error)?;
            println!(
                "Created clinic {} ({}), id {}",
                clinic.name, clinic.slug, clinic.id
            );
        }
        AdminCommand::CreateUser(args) => {
            let app = App::new(args.database.open().await?, Settings::default());
            let clinic = tendo_app::booking::clinic_by_slug(&app, &args.clinic)
                .await
                .map_err(|_| InputError {
                    field: "clinic".into(),
                    problem: format!(
                        "no clinic `{}`; create it with `tendo admin create-clinic`",
                        args.clinic
                    ),
                })?;
            let role = Role::parse(&args.role).ok_or_else(|| InputError {
                field: "role".into(),
                problem: "use admin, clinician or patient".into(),
            })?;
            let profession = match args.profession.as_deref() {
                None => None,
                Some(text) => Some(Profession::parse(text).ok_or_else(|| InputError {
                    field: "profession".into(),
                    problem: "use physiotherapist or massage-therapist".into(),
                })?),
            };
            let password = read_password(args.password_stdin)?;
            let user = accounts::create_user(
                &app,
                &clinic,
                &NewUserForm {
                    email: args.email,
                    name: args.name,
                    role,
                    profession,
                    time_zone: args.time_zone.unwrap_or(clinic.time_zone.clone()),
                    password,
                },
            )
            .await
            .map_err(field_error)?;
            println!(
                "Created {} {} <{}>, id {}",
                role.as_str(),
                user.name,
                user.email,
                user.id
            );
        }
    }
    Ok(())
}

fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if let Ok(password) = std::env::var("TENDO_PASSWORD") {
        return Ok(password);
    }
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the password from standard input")?;
        let password = text.trim_end_matches(['\n', '\r']).to_string();
        if password.is_empty() {
            bail!("no password on standard input");
        }
        return Ok(password);
    }
    let first = rpassword::prompt_password("Password: ").context("reading the password")?;
    let second =
        rpassword::prompt_password("The same password again: ").context("reading the password")?;
    if first != second {
        bail!("the two passwords differ");
    }
    Ok(first)
}
