//! FHIR R4 export and import over the demo clinic: every resource checked by an independent
//! reader, the round trip keeps the clinical content, and malformed Bundles are refused with
//! a path, never half-imported.

#![expect(
    clippy::unwrap_used,
    reason = "a failed step should fail the test loudly"
)]

mod fuzz;
mod round_trip;
mod safety;
mod support;
mod validation;
