//! The network center's part of the 纸质修改申请: once the final review has
//! ended, an approved request's value is written into the record — the only
//! way a sealed record changes — with its field-history row and audit entry.

use super::corrections::{audit, find, invalid, reloaded, step};
use super::field_value;
use crate::db::applications::StoredApplication;
use crate::db::history::{Author, FieldEdit};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use shared::authz::Actor;
use shared::dossier::FilledField;
use shared::dto::application::ChangeSource;
use shared::dto::verification::{AppliedCorrections, Correction, NotApplied};
use shared::error::ErrorCode;
use shared::workflow::verification::CorrectionStep;

/// The network center applies an approved request: the field's new value,
/// its field-history row ("修改申请 #n") and the audit entry, in the
/// caller's transaction. Refused with `correction_stale` when the record no
/// longer holds the request's "current value"; nothing is written then.
pub fn apply(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
    version: i32,
) -> Result<Correction, ApiError> {
    let (c, app) = find(conn, actor, id)?;
    let to = step(conn, actor, &app, CorrectionStep::Apply, Some(c.status))?;
    if c.version != version {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    let now = field_value(conn, &app, &c.field)?;
    if now != c.current_value {
        return Err(ApiError::with_message(
            ErrorCode::CorrectionStale,
            format!(
                "修改申请 #{id} 的“当前值”（{}）与系统记录（{}）不一致，未执行，需人工核对",
                c.current_value.as_deref().unwrap_or("空"),
                now.as_deref().unwrap_or("空")
            ),
        ));
    }
    write_value(conn, &app, &c)?;
    db::history::record(
        conn,
        Author {
            source: ChangeSource::Correction,
            system: None,
            actor: Some(actor),
            correction: Some(id),
        },
        &[(
            app.student_id,
            Some(app.id),
            FieldEdit {
                field: c.field.clone(),
                old_value: now.clone(),
                new_value: c.requested_value.clone(),
            },
        )],
    )?;
    if !db::corrections::set_status(conn, id, version, (c.status, to), &actor.display_name, None)? {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    audit(
        conn,
        actor,
        id,
        CorrectionStep::Apply.name(),
        serde_json::json!({ "application": app.id, "field": c.field, "old_value": now, "new_value": c.requested_value }),
    )?;
    reloaded(conn, actor, id)
}

/// Write the request's value into the record: a filled field into the
/// application, a synced one into the student's row; the application gets
/// a new version either way.
fn write_value(conn: &mut DbConn, app: &StoredApplication, c: &Correction) -> Result<(), ApiError> {
    let stale = || ApiError::new(ErrorCode::StaleVersion);
    if let Some(f) = FilledField::parse(&c.field) {
        let mut values = app.filled.clone();
        match &c.requested_value {
            Some(v) => values.insert(f, v.clone()),
            None => values.remove(&f),
        };
        if !db::applications::save_filled(conn, app.id, app.version, &values)? {
            return Err(stale());
        }
        return Ok(());
    }
    let value = c.requested_value.as_deref().unwrap_or_default();
    if !db::students::set_synced_value(conn, app.student_id, &c.field, value)? {
        return Err(invalid(
            "field",
            "not_correctable",
            "该字段不能通过修改申请更正",
        ));
    }
    if !db::applications::touch(conn, app.id, app.version)? {
        return Err(stale());
    }
    Ok(())
}

/// Apply many approved requests, each as [`apply`] does; those refused (a
/// stale "current value", a status that changed) are listed and left as
/// they are.
pub fn apply_many(
    conn: &mut DbConn,
    actor: &Actor,
    ids: &[i64],
) -> Result<AppliedCorrections, ApiError> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut applied = 0;
    let mut skipped = Vec::new();
    for id in ids {
        let version = match find(conn, actor, id) {
            Ok((c, _)) => c.version,
            Err(e) if e.code() == ErrorCode::Internal => return Err(e),
            Err(e) => {
                skipped.push(NotApplied {
                    id,
                    student_no: String::new(),
                    reason: e.body.message,
                });
                continue;
            }
        };
        // Each in a savepoint: a refused one leaves nothing behind.
        match db::transaction(conn, |conn| apply(conn, actor, id, version)) {
            Ok(_) => applied += 1,
            Err(e) if e.code() == ErrorCode::Internal => return Err(e),
            Err(e) => {
                let student_no = find(conn, actor, id)
                    .map(|(c, _)| c.student_no)
                    .unwrap_or_default();
                skipped.push(NotApplied {
                    id,
                    student_no,
                    reason: e.body.message,
                });
            }
        }
    }
    Ok(AppliedCorrections { applied, skipped })
}
