//! Identifiers: UUIDv7 newtypes, one per kind of record, so that ids cannot be mixed up.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What every id type can do: become the 16 bytes stored in the database, and come back.
pub trait Id: Copy {
    /// The 16 bytes stored in the database.
    fn to_bytes(self) -> Vec<u8>;

    /// Reads the 16 bytes stored in the database.
    fn from_bytes(bytes: &[u8]) -> Option<Self>;
}

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new time-ordered id.
            pub fn new() -> Self {
                $name(Uuid::now_v7())
            }

            /// Wraps an existing UUID.
            pub const fn from_uuid(uuid: Uuid) -> Self {
                $name(uuid)
            }

            /// The UUID inside.
            pub const fn uuid(self) -> Uuid {
                self.0
            }

        }

        impl Id for $name {
            fn to_bytes(self) -> Vec<u8> {
                self.0.as_bytes().to_vec()
            }

            fn from_bytes(bytes: &[u8]) -> Option<Self> {
                Uuid::from_slice(bytes).ok().map($name)
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(text).map($name)
            }
        }
    )*};
}

id_type! {
    /// A clinic.
    ClinicId;
    /// A person who signs in: patient, clinician or administrator. A patient's record shares
    /// the id of its user.
    UserId;
    /// An invitation to join a clinic.
    InvitationId;
    /// A personal access token.
    ApiTokenId;
    /// An entry of the audit log.
    AuditId;
    /// A generic record id for rows that need no type of their own.
    RecordId;
    /// A kind of appointment a clinic offers.
    AppointmentTypeId;
    /// A booked (or cancelled) appointment.
    AppointmentId;
    /// A series of appointments (weekly or fortnightly massage).
    SeriesId;
    /// A room or table.
    ResourceId;
    /// A date exception in a clinician's hours.
    ExceptionId;
    /// A patient's place on a clinic's waiting list.
    WaitingEntryId;
}
