//! “保存” on 全部学生列表: open filing (申请学位) for some students of a
//! unit and withdraw it for others, in the current batch.

use super::audit;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use shared::authz::{Actor, Role};
use shared::dto::application::{FilingChange, Skipped};
use shared::error::ErrorCode;
use shared::ids::{ApplicationId, StudentId, UnitId};
use shared::workflow::{self, Action, BatchPhase, Stage, TransitionError};

/// What a filing change did.
pub struct FilingDone {
    /// The students whose filing was opened, with their application.
    pub opened: Vec<(StudentId, ApplicationId)>,
    pub cancelled: u32,
    pub skipped: Vec<Skipped>,
}

/// Why a student of the change was left alone, in the filing list's words.
fn skip_reason(action: Action, current: Stage, e: TransitionError) -> &'static str {
    match (action, e) {
        (Action::OpenFiling, TransitionError::WrongState) => "已在申请学位学生列表中",
        (Action::CancelFiling, TransitionError::WrongState) if current.is_confirmed() => {
            "学生已确认信息，不能取消申请学位"
        }
        (Action::CancelFiling, TransitionError::WrongState) => "尚未申请学位",
        (_, e) => e.message(),
    }
}

/// Open and cancel filing for students of `unit` (the caller checked the
/// actor is its unit admin); every student of another unit refuses the
/// whole change. Each opened student gets a message.
pub fn change_filing(
    conn: &mut DbConn,
    actor: &Actor,
    unit: UnitId,
    change: &FilingChange,
) -> Result<FilingDone, ApiError> {
    let batch = db::batches::active(conn)?.ok_or_else(|| {
        ApiError::with_message(
            ErrorCode::NoActiveBatch,
            "尚未开通评审批次，不能开通学生填报",
        )
    })?;
    if batch.phase != BatchPhase::Open {
        return Err(TransitionError::WrongPhase.into());
    }
    let mut ids: Vec<StudentId> = change.open.iter().chain(&change.cancel).copied().collect();
    let students = db::students::find_targets(conn, &ids)?;
    ids.sort_unstable();
    ids.dedup();
    if students.len() != ids.len() || students.iter().any(|s| s.unit_id != unit) {
        return Err(ApiError::with_message(
            ErrorCode::Forbidden,
            "只能为本单位的学生开通或取消申请学位",
        ));
    }
    let names = db::students::names(conn, &ids)?;
    let existing = db::applications::of_students(conn, batch.id, &ids)?;
    let facts = super::list_facts(conn, batch.id, batch.phase, unit)?;
    let mut done = FilingDone {
        opened: Vec::new(),
        cancelled: 0,
        skipped: Vec::new(),
    };
    for (action, requested) in [
        (Action::OpenFiling, &change.open),
        (Action::CancelFiling, &change.cancel),
    ] {
        for student in requested {
            let app = existing.iter().find(|a| a.student_id == *student);
            let current = app.map_or(Stage::NotApplied, |a| a.state);
            let next = match workflow::application::apply(current, action, Role::UnitAdmin, facts) {
                Ok(next) => next,
                Err(e) => {
                    let (student_no, name) = names.get(student).cloned().unwrap_or_default();
                    done.skipped.push(Skipped {
                        student_no,
                        name,
                        reason: skip_reason(action, current, e).to_owned(),
                    });
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
                None => db::applications::insert_filing(conn, batch.id, *student, unit)?,
            };
            audit(
                conn,
                actor,
                app_id,
                action.name(),
                serde_json::json!({ "state": current }),
                serde_json::json!({ "state": next, "student_id": student }),
            )?;
            match action {
                Action::OpenFiling => done.opened.push((*student, app_id)),
                _ => done.cancelled += 1,
            }
        }
    }
    if let Some(text) = Action::OpenFiling.student_notice(&batch.name) {
        db::messages::to_students(conn, &done.opened, &text)?;
    }
    Ok(done)
}
