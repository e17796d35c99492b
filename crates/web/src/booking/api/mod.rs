//! The JSON twins of the booking pages.

mod appointments;
mod availability;
mod clinic_info;
mod series;

pub use appointments::*;
pub use availability::*;
pub use clinic_info::*;
pub use series::*;
