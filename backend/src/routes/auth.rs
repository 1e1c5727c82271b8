use crate::auth::AuthUser;
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use crate::password::{hash_password, verify_password};
use crate::state::AppState;
use actix_web::{get, post, web};
use chrono::Duration;
use shared::authz::{Actor, GrantScope, Permission};
use shared::dto::auth::{GrantView, LoginRequest, LoginResponse, Me};
use shared::dto::committee::PasswordChange;
use shared::error::{ErrorCode, FieldError};
use shared::ids::UserId;

/// A hash checked when the user name is unknown, so the answer's timing
/// does not tell which names exist.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not-a-real-password").unwrap_or_default())
}

/// Sign in with user name and password.
///
/// After too many failures in a row the account is locked for a while
/// (`too_many_attempts`), even for the right password.
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body = LoginRequest,
    responses(
        (status = 200, body = LoginResponse),
        (status = 401, description = "invalid_credentials", body = shared::error::ApiErrorBody),
        (status = 403, description = "account_disabled", body = shared::error::ApiErrorBody),
        (status = 429, description = "too_many_attempts", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    body: web::Json<LoginRequest>,
) -> Result<web::Json<LoginResponse>, ApiError> {
    let req = body.into_inner();
    let max_failed = state.config.max_failed_logins.max(1);
    let lockout = Duration::minutes(state.config.lockout_minutes.max(1));
    // The outcome is decided and recorded in one transaction; the error (if
    // any) is returned after the counters are committed.
    let outcome = state
        .tx(move |conn| {
            let Some(user) = db::users::find_by_username(conn, req.username.trim())? else {
                verify_password(&req.password, dummy_hash());
                return Ok(Err(ApiError::new(ErrorCode::InvalidCredentials)));
            };
            let id = UserId(user.id);
            let now = db::now();
            if user.locked_until.is_some_and(|t| t > now) {
                return Ok(Err(ApiError::new(ErrorCode::TooManyAttempts)));
            }
            let ok = user
                .password_hash
                .as_deref()
                .is_some_and(|h| verify_password(&req.password, h));
            if !ok {
                let failed = user.failed_logins + 1;
                if failed >= max_failed {
                    db::users::record_failed_login(conn, id, 0, Some(now + lockout))?;
                    db::audit::record(
                        conn,
                        Change {
                            actor: None,
                            entity: "user",
                            entity_id: Some(user.id),
                            action: "account_locked",
                            before: None,
                            after: Some(
                                serde_json::json!({ "locked_minutes": lockout.num_minutes() }),
                            ),
                        },
                    )?;
                    return Ok(Err(ApiError::new(ErrorCode::TooManyAttempts)));
                }
                db::users::record_failed_login(conn, id, failed, None)?;
                return Ok(Err(ApiError::new(ErrorCode::InvalidCredentials)));
            }
            if !user.active {
                return Ok(Err(crate::accounts::registration::why_inactive(conn, id)?));
            }
            if user.failed_logins != 0 || user.locked_until.is_some() {
                db::users::reset_failed_logins(conn, id)?;
            }
            let (state, actor) = db::users::actor(conn, id)?.ok_or_else(ApiError::not_found)?;
            let signed_in = signed_in(conn, actor, state.must_change_password, "login")?;
            Ok(Ok((signed_in, user.token_version)))
        })
        .await?;
    let (me, version) = outcome?;
    session(&state, me, version)
}

/// Who signed in (`action`: how), in the audit log.
fn signed_in(
    conn: &mut DbConn,
    actor: Actor,
    must_change_password: bool,
    action: &'static str,
) -> Result<Me, ApiError> {
    let me = load_me(conn, actor, must_change_password)?;
    db::audit::record(
        conn,
        Change {
            actor: Some(&me.actor()),
            entity: "user",
            entity_id: Some(me.user_id.0),
            action,
            before: None,
            after: None,
        },
    )?;
    Ok(me)
}

/// A session for `me`: a token of the user's current token version.
fn session(state: &AppState, me: Me, version: i32) -> Result<web::Json<LoginResponse>, ApiError> {
    let (token, expires_at) = state.keys.issue(me.user_id, version)?;
    Ok(web::Json(LoginResponse {
        token,
        expires_at,
        me,
    }))
}

/// The signed-in user: roles, scopes and permissions.
#[utoipa::path(tag = "auth", responses((status = 200, body = Me)))]
#[get("/v1/me")]
pub async fn current_user(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Me>, ApiError> {
    let me = state
        .account(&user, |conn, actor, must_change| {
            load_me(conn, actor.clone(), must_change)
        })
        .await?;
    Ok(web::Json(me))
}

/// The longest password read (as the API document bounds it).
pub const MAX_PASSWORD_CHARS: usize = shared::domain::password::MAX_CHARS;

/// Change the signed-in user's password (the first sign-in of a committee
/// member's login must do this before anything else). The current password
/// is required; the new one follows `shared::domain::password` (8 to 128
/// characters, letters and digits, not the user name, not a common one)
/// and differs from the current one. Every other session of the user ends;
/// the answer is a fresh token for this one.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordChange,
    responses(
        (status = 200, body = LoginResponse),
        (status = 403, description = "account_disabled", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed: current_password wrong, new_password too weak", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<PasswordChange>,
) -> Result<web::Json<LoginResponse>, ApiError> {
    let req = body.into_inner();
    let (me, version) = state
        .account(&user, move |conn, actor, _| {
            let hash = db::users::password_hash(conn, actor.user_id)?;
            if req.current_password.chars().count() > MAX_PASSWORD_CHARS
                || !hash
                    .as_deref()
                    .is_some_and(|h| verify_password(&req.current_password, h))
            {
                return Err(ApiError::validation(vec![FieldError::new(
                    "current_password",
                    "wrong",
                    "当前密码不正确",
                )]));
            }
            let new = req.new_password.as_str();
            let weak = shared::domain::password::check(new, &actor.username)
                .err()
                .map(|w| w.message())
                .or_else(|| {
                    (new == req.current_password).then(|| "新密码不能与当前密码相同".to_owned())
                });
            if let Some(why) = weak {
                return Err(ApiError::validation(vec![FieldError::new(
                    "new_password",
                    "weak",
                    why,
                )]));
            }
            db::users::set_password(conn, actor.user_id, &hash_password(new)?, false)?;
            db::accounts::end_sessions(conn, actor.user_id)?;
            db::audit::record(
                conn,
                Change {
                    actor: Some(actor),
                    entity: "user",
                    entity_id: Some(actor.user_id.0),
                    action: "change_password",
                    before: None,
                    after: None,
                },
            )?;
            let version = db::accounts::token_version(conn, actor.user_id)?;
            Ok((load_me(conn, actor.clone(), false)?, version))
        })
        .await?;
    session(&state, me, version)
}

/// What the SPA and integrators know of the signed-in user: the actor's
/// grants with the names of their scopes.
fn load_me(conn: &mut DbConn, actor: Actor, must_change_password: bool) -> Result<Me, ApiError> {
    let mut grants = Vec::with_capacity(actor.grants.len());
    for g in &actor.grants {
        let scope_name = match g.scope {
            GrantScope::Global => None,
            GrantScope::Unit(u) => db::units::unit_name(conn, u)?,
            GrantScope::Group(gr) => db::units::group_name(conn, gr)?,
            GrantScope::Student(s) => db::users::student_name(conn, s.0)?,
        };
        grants.push(GrantView {
            role: g.role,
            scope: g.scope,
            scope_name,
        });
    }
    Ok(Me {
        permissions: permissions_of(&actor),
        user_id: actor.user_id,
        username: actor.username,
        display_name: actor.display_name,
        grants,
        must_change_password,
    })
}

fn permissions_of(actor: &Actor) -> Vec<Permission> {
    let mut perms: Vec<Permission> = Vec::new();
    for g in &actor.grants {
        for p in g.role.permissions() {
            if !perms.contains(p) {
                perms.push(*p);
            }
        }
    }
    perms
}

/// How one may sign in here: the portal's sign-in address when 统一身份认证
/// is configured (no login).
#[utoipa::path(
    tag = "auth",
    security(()),
    responses((status = 200, body = shared::dto::account::LoginMethods))
)]
#[get("/v1/auth/methods")]
pub async fn methods(state: web::Data<AppState>) -> web::Json<shared::dto::account::LoginMethods> {
    web::Json(shared::dto::account::LoginMethods {
        portal_login_url: state.portal.as_ref().map(|p| p.login_url()),
    })
}

/// 统一身份认证: sign in with the portal's service ticket (CAS 3.0). The
/// portal confirms the ticket once, for this server's service; the account
/// its user name (学号 or staff number) names is signed in. A portal user
/// with no account here is refused, never created.
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body = shared::dto::account::PortalLogin,
    responses(
        (status = 200, body = LoginResponse),
        (status = 401, description = "invalid_ticket: unknown, used, expired or for another service", body = shared::error::ApiErrorBody),
        (status = 403, description = "portal_account_missing, account_disabled, registration_pending", body = shared::error::ApiErrorBody),
        (status = 503, description = "portal_not_configured, or the portal unreachable", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/auth/portal")]
pub async fn portal_login(
    state: web::Data<AppState>,
    body: web::Json<shared::dto::account::PortalLogin>,
) -> Result<web::Json<LoginResponse>, ApiError> {
    use crate::accounts::portal::Validation;
    let portal = state
        .portal
        .as_ref()
        .ok_or_else(|| ApiError::new(ErrorCode::PortalNotConfigured))?;
    let name = match portal.validate(&body.ticket).await? {
        Validation::User(u) => u,
        Validation::Failure(code) => {
            return Err(ApiError::with_message(
                ErrorCode::InvalidTicket,
                format!("统一身份认证票据无效或已使用（{code}），请重新登录"),
            ))
        }
    };
    let outcome = state
        .tx(move |conn| {
            let id = match db::accounts::find_portal_users(conn, &name)?[..] {
                [id] => UserId(id),
                [] => {
                    return Ok(Err(ApiError::with_message(
                        ErrorCode::PortalAccountMissing,
                        format!(
                            "统一身份认证用户 {name} 在学位管理系统中没有账号，请联系本单位系统管理员"
                        ),
                    )))
                }
                _ => {
                    return Ok(Err(ApiError::with_message(
                        ErrorCode::PortalAccountMissing,
                        format!(
                            "统一身份认证用户 {name} 对应本系统的多个账号（用户名与工号重复），请联系系统管理员"
                        ),
                    )))
                }
            };
            let (account, actor) = db::users::actor(conn, id)?.ok_or_else(ApiError::not_found)?;
            if !account.active {
                return Ok(Err(crate::accounts::registration::why_inactive(conn, id)?));
            }
            let me = signed_in(conn, actor, account.must_change_password, "login_portal")?;
            Ok(Ok((me, account.token_version)))
        })
        .await?;
    let (me, version) = outcome?;
    session(&state, me, version)
}
