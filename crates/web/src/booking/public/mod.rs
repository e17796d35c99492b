//! The public booking page of a clinic: its team and appointment types with prices, free times
//! in the visitor's zone, and the last step, where they sign in or create a patient account.

mod confirm;
mod page;
mod series;
mod sign_up;
mod times;

pub use confirm::*;
pub use page::*;
pub use series::*;
pub use sign_up::*;
pub use times::*;
