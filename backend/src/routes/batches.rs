use crate::auth::AuthUser;
use crate::db::{self, audit::Change};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use shared::authz::{check, Permission, Scope};
use shared::dto::batch::{AdvanceBatch, Batch, CurrentBatch, NewBatch};
use shared::dto::{Page, PageQuery};
use shared::error::ErrorCode;
use shared::ids::BatchId;
use shared::workflow::batch as phases;
use shared::workflow::BatchPhase;

/// All review batches, newest first.
#[utoipa::path(tag = "batches", params(PageQuery), responses((status = 200, body = Page<Batch>)))]
#[get("/v1/batches")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Page<Batch>>, ApiError> {
    let q = query.into_inner();
    let page = state
        .read(&user, move |conn, actor| {
            check(actor, Permission::ViewBatches, Scope::Shared)?;
            Ok(db::batches::list(conn, q)?)
        })
        .await?;
    Ok(web::Json(page))
}

/// The batch that is not completed, if any (`batch: null` otherwise).
#[utoipa::path(tag = "batches", responses((status = 200, body = CurrentBatch)))]
#[get("/v1/batches/current")]
pub async fn current(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<CurrentBatch>, ApiError> {
    let batch = state
        .read(&user, |conn, actor| {
            check(actor, Permission::ViewBatches, Scope::Shared)?;
            Ok(db::batches::active(conn)?)
        })
        .await?;
    Ok(web::Json(CurrentBatch { batch }))
}

/// One batch.
#[utoipa::path(
    tag = "batches",
    params(("id" = i64, Path, description = "batch id")),
    responses((status = 200, body = Batch), (status = 404, body = shared::error::ApiErrorBody))
)]
#[get("/v1/batches/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<Batch>, ApiError> {
    let id = BatchId(id.into_inner());
    let batch = state
        .read(&user, move |conn, actor| {
            check(actor, Permission::ViewBatches, Scope::Shared)?;
            db::batches::find(conn, id)?.ok_or_else(ApiError::not_found)
        })
        .await?;
    Ok(web::Json(batch))
}

/// Open a new review batch (国科大学位办 only). Refused with
/// `batch_already_active` while another batch is not completed.
#[utoipa::path(
    tag = "batches",
    request_body = NewBatch,
    responses(
        (status = 201, body = Batch),
        (status = 409, description = "batch_already_active", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/batches")]
pub async fn create(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<NewBatch>,
) -> Result<HttpResponse, ApiError> {
    let new = body.into_inner();
    let batch = state
        .write(&user, move |conn, actor| {
            check(actor, Permission::ManageBatches, Scope::Global)?;
            let errors = new.validate();
            if !errors.is_empty() {
                return Err(ApiError::validation(errors));
            }
            phases::open_new(db::batches::active(conn)?.is_some())?;
            let batch =
                db::batches::insert_open(conn, &new).map_err(|e| match ApiError::from(e) {
                    // Lost a race with another opener: the unique active slot says so.
                    e if e.code() == ErrorCode::Conflict => {
                        ApiError::new(ErrorCode::BatchAlreadyActive)
                    }
                    e => e,
                })?;
            db::audit::record(
                conn,
                Change {
                    actor: Some(actor),
                    entity: "batch",
                    entity_id: Some(batch.id.0),
                    action: "open",
                    before: None,
                    after: Some(serde_json::to_value(&batch).map_err(ApiError::internal)?),
                },
            )?;
            Ok(batch)
        })
        .await?;
    Ok(HttpResponse::Created().json(batch))
}

/// Advance a batch to its next phase (forward only, one step). The request
/// carries the version the user saw; a stale one gets `stale_version`.
/// 封网 (`open → sealed`) is refused with `seal_blocked`, naming each unit
/// in `fields`, while any unit has applications not submitted (数据上报) or
/// a reopened submission not submitted again.
#[utoipa::path(
    tag = "batches",
    params(("id" = i64, Path, description = "batch id")),
    request_body = AdvanceBatch,
    responses(
        (status = 200, body = Batch),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "invalid_transition, stale_version, seal_blocked", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/batches/{id}/advance")]
pub async fn advance(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<AdvanceBatch>,
) -> Result<web::Json<Batch>, ApiError> {
    let id = BatchId(id.into_inner());
    let req = body.into_inner();
    let national = state.national.clone();
    let batch = state
        .write(&user, move |conn, actor| {
            check(actor, Permission::ManageBatches, Scope::Global)?;
            db::batches::lock_active(conn)?;
            let before = db::batches::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            if before.version != req.version {
                return Err(ApiError::new(ErrorCode::StaleVersion));
            }
            let to = phases::advance(before.phase, req.to)?;
            if to == BatchPhase::Sealed {
                crate::verification::check_seal(conn, id)?;
            }
            crate::final_review::phases::check_advance(conn, &national, id, before.phase)?;
            if !db::batches::set_phase(conn, id, req.version, to)? {
                return Err(ApiError::new(ErrorCode::StaleVersion));
            }
            let after = db::batches::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            db::audit::record(
                conn,
                Change {
                    actor: Some(actor),
                    entity: "batch",
                    entity_id: Some(id.0),
                    action: "advance_phase",
                    before: Some(
                        serde_json::json!({ "phase": before.phase, "version": before.version }),
                    ),
                    after: Some(
                        serde_json::json!({ "phase": after.phase, "version": after.version }),
                    ),
                },
            )?;
            Ok(after)
        })
        .await?;
    Ok(web::Json(batch))
}
