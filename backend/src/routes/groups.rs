//! 学科群管理: which majors (and so which applicants) each discipline group
//! reviews, and who falls in none (the sysadmin and the degree office).

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::final_review;
use crate::state::AppState;
use actix_web::{get, put, web};
use shared::dto::final_review::{GroupsOverview, MajorAssignment};

/// Every group with its majors, its current batch's submitted applicants
/// and its secretariat; the majors and applicants that no group reviews.
#[utoipa::path(
    tag = "groups",
    responses(
        (status = 200, body = GroupsOverview),
        (status = 403, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/groups")]
pub async fn overview(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<GroupsOverview>, ApiError> {
    let o = state.read(&user, final_review::groups).await?;
    Ok(web::Json(o))
}

/// Put a major into a group (`group_id` null: into none). Refused
/// (`invalid_transition`) once 学科群分会评审 has begun.
#[utoipa::path(
    tag = "groups",
    request_body = MajorAssignment,
    responses(
        (status = 200, body = GroupsOverview),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, description = "invalid_transition", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed", body = shared::error::ApiErrorBody)
    )
)]
#[put("/v1/groups/majors")]
pub async fn assign_major(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<MajorAssignment>,
) -> Result<web::Json<GroupsOverview>, ApiError> {
    let a = body.into_inner();
    let o = state
        .write(&user, move |conn, actor| {
            final_review::assign_major(conn, actor, &a)
        })
        .await?;
    Ok(web::Json(o))
}
