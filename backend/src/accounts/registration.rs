//! 备案 (SPEC §4): a unit's staff member registers without signing in,
//! asking for a right; the account exists from then on but cannot sign in
//! until the unit's system administrator approves (it then holds the role
//! for the unit) or rejects it with a reason the applicant reads at sign-in.

use crate::db::accounts::{self as store, NewRegistrationRow, RegistrationRow};
use crate::db::users::NewUser;
use crate::db::{self, audit::Change, now, DbConn};
use crate::error::ApiError;
use crate::password::hash_password;
use shared::authz::{check, Actor, GrantScope, Permission, Role, RoleGrant, Scope, REGISTRABLE};
use shared::dto::account::PublicUnit;
use shared::dto::account::{
    NewRegistration, Registration, RegistrationDecision, RegistrationQuery, RegistrationReceipt,
    RegistrationStatus,
};
use shared::error::{ErrorCode, FieldError};
use shared::ids::{UnitId, UserId};

/// The training units, for the registration form.
pub fn public_units(conn: &mut DbConn) -> Result<Vec<PublicUnit>, ApiError> {
    Ok(db::units::list(conn)?
        .into_iter()
        .map(|u| PublicUnit {
            id: u.id,
            code: u.code,
            name: u.name,
        })
        .collect())
}

fn within(field: &str, value: &str, max: usize, label: &str, out: &mut Vec<FieldError>) -> bool {
    let n = value.trim().chars().count();
    if n == 0 {
        out.push(FieldError::new(field, "required", format!("请填写{label}")));
        false
    } else if n > max {
        out.push(FieldError::new(
            field,
            "too_long",
            format!("{label}不能超过 {max} 个字符"),
        ));
        false
    } else {
        true
    }
}

/// Every problem of a registration form, by field.
fn problems(conn: &mut DbConn, r: &NewRegistration) -> Result<Vec<FieldError>, ApiError> {
    let mut out = Vec::new();
    within("name", &r.name, 40, "姓名", &mut out);
    if within("staff_no", &r.staff_no, 30, "工号", &mut out) {
        if !r
            .staff_no
            .trim()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            out.push(FieldError::new(
                "staff_no",
                "invalid",
                "工号只能包含字母、数字和“-”",
            ));
        } else if store::name_taken(conn, r.staff_no.trim())? {
            out.push(FieldError::new(
                "staff_no",
                "taken",
                "该工号已有账号或已备案",
            ));
        }
    }
    if within("phone", &r.phone, 20, "手机号码", &mut out) {
        let p = r.phone.trim();
        if !(p.len() == 11 && p.starts_with('1') && p.bytes().all(|b| b.is_ascii_digit())) {
            out.push(FieldError::new("phone", "invalid", "请填写 11 位手机号码"));
        }
    }
    if within("email", &r.email, 100, "电子邮箱", &mut out) {
        let e = r.email.trim();
        let ok = e.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty()
                && host.contains('.')
                && !host.starts_with('.')
                && !host.ends_with('.')
                && !e.contains(char::is_whitespace)
        });
        if !ok {
            out.push(FieldError::new("email", "invalid", "电子邮箱格式不正确"));
        }
    }
    let username = r.username.trim();
    let n = username.chars().count();
    // Starting with a letter, a user name never takes a 学号 (digits) an
    // account will be synced under.
    if !(3..=30).contains(&n)
        || !username.starts_with(|c: char| c.is_ascii_alphabetic())
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        out.push(FieldError::new(
            "username",
            "invalid",
            "用户名为 3 到 30 位字母、数字或“_ . -”，以字母开头",
        ));
    } else if store::name_taken(conn, username)? {
        out.push(FieldError::new("username", "taken", "该用户名已被使用"));
    }
    if let Err(w) = shared::domain::password::check(&r.password, username) {
        out.push(FieldError::new("password", "weak", w.message()));
    }
    if !REGISTRABLE.contains(&r.role) {
        out.push(FieldError::new(
            "role",
            "invalid",
            "备案只能申请“教育管理干部”权限",
        ));
    }
    if db::units::unit_name(conn, r.unit_id)?.is_none() {
        out.push(FieldError::new("unit_id", "invalid", "请选择培养单位"));
    }
    Ok(out)
}

/// Submissions, accepted or not, from one address in an hour: ten for
/// each registration it may make.
pub fn attempts_allowed(per_hour: i64) -> usize {
    usize::try_from(per_hour.max(1))
        .unwrap_or(usize::MAX / 10)
        .saturating_mul(10)
}

pub fn too_many() -> ApiError {
    ApiError::with_message(
        ErrorCode::TooManyAttempts,
        "同一地址提交的备案过多，请一小时后再试",
    )
}

/// 备案: at most `per_hour` from one client address in an hour
/// (`429 too_many_attempts`); every field checked (`422`, each named).
pub fn register(
    conn: &mut DbConn,
    r: &NewRegistration,
    address: &str,
    per_hour: i64,
) -> Result<RegistrationReceipt, ApiError> {
    let since = now() - chrono::Duration::hours(1);
    let problems = problems(conn, r)?;
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    if store::registrations_from(conn, address, since)? >= per_hour.max(1) {
        return Err(too_many());
    }
    let hash = hash_password(&r.password)?;
    let mut user = NewUser::new(r.username.trim(), r.name.trim(), Some(&hash));
    user.active = false;
    let id = db::users::insert(conn, &user)?;
    store::set_staff_no(conn, id, r.staff_no.trim())?;
    let reg = store::insert_registration(
        conn,
        &NewRegistrationRow {
            user_id: id.0,
            unit_id: r.unit_id.0,
            name: r.name.trim(),
            staff_no: r.staff_no.trim(),
            phone: r.phone.trim(),
            email: r.email.trim(),
            role: r.role.as_str(),
            status: RegistrationStatus::Pending.as_str(),
            address,
            created_at: now(),
        },
    )?;
    db::audit::record(
        conn,
        Change {
            actor: None,
            entity: "registration",
            entity_id: Some(reg),
            action: "register",
            before: None,
            after: Some(serde_json::json!({
                "username": r.username.trim(),
                "unit_id": r.unit_id.0,
                "role": r.role.as_str(),
            })),
        },
    )?;
    let sysadmins = db::users::holding_unit_role(conn, Role::UnitSysadmin, r.unit_id)?;
    db::messages::to_users(
        conn,
        &sysadmins,
        &format!(
            "{}（工号 {}）提交了备案，申请“{}”权限，请在“账号管理”中审核。",
            r.name.trim(),
            r.staff_no.trim(),
            r.role.label()
        ),
    )?;
    Ok(RegistrationReceipt {
        id: reg,
        status: RegistrationStatus::Pending,
        message: "备案已提交，请等待本单位系统管理员审核；审核通过后即可用此用户名和密码登录。"
            .to_owned(),
    })
}

/// Why an inactive account may not sign in: its registration is pending
/// or was rejected (with the reason), or it was disabled.
pub fn why_inactive(conn: &mut DbConn, id: UserId) -> Result<ApiError, ApiError> {
    Ok(match store::registration_of(conn, id)? {
        Some(r) if r.status == RegistrationStatus::Pending.as_str() => {
            ApiError::new(ErrorCode::RegistrationPending)
        }
        Some(r) if r.status == RegistrationStatus::Rejected.as_str() => ApiError::with_message(
            ErrorCode::RegistrationRejected,
            format!(
                "备案未获批准：{}",
                r.reason.unwrap_or_else(|| "未说明原因".to_owned())
            ),
        ),
        _ => ApiError::new(ErrorCode::AccountDisabled),
    })
}

fn view(r: RegistrationRow, unit_name: String) -> Result<Registration, ApiError> {
    Ok(Registration {
        id: r.id,
        user_id: UserId(r.user_id),
        unit_id: UnitId(r.unit_id),
        unit_name,
        name: r.name,
        staff_no: r.staff_no,
        phone: r.phone,
        email: r.email,
        username: String::new(),
        role: Role::parse(&r.role).ok_or_else(|| ApiError::internal("unknown role"))?,
        status: RegistrationStatus::parse(&r.status)
            .ok_or_else(|| ApiError::internal("unknown registration status"))?,
        reason: r.reason,
        created_at: r.created_at.and_utc(),
        decided_at: r.decided_at.map(|t| t.and_utc()),
        decided_by: r.decided_by_name,
    })
}

fn with_username(conn: &mut DbConn, mut r: Registration) -> Result<Registration, ApiError> {
    r.username = store::account(conn, r.user_id)?
        .map(|a| a.username)
        .unwrap_or_default();
    Ok(r)
}

/// A unit's registrations (its system administrator), newest first.
pub fn list(
    conn: &mut DbConn,
    actor: &Actor,
    unit: UnitId,
    q: &RegistrationQuery,
) -> Result<Vec<Registration>, ApiError> {
    check(actor, Permission::ManageUnitAccounts, Scope::Unit(unit))?;
    let mut out = Vec::new();
    for (r, name) in store::registrations_of_unit(conn, unit, q.status)? {
        let v = view(r, name)?;
        out.push(with_username(conn, v)?);
    }
    Ok(out)
}

/// Approve (the account is enabled with the role asked for, for the unit)
/// or reject (a reason is required) a pending registration.
pub fn decide(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
    d: &RegistrationDecision,
) -> Result<Registration, ApiError> {
    let (r, _) = store::registration(conn, id)?.ok_or_else(ApiError::not_found)?;
    let unit = UnitId(r.unit_id);
    check(actor, Permission::ManageUnitAccounts, Scope::Unit(unit))?;
    if r.status != RegistrationStatus::Pending.as_str() {
        return Err(ApiError::with_message(
            ErrorCode::InvalidTransition,
            "该备案已审核",
        ));
    }
    let reason = d.reason.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if !d.approve && reason.is_none() {
        return Err(ApiError::validation(vec![FieldError::new(
            "reason",
            "required",
            "不批准时须填写原因",
        )]));
    }
    if reason.is_some_and(|s| s.chars().count() > 500) {
        return Err(ApiError::validation(vec![FieldError::new(
            "reason",
            "too_long",
            "原因不能超过 500 个字符",
        )]));
    }
    let status = if d.approve {
        RegistrationStatus::Approved
    } else {
        RegistrationStatus::Rejected
    };
    if !store::decide_registration(conn, id, status, reason, &actor.display_name)? {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    let user = UserId(r.user_id);
    if d.approve {
        let role = Role::parse(&r.role).ok_or_else(|| ApiError::internal("unknown role"))?;
        let grant = RoleGrant {
            role,
            scope: GrantScope::Unit(unit),
        };
        if !db::users::grants(conn, user)?.contains(&grant) {
            db::users::add_grant(conn, user, grant)?;
        }
        db::users::set_active(conn, user, true)?;
    }
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "registration",
            entity_id: Some(id),
            action: if d.approve {
                "approve_registration"
            } else {
                "reject_registration"
            },
            before: Some(serde_json::json!({ "status": r.status })),
            after: Some(serde_json::json!({ "status": status.as_str(), "reason": reason })),
        },
    )?;
    let (r, name) = store::registration(conn, id)?.ok_or_else(ApiError::not_found)?;
    let v = view(r, name)?;
    with_username(conn, v)
}
