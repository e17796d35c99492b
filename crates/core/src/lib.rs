//! Tendo's clinical engine: pure functions that turn the founding documents and the evidence into
//! decisions with reasons.
//!
//! Nothing here performs input or output, reads the clock or touches a database: callers pass
//! plain values in and get decisions back. Every decision carries [`reason::Reason`]s naming the
//! rules of [`rules`], whose statements and sources live in [`evidence`].

pub mod caseload;
pub mod condition;
pub mod demonstration;
pub mod education;
pub mod error;
pub mod escalation;
pub mod evidence;
pub mod massage;
pub mod massage_gun;
pub mod pain_monitoring;
pub mod pain_score;
pub mod programme;
pub mod questionnaire;
pub mod reason;
pub mod red_flags;
pub mod rules;
pub mod running;
pub mod scheduling;
pub mod session_advice;
