//! The server's side of 学位信息核查, 封网 and the 纸质修改申请 (SPEC §2.7):
//! who reaches which records, the 核查 list, what a reviewer reads beside a
//! dossier, and the seal's precondition. The rules are
//! `shared::workflow::verification`'s; handlers call these in a transaction.

pub mod applying;
pub mod corrections;
pub mod flags;

use crate::committee::Seat;
use crate::db::applications::StoredApplication;
use crate::db::verification::Reach;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use shared::authz::{check, Actor, GrantScope, Permission, Role};
use shared::dossier::{field_label, FilledField};
use shared::dto::verification::{FieldChoice, ReviewRecord, VerificationPage, VerificationQuery};
use shared::error::{ErrorCode, FieldError};
use shared::ids::{ApplicationId, BatchId};
use shared::workflow::verification::{self as rules, GENERAL_FIELD};

/// The units and groups whose records `perm` reaches for the actor.
pub fn reach(actor: &Actor, perm: Permission) -> Reach {
    let mut r = Reach::default();
    for g in actor
        .grants
        .iter()
        .filter(|g| g.role.permissions().contains(&perm))
    {
        match g.scope {
            GrantScope::Global => r.all = true,
            GrantScope::Unit(u) => r.units.push(u.0),
            GrantScope::Group(g) => r.groups.push(g.0),
            GrantScope::Student(_) => {}
        }
    }
    r
}

/// Holds `perm` somewhere, else 403; the reach it gives.
pub fn reach_or_refuse(actor: &Actor, perm: Permission) -> Result<Reach, ApiError> {
    let r = reach(actor, perm);
    if r.all || !r.units.is_empty() || !r.groups.is_empty() {
        Ok(r)
    } else {
        Err(ApiError::new(ErrorCode::Forbidden))
    }
}

/// The batch in progress, or 409 `no_active_batch`.
pub fn active_batch(conn: &mut DbConn) -> Result<shared::dto::batch::Batch, ApiError> {
    db::batches::active(conn)?.ok_or_else(|| ApiError::new(ErrorCode::NoActiveBatch))
}

/// A dossier field's value as the record holds it now, as text (the field
/// history's form); `None` for an empty field, and for what is not a single
/// value (a general remark, the photo, the lists).
pub fn field_value(
    conn: &mut DbConn,
    app: &StoredApplication,
    field: &str,
) -> Result<Option<String>, ApiError> {
    if let Some(f) = FilledField::parse(field) {
        return Ok(app.filled.get(&f).cloned());
    }
    if field == GENERAL_FIELD {
        return Ok(None);
    }
    let rows = db::dossier::rows(conn, &[app.student_id])?;
    Ok(rows.first().and_then(|r| r.text(field)))
}

/// The label of a flag's or a correction's field.
pub fn label_of(field: &str) -> String {
    if field == GENERAL_FIELD {
        "综合意见".to_owned()
    } else {
        field_label(field).to_owned()
    }
}

/// 学位信息核查: the submitted applications of the current batch the actor
/// checks (every one for the office, the group's for its secretariat).
pub fn list(
    conn: &mut DbConn,
    actor: &Actor,
    q: &VerificationQuery,
) -> Result<VerificationPage, ApiError> {
    let reach = reach_or_refuse(actor, Permission::VerifySubmissions)?;
    let batch = active_batch(conn)?;
    let (page, counts) = db::verification::list(conn, &reach, batch.id, q)?;
    let items = page
        .items
        .into_iter()
        .map(|mut row| {
            row.may_flag = rules::check_flag(batch.phase, row.state).is_ok();
            row
        })
        .collect();
    Ok(VerificationPage {
        items,
        total: page.total,
        page: page.page,
        per_page: page.per_page,
        counts,
    })
}

/// What a reviewer reads beside a dossier: its 学位初审 record, its
/// 核查意见 (for those who see them) and its 纸质修改申请.
pub fn review_record(
    conn: &mut DbConn,
    actor: &Actor,
    id: ApplicationId,
) -> Result<ReviewRecord, ApiError> {
    let app = crate::workflow::find_visible(conn, actor, id)?;
    let scope = app.scope();
    let phase = crate::workflow::situation(conn, &app)?.facts.phase;
    // The committee's record is for those who review, not for the student.
    let reviews = [
        Permission::ViewCommittee,
        Permission::ReviewSubmitted,
        Permission::VerifySubmissions,
        Permission::ReviewAsMember,
    ]
    .into_iter()
    .any(|p| check(actor, p, scope).is_ok());
    let prelim = if reviews && app.state.is_reviewed() {
        let seat = Seat::prelim(app.unit_id);
        match db::committees::find(conn, seat.kind, seat.owner)? {
            Some(c) => db::committee_records::results(conn, c, &[app.id])?.remove(&app.id),
            None => None,
        }
    } else {
        None
    };
    let flags = if check(actor, Permission::ViewFlags, scope).is_ok() {
        db::flags::of_application(conn, app.id)?
    } else {
        Vec::new()
    };
    let corrections = if check(actor, Permission::ViewCorrections, scope).is_ok() {
        let loaded = db::corrections::of_application(conn, app.id)?;
        corrections::with_currency(conn, &app, loaded)?
    } else {
        Vec::new()
    };
    let may_flag = check(actor, Permission::VerifySubmissions, scope).is_ok()
        && rules::check_flag(phase, app.state).is_ok();
    let may_request_correction = shared::authz::check_role(actor, Role::UnitAdmin, scope).is_ok()
        && rules::correction_step(
            rules::CorrectionStep::Record,
            Role::UnitAdmin,
            phase,
            app.state,
            None,
        )
        .is_ok();
    Ok(ReviewRecord {
        application_id: app.id,
        prelim,
        flags,
        corrections,
        may_flag,
        may_request_correction,
        correctable_fields: rules::correctable_fields()
            .into_iter()
            .map(|f| FieldChoice {
                field: f.to_owned(),
                label: label_of(f),
            })
            .collect(),
    })
}

/// 封网's precondition (`shared::workflow::verification::blocks_seal`):
/// refused with `seal_blocked` naming every unit not yet submitted. Every
/// unit row is locked first (PostgreSQL), so that no submission or
/// reopening interleaves with the seal.
pub fn check_seal(conn: &mut DbConn, batch: BatchId) -> Result<(), ApiError> {
    db::units::lock_all(conn)?;
    let blockers = db::verification::seal_blockers(conn, batch)?;
    if blockers.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = blockers
        .iter()
        .map(|(code, name, n)| format!("{name}（{code}）{n} 人"))
        .collect();
    let mut e = ApiError::with_message(
        ErrorCode::SealBlocked,
        format!(
            "以下培养单位尚有申请学位学生未上报（或退回后未重新上报），不能封网：{}",
            names.join("、")
        ),
    );
    e.body.fields = blockers
        .into_iter()
        .map(|(code, name, n)| {
            FieldError::new(
                &code,
                "not_submitted",
                format!("{name}（{code}）：{n} 名申请学位学生尚未上报"),
            )
        })
        .collect();
    Err(e)
}
