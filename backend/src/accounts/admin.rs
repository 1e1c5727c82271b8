//! Administration (the system administrator): the training units (code,
//! name, the head the national report names), the discipline groups, and a
//! read-only view of the settings and of the sync schedule. Nothing that
//! records reference is deleted: a unit or group is renamed, never removed.

use crate::config::Config;
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use chrono::Utc;
use shared::authz::{check, Actor, Permission, Scope};
use shared::dto::account::{GroupDetail, GroupInput, SystemSettings, UnitDetail, UnitInput};
use shared::error::{ErrorCode, FieldError};
use shared::ids::{GroupId, UnitId};

fn unit_problems(u: &UnitInput) -> Vec<FieldError> {
    let mut out = Vec::new();
    if !(u.code.len() == 5 && u.code.bytes().all(|b| b.is_ascii_digit())) {
        out.push(FieldError::new(
            "code",
            "invalid",
            "培养单位代码为 5 位数字",
        ));
    }
    for (field, value, max, label) in [
        ("name", &u.name, 60, "单位名称"),
        ("head_name", &u.head_name, 40, "单位负责人"),
    ] {
        let n = value.trim().chars().count();
        if n == 0 || n > max {
            out.push(FieldError::new(
                field,
                "invalid",
                format!("{label}须为 1 到 {max} 个字符"),
            ));
        }
    }
    out
}

fn group_problems(g: &GroupInput) -> Vec<FieldError> {
    let mut out = Vec::new();
    let code = g.code.trim();
    if code.is_empty()
        || code.chars().count() > 10
        || !code.chars().all(|c| c.is_ascii_alphanumeric())
    {
        out.push(FieldError::new(
            "code",
            "invalid",
            "学科群代码为 1 到 10 位字母或数字",
        ));
    }
    let n = g.name.trim().chars().count();
    if n == 0 || n > 60 {
        out.push(FieldError::new(
            "name",
            "invalid",
            "学科群名称须为 1 到 60 个字符",
        ));
    }
    out
}

/// The version a change names (required to change, not to add).
fn edited_version(version: Option<i32>) -> Result<i32, ApiError> {
    version.ok_or_else(|| {
        ApiError::validation(vec![FieldError::new(
            "version",
            "required",
            "修改时须给出所改记录的版本",
        )])
    })
}

/// A unique value taken: the field named, `409 conflict`.
fn taken(field: &str, message: &str) -> ApiError {
    let mut e = ApiError::with_message(ErrorCode::Conflict, message);
    e.body.fields = vec![FieldError::new(field, "taken", message)];
    e
}

pub fn units(conn: &mut DbConn, actor: &Actor) -> Result<Vec<UnitDetail>, ApiError> {
    check(actor, Permission::ManageUnits, Scope::Global)?;
    Ok(db::units::details(conn)?)
}

/// Add a unit, or change one (`id`); the code is unique.
pub fn save_unit(
    conn: &mut DbConn,
    actor: &Actor,
    id: Option<UnitId>,
    u: &UnitInput,
) -> Result<UnitDetail, ApiError> {
    check(actor, Permission::ManageUnits, Scope::Global)?;
    let problems = unit_problems(u);
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    let before = db::units::details(conn)?;
    if before.iter().any(|x| x.code == u.code && Some(x.id) != id) {
        return Err(taken("code", "该培养单位代码已存在"));
    }
    let (name, head) = (u.name.trim(), u.head_name.trim());
    let saved = match id {
        Some(id) => {
            let version = edited_version(u.version)?;
            if !before.iter().any(|x| x.id == id) {
                return Err(ApiError::not_found());
            }
            if !db::units::update_unit(conn, id, version, &u.code, name, head)? {
                return Err(ApiError::new(ErrorCode::StaleVersion));
            }
            id
        }
        None => db::units::insert_unit(conn, &u.code, name, head)?,
    };
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "unit",
            entity_id: Some(saved.0),
            action: if id.is_some() {
                "update_unit"
            } else {
                "create_unit"
            },
            before: before.iter().find(|x| Some(x.id) == id).map(
                |x| serde_json::json!({ "code": x.code, "name": x.name, "head_name": x.head_name }),
            ),
            after: Some(serde_json::json!({ "code": u.code, "name": name, "head_name": head })),
        },
    )?;
    db::units::details(conn)?
        .into_iter()
        .find(|x| x.id == saved)
        .ok_or_else(ApiError::not_found)
}

pub fn groups(conn: &mut DbConn, actor: &Actor) -> Result<Vec<GroupDetail>, ApiError> {
    check(actor, Permission::ManageUnits, Scope::Global)?;
    Ok(db::units::group_details(conn)?)
}

/// Add a discipline group, or change one (`id`); the code is unique.
pub fn save_group(
    conn: &mut DbConn,
    actor: &Actor,
    id: Option<GroupId>,
    g: &GroupInput,
) -> Result<GroupDetail, ApiError> {
    check(actor, Permission::ManageUnits, Scope::Global)?;
    let problems = group_problems(g);
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    let before = db::units::group_details(conn)?;
    let (code, name) = (g.code.trim(), g.name.trim());
    if before.iter().any(|x| x.code == code && Some(x.id) != id) {
        return Err(taken("code", "该学科群代码已存在"));
    }
    let saved = match id {
        Some(id) => {
            let version = edited_version(g.version)?;
            if !before.iter().any(|x| x.id == id) {
                return Err(ApiError::not_found());
            }
            if !db::units::update_group(conn, id, version, code, name)? {
                return Err(ApiError::new(ErrorCode::StaleVersion));
            }
            id
        }
        None => db::units::insert_group(conn, code, name)?,
    };
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "group",
            entity_id: Some(saved.0),
            action: if id.is_some() {
                "update_group"
            } else {
                "create_group"
            },
            before: before
                .iter()
                .find(|x| Some(x.id) == id)
                .map(|x| serde_json::json!({ "code": x.code, "name": x.name })),
            after: Some(serde_json::json!({ "code": code, "name": name })),
        },
    )?;
    db::units::group_details(conn)?
        .into_iter()
        .find(|x| x.id == saved)
        .ok_or_else(ApiError::not_found)
}

/// 系统设置: the configured upstream and portal, the sync schedule with its
/// last and next runs, and the sign-in limits.
pub fn settings(
    conn: &mut DbConn,
    actor: &Actor,
    config: &Config,
) -> Result<SystemSettings, ApiError> {
    check(actor, Permission::ManageUsers, Scope::Global)?;
    let times = crate::sync::scheduler::parse_times(&config.sync_times).unwrap_or_default();
    Ok(SystemSettings {
        upstream_url: config.upstream_url.clone(),
        upstream_timeout_ms: config.upstream_timeout_ms,
        upstream_retries: config.upstream_retries,
        sync_times: times
            .iter()
            .map(|t| t.format("%H:%M").to_string())
            .collect(),
        last_sync_at: db::sync_runs::last_started(conn)?.map(|t| t.and_utc()),
        // The schedule runs only when the campus systems are configured.
        next_sync_at: config
            .upstream_url
            .as_ref()
            .and_then(|_| crate::sync::scheduler::next_slot(Utc::now(), &times)),
        portal_url: config.portal_url.clone(),
        token_minutes: config.token_minutes,
        max_failed_logins: config.max_failed_logins,
        lockout_minutes: config.lockout_minutes,
    })
}
