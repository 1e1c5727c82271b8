//! The server's side of the workflow, shared by every stage: load an
//! application the actor may see, establish the facts the rules depend on,
//! take a step through `shared::workflow::apply`, and write the change, the
//! student's message and the audit entry — inside the caller's transaction.
//! No HTTP here: route handlers parse, call one of these in a transaction,
//! and answer.

pub mod dossier;
pub mod filing;
pub mod submission;

use crate::clock::this_year;
use crate::db::applications::StoredApplication;
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use shared::authz::{roles_holding, Actor, Permission, Role, Scope};
use shared::dossier::{self as rules, DossierContext};
use shared::dto::application::{PhotoInfo, Skipped};
use shared::dto::sync::SyncedDossier;
use shared::error::{ErrorCode, FieldError};
use shared::ids::{ApplicationId, BatchId, StudentId, UnitId};
use shared::workflow::{self, Action, BatchPhase, Facts, Stage, TransitionError};

/// The application, if the actor may read its dossier (else 404 or 403).
pub fn find_visible(
    conn: &mut DbConn,
    actor: &Actor,
    id: ApplicationId,
) -> Result<StoredApplication, ApiError> {
    let app = db::applications::find(conn, id)?.ok_or_else(ApiError::not_found)?;
    workflow::application::check_view_dossier(actor, app.scope(), app.state)?;
    Ok(app)
}

/// The same with its situation and the synced record, in one statement
/// (a dossier read).
pub fn find_visible_situated(
    conn: &mut DbConn,
    actor: &Actor,
    id: ApplicationId,
) -> Result<(StoredApplication, Situation, SyncedDossier), ApiError> {
    let (app, around, synced) =
        db::dossier::application_with_surroundings(conn, id)?.ok_or_else(ApiError::not_found)?;
    workflow::application::check_view_dossier(actor, app.scope(), app.state)?;
    let now = situated(&app, around);
    Ok((app, now, synced.parse()?))
}

/// The student's live application in the current batch;
/// `filing_not_opened` when the unit has not opened it.
pub fn current_application(
    conn: &mut DbConn,
    student: StudentId,
) -> Result<StoredApplication, ApiError> {
    let not_opened = || ApiError::new(ErrorCode::FilingNotOpened);
    let batch = db::batches::active(conn)?.ok_or_else(not_opened)?;
    db::applications::find_for_student(conn, batch.id, student)?
        .filter(|a| a.state != Stage::NotApplied)
        .ok_or_else(not_opened)
}

/// May the actor's 同步数据 change this student's synced data now? The
/// student only while filling their own dossier; staff until the unit
/// submits the application (`shared::workflow`), and a student without an
/// application in the current batch at any time before 封网.
pub fn check_sync(
    conn: &mut DbConn,
    actor: &Actor,
    student: StudentId,
    scope: Scope,
) -> Result<(), ApiError> {
    // Staff sync by their SyncStudent permission (checked by the caller);
    // the student only as the workflow's performer of 同步数据.
    let as_student = roles_holding(actor, Permission::SyncStudent, scope) == [Role::Student];
    let app = match current_application(conn, student) {
        Ok(app) => app,
        Err(e) if as_student => return Err(e),
        Err(_) => return Ok(()),
    };
    let facts = situation(conn, &app)?.facts;
    let allowed = if as_student {
        workflow::application::apply(app.state, Action::SyncManually, Role::Student, facts)
            .map(|_| ())
    } else {
        workflow::application::check_staff_sync(app.state, facts)
    };
    allowed.map_err(|e| {
        if !facts.phase.sync_allowed() {
            ApiError::new(ErrorCode::SyncSealed)
        } else if as_student && app.state.is_confirmed() {
            ApiError::with_message(
                ErrorCode::InvalidTransition,
                "信息确认后不能再同步数据；如需更新，请联系培养单位教育管理干部",
            )
        } else {
            ApiError::from(e)
        }
    })
}

/// May a unit-wide sync (or a refresh of its student list) run now
/// (`shared::workflow::application::check_unit_sync`)?
pub fn check_unit_sync(conn: &mut DbConn, unit: UnitId) -> Result<(), ApiError> {
    match db::batches::active(conn)? {
        Some(b) if !b.phase.sync_allowed() => Err(ApiError::new(ErrorCode::SyncSealed)),
        Some(b) => Ok(workflow::application::check_unit_sync(list_facts(
            conn, b.id, b.phase, unit,
        )?)?),
        None => Ok(()),
    }
}

/// The role in which the actor performs `action` on this scope, or 403.
pub fn acting_role(actor: &Actor, action: Action, scope: Scope) -> Result<Role, ApiError> {
    action
        .acting_role(actor, scope)
        .ok_or_else(|| ApiError::new(ErrorCode::Forbidden))
}

/// What the rules need to know about an application now.
pub struct Situation {
    pub facts: Facts,
    /// What stands between the student and 信息确认 (empty: complete).
    pub problems: Vec<FieldError>,
    pub context: DossierContext,
    pub batch_name: String,
    pub photo: Option<PhotoInfo>,
}

/// The situation of an application, in one statement
/// ([`db::dossier::surroundings`]).
pub fn situation(conn: &mut DbConn, app: &StoredApplication) -> Result<Situation, ApiError> {
    let around = db::dossier::surroundings(conn, app.id)?.ok_or_else(ApiError::not_found)?;
    Ok(situated(app, around))
}

pub(crate) fn situated(app: &StoredApplication, around: db::dossier::Surroundings) -> Situation {
    let problems = rules::confirmation_problems(&around.context, &app.filled, this_year());
    let facts = Facts {
        phase: around.phase,
        unit_submitted: around.unit_submitted,
        dossier_complete: problems.is_empty(),
        // Known where final decisions are recorded (`final_review`); the
        // dossier's own steps never include one.
        refusal_heard: false,
    };
    Situation {
        facts,
        problems,
        context: around.context,
        batch_name: around.batch_name,
        photo: around.photo,
    }
}

/// The facts of every application of a unit in a batch, as far as a list
/// needs them (the dossier's completeness is known only per dossier).
pub fn list_facts(
    conn: &mut DbConn,
    batch: BatchId,
    phase: BatchPhase,
    unit: UnitId,
) -> Result<Facts, ApiError> {
    Ok(Facts {
        phase,
        unit_submitted: db::applications::unit_submitted(conn, batch, unit)?,
        dossier_complete: false,
        refusal_heard: false,
    })
}

/// A unit's current batch and the facts its lists need, in one statement:
/// 404 for an unknown unit, `None` when no batch is current.
pub fn unit_in_batch(
    conn: &mut DbConn,
    unit: UnitId,
) -> Result<Option<(BatchId, Facts)>, ApiError> {
    let current = db::units::in_current_batch(conn, unit)?.ok_or_else(ApiError::not_found)?;
    Ok(current.map(|(batch, phase, unit_submitted)| {
        (
            batch,
            Facts {
                phase,
                unit_submitted,
                dossier_complete: false,
                refusal_heard: false,
            },
        )
    }))
}

/// The active batch and the facts its lists beyond a unit need (a group's,
/// the university's): every application reviewed there was submitted.
pub fn batch_facts(conn: &mut DbConn) -> Result<Option<(BatchId, Facts)>, ApiError> {
    chosen_batch_facts(conn, None)
}

/// [`batch_facts`] of a chosen batch (an earlier, completed one to browse
/// it; `404` for no such batch); the current one when `None`.
pub fn chosen_batch_facts(
    conn: &mut DbConn,
    chosen: Option<BatchId>,
) -> Result<Option<(BatchId, Facts)>, ApiError> {
    let batch = match chosen {
        None => db::batches::active(conn)?,
        Some(id) => Some(db::batches::find(conn, id)?.ok_or_else(ApiError::not_found)?),
    };
    Ok(batch.map(|b| {
        (
            b.id,
            Facts {
                phase: b.phase,
                unit_submitted: true,
                dossier_complete: false,
                refusal_heard: false,
            },
        )
    }))
}

/// The actions the actor may take on a list row of this scope and stage;
/// none without a current batch.
pub fn row_actions(
    actor: &Actor,
    facts: Option<Facts>,
) -> impl Fn(Scope, Stage) -> Vec<Action> + '_ {
    move |scope, stage| match facts {
        Some(facts) => workflow::application::actions_for(actor, scope, stage, facts),
        None => Vec::new(),
    }
}

/// A refused transition as the API answers it: 422 `dossier_incomplete`
/// with every missing field, otherwise the rule's own error.
pub fn refusal(e: TransitionError, problems: Vec<FieldError>) -> ApiError {
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
/// leads; 409 if the version is stale or the step is not allowed now.
pub fn next_state(
    conn: &mut DbConn,
    app: &StoredApplication,
    version: i32,
    (role, action): (Role, Action),
) -> Result<(Stage, Situation), ApiError> {
    if app.version != version {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    let mut now = situation(conn, app)?;
    match workflow::application::apply(app.state, action, role, now.facts) {
        Ok(next) => Ok((next, now)),
        Err(e) => Err(refusal(e, std::mem::take(&mut now.problems))),
    }
}

/// Carry out one workflow step on one application: role, version, rules,
/// write, the student's message, the audit entry.
pub fn take_step(
    conn: &mut DbConn,
    actor: &Actor,
    app: &StoredApplication,
    version: i32,
    action: Action,
) -> Result<Stage, ApiError> {
    let role = acting_role(actor, action, app.scope())?;
    let (next, now) = next_state(conn, app, version, (role, action))?;
    if !db::applications::set_state(conn, app, version, next)? {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    if let Some(text) = action.student_notice(&now.batch_name) {
        db::messages::to_students(conn, &[(app.student_id, app.id)], &text)?;
    }
    audit(
        conn,
        actor,
        app.id,
        action.name(),
        serde_json::json!({ "state": app.state, "version": version }),
        serde_json::json!({ "state": next, "version": version + 1 }),
    )?;
    Ok(next)
}

/// The same step on many applications of a unit, each from its current
/// state; those it does not apply to are returned with the reason. A failed
/// step changes nothing: its writes come after its checks.
pub fn take_steps(
    conn: &mut DbConn,
    actor: &Actor,
    unit: UnitId,
    ids: &[ApplicationId],
    action: Action,
) -> Result<(u32, Vec<Skipped>), ApiError> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let apps = db::applications::by_ids(conn, &ids)?;
    if apps.len() != ids.len() || apps.iter().any(|a| a.unit_id != unit) {
        return Err(ApiError::with_message(
            ErrorCode::Forbidden,
            "只能处理本单位的申请",
        ));
    }
    let students: Vec<StudentId> = apps.iter().map(|a| a.student_id).collect();
    let names = db::students::names(conn, &students)?;
    let mut done = 0;
    let mut skipped = Vec::new();
    for app in &apps {
        match take_step(conn, actor, app, app.version, action) {
            Ok(_) => done += 1,
            Err(e) if e.code() == ErrorCode::Internal => return Err(e),
            Err(e) => {
                let (student_no, name) = names.get(&app.student_id).cloned().unwrap_or_default();
                skipped.push(Skipped {
                    student_no,
                    name,
                    reason: e.body.message,
                });
            }
        }
    }
    Ok((done, skipped))
}

/// The audit entry of a change to an application.
pub fn audit(
    conn: &mut DbConn,
    actor: &Actor,
    app: ApplicationId,
    action: &str,
    before: serde_json::Value,
    after: serde_json::Value,
) -> Result<(), ApiError> {
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "application",
            entity_id: Some(app.0),
            action,
            before: Some(before),
            after: Some(after),
        },
    )?;
    Ok(())
}
