//! Every source of `seed-rules.md` and `evidence.md`.

use super::Source;

/// The sources, founding documents and their references first.
pub(super) const SOURCES: &[Source] = &[];
