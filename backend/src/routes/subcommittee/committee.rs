//! 学科群分会: the subcommittee of a discipline group and its members'
//! portal rights, by the committee machinery of `crate::committee`.

use crate::auth::AuthUser;
use crate::committee::{self, Seat};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{delete, get, post, put, web, HttpResponse};
use shared::dto::committee::{Committee, Member, MemberInput, MemberVersion, PortalGrant};
use shared::ids::GroupId;

use crate::routes::prelim::committee::VersionQuery;

/// 学科群分会: the group's subcommittee and its members (the group's
/// secretariat; the degree office reads).
#[utoipa::path(
    tag = "subcommittee",
    params(("id" = i64, Path, description = "group id")),
    responses(
        (status = 200, body = Committee),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/groups/{id}/committee")]
pub async fn get(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<Committee>, ApiError> {
    let seat = Seat::subcommittee(GroupId(id.into_inner()));
    let c = state
        .read(&user, move |conn, actor| committee::view(conn, actor, seat))
        .await?;
    Ok(web::Json(c))
}

/// Add a member. A second 主席 answers `chair_already_set`; once the batch
/// has left 学科群分会评审 `invalid_transition`.
#[utoipa::path(
    tag = "subcommittee",
    params(("id" = i64, Path, description = "group id")),
    request_body = MemberInput,
    responses(
        (status = 200, body = Member),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "chair_already_set, invalid_transition", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/groups/{id}/committee/members")]
pub async fn add_member(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<MemberInput>,
) -> Result<web::Json<Member>, ApiError> {
    let seat = Seat::subcommittee(GroupId(id.into_inner()));
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
    tag = "subcommittee",
    params(("id" = i64, Path, description = "group id"), ("member" = i64, Path, description = "member id")),
    request_body = MemberInput,
    responses(
        (status = 200, body = Member),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, chair_already_set, invalid_transition", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed", body = shared::error::ApiErrorBody)
    )
)]
#[put("/v1/groups/{id}/committee/members/{member}")]
pub async fn edit_member(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
    body: web::Json<MemberInput>,
) -> Result<web::Json<Member>, ApiError> {
    let (group, member) = path.into_inner();
    let seat = Seat::subcommittee(GroupId(group));
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
    tag = "subcommittee",
    params(("id" = i64, Path, description = "group id"), ("member" = i64, Path, description = "member id"), VersionQuery),
    responses(
        (status = 204, description = "removed"),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition", body = shared::error::ApiErrorBody)
    )
)]
#[delete("/v1/groups/{id}/committee/members/{member}")]
pub async fn remove_member(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
    query: web::Query<VersionQuery>,
) -> Result<HttpResponse, ApiError> {
    let (group, member) = path.into_inner();
    let seat = Seat::subcommittee(GroupId(group));
    let version = query.version;
    state
        .write(&user, move |conn, actor| {
            committee::remove_member(conn, actor, seat, member, version)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// 授予信息门户权限: create or re-enable the member's login (role
/// `sub_member` for this group). The answer carries the user name and a
/// one-time initial password, shown this once; the member must change it
/// at the first sign-in.
#[utoipa::path(
    tag = "subcommittee",
    params(("id" = i64, Path, description = "group id"), ("member" = i64, Path, description = "member id")),
    request_body = MemberVersion,
    responses(
        (status = 200, body = PortalGrant),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition, conflict", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/groups/{id}/committee/members/{member}/portal")]
pub async fn grant_portal(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
    body: web::Json<MemberVersion>,
) -> Result<web::Json<PortalGrant>, ApiError> {
    let (group, member) = path.into_inner();
    let seat = Seat::subcommittee(GroupId(group));
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
    tag = "subcommittee",
    params(("id" = i64, Path, description = "group id"), ("member" = i64, Path, description = "member id"), VersionQuery),
    responses(
        (status = 200, body = Member),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition", body = shared::error::ApiErrorBody)
    )
)]
#[delete("/v1/groups/{id}/committee/members/{member}/portal")]
pub async fn withdraw_portal(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
    query: web::Query<VersionQuery>,
) -> Result<web::Json<Member>, ApiError> {
    let (group, member) = path.into_inner();
    let seat = Seat::subcommittee(GroupId(group));
    let version = query.version;
    let m = state
        .write(&user, move |conn, actor| {
            committee::withdraw_portal(conn, actor, seat, member, version)
        })
        .await?;
    Ok(web::Json(m))
}
