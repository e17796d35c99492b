//! The clinic's side of booking: the calendar, hours, appointment types with prices, rooms and
//! tables, and the team's public profiles.

mod calendar;
mod calendar_grid;
mod hours;
mod team;
mod types;

pub use calendar::*;
pub use hours::*;
pub use team::*;
pub use types::*;
