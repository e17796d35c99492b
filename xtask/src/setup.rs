//! Installing and starting what the tests need: PostgreSQL, Chromium and ChromeDriver, HAProxy,
//! coturn (never as a service), and a Python with the independent readers and servers the tests
//! use (`openapi-spec-validator`, `aiosmtpd`, `pypdf`).

use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::Duration;

use anyhow::{Context, bail};

/// The variable the tests read the PostgreSQL server from.
const POSTGRES_VARIABLE: &str = "TENDO_TEST_POSTGRES_URL";
/// The role and password the tests use; the server listens on loopback only.
const TEST_ROLE: &str = "tendo";

/// Sets everything up; returns the environment variables the tests need.
pub fn everything() -> anyhow::Result<Vec<(String, String)>> {
    let mut environment = vec![(POSTGRES_VARIABLE.to_string(), postgres()?)];
    environment.extend(browser()?);
    environment.push((HAPROXY_VARIABLE.to_string(), load_balancer()?));
    environment.push((TURNSERVER_VARIABLE.to_string(), turn_relay()?));
    let python = python_tools()?;
    environment.push((SMTP_PYTHON_VARIABLE.to_string(), python.clone()));
    environment.push(("TENDO_TEST_PYTHON".into(), python));
    environment.push((AXE_VARIABLE.to_string(), axe()?));
    Ok(environment)
}

/// The variable naming axe-core's script, which the browser tests run on pages to find
/// accessibility faults.
const AXE_VARIABLE: &str = "TENDO_TEST_AXE";

/// axe-core, pinned, from the npm registry (with Node.js and npm from Debian if missing), under
/// `target/node-tools`; returns the path of `axe.min.js`.
fn axe() -> anyhow::Result<String> {
    const PACKAGE: &str = "axe-core@4.14.1";
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let root = std::path::absolute(Path::new(&target).join("node-tools"))?;
    let script = root.join("node_modules/axe-core/axe.min.js");
    let stamp = root.join("installed.txt");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(PACKAGE) || !script.exists() {
        if Command::new("npm").arg("--version").output().is_err() {
            apt_install(&["nodejs", "npm"])?;
        }
        std::fs::create_dir_all(&root)?;
        eprintln!("xtask: installing {PACKAGE} into {}", root.display());
        run(
            "npm",
            &[
                "install",
                "--prefix",
                &root.display().to_string(),
                "--no-audit",
                "--no-fund",
                "--silent",
                PACKAGE,
            ],
        )?;
        std::fs::write(&stamp, PACKAGE)?;
    }
    Ok(script.display().to_string())
}

/// Python packages the tests use as independent readers of Tendo's outside formats, pinned.
const PYTHON_PACKAGES: &[&str] = &[
    "openapi-spec-validator==0.9.0",
    "aiosmtpd==1.4.6",
    "pypdf==7.1.0",
    "schemathesis==4.32.5",
    "fhir.resources==8.3.0",
    "prometheus-client==0.26.0",
];

/// A Python virtual environment under `target/` with [`PYTHON_PACKAGES`]; returns its python.
fn python_tools() -> anyhow::Result<String> {
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    // Absolute, but not resolved: the venv's `python` is a link to the system one, and only
    // through the link does it find the venv's packages.
    let root = std::path::absolute(Path::new(&target).join("python-tools"))?;
    let python = root.join("bin").join("python");
    let stamp = root.join("installed.txt");
    let wanted = PYTHON_PACKAGES.join("\n");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
        if !python.exists() {
            let created = Command::new("python3")
                .args(["-m", "venv"])
                .arg(&root)
                .status();
            if !created.is_ok_and(|status| status.success()) {
                apt_install(&["python3-venv"])?;
                run("python3", &["-m", "venv", &root.display().to_string()])?;
            }
        }
        eprintln!(
            "xtask: installing {} into {}",
            PYTHON_PACKAGES.join(", "),
            root.display()
        );
        let mut args = vec!["-m", "pip", "install", "-q"];
        args.extend_from_slice(PYTHON_PACKAGES);
        run(&python.display().to_string(), &args)?;
        std::fs::write(&stamp, wanted)?;
    }
    Ok(python.display().to_string())
}

/// A PostgreSQL server the tests may create databases on: the one named by
/// `TENDO_TEST_POSTGRES_URL`, or the machine's own cluster, installed and started if needed.
fn postgres() -> anyhow::Result<String> {
    if let Ok(url) = std::env::var(POSTGRES_VARIABLE) {
        eprintln!("xtask: using PostgreSQL from {POSTGRES_VARIABLE}");
        return Ok(url);
    }
    if !Path::new("/usr/bin/pg_ctlcluster").exists() {
        apt_install(&["postgresql"])?;
    }
    let version = installed_postgres_version()?;
    if !run_quietly("pg_lsclusters", &[])
        .unwrap_or_default()
        .contains(" main ")
    {
        run("pg_createcluster", &[&version, "main"])?;
    }
    let status = run_quietly("pg_lsclusters", &[])?;
    if !status
        .lines()
        .any(|line| line.contains(" main ") && line.contains("online"))
    {
        eprintln!("xtask: starting PostgreSQL {version}");
        run("pg_ctlcluster", &[&version, "main", "start"])?;
    }
    wait_for_postgres()?;
    let exists = as_postgres(&format!(
        "SELECT 1 FROM pg_roles WHERE rolname = '{TEST_ROLE}'"
    ))?;
    if exists.trim() != "1" {
        as_postgres(&format!(
            "CREATE ROLE {TEST_ROLE} LOGIN CREATEDB PASSWORD '{TEST_ROLE}'"
        ))?;
    }
    drop_old_test_databases()?;
    Ok(format!(
        "postgres://{TEST_ROLE}:{TEST_ROLE}@127.0.0.1:5432/postgres"
    ))
}

/// Drops the databases earlier test runs left behind (each test makes its own). One still in
/// use (another test run on this machine) refuses to be dropped and is left alone.
fn drop_old_test_databases() -> anyhow::Result<()> {
    let names =
        as_postgres("SELECT datname FROM pg_database WHERE datname LIKE 'tendo\\_test\\_%'")?;
    let names: Vec<&str> = names.lines().filter(|name| !name.is_empty()).collect();
    if !names.is_empty() {
        eprintln!(
            "xtask: dropping {} test databases of earlier runs",
            names.len()
        );
    }
    for name in names {
        let _ = as_postgres(&format!("DROP DATABASE IF EXISTS \"{name}\""));
    }
    Ok(())
}

fn installed_postgres_version() -> anyhow::Result<String> {
    let mut versions: Vec<u32> = std::fs::read_dir("/usr/lib/postgresql")
        .context("PostgreSQL is not installed under /usr/lib/postgresql")?
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    versions.sort_unstable();
    versions
        .last()
        .map(u32::to_string)
        .context("no PostgreSQL version found under /usr/lib/postgresql")
}

fn wait_for_postgres() -> anyhow::Result<()> {
    for _ in 0..60 {
        if as_postgres("SELECT 1").is_ok() {
            return Ok(());
        }
        sleep(Duration::from_millis(500));
    }
    bail!("PostgreSQL did not start within 30 seconds")
}

/// Creates (or re-creates) an empty database called `name` owned by the test role; returns its
/// URL on the server at `server`.
pub fn fresh_database(server: &str, name: &str) -> anyhow::Result<String> {
    as_postgres(&format!("DROP DATABASE IF EXISTS {name}"))?;
    as_postgres(&format!("CREATE DATABASE {name} OWNER {TEST_ROLE}"))?;
    let base = server.rsplit_once('/').map_or(server, |(base, _)| base);
    Ok(format!("{base}/{name}"))
}

/// The URL of the database `name` on `server` if it exists.
pub fn existing_database(server: &str, name: &str) -> anyhow::Result<Option<String>> {
    let found = as_postgres(&format!(
        "SELECT 1 FROM pg_database WHERE datname = '{name}'"
    ))?;
    let base = server.rsplit_once('/').map_or(server, |(base, _)| base);
    Ok((found.trim() == "1").then(|| format!("{base}/{name}")))
}

/// Runs SQL as the `postgres` superuser over the local socket.
fn as_postgres(sql: &str) -> anyhow::Result<String> {
    run_quietly("runuser", &["-u", "postgres", "--", "psql", "-Atc", sql])
}

/// The variable naming the Python that can run `aiosmtpd`.
const SMTP_PYTHON_VARIABLE: &str = "TENDO_TEST_SMTP_PYTHON";

/// Chromium and ChromeDriver from Debian, for the browser tests; returns their paths.
fn browser() -> anyhow::Result<Vec<(String, String)>> {
    let chromium = Path::new("/usr/bin/chromium");
    let driver = Path::new("/usr/bin/chromedriver");
    if !chromium.exists() || !driver.exists() {
        apt_install(&["chromium", "chromium-driver"])?;
    }
    Ok(vec![
        ("TENDO_TEST_CHROMIUM".into(), chromium.display().to_string()),
        (
            "TENDO_TEST_CHROMEDRIVER".into(),
            driver.display().to_string(),
        ),
    ])
}

/// The variable naming the HAProxy binary the cluster test puts in front of three servers.
const HAPROXY_VARIABLE: &str = "TENDO_TEST_HAPROXY";

/// HAProxy from Debian, for the test of several app servers behind a balancer; returns its path.
fn load_balancer() -> anyhow::Result<String> {
    let haproxy = Path::new("/usr/sbin/haproxy");
    if !haproxy.exists() {
        apt_install(&["haproxy"])?;
    }
    Ok(haproxy.display().to_string())
}

/// The variable naming coturn's `turnserver`, the relay the video test runs between two
/// network namespaces.
const TURNSERVER_VARIABLE: &str = "TENDO_TEST_TURNSERVER";

/// coturn from Debian, for the video test through a TURN relay; returns the path of its
/// `turnserver`. Debian's package would start it as a service: a `policy-rc.d` that refuses
/// every start is in place while it installs, so only the test ever runs it.
fn turn_relay() -> anyhow::Result<String> {
    let turnserver = Path::new("/usr/bin/turnserver");
    if !turnserver.exists() {
        let policy = Path::new("/usr/sbin/policy-rc.d");
        let had_policy = policy.exists();
        if !had_policy && is_root() {
            std::fs::write(policy, "#!/bin/sh\nexit 101\n")
                .context("cannot write /usr/sbin/policy-rc.d")?;
            run("chmod", &["+x", "/usr/sbin/policy-rc.d"])?;
        }
        let installed = apt_install(&["coturn"]);
        if !had_policy && is_root() {
            let _ = std::fs::remove_file(policy);
        }
        installed?;
    }
    Ok(turnserver.display().to_string())
}

fn apt_install(packages: &[&str]) -> anyhow::Result<()> {
    eprintln!("xtask: installing {} with apt", packages.join(", "));
    let sudo = !is_root();
    let mut update = vec!["apt-get", "update", "-q"];
    let mut install = vec!["apt-get", "install", "-y", "-q", "--no-install-recommends"];
    install.extend_from_slice(packages);
    if sudo {
        update.insert(0, "sudo");
        install.insert(0, "sudo");
    }
    run(update[0], &update[1..])?;
    let status = Command::new(install[0])
        .args(&install[1..])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .with_context(|| format!("cannot run {}", install.join(" ")))?;
    if !status.success() {
        bail!("`{}` failed ({status})", install.join(" "));
    }
    Ok(())
}

fn is_root() -> bool {
    run_quietly("id", &["-u"])
        .map(|id| id.trim() == "0")
        .unwrap_or(false)
}

fn run(program: &str, args: &[&str]) -> anyhow::Result<()> {
    let status = Command::new(program)
        .args(args)
        .status()
        .with_context(|| format!("cannot run {program}"))?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

fn run_quietly(program: &str, args: &[&str]) -> anyhow::Result<String> {
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run {program}"))?;
    if !output.status.success() {
        bail!(
            "`{program} {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
