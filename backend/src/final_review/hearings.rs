//! The hearing before a refusal (学位法 art. 39): the office tells the
//! applicant what is proposed, with the facts and reasons, and the period
//! for a statement; the applicant states their case or waives it; the office
//! records the hearing, after which `shared::workflow` allows 不授予学位.
//! The student sees the final decision and, for a refusal, its reasons.

use super::{active, active_for_change};
use crate::db::final_review as store;
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use shared::authz::{check, Actor, Permission, Scope};
use shared::dto::final_review::{
    HearingAnswer, HearingProposal, HearingRecordInput, HearingRow, HearingView, MyDecision,
};
use shared::error::{ErrorCode, FieldError};
use shared::ids::ApplicationId;
use shared::workflow::final_review::{
    check_hearing, HearingRefusal, HearingStep, DEFAULT_HEARING_DAYS, MAX_HEARING_DAYS,
};
use shared::workflow::{FinalDecision, Stage};

fn refused(r: HearingRefusal) -> ApiError {
    ApiError::with_message(ErrorCode::InvalidTransition, r.message())
}

fn text(field: &str, value: &str, max: usize, label: &str) -> Result<(), ApiError> {
    if value.trim().is_empty() {
        return Err(ApiError::validation(vec![FieldError::new(
            field,
            "required",
            format!("请填写{label}"),
        )]));
    }
    if value.chars().count() > max {
        return Err(ApiError::validation(vec![FieldError::new(
            field,
            "too_long",
            format!("{label}最多 {max} 个字"),
        )]));
    }
    Ok(())
}

fn audit(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: Option<&HearingView>,
    after: &HearingView,
) -> Result<(), ApiError> {
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "hearing",
            entity_id: Some(after.id),
            action,
            before: before.map(|h| serde_json::json!(h)),
            after: Some(serde_json::json!(after)),
        },
    )?;
    Ok(())
}

/// 拟不授予学位: tell the applicant, who may state their case within the
/// period (default 5 days).
pub fn propose(
    conn: &mut DbConn,
    actor: &Actor,
    id: ApplicationId,
    p: &HearingProposal,
) -> Result<HearingView, ApiError> {
    check(actor, Permission::FinalReview, Scope::Global)?;
    text(
        "facts_and_reasons",
        &p.facts_and_reasons,
        2000,
        "拟不授予学位的事实和理由",
    )?;
    let days = p.days.unwrap_or(DEFAULT_HEARING_DAYS);
    if !(1..=MAX_HEARING_DAYS).contains(&days) {
        return Err(ApiError::validation(vec![FieldError::new(
            "days",
            "out_of_range",
            format!("陈述申辩期限应为 1 到 {MAX_HEARING_DAYS} 天"),
        )]));
    }
    let (batch, facts) = active_for_change(conn)?;
    let app = db::applications::find(conn, id)?.ok_or_else(ApiError::not_found)?;
    if app.batch_id != batch {
        return Err(refused(HearingRefusal::NotRefusable));
    }
    if app.version != p.version {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    let existing = db::hearings::hearings_of(conn, &[id])?.remove(&id);
    check_hearing(
        HearingStep::Propose,
        facts.phase,
        app.state,
        existing.map(|h| h.status),
        false,
    )
    .map_err(refused)?;
    let at = crate::db::now();
    let deadline = at + chrono::Duration::days(i64::from(days));
    let facts_and_reasons = p.facts_and_reasons.trim();
    let hearing = db::hearings::propose(
        conn,
        id,
        batch,
        facts_and_reasons,
        (at, deadline),
        &actor.display_name,
    )?;
    let view = db::hearings::hearing(conn, hearing)?.ok_or_else(ApiError::not_found)?;
    let deadline_text = deadline
        .and_utc()
        .with_timezone(&crate::clock::beijing())
        .format("%Y-%m-%d %H:%M");
    db::messages::to_students(
        conn,
        &[(app.student_id, id)],
        &format!(
            "学位评定委员会拟对你作出不授予学位的决定。事实和理由：{facts_and_reasons}。你可以在 {deadline_text} 前在“学位评定结果”中提交陈述和申辩，也可以放弃。"
        ),
    )?;
    audit(conn, actor, "propose_refusal", None, &view)?;
    Ok(view)
}

/// The student's own decision and hearing, in the active batch.
pub fn mine(conn: &mut DbConn, actor: &Actor) -> Result<MyDecision, ApiError> {
    let student = actor
        .grants
        .iter()
        .find_map(|g| match g.scope {
            shared::authz::GrantScope::Student(s) if g.role == shared::authz::Role::Student => {
                Some(s)
            }
            _ => None,
        })
        .ok_or_else(|| ApiError::new(ErrorCode::Forbidden))?;
    // The active batch's application, else the latest one of a completed
    // batch (its decision stays readable).
    let app = match crate::workflow::current_application(conn, student) {
        Ok(app) => app,
        Err(e) => db::applications::latest_for_student(conn, student)?
            .filter(|a| a.state.is_submitted())
            .ok_or(e)?,
    };
    check(actor, Permission::RespondHearing, app.scope())?;
    let batch_name = db::batches::find(conn, app.batch_id)?
        .map(|b| b.name)
        .unwrap_or_default();
    let hearing = db::hearings::hearings_of(conn, &[app.id])?.remove(&app.id);
    let decided = store::decisions(conn, &[app.id])?.remove(&app.id);
    let decision = match app.state {
        Stage::FinalDecided(d) => Some(d),
        Stage::CertificateIssued => Some(FinalDecision::Conferred),
        _ => None,
    };
    let reasons = match decision {
        Some(FinalDecision::NotConferred | FinalDecision::Deferred) => decided
            .and_then(|d| d.reason)
            .or_else(|| hearing.as_ref().map(|h| h.facts_and_reasons.clone())),
        _ => None,
    };
    let facts = crate::workflow::batch_facts(conn)?;
    let may_answer = match (facts, hearing.as_ref()) {
        (Some((_, f)), Some(h)) => check_hearing(
            HearingStep::State,
            f.phase,
            app.state,
            Some(h.status),
            h.period_over,
        )
        .is_ok(),
        _ => false,
    };
    let certificate_no = (app.state == Stage::CertificateIssued)
        .then(|| crate::db::degree_data::numbers_of(conn, app.id))
        .transpose()?
        .and_then(|v| v.into_iter().find(|r| r.revoked_at.is_none()))
        .map(|r| r.number);
    Ok(MyDecision {
        batch_name,
        certificate_no,
        state: app.state,
        decision,
        reasons,
        hearing,
        may_answer,
    })
}

/// The applicant's statement (陈述、申辩), or its waiver, within the period.
pub fn answer(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
    a: &HearingAnswer,
) -> Result<HearingView, ApiError> {
    let before = db::hearings::hearing(conn, id)?.ok_or_else(ApiError::not_found)?;
    let app =
        db::applications::find(conn, before.application_id)?.ok_or_else(ApiError::not_found)?;
    check(actor, Permission::RespondHearing, app.scope())?;
    let statement = match (a.waive, a.statement.as_deref()) {
        (true, _) => None,
        (false, s) => {
            let s = s.unwrap_or("");
            text("statement", s, 5000, "陈述和申辩")?;
            Some(s.trim())
        }
    };
    let step = if a.waive {
        HearingStep::Waive
    } else {
        HearingStep::State
    };
    let (batch, facts) = active_for_change(conn)?;
    if app.batch_id != batch {
        return Err(refused(HearingRefusal::NotRefusable));
    }
    check_hearing(
        step,
        facts.phase,
        app.state,
        Some(before.status),
        before.period_over,
    )
    .map_err(refused)?;
    if !db::hearings::answer(conn, id, a.version, statement)? {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    let after = db::hearings::hearing(conn, id)?.ok_or_else(ApiError::not_found)?;
    audit(
        conn,
        actor,
        if a.waive {
            "waive_hearing"
        } else {
            "state_hearing"
        },
        Some(&before),
        &after,
    )?;
    Ok(after)
}

/// The office records the hearing: after the statement, its waiver, or
/// the period's end.
pub fn record(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
    r: &HearingRecordInput,
) -> Result<HearingView, ApiError> {
    check(actor, Permission::FinalReview, Scope::Global)?;
    text("record", &r.record, 2000, "陈述申辩情况记录")?;
    let before = db::hearings::hearing(conn, id)?.ok_or_else(ApiError::not_found)?;
    let app =
        db::applications::find(conn, before.application_id)?.ok_or_else(ApiError::not_found)?;
    let (batch, facts) = active_for_change(conn)?;
    if app.batch_id != batch {
        return Err(refused(HearingRefusal::NotRefusable));
    }
    check_hearing(
        HearingStep::Record,
        facts.phase,
        app.state,
        Some(before.status),
        before.period_over,
    )
    .map_err(refused)?;
    if !db::hearings::record(conn, id, r.version, r.record.trim(), &actor.display_name)? {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    let after = db::hearings::hearing(conn, id)?.ok_or_else(ApiError::not_found)?;
    audit(conn, actor, "record_hearing", Some(&before), &after)?;
    Ok(after)
}

/// The batch's hearings, newest first.
pub fn list(conn: &mut DbConn, actor: &Actor) -> Result<Vec<HearingRow>, ApiError> {
    check(actor, Permission::FinalReview, Scope::Global)?;
    let (batch, _) = active(conn)?;
    Ok(db::hearings::hearing_list(conn, batch)?
        .into_iter()
        .map(|(student_no, name, unit_name, hearing)| HearingRow {
            student_no,
            name,
            unit_name,
            hearing,
        })
        .collect())
}
