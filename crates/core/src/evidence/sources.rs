//! Every source of `seed-rules.md` and `evidence.md`.
//!
//! The table is split by theme into submodules and joined here, founding documents and their
//! references first.

mod founding;
mod studies;
mod treatment;
mod web;

use super::{Source, join, total_len};

/// The parts of the table, in order.
const PARTS: &[&[Source]] = &[
    founding::SOURCES,
    studies::SOURCES,
    treatment::SOURCES,
    web::SOURCES,
];

/// How many sources there are.
const COUNT: usize = total_len(PARTS);

/// Every source as one array.
const JOINED: [Source; COUNT] = join(PARTS);

/// The sources, founding documents and their references first.
pub(super) const SOURCES: &[Source] = &JOINED;
