use crate::auth::AuthUser;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::{self, dossier};
use actix_web::{get, put, web, HttpResponse};
use futures_util::StreamExt;
use shared::dossier::PHOTO_MAX_BYTES;
use shared::dto::application::Dossier;
use shared::error::ErrorCode;
use shared::ids::ApplicationId;

/// A JPEG file, as the body of a request or answer (for the OpenAPI
/// document: binary, not JSON).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct JpegFile(pub Vec<u8>);

/// Where the photo upload starts from.
#[derive(Debug, Clone, serde::Deserialize, utoipa::IntoParams)]
pub struct PhotoQuery {
    /// The application's version the upload is based on.
    pub version: i32,
}

/// Upload (or replace) the degree photo (学位照片): the request body is the
/// JPEG file itself. It must pass `shared::dossier::check_photo` (JPEG,
/// size and pixel bounds, portrait), else 422 `validation_failed` with the
/// reason on field `photo`. Same rights and timing as editing the dossier;
/// the change goes into the field history.
#[utoipa::path(
    tag = "applications",
    params(("id" = i64, Path, description = "application id"), PhotoQuery),
    request_body(content = JpegFile, content_type = "image/jpeg", description = "the JPEG file"),
    responses(
        (status = 200, body = Dossier),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed (field `photo`)", body = shared::error::ApiErrorBody)
    )
)]
#[put("/v1/applications/{id}/photo")]
pub async fn upload_photo(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: web::Query<PhotoQuery>,
    mut payload: web::Payload,
) -> Result<web::Json<Dossier>, ApiError> {
    let id = ApplicationId(id.into_inner());
    let version = query.version;
    // Read at most one byte more than allowed: enough to say it is too big.
    let mut jpeg = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ApiError::new(ErrorCode::InvalidBody))?;
        jpeg.extend_from_slice(&chunk);
        if jpeg.len() > PHOTO_MAX_BYTES {
            break;
        }
    }
    let dossier = state
        .write(&user, move |conn, actor| {
            let app = workflow::find_visible(conn, actor, id)?;
            let edit = dossier::edit_role(actor, app.scope())?;
            dossier::save_photo(conn, actor, &app, edit, version, &jpeg)
        })
        .await?;
    Ok(web::Json(dossier))
}

/// The degree photo's JPEG bytes; 404 when none is uploaded.
#[utoipa::path(
    tag = "applications",
    params(("id" = i64, Path, description = "application id")),
    responses(
        (status = 200, content_type = "image/jpeg", body = JpegFile),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody)
    )
)]
#[get("/v1/applications/{id}/photo")]
pub async fn photo(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = ApplicationId(id.into_inner());
    let jpeg = state
        .read(&user, move |conn, actor| {
            let app = workflow::find_visible(conn, actor, id)?;
            db::photos::jpeg(conn, app.id)?.ok_or_else(ApiError::not_found)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("image/jpeg")
        .insert_header(("cache-control", "private, no-store"))
        .body(jpeg))
}
