//! Tests of the evidence registry and the education content.
//!
//! The registry is checked for completeness and consistency, every text is checked for
//! originality against the founding documents, and the seed rules are checked where they show.

#[path = "evidence/education.rs"]
mod education;
#[path = "evidence/originality.rs"]
mod originality;
#[path = "evidence/registry.rs"]
mod registry;
#[path = "evidence/seed_rules.rs"]
mod seed_rules;
