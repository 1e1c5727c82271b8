//! Filing (全部学生列表, 申请学位), the dossier, 信息确认 and unit review
//! (申请学位学生, 已审核). Every state change goes through
//! `shared::workflow::apply`; every access through `shared::authz`.

use crate::auth::AuthUser;
use crate::db::applications::Application;
use crate::db::history::{Author, FieldEdit};
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use crate::state::AppState;
use crate::sync::engine;
use actix_web::{get, post, put, web};
use chrono::Datelike;
use shared::authz::{check, check_role, Actor, Permission, Role, Scope};
use shared::dossier::{self, DossierContext, FilledField, FilledValues};
use shared::dto::application::{
    ApplicationQuery, ApplicationRow, ApplicationStep, BulkOutcome, BulkStep, ChangeSource,
    Dossier, DossierUpdate, FieldChange, FilingChange, FilingOutcome, RosterEntry, RosterQuery,
    Skipped,
};
use shared::dto::{Page, PageQuery};
use shared::error::{ErrorCode, FieldError};
use shared::ids::{StudentId, UnitId};
use shared::workflow::{self, Action, AppState as State, BatchPhase, Facts, TransitionError};

/// The current year in Beijing (for plausible-year checks).
fn this_year() -> i32 {
    chrono::Utc::now()
        .with_timezone(&crate::sync::scheduler::beijing())
        .year()
}

fn scope_of(app: &Application) -> Scope {
    Scope::Student {
        student: StudentId(app.student_id),
        unit: UnitId(app.unit_id),
        group: None,
    }
}

/// The role in which the actor performs `action` on this scope, or 403.
fn acting_role(actor: &Actor, action: Action, scope: Scope) -> Result<Role, ApiError> {
    action
        .acting_role(actor, scope)
        .ok_or_else(|| ApiError::new(ErrorCode::Forbidden))
}

/// What the requirement rules need to know about the student and the
/// application.
fn context_of(conn: &mut DbConn, app: &Application) -> Result<DossierContext, ApiError> {
    db::students::dossier_context(conn, app.student_id, app.id)?.ok_or_else(ApiError::not_found)
}

fn facts_of(
    conn: &mut DbConn,
    app: &Application,
    ctx: &DossierContext,
) -> Result<(Facts, Vec<FieldError>), ApiError> {
    let batch = db::batches::find(conn, shared::ids::BatchId(app.batch_id))?
        .ok_or_else(ApiError::not_found)?;
    let problems = dossier::confirmation_problems(ctx, &app.filled, this_year());
    let facts = Facts {
        phase: batch.phase,
        unit_submitted: db::applications::unit_submitted(conn, app.batch_id, app.unit_id)?,
        dossier_complete: problems.is_empty(),
    };
    Ok((facts, problems))
}

fn transition_error(e: TransitionError, problems: Vec<FieldError>) -> ApiError {
    match e {
        TransitionError::DossierIncomplete => {
            let mut err = ApiError::new(ErrorCode::DossierIncomplete);
            err.body.fields = problems;
            err
        }
        other => other.into(),
    }
}

/// Where `action`, taken in `role` on the application as of `version`,
/// leads (`shared::workflow`); 409 if the version is stale or the step is
/// not allowed now, 422 `dossier_incomplete` listing what is missing.
fn next_state(
    conn: &mut DbConn,
    app: &Application,
    version: i32,
    (role, action): (Role, Action),
) -> Result<State, ApiError> {
    if app.version != version {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    let ctx = context_of(conn, app)?;
    let (facts, problems) = facts_of(conn, app, &ctx)?;
    workflow::application::apply(app.state, action, role, facts)
        .map_err(|e| transition_error(e, problems))
}

/// The dossier as the actor sees it.
fn dossier_view(conn: &mut DbConn, actor: &Actor, app: &Application) -> Result<Dossier, ApiError> {
    let ctx = context_of(conn, app)?;
    let (facts, problems) = facts_of(conn, app, &ctx)?;
    let synced =
        db::students::synced_dossier(conn, app.student_id)?.ok_or_else(ApiError::not_found)?;
    let allowed = workflow::application::actions_for(actor, scope_of(app), app.state, facts);
    let editable =
        allowed.contains(&Action::EditAsStudent) || allowed.contains(&Action::EditAsUnit);
    Ok(Dossier {
        application: app.info(),
        synced,
        filled: app.filled.clone(),
        required: ctx.required(&app.filled),
        problems,
        allowed_actions: allowed,
        editable,
        photo: db::photos::info(conn, app.id)?,
    })
}

fn audit_app(
    conn: &mut DbConn,
    actor: &Actor,
    app_id: i64,
    action: &str,
    before: serde_json::Value,
    after: serde_json::Value,
) -> Result<(), ApiError> {
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "application",
            entity_id: Some(app_id),
            action,
            before: Some(before),
            after: Some(after),
        },
    )?;
    Ok(())
}

/// The message a student gets after a step, if any.
fn notice_for(action: Action) -> Option<&'static str> {
    match action {
        Action::SendBack => Some("培养单位已将你的学位信息退回，请修改后重新确认。"),
        Action::ReopenForStudent => Some("培养单位已重新开放你的学位信息填报，请修改后重新确认。"),
        _ => None,
    }
}

/// Carry out one workflow step on one application, inside the caller's
/// transaction: role, version, rules, write, message, audit.
fn step(
    conn: &mut DbConn,
    actor: &Actor,
    app: &Application,
    version: i32,
    action: Action,
) -> Result<State, ApiError> {
    let role = acting_role(actor, action, scope_of(app))?;
    let next = next_state(conn, app, version, (role, action))?;
    if !db::applications::set_state(conn, app, version, next)? {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    if let Some(text) = notice_for(action) {
        db::messages::to_students(conn, &[(app.student_id, app.id)], text)?;
    }
    audit_app(
        conn,
        actor,
        app.id,
        action_name(action),
        serde_json::json!({ "state": app.state, "version": version }),
        serde_json::json!({ "state": next, "version": version + 1 }),
    )?;
    Ok(next)
}

fn action_name(action: Action) -> &'static str {
    match action {
        Action::OpenFiling => "open_filing",
        Action::CancelFiling => "cancel_filing",
        Action::Confirm => "confirm",
        Action::ReopenForStudent => "reopen_for_student",
        Action::MarkReviewed => "mark_reviewed",
        Action::UnmarkReviewed => "unmark_reviewed",
        Action::SendBack => "send_back",
        _ => "step",
    }
}

/// The steps these endpoints take; the later stages have their own.
const STEPS: [Action; 6] = [
    Action::CancelFiling,
    Action::Confirm,
    Action::ReopenForStudent,
    Action::MarkReviewed,
    Action::UnmarkReviewed,
    Action::SendBack,
];

const BULK_STEPS: [Action; 4] = [
    Action::MarkReviewed,
    Action::UnmarkReviewed,
    Action::ReopenForStudent,
    Action::SendBack,
];

/// Most students or applications one bulk request may name.
const MAX_BULK: usize = 2000;

fn unsupported_step() -> ApiError {
    ApiError::with_message(ErrorCode::InvalidTransition, "此操作不能在这里执行")
}

/// 全部学生列表: every student of the unit (from student records), with
/// their application in the current batch.
#[utoipa::path(
    tag = "filing",
    params(("id" = i64, Path, description = "unit id"), RosterQuery),
    responses((status = 200, body = Page<RosterEntry>), (status = 403, body = shared::error::ApiErrorBody))
)]
#[get("/v1/units/{id}/roster")]
pub async fn roster(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: web::Query<RosterQuery>,
) -> Result<web::Json<Page<RosterEntry>>, ApiError> {
    let unit = id.into_inner();
    check(
        &user.0,
        Permission::ViewApplications,
        Scope::Unit(UnitId(unit)),
    )?;
    let q = query.into_inner();
    let page = state
        .db(move |conn| {
            db::units::unit_name(conn, unit)?.ok_or_else(ApiError::not_found)?;
            let batch = db::batches::active(conn)?.map(|b| b.id.0);
            Ok(db::applications::roster(conn, unit, batch, &q)?)
        })
        .await?;
    Ok(web::Json(page))
}

/// “保存” on 全部学生列表: open filing (申请学位) for some students and
/// withdraw it for others, in the current batch. Opened students are synced
/// from student records at once (one: before the answer; many: in the
/// background, with the run in the answer to follow).
#[utoipa::path(
    tag = "filing",
    params(("id" = i64, Path, description = "unit id")),
    request_body = FilingChange,
    responses(
        (status = 200, body = FilingOutcome),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, description = "no_active_batch, invalid_transition", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/units/{id}/filing")]
pub async fn save_filing(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<FilingChange>,
) -> Result<web::Json<FilingOutcome>, ApiError> {
    let unit = id.into_inner();
    let actor = user.0;
    check_role(&actor, Role::UnitAdmin, Scope::Unit(UnitId(unit)))?;
    let change = body.into_inner();
    let mut problems = Vec::new();
    if change.open.len() + change.cancel.len() > MAX_BULK {
        problems.push(FieldError::new(
            "open",
            "too_many",
            format!("一次最多处理 {MAX_BULK} 名学生"),
        ));
    }
    if change.open.iter().any(|s| change.cancel.contains(s)) {
        problems.push(FieldError::new(
            "cancel",
            "conflict",
            "同一名学生不能同时开通和取消申请学位",
        ));
    }
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    let tx_actor = actor.clone();
    let (opened, cancelled, skipped) = state
        .tx(move |conn| {
            let batch = db::batches::active(conn)?.ok_or_else(|| {
                ApiError::with_message(
                    ErrorCode::NoActiveBatch,
                    "尚未开通评审批次，不能开通学生填报",
                )
            })?;
            if batch.phase != BatchPhase::Open {
                return Err(TransitionError::WrongPhase.into());
            }
            let ids: Vec<i64> = change
                .open
                .iter()
                .chain(&change.cancel)
                .map(|s| s.0)
                .collect();
            let students = db::students::find_targets(conn, &ids)?;
            if students.len() != {
                let mut unique = ids.clone();
                unique.sort_unstable();
                unique.dedup();
                unique.len()
            } || students.iter().any(|s| s.unit_id != unit)
            {
                return Err(ApiError::with_message(
                    ErrorCode::Forbidden,
                    "只能为本单位的学生开通或取消申请学位",
                ));
            }
            let names = db::students::names(conn, &ids)?;
            let existing = db::applications::of_students(conn, batch.id.0, &ids)?;
            let submitted = db::applications::unit_submitted(conn, batch.id.0, unit)?;
            let facts = Facts {
                phase: batch.phase,
                unit_submitted: submitted,
                dossier_complete: false,
            };
            let skip = |id: i64, reason: &str| {
                let (no, name) = names.get(&id).cloned().unwrap_or_default();
                Skipped {
                    student_no: no,
                    name,
                    reason: reason.to_owned(),
                }
            };
            let mut skipped = Vec::new();
            let mut opened = Vec::new();
            let mut cancelled = 0u32;
            for (action, requested) in [
                (Action::OpenFiling, &change.open),
                (Action::CancelFiling, &change.cancel),
            ] {
                for student in requested {
                    let app = existing.iter().find(|a| a.student_id == student.0);
                    let current = app.map_or(State::NotApplied, |a| a.state);
                    let next =
                        match workflow::application::apply(current, action, Role::UnitAdmin, facts)
                        {
                            Ok(next) => next,
                            Err(e) => {
                                let reason = match (action, e) {
                                    (Action::OpenFiling, TransitionError::WrongState) => {
                                        "已在申请学位学生列表中"
                                    }
                                    (Action::CancelFiling, TransitionError::WrongState)
                                        if current.is_confirmed() =>
                                    {
                                        "学生已确认信息，不能取消申请学位"
                                    }
                                    (Action::CancelFiling, TransitionError::WrongState) => {
                                        "尚未申请学位"
                                    }
                                    (_, e) => e.message(),
                                };
                                skipped.push(skip(student.0, reason));
                                continue;
                            }
                        };
                    let app_id = match app {
                        Some(a) => {
                            if !db::applications::set_state(conn, a, a.version, next)? {
                                return Err(ApiError::new(ErrorCode::StaleVersion));
                            }
                            a.id
                        }
                        None => db::applications::insert_filing(conn, batch.id.0, student.0, unit)?,
                    };
                    audit_app(
                        conn,
                        &tx_actor,
                        app_id,
                        action_name(action),
                        serde_json::json!({ "state": current }),
                        serde_json::json!({ "state": next, "student_id": student.0 }),
                    )?;
                    match action {
                        Action::OpenFiling => opened.push((student.0, app_id)),
                        _ => cancelled += 1,
                    }
                }
            }
            let text = format!(
                "培养单位已为你开通“{}”学位申请，请在“学位信息”中同步数据、填写并确认。",
                batch.name
            );
            db::messages::to_students(conn, &opened, &text)?;
            Ok((opened, cancelled, skipped))
        })
        .await?;
    let students: Vec<i64> = opened.iter().map(|(s, _)| *s).collect();
    let sync_run = if students.is_empty() || state.upstream.is_none() {
        None
    } else {
        match engine::on_filing_opened(state.clone(), unit, students, Some(actor)).await {
            Ok(run) => Some(run),
            // The filing stands; the sync can be repeated by hand.
            Err(e) => {
                tracing::warn!(error = %e, "sync after opening filing failed");
                None
            }
        }
    };
    Ok(web::Json(FilingOutcome {
        opened: opened.len() as u32,
        cancelled,
        skipped,
        sync_run,
    }))
}

/// 申请学位学生: the unit's applications in the current batch, with 已确认
/// and 已审核. Empty when no batch is open.
#[utoipa::path(
    tag = "applications",
    params(("id" = i64, Path, description = "unit id"), ApplicationQuery),
    responses((status = 200, body = Page<ApplicationRow>), (status = 403, body = shared::error::ApiErrorBody))
)]
#[get("/v1/units/{id}/applications")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: web::Query<ApplicationQuery>,
) -> Result<web::Json<Page<ApplicationRow>>, ApiError> {
    let unit = id.into_inner();
    check(
        &user.0,
        Permission::ViewApplications,
        Scope::Unit(UnitId(unit)),
    )?;
    let q = query.into_inner();
    let page = state
        .db(move |conn| {
            db::units::unit_name(conn, unit)?.ok_or_else(ApiError::not_found)?;
            match db::batches::active(conn)? {
                Some(b) => Ok(db::applications::list(conn, unit, b.id.0, &q)?),
                None => {
                    let (page, per_page) = PageQuery {
                        page: q.page,
                        per_page: q.per_page,
                    }
                    .resolved();
                    Ok(Page {
                        items: Vec::new(),
                        total: 0,
                        page,
                        per_page,
                    })
                }
            }
        })
        .await?;
    Ok(web::Json(page))
}

/// The application, if the actor may see its dossier (else 404 or 403).
fn visible_app(conn: &mut DbConn, actor: &Actor, id: i64) -> Result<Application, ApiError> {
    let app = db::applications::find(conn, id)?.ok_or_else(ApiError::not_found)?;
    check(actor, Permission::ViewDossier, scope_of(&app))?;
    Ok(app)
}

async fn load_visible(state: &AppState, actor: &Actor, id: i64) -> Result<Application, ApiError> {
    let actor = actor.clone();
    state.db(move |conn| visible_app(conn, &actor, id)).await
}

/// The dossier as a change just left it.
fn saved_view(conn: &mut DbConn, actor: &Actor, id: i64) -> Result<Dossier, ApiError> {
    let saved = db::applications::find(conn, id)?.ok_or_else(ApiError::not_found)?;
    dossier_view(conn, actor, &saved)
}

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
    let actor = user.0;
    let app = load_visible(&state, &actor, id.into_inner()).await?;
    let dossier = state
        .db(move |conn| dossier_view(conn, &actor, &app))
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
    let actor = user.0;
    let student = actor
        .grants_of(Role::Student)
        .find_map(|g| match g.scope {
            shared::authz::GrantScope::Student(s) => Some(s.0),
            _ => None,
        })
        .ok_or_else(|| ApiError::new(ErrorCode::Forbidden))?;
    let dossier = state
        .db(move |conn| {
            let not_opened = || ApiError::new(ErrorCode::FilingNotOpened);
            let batch = db::batches::active(conn)?.ok_or_else(not_opened)?;
            let app = db::applications::find_for_student(conn, batch.id.0, student)?
                .filter(|a| a.state != State::NotApplied)
                .ok_or_else(not_opened)?;
            dossier_view(conn, &actor, &app)
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
            dossier::synced_source(k).map(|source| {
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
            if let Some(e) = dossier::check_value(field, v, this_year()) {
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

/// The role in which the actor edits a dossier of this scope: the student
/// as themself, anyone else only on their behalf; or 403.
fn edit_role(actor: &Actor, scope: Scope) -> Result<(Role, Action), ApiError> {
    [Action::EditAsStudent, Action::EditAsUnit]
        .into_iter()
        .find_map(|a| a.acting_role(actor, scope).map(|r| (r, a)))
        .ok_or_else(|| ApiError::new(ErrorCode::Forbidden))
}

/// Who the field history names for an edit in this role.
fn edit_author(actor: &Actor, (role, _): (Role, Action)) -> Author<'_> {
    Author {
        source: match role {
            Role::Student => ChangeSource::Student,
            _ => ChangeSource::Unit,
        },
        system: None,
        actor: Some(actor),
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
    let actor = user.0;
    let id = id.into_inner();
    let update = body.into_inner();
    let dossier = state
        .tx(move |conn| {
            let app = visible_app(conn, &actor, id)?;
            let role = edit_role(&actor, scope_of(&app))?;
            let changes = parse_update(&update.fields)?;
            next_state(conn, &app, update.version, role)?;
            let mut values: FilledValues = app.filled.clone();
            let mut edits = Vec::new();
            for (field, value) in changes {
                let old = values.get(&field).cloned();
                if old == value {
                    continue;
                }
                match &value {
                    Some(v) => values.insert(field, v.clone()),
                    None => values.remove(&field),
                };
                edits.push((
                    app.student_id,
                    Some(app.id),
                    FieldEdit {
                        field: field.as_str().to_owned(),
                        old_value: old,
                        new_value: value,
                    },
                ));
            }
            if edits.is_empty() {
                return dossier_view(conn, &actor, &app);
            }
            if !db::applications::save_filled(conn, app.id, app.version, &values)? {
                return Err(ApiError::new(ErrorCode::StaleVersion));
            }
            db::history::record(conn, edit_author(&actor, role), &edits)?;
            audit_app(
                conn,
                &actor,
                app.id,
                "edit_dossier",
                serde_json::json!({ "version": app.version, "filled": app.filled }),
                serde_json::json!({ "version": app.version + 1, "filled": values }),
            )?;
            saved_view(conn, &actor, id)
        })
        .await?;
    Ok(web::Json(dossier))
}

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
    use futures_util::StreamExt;
    let actor = user.0;
    let id = id.into_inner();
    let version = query.version;
    // Read at most one byte more than allowed: enough to say it is too big.
    let mut jpeg = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ApiError::new(ErrorCode::InvalidBody))?;
        jpeg.extend_from_slice(&chunk);
        if jpeg.len() > dossier::PHOTO_MAX_BYTES {
            break;
        }
    }
    let dossier = state
        .tx(move |conn| {
            let app = visible_app(conn, &actor, id)?;
            let role = edit_role(&actor, scope_of(&app))?;
            let pixels = dossier::check_photo(jpeg.len(), db::photos::jpeg_pixels(&jpeg))
                .map_err(|e| ApiError::validation(vec![e]))?;
            next_state(conn, &app, version, role)?;
            if !db::applications::touch(conn, app.id, app.version)? {
                return Err(ApiError::new(ErrorCode::StaleVersion));
            }
            let old = db::photos::info(conn, app.id)?;
            let new = db::photos::put(conn, app.id, &jpeg, pixels)?;
            db::history::record(
                conn,
                edit_author(&actor, role),
                &[(
                    app.student_id,
                    Some(app.id),
                    FieldEdit {
                        field: dossier::PHOTO_FIELD.to_owned(),
                        old_value: old.as_ref().map(db::photos::describe),
                        new_value: Some(db::photos::describe(&new)),
                    },
                )],
            )?;
            audit_app(
                conn,
                &actor,
                app.id,
                "upload_photo",
                serde_json::json!({ "version": app.version, "photo": old }),
                serde_json::json!({ "version": app.version + 1, "photo": new }),
            )?;
            saved_view(conn, &actor, id)
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
) -> Result<actix_web::HttpResponse, ApiError> {
    let app = load_visible(&state, &user.0, id.into_inner()).await?;
    let jpeg = state
        .db(move |conn| db::photos::jpeg(conn, app.id)?.ok_or_else(ApiError::not_found))
        .await?;
    Ok(actix_web::HttpResponse::Ok()
        .content_type("image/jpeg")
        .insert_header(("cache-control", "private, no-store"))
        .body(jpeg))
}

/// One workflow step: `confirm` (信息确认, the student), `reopen_for_student`,
/// `mark_reviewed` / `unmark_reviewed` (已审核), `send_back` (untick both),
/// `cancel_filing` (the unit admin). `confirm` with missing fields answers
/// 422 `dossier_incomplete` listing them.
#[utoipa::path(
    tag = "applications",
    params(("id" = i64, Path, description = "application id")),
    request_body = ApplicationStep,
    responses(
        (status = 200, body = Dossier),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 404, body = shared::error::ApiErrorBody),
        (status = 409, description = "stale_version, invalid_transition", body = shared::error::ApiErrorBody),
        (status = 422, description = "dossier_incomplete", body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/applications/{id}/steps")]
pub async fn take_step(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<ApplicationStep>,
) -> Result<web::Json<Dossier>, ApiError> {
    let actor = user.0;
    let id = id.into_inner();
    let req = body.into_inner();
    let dossier = state
        .tx(move |conn| {
            let app = visible_app(conn, &actor, id)?;
            if !STEPS.contains(&req.action) {
                return Err(unsupported_step());
            }
            step(conn, &actor, &app, req.version, req.action)?;
            saved_view(conn, &actor, id)
        })
        .await?;
    Ok(web::Json(dossier))
}

/// The same step on many applications of the unit (bulk 已审核, send back…),
/// each from its current state; those it does not apply to are listed with
/// the reason. Ids of another unit refuse the whole request.
#[utoipa::path(
    tag = "applications",
    params(("id" = i64, Path, description = "unit id")),
    request_body = BulkStep,
    responses(
        (status = 200, body = BulkOutcome),
        (status = 403, body = shared::error::ApiErrorBody),
        (status = 409, body = shared::error::ApiErrorBody)
    )
)]
#[post("/v1/units/{id}/applications/steps")]
pub async fn bulk_step(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: web::Json<BulkStep>,
) -> Result<web::Json<BulkOutcome>, ApiError> {
    let unit = id.into_inner();
    let actor = user.0;
    check_role(&actor, Role::UnitAdmin, Scope::Unit(UnitId(unit)))?;
    let req = body.into_inner();
    if !BULK_STEPS.contains(&req.action) {
        return Err(unsupported_step());
    }
    if req.ids.len() > MAX_BULK {
        return Err(ApiError::validation(vec![FieldError::new(
            "ids",
            "too_many",
            format!("一次最多处理 {MAX_BULK} 份申请"),
        )]));
    }
    let outcome = state
        .tx(move |conn| {
            let mut ids: Vec<i64> = req.ids.iter().map(|i| i.0).collect();
            ids.sort_unstable();
            ids.dedup();
            let apps = db::applications::by_ids(conn, &ids)?;
            if apps.len() != ids.len() || apps.iter().any(|a| a.unit_id != unit) {
                return Err(ApiError::with_message(
                    ErrorCode::Forbidden,
                    "只能处理本单位的申请",
                ));
            }
            let names =
                db::students::names(conn, &apps.iter().map(|a| a.student_id).collect::<Vec<_>>())?;
            let mut done = 0;
            let mut skipped = Vec::new();
            for app in &apps {
                // A failed step changes nothing: its writes come after its checks.
                match step(conn, &actor, app, app.version, req.action) {
                    Ok(_) => done += 1,
                    Err(e) if e.code() == ErrorCode::Internal => return Err(e),
                    Err(e) => {
                        let (no, name) = names.get(&app.student_id).cloned().unwrap_or_default();
                        skipped.push(Skipped {
                            student_no: no,
                            name,
                            reason: e.body.message,
                        });
                    }
                }
            }
            Ok(BulkOutcome { done, skipped })
        })
        .await?;
    Ok(web::Json(outcome))
}

/// Query of the field history.
#[derive(Debug, Clone, serde::Deserialize, utoipa::IntoParams)]
pub struct HistoryQuery {
    /// Only this field.
    pub field: Option<String>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows per page, 1 to 200.
    pub per_page: Option<i64>,
}

/// The field history of the application's student: every change of a
/// dossier field, newest first, with who, when, source, old and new value.
#[utoipa::path(
    tag = "applications",
    params(("id" = i64, Path, description = "application id"), HistoryQuery),
    responses((status = 200, body = Page<FieldChange>), (status = 403, body = shared::error::ApiErrorBody), (status = 404, body = shared::error::ApiErrorBody))
)]
#[get("/v1/applications/{id}/history")]
pub async fn history(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: web::Query<HistoryQuery>,
) -> Result<web::Json<Page<FieldChange>>, ApiError> {
    let app = load_visible(&state, &user.0, id.into_inner()).await?;
    let q = query.into_inner();
    let page = state
        .db(move |conn| {
            Ok(db::history::list(
                conn,
                app.student_id,
                q.field.as_deref(),
                PageQuery {
                    page: q.page,
                    per_page: q.per_page,
                },
            )?)
        })
        .await?;
    Ok(web::Json(page))
}
