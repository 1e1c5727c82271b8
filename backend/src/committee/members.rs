//! 学位初审委员会's members: add, edit, remove (one 主席), and their portal
//! logins: granted with a one-time password, withdrawn at once.

use super::{check_change, check_manager, find_member, lock_owner, revoke_login, stale, Seat};
use crate::db::committees::{self as store, CommitteeId, Owner};
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use crate::password::{hash_password, one_time_password};
use shared::authz::{Actor, GrantScope, RoleGrant};
use shared::dto::committee::{Member, MemberInput, PortalGrant};
use shared::error::{ErrorCode, FieldError};

fn validate_member(m: &MemberInput) -> Result<(), ApiError> {
    let mut problems = Vec::new();
    let mut need = |field: &str, value: &str, max: usize, label: &str| {
        // The length as sent (what the API document bounds), then blank.
        if value.trim().is_empty() {
            problems.push(FieldError::new(field, "required", format!("请填写{label}")));
        } else if value.chars().count() > max {
            problems.push(FieldError::new(
                field,
                "too_long",
                format!("{label}最多 {max} 个字"),
            ));
        }
    };
    need("name", &m.name, 50, "姓名");
    need("title", &m.title, 50, "职称");
    need("affiliation", &m.affiliation, 100, "工作单位");
    for (field, value, max, label) in [
        ("staff_no", &m.staff_no, 30, "工号"),
        ("contact", &m.contact, 100, "联系方式"),
    ] {
        if value
            .as_deref()
            .is_some_and(|v| v.trim().chars().count() > max)
        {
            problems.push(FieldError::new(
                field,
                "too_long",
                format!("{label}最多 {max} 个字"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(problems))
    }
}

/// Add a member; a second 主席 is refused.
pub fn add_member(
    conn: &mut DbConn,
    actor: &Actor,
    seat: Seat,
    m: &MemberInput,
) -> Result<Member, ApiError> {
    check_change(conn, actor, seat)?;
    validate_member(m)?;
    let committee = store::find_or_create(conn, seat.kind, seat.owner)?;
    if m.position == shared::workflow::committee::Position::Chair
        && store::other_chair(conn, committee, None)?
    {
        return Err(ApiError::new(ErrorCode::ChairAlreadySet));
    }
    let id = store::insert_member(conn, committee, m)?;
    let member = reloaded(conn, actor, (committee, id), "add_committee_member", None)?;
    Ok(member)
}

/// Change a member as of `version`.
pub fn edit_member(
    conn: &mut DbConn,
    actor: &Actor,
    seat: Seat,
    id: i64,
    m: &MemberInput,
) -> Result<Member, ApiError> {
    check_change(conn, actor, seat)?;
    validate_member(m)?;
    let (committee, before) = find_member(conn, seat, id)?;
    let version = m.version.ok_or_else(|| {
        ApiError::validation(vec![FieldError::new("version", "required", "缺少版本号")])
    })?;
    if m.position == shared::workflow::committee::Position::Chair
        && store::other_chair(conn, committee, Some(id))?
    {
        return Err(ApiError::new(ErrorCode::ChairAlreadySet));
    }
    if !store::update_member(conn, id, version, m)? {
        return Err(stale());
    }
    let after = reloaded(
        conn,
        actor,
        (committee, id),
        "edit_committee_member",
        Some(&before.member),
    )?;
    Ok(after)
}

/// Remove a member: their login is disabled at once; their opinions no
/// longer count.
pub fn remove_member(
    conn: &mut DbConn,
    actor: &Actor,
    seat: Seat,
    id: i64,
    version: i32,
) -> Result<(), ApiError> {
    check_change(conn, actor, seat)?;
    let (_, before) = find_member(conn, seat, id)?;
    if !store::remove_member(conn, id, version)? {
        return Err(stale());
    }
    if let Some(user) = before.user_id {
        revoke_login(conn, seat, user)?;
    }
    audit_member(
        conn,
        actor,
        id,
        "remove_committee_member",
        Some(&before.member),
        None,
    )
}

/// 授予信息门户权限: create the member's login (or re-enable it) holding the
/// committee's member role in its scope, with a one-time password shown once.
pub fn grant_portal(
    conn: &mut DbConn,
    actor: &Actor,
    seat: Seat,
    id: i64,
    version: i32,
) -> Result<PortalGrant, ApiError> {
    check_change(conn, actor, seat)?;
    let role = seat.kind.member_role().ok_or_else(|| {
        ApiError::with_message(
            ErrorCode::InvalidTransition,
            "该委员会的委员不使用信息门户登录",
        )
    })?;
    let (committee, before) = find_member(conn, seat, id)?;
    let grant_scope = match seat.owner {
        Owner::Unit(u) => GrantScope::Unit(u),
        Owner::Group(g) => GrantScope::Group(g),
        Owner::University => GrantScope::Global,
    };
    let password = one_time_password();
    let hash = hash_password(&password)?;
    let user = match before.user_id {
        Some(user) => {
            db::users::set_active(conn, user, true)?;
            db::users::set_password(conn, user, &hash, true)?;
            if !store::touch_member(conn, id, version)? {
                return Err(stale());
            }
            user
        }
        None => {
            let code = match seat.owner {
                Owner::Unit(u) => db::units::code_of(conn, u)?.unwrap_or_default(),
                Owner::Group(g) => format!("g{}", g.0),
                Owner::University => "ucas".to_owned(),
            };
            let username = format!("{}_{}_{}", seat.kind.as_str(), code.to_lowercase(), id);
            if db::users::find_by_username(conn, &username)?.is_some() {
                return Err(ApiError::with_message(
                    ErrorCode::Conflict,
                    "登录名已被占用",
                ));
            }
            let user = db::users::insert(
                conn,
                &db::users::NewUser::new(&username, before.member.name.trim(), Some(&hash)),
            )?;
            db::users::set_password(conn, user, &hash, true)?;
            if !store::set_member_user(conn, id, version, user)? {
                return Err(stale());
            }
            user
        }
    };
    let grant = RoleGrant {
        role,
        scope: grant_scope,
    };
    let holds = match grant_scope {
        GrantScope::Unit(u) => db::users::has_unit_grant(conn, user, role, u)?,
        _ => db::users::grants(conn, user)?.contains(&grant),
    };
    if !holds {
        db::users::add_grant(conn, user, grant)?;
    }
    let member = reloaded(
        conn,
        actor,
        (committee, id),
        "grant_portal_rights",
        Some(&before.member),
    )?;
    Ok(PortalGrant {
        username: member.username.clone().unwrap_or_default(),
        initial_password: password,
        member,
    })
}

/// Withdraw the member's portal rights: the login is disabled at once.
pub fn withdraw_portal(
    conn: &mut DbConn,
    actor: &Actor,
    seat: Seat,
    id: i64,
    version: i32,
) -> Result<Member, ApiError> {
    // Access control, not a record of the batch: possible after 数据上报 too.
    check_manager(actor, seat)?;
    lock_owner(conn, seat)?;
    let (committee, before) = find_member(conn, seat, id)?;
    let Some(user) = before.user_id.filter(|_| before.member.portal_enabled) else {
        return Err(ApiError::with_message(
            ErrorCode::InvalidTransition,
            "该委员没有信息门户权限",
        ));
    };
    if !store::touch_member(conn, id, version)? {
        return Err(stale());
    }
    revoke_login(conn, seat, user)?;
    let member = reloaded(
        conn,
        actor,
        (committee, id),
        "withdraw_portal_rights",
        Some(&before.member),
    )?;
    Ok(member)
}

fn audit_member(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
    action: &str,
    before: Option<&Member>,
    after: Option<&Member>,
) -> Result<(), ApiError> {
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "committee_member",
            entity_id: Some(id),
            action,
            before: before.map(|m| serde_json::json!(m)),
            after: after.map(|m| serde_json::json!(m)),
        },
    )?;
    Ok(())
}

/// The member as stored after a change, with the change in the audit log.
fn reloaded(
    conn: &mut DbConn,
    actor: &Actor,
    (committee, id): (CommitteeId, i64),
    action: &str,
    before: Option<&Member>,
) -> Result<Member, ApiError> {
    let after = store::member(conn, committee, id)?
        .ok_or_else(ApiError::not_found)?
        .member;
    audit_member(conn, actor, id, action, before, Some(&after))?;
    Ok(after)
}
