use crate::ids::{AuditId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One append-only audit log entry: who, when, what, before, after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: AuditId,
    pub at: DateTime<Utc>,
    /// `None` for the system itself (sync, start-up).
    pub actor_id: Option<UserId>,
    pub actor_name: String,
    /// e.g. `batch`, `user`, `application`.
    pub entity: String,
    pub entity_id: Option<i64>,
    /// e.g. `create`, `advance_phase`, `login`.
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Filters for the audit log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct AuditQuery {
    /// Only entries about this kind of entity.
    pub entity: Option<String>,
    /// Only entries about this entity id.
    pub entity_id: Option<i64>,
    /// Page number, from 1.
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub page: Option<i64>,
    /// Rows per page, 1 to 200 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub per_page: Option<i64>,
}
