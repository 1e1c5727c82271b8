//! 学科群管理 and 学位终审 (SPEC §2.8–2.9) on top of the committee machinery:
//! the major → group mapping and who falls in no group, the results
//! aggregated per group and unit, the final decisions (`decisions`), the
//! hearing before a refusal (`hearings`), and what each phase change waits
//! for (`phases`). Everything runs inside the caller's transaction.

pub mod decisions;
pub mod hearings;
pub mod phases;

use crate::db::final_review::{self as store, FinalApp};
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use crate::workflow;
use shared::authz::{check, Actor, Permission, Role, Scope};
use shared::dto::final_review::{
    AggregateRow, FinalOverview, FinalPage, FinalQuery, FinalRow, GroupView, GroupsOverview,
    MajorAssignment, ResultCounts,
};
use shared::error::{ErrorCode, FieldError};
use shared::ids::{BatchId, GroupId};
use shared::workflow::application::apply;
use shared::workflow::final_review::{check_hearing, mapping_locked, recommendation, HearingStep};
use shared::workflow::{Action, Decision, Facts, FinalDecision, Stage};
use std::collections::{BTreeMap, HashMap};

/// The active batch with its phase, or `no_active_batch`.
pub(crate) fn active(conn: &mut DbConn) -> Result<(BatchId, Facts), ApiError> {
    workflow::batch_facts(conn)?.ok_or_else(|| ApiError::new(ErrorCode::NoActiveBatch))
}

/// The batch a read is about: `chosen` (an earlier, completed batch to
/// browse it), or the current one.
fn viewed(conn: &mut DbConn, chosen: Option<BatchId>) -> Result<(BatchId, Facts), ApiError> {
    workflow::chosen_batch_facts(conn, chosen)?
        .ok_or_else(|| ApiError::new(ErrorCode::NoActiveBatch))
}

/// [`active`] for a change: the batch's row is held first (PostgreSQL), so
/// that a decision, the congress's meeting and a phase change do not
/// interleave.
pub(crate) fn active_for_change(conn: &mut DbConn) -> Result<(BatchId, Facts), ApiError> {
    db::batches::lock_active(conn)?;
    active(conn)
}

/// Major code → group, and group → name.
pub(crate) type Groups = (HashMap<String, GroupId>, HashMap<GroupId, String>);

/// The group of each major, with the group's name.
pub(crate) fn group_names(conn: &mut DbConn) -> Result<Groups, ApiError> {
    let names = db::groups::all(conn)?
        .into_iter()
        .map(|(id, _, name)| (id, name))
        .collect();
    Ok((db::groups::mapping(conn)?, names))
}

/// 学科群管理: every group with its majors, applicants and secretariat, and
/// the applicants whose major no group reviews.
pub fn groups(conn: &mut DbConn, actor: &Actor) -> Result<GroupsOverview, ApiError> {
    check(actor, Permission::ManageGroups, Scope::Global)?;
    let batch = workflow::batch_facts(conn)?;
    let majors = match batch {
        Some((b, _)) => db::groups::submitted_majors(conn, b)?,
        None => Vec::new(),
    };
    let (unassigned, unassigned_total) = match batch {
        Some((b, _)) => db::groups::unassigned(conn, b, 500)?,
        None => (Vec::new(), 0),
    };
    let mapping = db::groups::mapping(conn)?;
    let mut secretaries = db::groups::secretaries(conn)?;
    let counts: HashMap<&str, &shared::dto::final_review::MajorRow> =
        majors.iter().map(|m| (m.major_code.as_str(), m)).collect();
    let groups = db::groups::all(conn)?
        .into_iter()
        .map(|(id, code, name)| {
            let mut own: Vec<_> = mapping
                .iter()
                .filter(|(_, g)| **g == id)
                .map(|(m, _)| shared::dto::final_review::MajorRow {
                    major_code: m.clone(),
                    major_name: counts
                        .get(m.as_str())
                        .map(|r| r.major_name.clone())
                        .unwrap_or_default(),
                    applicants: counts.get(m.as_str()).map_or(0, |r| r.applicants),
                })
                .collect();
            own.sort_by(|a, b| a.major_code.cmp(&b.major_code));
            GroupView {
                id,
                code,
                name,
                applicants: own.iter().map(|m| m.applicants).sum(),
                majors: own,
                secretaries: secretaries.remove(&id).unwrap_or_default(),
            }
        })
        .collect();
    let lock = mapping_locked(batch.map(|(_, f)| f.phase));
    Ok(GroupsOverview {
        groups,
        unmapped_majors: majors
            .into_iter()
            .filter(|m| !mapping.contains_key(&m.major_code))
            .collect(),
        unassigned,
        unassigned_total,
        editable: lock.is_none(),
        locked_reason: lock.map(str::to_owned),
    })
}

/// Put a major into a group (or into none).
pub fn assign_major(
    conn: &mut DbConn,
    actor: &Actor,
    a: &MajorAssignment,
) -> Result<GroupsOverview, ApiError> {
    check(actor, Permission::ManageGroups, Scope::Global)?;
    let major = a.major_code.trim();
    if major.is_empty() || a.major_code.chars().count() > 20 {
        return Err(ApiError::validation(vec![FieldError::new(
            "major_code",
            "invalid",
            "请填写专业代码（最多 20 个字符）",
        )]));
    }
    if let Some(reason) = mapping_locked(workflow::batch_facts(conn)?.map(|(_, f)| f.phase)) {
        return Err(ApiError::with_message(ErrorCode::InvalidTransition, reason));
    }
    if let Some(g) = a.group_id {
        if !db::groups::exists(conn, g)? {
            return Err(ApiError::validation(vec![FieldError::new(
                "group_id",
                "unknown",
                "没有这个学科群",
            )]));
        }
    }
    let before = db::groups::assign(conn, major, a.group_id)?;
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "major_group",
            entity_id: None,
            action: "assign_major_group",
            before: Some(serde_json::json!({ "major_code": major, "group_id": before })),
            after: Some(serde_json::json!({ "major_code": major, "group_id": a.group_id })),
        },
    )?;
    groups(conn, actor)
}

fn add(
    c: &mut ResultCounts,
    state: Stage,
    prelim: Option<Decision>,
    sub: Option<Decision>,
    n: i64,
) {
    c.applicants += n;
    match (prelim, sub) {
        (Some(Decision::Failed), None) => c.prelim_failed += n,
        (Some(Decision::Deferred), None) => c.prelim_deferred += n,
        (_, Some(Decision::Passed)) => c.sub_passed += n,
        (_, Some(Decision::Failed)) => c.sub_failed += n,
        (_, Some(Decision::Deferred)) => c.sub_deferred += n,
        _ => c.sub_missing += n,
    }
    match state {
        Stage::FinalDecided(FinalDecision::Conferred) | Stage::CertificateIssued => {
            c.conferred += n
        }
        Stage::FinalDecided(FinalDecision::NotConferred) => c.not_conferred += n,
        Stage::FinalDecided(FinalDecision::Deferred) => c.deferred += n,
        _ => c.undecided += n,
    }
}

/// 学位终审: the batch's results per group and per unit.
pub fn overview(
    conn: &mut DbConn,
    actor: &Actor,
    chosen: Option<BatchId>,
) -> Result<FinalOverview, ApiError> {
    check(actor, Permission::FinalReview, Scope::Global)?;
    let (batch, facts) = viewed(conn, chosen)?;
    let (mapping, group_names) = group_names(conn)?;
    let unit_names: HashMap<i64, String> = db::units::list(conn)?
        .into_iter()
        .map(|u| (u.id.0, u.name))
        .collect();
    let mut totals = ResultCounts::default();
    let mut by_group: BTreeMap<i64, ResultCounts> = BTreeMap::new();
    let mut by_unit: BTreeMap<i64, ResultCounts> = BTreeMap::new();
    for r in store::counts(conn, batch)? {
        let group = r
            .major_code
            .as_ref()
            .and_then(|m| mapping.get(m))
            .map_or(0, |g| g.0);
        add(&mut totals, r.state, r.prelim, r.sub, r.n);
        add(
            by_group.entry(group).or_default(),
            r.state,
            r.prelim,
            r.sub,
            r.n,
        );
        add(
            by_unit.entry(r.unit.0).or_default(),
            r.state,
            r.prelim,
            r.sub,
            r.n,
        );
    }
    let row = |id: i64, name: String, counts: ResultCounts| AggregateRow { id, name, counts };
    Ok(FinalOverview {
        batch_id: batch,
        phase: facts.phase,
        totals,
        groups: by_group
            .into_iter()
            .map(|(id, c)| {
                let name = group_names
                    .get(&GroupId(id))
                    .cloned()
                    .unwrap_or_else(|| "（未归入学科群）".to_owned());
                row(id, name, c)
            })
            .collect(),
        units: by_unit
            .into_iter()
            .map(|(id, c)| row(id, unit_names.get(&id).cloned().unwrap_or_default(), c))
            .collect(),
        open_hearings: db::hearings::open_hearings(conn, batch)?,
    })
}

/// The final decisions the office may record now on `app`: each by the
/// workflow's rule (不授予学位 only once the hearing is recorded).
pub(crate) fn may_decide(app: &FinalApp, facts: Facts, heard: bool) -> Vec<FinalDecision> {
    let facts = Facts {
        refusal_heard: heard,
        ..facts
    };
    FinalDecision::ALL
        .into_iter()
        .filter(|d| {
            apply(
                app.state,
                Action::RecordFinalDecision(*d),
                Role::DegreeOffice,
                facts,
            )
            .is_ok()
        })
        .collect()
}

/// One page of the batch's submitted applicants with every decision so far.
pub fn list(conn: &mut DbConn, actor: &Actor, q: &FinalQuery) -> Result<FinalPage, ApiError> {
    check(actor, Permission::FinalReview, Scope::Global)?;
    let (page, per_page) = shared::dto::PageQuery {
        page: q.page,
        per_page: q.per_page,
    }
    .resolved();
    let (batch, facts) = viewed(conn, q.batch_id.map(BatchId))?;
    let (apps, total) = store::page(conn, batch, q)?;
    let ids: Vec<_> = apps.iter().map(|a| a.id).collect();
    let mut decisions = store::decisions(conn, &ids)?;
    let mut hearings = db::hearings::hearings_of(conn, &ids)?;
    let (mapping, group_names) = group_names(conn)?;
    let items = apps
        .into_iter()
        .map(|a| {
            let hearing = hearings.remove(&a.id);
            let heard = hearing.as_ref().is_some_and(|h| {
                h.status == shared::workflow::final_review::HearingStatus::Recorded
            });
            let may_propose_hearing = check_hearing(
                HearingStep::Propose,
                facts.phase,
                a.state,
                hearing.as_ref().map(|h| h.status),
                false,
            )
            .is_ok();
            FinalRow {
                may_decide: may_decide(&a, facts, heard),
                may_propose_hearing,
                application_id: a.id,
                version: a.version,
                group_name: a
                    .major_code
                    .as_ref()
                    .and_then(|m| mapping.get(m))
                    .and_then(|g| group_names.get(g))
                    .cloned(),
                recommendation: recommendation(a.prelim, a.sub),
                decision: decisions.remove(&a.id),
                hearing,
                student_no: a.student_no,
                name: a.name,
                kind: a.kind,
                unit_name: a.unit_name,
                major_name: a.major_name,
                state: a.state,
                prelim: a.prelim,
                subcommittee: a.sub,
            }
        })
        .collect();
    Ok(FinalPage {
        items,
        total,
        page,
        per_page,
    })
}
