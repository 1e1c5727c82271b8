//! The signed-in user's in-app messages.

use crate::auth::AuthUser;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use shared::dto::application::Message;

/// How many of the latest messages are shown.
const LATEST: i64 = 50;

/// The caller's latest messages (filing opened, dossier sent back …),
/// newest first. Every user sees their own messages only.
#[utoipa::path(tag = "messages", responses((status = 200, body = Vec<Message>)))]
#[get("/v1/me/messages")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Vec<Message>>, ApiError> {
    let list = state
        .read(&user, |conn, me| {
            Ok(db::messages::of_user(conn, me.user_id.0, LATEST)?)
        })
        .await?;
    Ok(web::Json(list))
}

/// Mark all of the caller's messages read.
#[utoipa::path(tag = "messages", responses((status = 204)))]
#[post("/v1/me/messages/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<HttpResponse, ApiError> {
    state
        .write(&user, |conn, me| {
            Ok(db::messages::mark_all_read(conn, me.user_id.0)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
