//! The statement, sources and level of every rule id.
//!
//! The table is split by family into submodules and joined here, in the order of
//! [`crate::rules::ALL`].

mod achilles;
mod hamstring;
mod loading;
mod safety;

use super::{Rule, join, total_len};

/// The parts of the table, in the order of the rule ids.
const PARTS: &[&[Rule]] = &[
    achilles::RULES,
    hamstring::RULES,
    loading::RULES,
    safety::RULES,
];

/// How many rules there are.
const COUNT: usize = total_len(PARTS);

/// Every rule as one array.
const JOINED: [Rule; COUNT] = join(PARTS);

/// One entry per id of [`crate::rules::ALL`], in the same order.
pub(super) const RULES: &[Rule] = &JOINED;
