//! 用户权限管理: 备案 without login and its approval by the unit's system
//! administrator; the accounts of a unit and of the university.

use crate::accounts::{manage, registration};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use shared::dto::account::{
    Account, AccountQuery, ActiveInput, Grants, NewRegistration, OneTimePassword, PublicUnit,
    Registration, RegistrationDecision, RegistrationQuery, RegistrationReceipt, UnitRoles,
};
use shared::dto::Page;
use shared::ids::{UnitId, UserId};

/// The training units, for the registration form (no login).
#[utoipa::path(
    tag = "accounts",
    security(()),
    responses((status = 200, body = Vec<PublicUnit>))
)]
#[get("/v1/public/units")]
pub async fn public_units(
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<PublicUnit>>, ApiError> {
    let units = state.db(registration::public_units).await?;
    Ok(web::Json(units))
}

/// 备案 (no login): a unit's staff member registers and asks for the
/// 教育管理干部 right. The account cannot sign in until the unit's system
/// administrator approves it. At most a few per client address an hour.
#[utoipa::path(
    tag = "accounts",
    security(()),
    request_body = NewRegistration,
    responses(
        (status = 201, body = RegistrationReceipt),
        (status = 409, description = "conflict: the user name or staff number was taken meanwhile", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed: each field named", body = shared::error::ApiErrorBody),
        (status = 429, description = "too_many_attempts: too many from this address", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/registrations")]
pub async fn register(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<NewRegistration>,
) -> Result<HttpResponse, ApiError> {
    let r = body.into_inner();
    let address = req
        .peer_addr()
        .map(|a| crate::accounts::throttle::bucket(a.ip()))
        .unwrap_or_default();
    let per_hour = state.config.registrations_per_hour;
    if !state.registration_attempts.admit(
        &address,
        registration::attempts_allowed(per_hour),
        std::time::Instant::now(),
    ) {
        return Err(registration::too_many());
    }
    let receipt = state
        .tx(move |conn| registration::register(conn, &r, &address, per_hour))
        .await?;
    Ok(HttpResponse::Created().json(receipt))
}

/// A unit's registrations, newest first (its system administrator).
#[utoipa::path(
    tag = "accounts",
    params(("id" = i64, Path, description = "unit id"), RegistrationQuery),
    responses(
        (status = 200, body = Vec<Registration>),
        (status = 403, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/units/{id}/registrations")]
pub async fn registrations(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: web::Query<RegistrationQuery>,
) -> Result<web::Json<Vec<Registration>>, ApiError> {
    let unit = UnitId(id.into_inner());
    let q = query.into_inner();
    let list = state
        .read(&user, move |conn, actor| {
            registration::list(conn, actor, unit, &q)
        })
        .await?;
    Ok(web::Json(list))
}

/// Approve a registration (the account is enabled with 教育管理干部 for the
/// unit) or reject it with a reason.
#[utoipa::path(
    tag = "accounts",
    params(("id" = i64, Path, description = "registration id")),
    request_body = RegistrationDecision,
    responses(
        (status = 200, body = Registration),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, description = "invalid_transition: already decided", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed: a rejection needs its reason", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/registrations/{id}/decision")]
pub async fn decide(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<RegistrationDecision>,
) -> Result<web::Json<Registration>, ApiError> {
    let id = id.into_inner();
    let d = body.into_inner();
    let r = state
        .write(&user, move |conn, actor| {
            registration::decide(conn, actor, id, &d)
        })
        .await?;
    Ok(web::Json(r))
}

/// 账号管理: a unit's staff accounts (`kind=staff`, default) or its
/// students' (`kind=student`), searched and paged.
#[utoipa::path(
    tag = "accounts",
    params(("id" = i64, Path, description = "unit id"), AccountQuery),
    responses(
        (status = 200, body = Page<Account>),
        (status = 403, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/units/{id}/accounts")]
pub async fn unit_accounts(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: web::Query<AccountQuery>,
) -> Result<web::Json<Page<Account>>, ApiError> {
    let unit = UnitId(id.into_inner());
    let q = query.into_inner();
    let page = state
        .read(&user, move |conn, actor| {
            manage::unit_accounts(conn, actor, unit, &q)
        })
        .await?;
    Ok(web::Json(page))
}

/// An account's roles within the unit (教育管理干部, 学位初审委员): those
/// listed, no others of the unit's.
#[utoipa::path(
    tag = "accounts",
    params(("unit" = i64, Path, description = "unit id"), ("id" = i64, Path, description = "user id")),
    request_body = UnitRoles,
    responses(
        (status = 200, body = Account),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version: the account changed meanwhile; invalid_transition: its 备案 is not approved", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed: a role the unit does not give, or none left", body = shared::error::ApiErrorBody)
    )
)]
#[put("/v1/units/{unit}/accounts/{id}/roles")]
pub async fn set_unit_roles(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
    body: web::Json<UnitRoles>,
) -> Result<web::Json<Account>, ApiError> {
    let (unit, id) = path.into_inner();
    let roles = body.into_inner();
    let a = state
        .write(&user, move |conn, actor| {
            manage::set_unit_roles(conn, actor, UnitId(unit), UserId(id), &roles)
        })
        .await?;
    Ok(web::Json(a))
}

/// 用户管理: every account, searched by name and role (the system
/// administrator).
#[utoipa::path(
    tag = "accounts",
    params(AccountQuery),
    responses(
        (status = 200, body = Page<Account>),
        (status = 403, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/users")]
pub async fn users(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<AccountQuery>,
) -> Result<web::Json<Page<Account>>, ApiError> {
    let q = query.into_inner();
    let page = state
        .read(&user, move |conn, actor| manage::users(conn, actor, &q))
        .await?;
    Ok(web::Json(page))
}

/// 停用 / 启用 an account (its unit's system administrator, or the system
/// administrator; never one's own). Disabling ends its open sessions.
#[utoipa::path(
    tag = "accounts",
    params(("id" = i64, Path, description = "user id")),
    request_body = ActiveInput,
    responses(
        (status = 200, body = Account),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, description = "invalid_transition: enabling an account whose 备案 is not approved", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/users/{id}/active")]
pub async fn set_active(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<ActiveInput>,
) -> Result<web::Json<Account>, ApiError> {
    let id = UserId(id.into_inner());
    let active = body.active;
    let a = state
        .write(&user, move |conn, actor| {
            manage::set_active(conn, actor, id, active)
        })
        .await?;
    Ok(web::Json(a))
}

/// 重置密码: a one-time password, shown once; the account changes it at
/// its next sign-in, and its open sessions end.
#[utoipa::path(
    tag = "accounts",
    params(("id" = i64, Path, description = "user id")),
    responses(
        (status = 200, body = OneTimePassword),
        (status = 403, body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/users/{id}/password-reset")]
pub async fn reset_password(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<OneTimePassword>, ApiError> {
    let id = UserId(id.into_inner());
    let p = state
        .write(&user, move |conn, actor| {
            manage::reset_password(conn, actor, id)
        })
        .await?;
    Ok(web::Json(p))
}

/// Every grant of an account, replaced (the system administrator).
#[utoipa::path(
    tag = "accounts",
    params(("id" = i64, Path, description = "user id")),
    request_body = Grants,
    responses(
        (status = 200, body = Account),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version: the account changed meanwhile", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed: a grant's scope", body = shared::error::ApiErrorBody)
    )
)]
#[put("/v1/users/{id}/grants")]
pub async fn set_grants(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<Grants>,
) -> Result<web::Json<Account>, ApiError> {
    let id = UserId(id.into_inner());
    let grants = body.into_inner();
    let a = state
        .write(&user, move |conn, actor| {
            manage::set_grants(conn, actor, id, &grants)
        })
        .await?;
    Ok(web::Json(a))
}
