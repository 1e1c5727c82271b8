//! The accounts of a unit (its system administrator) and of the university
//! (the system administrator): list, disable and enable, reset a password,
//! and the roles within a unit or every grant. Who may touch which account
//! is `shared::authz::check_manage_account`'s rule. Disabling, a reset and
//! a change of roles end the account's open sessions at its next request;
//! a change of roles names the account's version (stale ones refused).

use crate::db::accounts::{self as store, AccountRow};
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use crate::password::{hash_password, one_time_password};
use shared::authz::{
    account_unit, check, check_manage_account, Actor, GrantScope, Permission, Role, RoleGrant,
    Scope, UNIT_GRANTABLE,
};
use shared::dto::account::{
    Account, AccountQuery, Grants, OneTimePassword, RegistrationStatus, UnitRoles,
};
use shared::dto::auth::GrantView;
use shared::dto::{Page, PageQuery};
use shared::error::{ErrorCode, FieldError};
use shared::ids::{UnitId, UserId};
use std::collections::HashMap;

/// Names of what grants are scoped to.
struct Names {
    units: HashMap<i64, String>,
    groups: HashMap<i64, String>,
}

impl Names {
    fn load(conn: &mut DbConn) -> Result<Names, ApiError> {
        Ok(Names {
            units: db::units::list(conn)?
                .into_iter()
                .map(|u| (u.id.0, u.name))
                .collect(),
            groups: db::groups::all(conn)?
                .into_iter()
                .map(|(id, _, name)| (id.0, name))
                .collect(),
        })
    }

    fn view(&self, row: AccountRow, grants: Vec<RoleGrant>) -> Account {
        let now = db::now();
        Account {
            user_id: UserId(row.id),
            grants: grants
                .into_iter()
                .map(|g| GrantView {
                    role: g.role,
                    scope: g.scope,
                    scope_name: match g.scope {
                        GrantScope::Global => None,
                        GrantScope::Unit(u) => self.units.get(&u.0).cloned(),
                        GrantScope::Group(gr) => self.groups.get(&gr.0).cloned(),
                        GrantScope::Student(_) => Some(row.display_name.clone()),
                    },
                })
                .collect(),
            username: row.username,
            display_name: row.display_name,
            staff_no: row.staff_no,
            active: row.active,
            must_change_password: row.must_change_password,
            locked: row.locked_until.is_some_and(|t| t > now),
            version: row.token_version,
        }
    }
}

fn page_of(
    conn: &mut DbConn,
    unit: Option<UnitId>,
    q: &AccountQuery,
) -> Result<Page<Account>, ApiError> {
    let (page, per_page) = PageQuery {
        page: q.page,
        per_page: q.per_page,
    }
    .resolved();
    let (rows, total) = store::accounts(conn, unit, q, page, per_page)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut grants = store::grants_of(conn, &ids)?;
    let names = Names::load(conn)?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|r| {
                let g = grants.remove(&r.id).unwrap_or_default();
                names.view(r, g)
            })
            .collect(),
        total,
        page,
        per_page,
    })
}

/// 账号管理: a unit's staff accounts or its students' (its system
/// administrator, or the system administrator).
pub fn unit_accounts(
    conn: &mut DbConn,
    actor: &Actor,
    unit: UnitId,
    q: &AccountQuery,
) -> Result<Page<Account>, ApiError> {
    check(actor, Permission::ManageUnitAccounts, Scope::Unit(unit))
        .or_else(|_| check(actor, Permission::ManageUsers, Scope::Global))?;
    page_of(conn, Some(unit), q)
}

/// 用户管理: every account, searched (the system administrator).
pub fn users(
    conn: &mut DbConn,
    actor: &Actor,
    q: &AccountQuery,
) -> Result<Page<Account>, ApiError> {
    check(actor, Permission::ManageUsers, Scope::Global)?;
    page_of(conn, None, q)
}

/// The account `id` as the actor may manage it: its row and grants
/// (`404` for no such account, `403` beyond the actor's reach), with
/// whether a 备案 of it still awaits (or failed) approval.
fn target(conn: &mut DbConn, actor: &Actor, id: UserId) -> Result<Target, ApiError> {
    let row = store::account(conn, id)?.ok_or_else(ApiError::not_found)?;
    let grants = db::users::grants(conn, id)?;
    let student = grants.iter().find_map(|g| match g.scope {
        GrantScope::Student(s) if g.role == Role::Student => Some(s),
        _ => None,
    });
    let student_unit = match student {
        Some(s) => store::student_unit(conn, s.0)?,
        None => None,
    };
    let registration = store::registration_of(conn, id)?;
    let registered = registration.as_ref().map(|r| UnitId(r.unit_id));
    check_manage_account(actor, id, account_unit(&grants, student_unit, registered))?;
    let unapproved =
        registration.is_some_and(|r| r.status != RegistrationStatus::Approved.as_str());
    Ok(Target {
        row,
        grants,
        unapproved,
    })
}

struct Target {
    row: AccountRow,
    grants: Vec<RoleGrant>,
    /// Its 备案 is pending or was rejected: only the decision on it
    /// enables the account or gives it a role.
    unapproved: bool,
}

impl Target {
    fn approved(&self) -> Result<(), ApiError> {
        if self.unapproved {
            return Err(ApiError::with_message(
                ErrorCode::InvalidTransition,
                "该账号的备案尚未批准，请先审核备案",
            ));
        }
        Ok(())
    }

    fn at(&self, version: i32) -> Result<(), ApiError> {
        if self.row.token_version != version {
            return Err(ApiError::new(ErrorCode::StaleVersion));
        }
        Ok(())
    }
}

fn fresh(conn: &mut DbConn, id: UserId) -> Result<Account, ApiError> {
    let row = store::account(conn, id)?.ok_or_else(ApiError::not_found)?;
    let grants = db::users::grants(conn, id)?;
    Ok(Names::load(conn)?.view(row, grants))
}

/// 停用 / 启用. Disabling ends the account's sessions at once.
pub fn set_active(
    conn: &mut DbConn,
    actor: &Actor,
    id: UserId,
    active: bool,
) -> Result<Account, ApiError> {
    let t = target(conn, actor, id)?;
    if active {
        t.approved()?;
    }
    let row = t.row;
    if row.active != active {
        db::users::set_active(conn, id, active)?;
        if !active {
            store::end_sessions(conn, id)?;
        }
        db::audit::record(
            conn,
            Change {
                actor: Some(actor),
                entity: "user",
                entity_id: Some(id.0),
                action: if active {
                    "enable_user"
                } else {
                    "disable_user"
                },
                before: Some(serde_json::json!({ "active": row.active })),
                after: Some(serde_json::json!({ "active": active })),
            },
        )?;
    }
    fresh(conn, id)
}

/// 重置密码: a one-time password, shown once; the account must change it
/// at its next sign-in, its lockout is lifted and its sessions end.
pub fn reset_password(
    conn: &mut DbConn,
    actor: &Actor,
    id: UserId,
) -> Result<OneTimePassword, ApiError> {
    let row = target(conn, actor, id)?.row;
    let password = one_time_password();
    db::users::set_password(conn, id, &hash_password(&password)?, true)?;
    store::end_sessions(conn, id)?;
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "user",
            entity_id: Some(id.0),
            action: "reset_password",
            before: None,
            after: None,
        },
    )?;
    Ok(OneTimePassword {
        user_id: id,
        username: row.username,
        password,
    })
}

/// The account's roles within `unit`: only those a unit gives, not to a
/// student's account, not to one whose 备案 awaits its decision, and
/// never none (an account is disabled, not left without a role). Its
/// sessions end: the user signs in again to their new roles.
pub fn set_unit_roles(
    conn: &mut DbConn,
    actor: &Actor,
    unit: UnitId,
    id: UserId,
    input: &UnitRoles,
) -> Result<Account, ApiError> {
    check(actor, Permission::ManageUnitAccounts, Scope::Unit(unit))
        .or_else(|_| check(actor, Permission::ManageUsers, Scope::Global))?;
    let t = target(conn, actor, id)?;
    t.approved()?;
    t.at(input.version)?;
    let before = t.grants;
    let roles = &input.roles;
    if db::units::unit_name(conn, unit)?.is_none() {
        return Err(ApiError::not_found());
    }
    let mut bad = Vec::new();
    if roles.iter().any(|r| !UNIT_GRANTABLE.contains(r)) {
        bad.push(FieldError::new(
            "roles",
            "invalid",
            "培养单位只能授予“教育管理干部”和“学位初审委员”",
        ));
    }
    if before.iter().any(|g| g.role == Role::Student) {
        bad.push(FieldError::new(
            "roles",
            "student",
            "学生账号不能授予培养单位的管理角色",
        ));
    }
    let elsewhere = before
        .iter()
        .any(|g| !(UNIT_GRANTABLE.contains(&g.role) && g.scope == GrantScope::Unit(unit)));
    if roles.is_empty() && !elsewhere {
        bad.push(FieldError::new(
            "roles",
            "required",
            "至少保留一个角色；不再使用的账号请停用",
        ));
    }
    if !bad.is_empty() {
        return Err(ApiError::validation(bad));
    }
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    store::set_unit_roles(conn, id, unit, &roles)?;
    store::end_sessions(conn, id)?;
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "user",
            entity_id: Some(id.0),
            action: "set_unit_roles",
            before: Some(serde_json::to_value(&before).map_err(ApiError::internal)?),
            after: Some(serde_json::json!({ "unit_id": unit.0, "roles": roles })),
        },
    )?;
    fresh(conn, id)
}

/// Every grant of an account (the system administrator): each well formed,
/// its unit, group or student existing. Its sessions end.
pub fn set_grants(
    conn: &mut DbConn,
    actor: &Actor,
    id: UserId,
    input: &Grants,
) -> Result<Account, ApiError> {
    check(actor, Permission::ManageUsers, Scope::Global)?;
    let t = target(conn, actor, id)?;
    t.at(input.version)?;
    let before = t.grants;
    let grants = &input.grants;
    let mut bad = Vec::new();
    for (i, g) in grants.iter().enumerate() {
        let exists = match g.scope {
            GrantScope::Global => true,
            GrantScope::Unit(u) => db::units::unit_name(conn, u)?.is_some(),
            GrantScope::Group(gr) => db::units::group_name(conn, gr)?.is_some(),
            GrantScope::Student(s) => db::users::student_name(conn, s.0)?.is_some(),
        };
        if !g.is_well_formed() || !exists {
            bad.push(FieldError::new(
                &format!("grants[{i}]"),
                "invalid",
                format!("“{}”的范围不正确", g.role.label()),
            ));
        }
    }
    if !bad.is_empty() {
        return Err(ApiError::validation(bad));
    }
    let mut unique: Vec<RoleGrant> = Vec::with_capacity(grants.len());
    for g in grants {
        if !unique.contains(g) {
            unique.push(*g);
        }
    }
    let grants = unique;
    store::set_grants(conn, id, &grants)?;
    store::end_sessions(conn, id)?;
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "user",
            entity_id: Some(id.0),
            action: "set_grants",
            before: Some(serde_json::to_value(&before).map_err(ApiError::internal)?),
            after: Some(serde_json::to_value(&grants).map_err(ApiError::internal)?),
        },
    )?;
    fresh(conn, id)
}
