use crate::auth::AuthUser;
use crate::committee::{self, Seat};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{delete, get, post, put, web, HttpResponse};
use shared::dto::committee::{Committee, Member, MemberInput, MemberVersion, PortalGrant};
use shared::ids::UnitId;

/// The version of a member read, for a removal or a withdrawal.
#[derive(Debug, Clone, Copy, serde::Deserialize, utoipa::IntoParams)]
pub struct VersionQuery {
    /// The member's version as read.
    pub version: i32,
}

/// 学位初审委员会: the unit's committee and its members (the unit admin; the
/// degree office reads).
#[utoipa::path(
    tag = "committees",
    params(("id" = i64, Path, description = "unit id")),
    responses(
        (status = 200, body = Committee),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/units/{id}/committee")]
pub async fn get(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<Committee>, ApiError> {
    let seat = Seat::prelim(UnitId(id.into_inner()));
    let c = state
        .read(&user, move |conn, actor| committee::view(conn, actor, seat))
        .await?;
    Ok(web::Json(c))
}

/// Add a member. A second 主席 answers `chair_already_set`; after 数据上报
/// `invalid_transition`.
#[utoipa::path(
    tag = "committees",
    params(("id" = i64, Path, description = "unit id")),
    request_body = MemberInput,
    responses(
        (status = 200, body = Member),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "chair_already_set, invalid_transition", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/units/{id}/committee/members")]
pub async fn add_member(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<MemberInput>,
) -> Result<web::Json<Member>, ApiError> {
    let seat = Seat::prelim(UnitId(id.into_inner()));
    let m = body.into_inner();
    let member = state
        .write(&user, move |conn, actor| {
            committee::add_member(conn, actor, seat, &m)
        })
        .await?;
    Ok(web::Json(member))
}

/// Change a member, as of the `version` read.
#[utoipa::path(
    tag = "committees",
    params(("id" = i64, Path, description = "unit id"), ("member" = i64, Path, description = "member id")),
    request_body = MemberInput,
    responses(
        (status = 200, body = Member),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, chair_already_set, invalid_transition", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed", body = shared::error::ApiErrorBody)
    )
)]
#[put("/v1/units/{id}/committee/members/{member}")]
pub async fn edit_member(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
    body: web::Json<MemberInput>,
) -> Result<web::Json<Member>, ApiError> {
    let (unit, member) = path.into_inner();
    let seat = Seat::prelim(UnitId(unit));
    let m = body.into_inner();
    let member = state
        .write(&user, move |conn, actor| {
            committee::edit_member(conn, actor, seat, member, &m)
        })
        .await?;
    Ok(web::Json(member))
}

/// Remove a member: their portal login is disabled at once.
#[utoipa::path(
    tag = "committees",
    params(("id" = i64, Path, description = "unit id"), ("member" = i64, Path, description = "member id"), VersionQuery),
    responses(
        (status = 204, description = "removed"),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition", body = shared::error::ApiErrorBody)
    )
)]
#[delete("/v1/units/{id}/committee/members/{member}")]
pub async fn remove_member(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
    query: web::Query<VersionQuery>,
) -> Result<HttpResponse, ApiError> {
    let (unit, member) = path.into_inner();
    let seat = Seat::prelim(UnitId(unit));
    let version = query.version;
    state
        .write(&user, move |conn, actor| {
            committee::remove_member(conn, actor, seat, member, version)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// 授予信息门户权限: create or re-enable the member's login (role
/// `prelim_member` for this unit). The answer carries the user name and a
/// one-time initial password, shown this once; the member must change it
/// at the first sign-in.
#[utoipa::path(
    tag = "committees",
    params(("id" = i64, Path, description = "unit id"), ("member" = i64, Path, description = "member id")),
    request_body = MemberVersion,
    responses(
        (status = 200, body = PortalGrant),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition, conflict", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/units/{id}/committee/members/{member}/portal")]
pub async fn grant_portal(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
    body: web::Json<MemberVersion>,
) -> Result<web::Json<PortalGrant>, ApiError> {
    let (unit, member) = path.into_inner();
    let seat = Seat::prelim(UnitId(unit));
    let version = body.version;
    let grant = state
        .write(&user, move |conn, actor| {
            committee::grant_portal(conn, actor, seat, member, version)
        })
        .await?;
    Ok(web::Json(grant))
}

/// Withdraw the member's portal rights: the login is disabled at once.
#[utoipa::path(
    tag = "committees",
    params(("id" = i64, Path, description = "unit id"), ("member" = i64, Path, description = "member id"), VersionQuery),
    responses(
        (status = 200, body = Member),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition", body = shared::error::ApiErrorBody)
    )
)]
#[delete("/v1/units/{id}/committee/members/{member}/portal")]
pub async fn withdraw_portal(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
    query: web::Query<VersionQuery>,
) -> Result<web::Json<Member>, ApiError> {
    let (unit, member) = path.into_inner();
    let seat = Seat::prelim(UnitId(unit));
    let version = query.version;
    let m = state
        .write(&user, move |conn, actor| {
            committee::withdraw_portal(conn, actor, seat, member, version)
        })
        .await?;
    Ok(web::Json(m))
}
