use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use shared::dto::health::Health;

/// Liveness: the process answers.
#[utoipa::path(tag = "health", security(()), responses((status = 200, body = Health)))]
#[get("/health")]
pub async fn health() -> web::Json<Health> {
    web::Json(Health {
        status: "ok".to_owned(),
        database: None,
    })
}

/// Readiness: the database is reachable.
#[utoipa::path(
    tag = "health",
    security(()),
    responses(
        (status = 200, body = Health),
        (status = 503, description = "数据库不可用", body = shared::error::ApiErrorBody)
    )
)]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<web::Json<Health>, ApiError> {
    state
        .db(|conn| {
            db::ping(conn).map_err(|e| {
                tracing::error!(cause = %e, "readiness check");
                ApiError::new(shared::error::ErrorCode::Unavailable)
            })
        })
        .await?;
    Ok(web::Json(Health {
        status: "ok".to_owned(),
        database: Some(state.backend.as_str().to_owned()),
    }))
}
