//! Accounts: the ones the system needs before anyone can sign in, 备案
//! and its approval, their administration, and the portal sign-in.

pub mod admin;
pub mod manage;
pub mod portal;
pub mod registration;
pub mod throttle;

use crate::db::users::NewUser;
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use crate::password::hash_password;
use shared::authz::{GrantScope, Role, RoleGrant};

/// Create the first `sysadmin` on a database with no users.
pub fn bootstrap_admin(
    conn: &mut DbConn,
    username: &str,
    password: &str,
) -> Result<bool, ApiError> {
    if db::users::count(conn)? > 0 {
        return Ok(false);
    }
    let hash = hash_password(password)?;
    db::transaction(conn, |conn| {
        let id = db::users::insert(conn, &NewUser::new(username, "系统管理员", Some(&hash)))?;
        db::users::add_grant(
            conn,
            id,
            RoleGrant {
                role: Role::Sysadmin,
                scope: GrantScope::Global,
            },
        )?;
        db::audit::record(
            conn,
            Change {
                actor: None,
                entity: "user",
                entity_id: Some(id.0),
                action: "bootstrap_admin",
                before: None,
                after: Some(serde_json::json!({ "username": username, "role": "sysadmin" })),
            },
        )?;
        Ok(true)
    })
}
