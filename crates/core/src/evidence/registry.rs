//! The statement, sources and level of every rule id.

use super::Rule;

/// One entry per id of [`crate::rules::ALL`], in the same order.
pub(super) const RULES: &[Rule] = &[];
