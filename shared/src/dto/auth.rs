use crate::authz::{Actor, GrantScope, Permission, Role, RoleGrant};
use crate::ids::UserId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    /// Bearer access token (JWT).
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub me: Me,
}

/// A role grant with the name of what it is scoped to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantView {
    pub role: Role,
    pub scope: GrantScope,
    /// Name of the unit, group or student the grant is scoped to.
    pub scope_name: Option<String>,
}

/// The signed-in user: who, with which roles and scopes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub grants: Vec<GrantView>,
    /// Permissions held for at least one scope, for drawing the UI.
    pub permissions: Vec<Permission>,
    /// The one-time initial password is still to be changed: every other
    /// request answers `password_change_required` until it is.
    #[serde(default)]
    pub must_change_password: bool,
}

impl Me {
    /// The actor this user acts as, for the shared permission rules.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.user_id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            grants: self
                .grants
                .iter()
                .map(|g| RoleGrant {
                    role: g.role,
                    scope: g.scope,
                })
                .collect(),
        }
    }
}
