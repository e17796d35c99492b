//! The `tendo` binary: the command-line tools of Tendo (and, later, its web app).

mod cli;
mod demo;
mod server;

use std::process::ExitCode;

use clap::Parser;

/// The memory allocator: mimalloc gives freed memory back to the system soon after it is
/// freed, where the system allocator keeps what each thread's arena once held (each password
/// hash takes 19 MiB on whichever blocking thread runs it, and glibc kept every one). Built
/// without transparent huge pages (`no_thp`): asked for them, the kernel backs the allocator's
/// memory 2 MiB at a time, and a server under load held about twice the memory it used.
/// Built with `override`, mimalloc also takes `malloc` and `free` for the C code in the
/// binary (SQLite, whose page caches and statements glibc's per-thread arenas kept), so the
/// whole process allocates one way; SQLite is built without its own memory statistics, which
/// took a process-wide lock on every allocation (`.cargo/config.toml`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
