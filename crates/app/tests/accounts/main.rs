//! The account services on a real SQLite database: every success and failure path.

#![expect(
    clippy::unwrap_used,
    reason = "a failed call should fail the test loudly"
)]

mod access;
mod audit;
mod harness;
mod invitations;
mod login;
mod reset_and_tokens;
mod services;
