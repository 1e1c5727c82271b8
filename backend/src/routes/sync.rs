use crate::auth::AuthUser;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use crate::sync::engine::{self, Job};
use crate::workflow;
use actix_web::{get, post, web, HttpResponse};
use shared::authz::{check, Permission, Scope};
use shared::dto::sync::{SourceSystem, SyncKind, SyncRun, SyncRunQuery, SyncTrigger};
use shared::dto::Page;
use shared::ids::StudentId;
use shared::ids::UnitId;

/// “同步数据” for one student: all four systems, now. Answers the finished run;
/// a student whose data could not be fetched is unchanged and the run says why.
#[utoipa::path(
    tag = "sync",
    params(("id" = i64, Path, description = "student id")),
    responses(
        (status = 200, body = SyncRun),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "sync_sealed", body = shared::error::ApiErrorBody),
        (status = 503, description = "upstream_not_configured", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/students/{id}/sync")]
pub async fn sync_student(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<SyncRun>, ApiError> {
    let id = StudentId(id.into_inner());
    // Staff sync any student of their scope; a student syncs only while
    // their filing is open (SPEC §2.3), as the workflow says.
    let (target, actor) = state
        .read(&user, move |conn, actor| {
            let (target, scope) =
                db::students::find_with_scope(conn, id)?.ok_or_else(ApiError::not_found)?;
            check(actor, Permission::SyncStudent, scope)?;
            workflow::check_sync(conn, actor, target.id, scope)?;
            Ok((target, actor.clone()))
        })
        .await?;
    let run = engine::run(
        state,
        Job {
            kind: SyncKind::Student,
            trigger: SyncTrigger::Manual,
            systems: SourceSystem::ALL.to_vec(),
            actor: Some(actor),
            unit_id: Some(target.unit_id),
            students: vec![target.id],
        },
    )
    .await?;
    Ok(web::Json(run))
}

async fn start_unit_job(
    state: web::Data<AppState>,
    user: AuthUser,
    unit: i64,
    kind: SyncKind,
) -> Result<HttpResponse, ApiError> {
    let unit = UnitId(unit);
    let actor = state
        .read(&user, move |conn, actor| {
            check(actor, Permission::SyncUnit, Scope::Unit(unit))?;
            db::units::unit_name(conn, unit)?.ok_or_else(ApiError::not_found)?;
            workflow::check_unit_sync(conn, unit)?;
            Ok(actor.clone())
        })
        .await?;
    let systems = match kind {
        SyncKind::Roster => vec![SourceSystem::Records],
        _ => SourceSystem::ALL.to_vec(),
    };
    let run = engine::start(
        state,
        Job {
            kind,
            trigger: SyncTrigger::Manual,
            systems,
            actor: Some(actor),
            unit_id: Some(unit),
            students: Vec::new(),
        },
    )
    .await?;
    Ok(HttpResponse::Accepted().json(run))
}

/// Sync every student of a unit from all four systems, in the background.
/// Answers 202 with the run; follow it at `/api/v1/sync/runs/{id}`.
#[utoipa::path(
    tag = "sync",
    params(("id" = i64, Path, description = "unit id")),
    responses(
        (status = 202, body = SyncRun),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "sync_sealed", body = shared::error::ApiErrorBody),
        (status = 503, description = "upstream_not_configured", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/units/{id}/sync")]
pub async fn sync_unit(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    start_unit_job(state, user, id.into_inner(), SyncKind::Unit).await
}

/// Refresh the unit's full student list (全部学生列表) from student records,
/// in the background. Answers 202 with the run.
#[utoipa::path(
    tag = "sync",
    params(("id" = i64, Path, description = "unit id")),
    responses(
        (status = 202, body = SyncRun),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "sync_sealed", body = shared::error::ApiErrorBody),
        (status = 503, description = "upstream_not_configured", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/units/{id}/roster/sync")]
pub async fn sync_roster(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    start_unit_job(state, user, id.into_inner(), SyncKind::Roster).await
}

/// Sync runs, newest first. Unit admins must filter by their own unit.
#[utoipa::path(tag = "sync", params(SyncRunQuery), responses((status = 200, body = Page<SyncRun>)))]
#[get("/v1/sync/runs")]
pub async fn list_runs(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<SyncRunQuery>,
) -> Result<web::Json<Page<SyncRun>>, ApiError> {
    let q = query.into_inner();
    let scope = q.unit_id.map_or(Scope::Global, |u| Scope::Unit(UnitId(u)));
    let page = state
        .read(&user, move |conn, actor| {
            check(actor, Permission::ViewSyncRuns, scope)?;
            Ok(db::sync_runs::list(conn, &q)?)
        })
        .await?;
    Ok(web::Json(page))
}

/// One sync run with its progress and failures.
#[utoipa::path(
    tag = "sync",
    params(("id" = i64, Path, description = "run id")),
    responses((status = 200, body = SyncRun), (status = 404, body = shared::error::ApiErrorBody))
)]
#[get("/v1/sync/runs/{id}")]
pub async fn get_run(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<SyncRun>, ApiError> {
    let id = id.into_inner();
    let run = state
        .read(&user, move |conn, actor| {
            let run = db::sync_runs::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            check(
                actor,
                Permission::ViewSyncRuns,
                run.unit_id.map_or(Scope::Global, Scope::Unit),
            )?;
            Ok(run)
        })
        .await?;
    Ok(web::Json(run))
}
