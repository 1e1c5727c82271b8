use crate::auth::AuthUser;
use crate::clock::this_year;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::{self, dossier};
use actix_web::{get, put, web};
use shared::authz::{GrantScope, Role};
use shared::dossier::{self as rules, FilledField};
use shared::dto::application::{Dossier, DossierUpdate};
use shared::error::{ErrorCode, FieldError};
use shared::ids::ApplicationId;

/// One application's dossier: synced part (read-only, with source and sync
/// time per section), filled part, required fields, what is missing for
/// 信息确认, and the actions the caller may take.
#[utoipa::path(
    tag = "applications",
    params(("id" = i64, Path, description = "application id")),
    responses((status = 200, body = Dossier), (status = 403, body = shared::error::ApiErrorBody), (status = 404, body = shared::error::ApiErrorBody))
)]
#[get("/v1/applications/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<Dossier>, ApiError> {
    let id = ApplicationId(id.into_inner());
    let dossier = state
        .read(&user, move |conn, actor| {
            let (app, now, synced) = workflow::find_visible_situated(conn, actor, id)?;
            Ok(dossier::view_in(actor, &app, now, synced))
        })
        .await?;
    Ok(web::Json(dossier))
}

/// The signed-in student's application in the current batch;
/// `filing_not_opened` (404) when the unit has not opened it.
#[utoipa::path(
    tag = "applications",
    responses((status = 200, body = Dossier), (status = 403, body = shared::error::ApiErrorBody), (status = 404, description = "filing_not_opened", body = shared::error::ApiErrorBody))
)]
#[get("/v1/me/application")]
pub async fn mine(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Dossier>, ApiError> {
    let dossier = state
        .read(&user, |conn, actor| {
            let student = actor
                .grants_of(Role::Student)
                .find_map(|g| match g.scope {
                    GrantScope::Student(s) => Some(s),
                    _ => None,
                })
                .ok_or_else(|| ApiError::new(ErrorCode::Forbidden))?;
            let app = workflow::current_application(conn, student)?;
            dossier::view(conn, actor, &app)
        })
        .await?;
    Ok(web::Json(dossier))
}

/// Read the requested filled values: every problem at once. Synced fields
/// are refused with `synced_field_read_only`.
fn parse_update(
    fields: &serde_json::Map<String, serde_json::Value>,
) -> Result<Vec<(FilledField, Option<String>)>, ApiError> {
    let synced: Vec<FieldError> = fields
        .keys()
        .filter_map(|k| {
            rules::synced_source(k).map(|source| {
                FieldError::new(
                    k,
                    "synced_field_read_only",
                    format!("该项来自{}，不能在学位系统中修改", source.label()),
                )
            })
        })
        .collect();
    if !synced.is_empty() {
        let mut e = ApiError::new(ErrorCode::SyncedFieldReadOnly);
        e.body.fields = synced;
        return Err(e);
    }
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (k, v) in fields {
        let Some(field) = FilledField::parse(k) else {
            errors.push(FieldError::new(k, "unknown_field", "没有这个填报项"));
            continue;
        };
        let value = match v {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
            _ => {
                errors.push(FieldError::new(k, "invalid_type", "应为文字"));
                continue;
            }
        };
        if let Some(v) = &value {
            if let Some(e) = rules::check_value(field, v, this_year()) {
                errors.push(e);
                continue;
            }
        }
        out.push((field, value));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ApiError::validation(errors))
    }
}

/// Save filled fields (the student, or the unit admin on their behalf).
/// Every failing field is returned at once; a stale `version` gets 409;
/// each changed field goes into the field history.
#[utoipa::path(
    tag = "applications",
    params(("id" = i64, Path, description = "application id")),
    request_body = DossierUpdate,
    responses(
        (status = 200, body = Dossier),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition", body = shared::error::ApiErrorBody),
        (status = 422, description = "validation_failed, synced_field_read_only", body = shared::error::ApiErrorBody)
    )
)]
#[put("/v1/applications/{id}/dossier")]
pub async fn update_dossier(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<DossierUpdate>,
) -> Result<web::Json<Dossier>, ApiError> {
    let id = ApplicationId(id.into_inner());
    let update = body.into_inner();
    let dossier = state
        .write(&user, move |conn, actor| {
            let app = workflow::find_visible(conn, actor, id)?;
            let edit = dossier::edit_role(actor, app.scope())?;
            let changes = parse_update(&update.fields)?;
            dossier::save_filled(conn, actor, &app, edit, update.version, changes)
        })
        .await?;
    Ok(web::Json(dossier))
}
