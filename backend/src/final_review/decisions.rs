//! The 学位终审 decisions: one applicant at a time (accepting the
//! recommendation, overriding it with a reason, or by the congress's vote
//! under the one decision rule), or every recommendation at once. Each
//! step goes through `shared::workflow::apply`: 不授予学位 needs the hearing
//! recorded.

use super::{active_for_change, may_decide};
use crate::db::applications::Recorded;
use crate::db::committees as committee_store;
use crate::db::final_review::{self as store, DecisionRecord, FinalApp};
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use shared::authz::{check, Actor, Permission, Role, Scope};
use shared::dto::application::{BulkOutcome, Skipped};
use shared::dto::final_review::{
    AcceptRecommendations, DecisionBasis, FinalDecisionInput, FinalQuery, FinalRow,
};
use shared::error::{ErrorCode, FieldError};
use shared::ids::{ApplicationId, BatchId};
use shared::workflow::application::apply;
use shared::workflow::committee::{CommitteeKind, VoteProblem};
use shared::workflow::final_review::{
    as_committee_decision, blocks_advance, recommendation, HearingStatus,
};
use shared::workflow::{Action, BatchPhase, Facts, FinalDecision, Stage, TransitionError};
use std::collections::HashMap;

/// The student's message once the final decision is recorded.
const DECIDED_NOTICE: &str =
    "学位评定委员会已对你的学位申请作出学位终审决定，请在“学位评定结果”中查看。";

fn too_long(reason: Option<&str>) -> Result<(), ApiError> {
    if reason.is_some_and(|r| r.chars().count() > 2000) {
        return Err(ApiError::validation(vec![FieldError::new(
            "reason",
            "too_long",
            "理由最多 2000 个字",
        )]));
    }
    Ok(())
}

/// What a decision on `app` rests on, checked: the congress's vote by the
/// rule against its meeting, else the recommendation, else an override
/// that needs its reason. 缓议 always needs its resolution (the reason).
fn basis(
    conn: &mut DbConn,
    batch: BatchId,
    app: &FinalApp,
    input: &FinalDecisionInput,
    reason: Option<&str>,
) -> Result<DecisionBasis, ApiError> {
    let need_reason =
        |message: &str| ApiError::validation(vec![FieldError::new("reason", "required", message)]);
    if input.decision == FinalDecision::Deferred && reason.is_none() {
        return Err(need_reason("缓议须填写缓议决议"));
    }
    if let Some(votes) = input.votes {
        let committee = committee_store::find_or_create(
            conn,
            CommitteeKind::Congress,
            crate::db::committees::Owner::University,
        )?;
        let meeting = committee_store::meeting(conn, committee, batch)?
            .ok_or_else(|| ApiError::new(ErrorCode::MeetingNotRecorded))?;
        let rule = committee_store::rule(conn, CommitteeKind::Congress)?.rule;
        rule.check_decision(
            meeting.attendance,
            votes,
            as_committee_decision(input.decision),
            reason,
            reason,
        )
        .map_err(|p: VoteProblem| crate::committee::vote_error(p, rule))?;
        return Ok(DecisionBasis::Vote);
    }
    if recommendation(app.prelim, app.sub) == Some(input.decision) {
        Ok(DecisionBasis::Recommendation)
    } else if reason.is_none() {
        Err(need_reason("改变学科群分会的建议须填写理由"))
    } else {
        Ok(DecisionBasis::Override)
    }
}

/// Has the hearing before a refusal been recorded for each of these?
fn heard(
    conn: &mut DbConn,
    ids: &[ApplicationId],
) -> Result<HashMap<ApplicationId, bool>, ApiError> {
    Ok(db::hearings::hearings_of(conn, ids)?
        .into_iter()
        .map(|(id, h)| (id, h.status == HearingStatus::Recorded))
        .collect())
}

/// Record the final decision on one applicant, as of the version read.
pub fn decide(
    conn: &mut DbConn,
    actor: &Actor,
    id: ApplicationId,
    input: &FinalDecisionInput,
) -> Result<FinalRow, ApiError> {
    check(actor, Permission::FinalReview, Scope::Global)?;
    let reason = input
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    too_long(reason)?;
    let (batch, facts) = active_for_change(conn)?;
    let stored = db::applications::find(conn, id)?.ok_or_else(ApiError::not_found)?;
    let app = store::one(conn, id)?.ok_or_else(ApiError::not_found)?;
    if stored.batch_id != batch || !app.state.is_submitted() {
        return Err(TransitionError::WrongState.into());
    }
    if app.version != input.version {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    let heard = heard(conn, &[id])?.get(&id).copied().unwrap_or(false);
    let facts = Facts {
        refusal_heard: heard,
        ..facts
    };
    let action = Action::RecordFinalDecision(input.decision);
    let next = apply(app.state, action, Role::DegreeOffice, facts)?;
    let basis = basis(conn, batch, &app, input, reason)?;
    let before = store::decisions(conn, &[id])?.remove(&id);
    if !db::applications::set_state(conn, &stored, input.version, next)? {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    store::put_decisions(
        conn,
        batch,
        &[id],
        &DecisionRecord {
            decision: input.decision,
            basis,
            reason,
            votes: input.votes,
            by: &actor.display_name,
        },
    )?;
    let after = store::decisions(conn, &[id])?.remove(&id);
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "application",
            entity_id: Some(id.0),
            action: action.name(),
            before: Some(
                serde_json::json!({ "state": app.state, "version": app.version, "decision": before }),
            ),
            after: Some(
                serde_json::json!({ "state": next, "version": app.version + 1, "decision": after }),
            ),
        },
    )?;
    db::messages::to_students(conn, &[(app.student_id, app.id)], DECIDED_NOTICE)?;
    let page = super::list(
        conn,
        actor,
        &FinalQuery {
            q: Some(app.student_no.clone()),
            unit_id: Some(app.unit_id.0),
            per_page: Some(200),
            ..FinalQuery::default()
        },
    )?;
    page.items
        .into_iter()
        .find(|r| r.application_id == id)
        .ok_or_else(ApiError::not_found)
}

/// 采纳分会建议: every applicant of the batch (of one group or unit) without
/// a final decision gets the one recommended, in one transaction. A
/// recommended refusal whose hearing is not recorded is skipped, named.
pub fn accept_all(
    conn: &mut DbConn,
    actor: &Actor,
    req: &AcceptRecommendations,
) -> Result<BulkOutcome, ApiError> {
    check(actor, Permission::FinalReview, Scope::Global)?;
    let (batch, facts) = active_for_change(conn)?;
    if facts.phase != BatchPhase::FinalReview {
        return Err(TransitionError::WrongPhase.into());
    }
    let apps = store::all(
        conn,
        batch,
        &FinalQuery {
            group_id: req.group_id.map(|g| g.0),
            unit_id: req.unit_id.map(|u| u.0),
            decided: Some(false),
            ..FinalQuery::default()
        },
    )?;
    let refusals: Vec<ApplicationId> = apps
        .iter()
        .filter(|a| recommendation(a.prelim, a.sub) == Some(FinalDecision::NotConferred))
        .map(|a| a.id)
        .collect();
    let heard = heard(conn, &refusals)?;
    let mut skipped = Vec::new();
    let mut by_decision: HashMap<FinalDecision, Vec<&FinalApp>> = HashMap::new();
    for a in &apps {
        let Some(r) = recommendation(a.prelim, a.sub) else {
            skipped.push(Skipped {
                student_no: a.student_no.clone(),
                name: a.name.clone(),
                reason: "学科群分会尚未评审".to_owned(),
            });
            continue;
        };
        let is_heard = heard.get(&a.id).copied().unwrap_or(false);
        if !may_decide(a, facts, is_heard).contains(&r) {
            let reason = if r == FinalDecision::NotConferred && !is_heard {
                "建议不授予学位，须先完成陈述申辩"
            } else {
                "当前状态不能作出学位终审决定"
            };
            skipped.push(Skipped {
                student_no: a.student_no.clone(),
                name: a.name.clone(),
                reason: reason.to_owned(),
            });
            continue;
        }
        by_decision.entry(r).or_default().push(a);
    }
    let mut done = 0u32;
    for decision in FinalDecision::ALL {
        let Some(group) = by_decision.remove(&decision) else {
            continue;
        };
        let action = Action::RecordFinalDecision(decision);
        let ids: Vec<ApplicationId> = group.iter().map(|a| a.id).collect();
        // Only from the undecided stages: a decision recorded meanwhile
        // makes the statement fall short, and the request stale.
        let mut from: Vec<&'static str> = Stage::all()
            .into_iter()
            .filter(|s| blocks_advance(BatchPhase::FinalReview, *s))
            .map(Stage::stage)
            .collect();
        from.dedup();
        let next = Stage::FinalDecided(decision);
        if !db::applications::move_stage(
            conn,
            &ids,
            &from,
            next.stage(),
            Recorded::Final(decision),
        )? {
            return Err(ApiError::new(ErrorCode::StaleVersion));
        }
        // A deferral carries the committee's 缓议决议 as its reason.
        let resolutions = if decision == FinalDecision::Deferred {
            store::deferral_resolutions(conn, &ids)?
        } else {
            HashMap::new()
        };
        let (with, without): (Vec<ApplicationId>, Vec<ApplicationId>) =
            ids.iter().partition(|id| resolutions.contains_key(id));
        let record = |reason| DecisionRecord {
            decision,
            basis: DecisionBasis::Recommendation,
            reason,
            votes: None,
            by: &actor.display_name,
        };
        store::put_decisions(conn, batch, &without, &record(None))?;
        for id in with {
            let reason = resolutions.get(&id).map(String::as_str);
            store::put_decisions(conn, batch, &[id], &record(reason))?;
        }
        let changes: Vec<Change<'_>> = group
            .iter()
            .map(|a| Change {
                actor: Some(actor),
                entity: "application",
                entity_id: Some(a.id.0),
                action: action.name(),
                before: Some(serde_json::json!({ "state": a.state, "version": a.version })),
                after: Some(serde_json::json!({
                    "state": next,
                    "version": a.version + 1,
                    "basis": DecisionBasis::Recommendation,
                })),
            })
            .collect();
        db::audit::record_many(conn, &changes)?;
        let students: Vec<_> = group.iter().map(|a| (a.student_id, a.id)).collect();
        db::messages::to_students(conn, &students, DECIDED_NOTICE)?;
        done += u32::try_from(ids.len()).unwrap_or(u32::MAX);
    }
    Ok(BulkOutcome { done, skipped })
}
