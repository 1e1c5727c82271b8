//! Newtype ids, so a unit id is never passed where a user id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = i64))]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// A user account.
    UserId,
    /// A training unit (培养单位).
    UnitId,
    /// A discipline group (学科群).
    GroupId,
    /// A student (master data).
    StudentId,
    /// A review batch (评审批次).
    BatchId,
    /// A degree application (one student in one batch).
    ApplicationId,
    /// An audit log entry.
    AuditId,
);
