use crate::ids::UnitId;
use serde::{Deserialize, Serialize};

/// A training unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unit {
    pub id: UnitId,
    pub code: String,
    pub name: String,
}
