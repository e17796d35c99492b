//! Where a founding document meets stronger evidence.

use super::Conflict;

/// The known conflicts.
pub(super) const CONFLICTS: &[Conflict] = &[];
