//! 数据上报: a unit submits every application of its 申请学位学生 at once;
//! the degree office reopens a submission with a reason while the batch is
//! open. Each step goes through `shared::workflow::apply` per application,
//! then is written in a few statements; each is kept as an event.

use crate::committee::{self, Seat};
use crate::db::submissions::{self as store, Applicant};
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use shared::authz::{check, check_role, Actor, Permission, Role, Scope};
use shared::dto::committee::{
    Blocker, DecisionCounts, ResultView, SubmissionEventKind, SubmissionOverview,
    SubmissionOverviewRow, SubmissionStatus, VotingList, VotingListRow,
};
use shared::error::{ErrorCode, FieldError};
use shared::ids::{ApplicationId, BatchId, UnitId};
use shared::workflow::application::apply;
use shared::workflow::committee::CommitteeKind;
use shared::workflow::{Action, BatchPhase, Decision, Facts, Stage};
use std::collections::HashMap;

/// What stops the unit's applications from being submitted: each one
/// `shared::workflow::apply` refuses 数据上报 to (not 已审核, or without a
/// 学位初审 result), with the reason in the unit's words.
pub fn blockers(apps: &[Applicant], facts: Facts) -> Vec<Blocker> {
    apps.iter()
        .filter_map(|a| {
            let refused = apply(a.state, Action::Submit, Role::UnitAdmin, facts).err()?;
            let reason = match a.state {
                Stage::Filing => "学生尚未信息确认",
                Stage::Confirmed => "尚未审核（已审核）",
                Stage::Reviewed => "尚未填写学位初审结果",
                _ => refused.message(),
            };
            Some(Blocker {
                application_id: a.id,
                student_no: a.student_no.clone(),
                name: a.name.clone(),
                reason: reason.to_owned(),
            })
        })
        .collect()
}

fn counts(apps: &[Applicant]) -> DecisionCounts {
    let mut c = DecisionCounts::default();
    for a in apps {
        store::count_into(&mut c, a.state.stage(), a.prelim.map(Decision::as_str), 1);
    }
    c
}

/// The unit, its current batch and the facts: 404 for an unknown unit,
/// `no_active_batch` without one.
fn current(conn: &mut DbConn, unit: UnitId) -> Result<(BatchId, Facts), ApiError> {
    crate::workflow::unit_in_batch(conn, unit)?
        .ok_or_else(|| ApiError::new(ErrorCode::NoActiveBatch))
}

/// A unit's submission in the current batch: the unit's admin and the office.
pub fn status(
    conn: &mut DbConn,
    actor: &Actor,
    unit: UnitId,
) -> Result<SubmissionStatus, ApiError> {
    committee::check_view(actor, Seat::prelim(unit))?;
    let (batch, facts) = current(conn, unit)?;
    let row = store::status(conn, batch, unit)?;
    let apps = store::applicants(conn, store::Pool::Unit(unit), CommitteeKind::Prelim, batch)?;
    let blockers = if row.submitted {
        Vec::new()
    } else {
        blockers(&apps, facts)
    };
    let unit_name = db::units::unit_name(conn, unit)?.ok_or_else(ApiError::not_found)?;
    let batch_name = db::batches::find(conn, batch)?
        .map(|b| b.name)
        .unwrap_or_default();
    let scope = Scope::Unit(unit);
    let may_submit = check_role(actor, Role::UnitAdmin, scope).is_ok()
        && !row.submitted
        && blockers.is_empty()
        && !apps.is_empty()
        && apps
            .iter()
            .all(|a| apply(a.state, Action::Submit, Role::UnitAdmin, facts).is_ok());
    let may_reopen = check_role(actor, Role::DegreeOffice, scope).is_ok()
        && row.submitted
        && facts.phase == BatchPhase::Open
        && apps
            .iter()
            .filter(|a| a.state.is_submitted())
            .all(|a| apply(a.state, Action::ReopenSubmission, Role::DegreeOffice, facts).is_ok());
    Ok(SubmissionStatus {
        unit_id: unit,
        unit_name,
        batch_id: batch,
        batch_name,
        submitted: row.submitted,
        submitted_at: row.submitted_at.map(|t| t.and_utc()),
        reopen_reason: row.reopen_reason.filter(|_| !row.submitted),
        counts: counts(&apps),
        blockers,
        history: store::events(conn, batch, unit)?,
        may_submit,
        may_reopen,
        version: row.version,
    })
}

/// Move every application of `ids` by `action`, each checked by the rules,
/// and write one audit entry each.
fn step_all(
    conn: &mut DbConn,
    actor: &Actor,
    apps: &[&Applicant],
    (role, action): (Role, Action),
    facts: Facts,
) -> Result<(), ApiError> {
    let mut nexts = Vec::with_capacity(apps.len());
    for a in apps {
        nexts.push(apply(a.state, action, role, facts)?);
    }
    // Group by the next stage (all share it: submitted / prelim_decided).
    let mut by_stage: HashMap<(&'static str, &'static str), Vec<ApplicationId>> = HashMap::new();
    for (a, next) in apps.iter().zip(&nexts) {
        by_stage
            .entry((a.state.stage(), next.stage()))
            .or_default()
            .push(a.id);
    }
    for ((from, to), ids) in by_stage {
        if !db::applications::move_stage(conn, &ids, &[from], to, db::applications::Recorded::Keep)?
        {
            return Err(ApiError::new(ErrorCode::StaleVersion));
        }
    }
    let entries: Vec<(serde_json::Value, serde_json::Value)> = apps
        .iter()
        .zip(&nexts)
        .map(|(a, next)| {
            (
                serde_json::json!({ "state": a.state, "version": a.version }),
                serde_json::json!({ "state": next, "version": a.version + 1 }),
            )
        })
        .collect();
    let changes: Vec<Change<'_>> = apps
        .iter()
        .zip(&entries)
        .map(|(a, (before, after))| Change {
            actor: Some(actor),
            entity: "application",
            entity_id: Some(a.id.0),
            action: action.name(),
            before: Some(before.clone()),
            after: Some(after.clone()),
        })
        .collect();
    db::audit::record_many(conn, &changes)?;
    Ok(())
}

fn audit_unit(
    conn: &mut DbConn,
    actor: &Actor,
    unit: UnitId,
    action: &str,
    after: serde_json::Value,
) -> Result<(), ApiError> {
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "unit_submission",
            entity_id: Some(unit.0),
            action,
            before: None,
            after: Some(after),
        },
    )?;
    Ok(())
}

/// 数据上报: every application of the unit, at once; refused with the list
/// of offending students while any is not ready.
pub fn submit(
    conn: &mut DbConn,
    actor: &Actor,
    unit: UnitId,
    version: i32,
) -> Result<SubmissionStatus, ApiError> {
    check_role(actor, Role::UnitAdmin, Scope::Unit(unit))?;
    check(actor, Permission::ManageCommittee, Scope::Unit(unit))?;
    db::units::lock(conn, unit)?;
    let (batch, facts) = current(conn, unit)?;
    let row = store::status(conn, batch, unit)?;
    if row.version != version {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    if row.submitted {
        return Err(ApiError::with_message(
            ErrorCode::InvalidTransition,
            "本单位已上报数据",
        ));
    }
    let apps = store::applicants(conn, store::Pool::Unit(unit), CommitteeKind::Prelim, batch)?;
    if apps.is_empty() {
        return Err(ApiError::with_message(
            ErrorCode::SubmissionBlocked,
            "申请学位学生列表为空，没有可上报的数据",
        ));
    }
    let blocked = blockers(&apps, facts);
    if !blocked.is_empty() {
        let mut e = ApiError::new(ErrorCode::SubmissionBlocked);
        e.body.fields = blocked
            .into_iter()
            .map(|b| {
                FieldError::new(
                    &b.student_no,
                    "not_ready",
                    format!("{} {}：{}", b.student_no, b.name, b.reason),
                )
            })
            .collect();
        return Err(e);
    }
    if committee::chair(conn, Seat::prelim(unit))?.is_none() {
        return Err(ApiError::with_message(
            ErrorCode::SubmissionBlocked,
            "学位初审委员会尚未设主席，请先在“学位初审委员会”中指定主席",
        ));
    }
    let all: Vec<&Applicant> = apps.iter().collect();
    step_all(conn, actor, &all, (Role::UnitAdmin, Action::Submit), facts)?;
    if !store::mark_submitted(conn, batch, unit, version)? {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    let n = i64::try_from(apps.len()).unwrap_or(i64::MAX);
    crate::verification::flags::resolve_changed(conn, actor, batch, unit)?;
    store::record_event(
        conn,
        batch,
        unit,
        SubmissionEventKind::Submitted,
        actor,
        None,
        Some(n),
    )?;
    audit_unit(
        conn,
        actor,
        unit,
        "submit",
        serde_json::json!({ "batch": batch, "applications": n }),
    )?;
    status(conn, actor, unit)
}

/// 退回培养单位修改: the office reopens a unit's submission with a reason,
/// while the batch is open; the open 核查意见 of the unit are added to it as
/// its feedback (the reason may then be left empty). The unit's admins get
/// a message.
pub fn reopen(
    conn: &mut DbConn,
    actor: &Actor,
    unit: UnitId,
    version: i32,
    reason: &str,
) -> Result<SubmissionStatus, ApiError> {
    check_role(actor, Role::DegreeOffice, Scope::Unit(unit))?;
    let too_long = reason.chars().count() > 1000;
    let feedback = match db::batches::active(conn)? {
        Some(b) => crate::verification::flags::feedback(conn, b.id, unit)?,
        None => String::new(),
    };
    let reason = match (reason.trim(), feedback.is_empty()) {
        (typed, true) => typed.to_owned(),
        ("", false) => format!("核查意见：\n{feedback}"),
        (typed, false) => format!("{typed}\n核查意见：\n{feedback}"),
    };
    let reason = reason.as_str();
    if reason.is_empty() || too_long {
        return Err(ApiError::validation(vec![FieldError::new(
            "reason",
            if reason.is_empty() {
                "required"
            } else {
                "too_long"
            },
            "请填写退回原因（最多 1000 个字）",
        )]));
    }
    db::units::lock(conn, unit)?;
    let (batch, facts) = current(conn, unit)?;
    if facts.phase != BatchPhase::Open {
        return Err(shared::workflow::TransitionError::WrongPhase.into());
    }
    let row = store::status(conn, batch, unit)?;
    if row.version != version {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    if !row.submitted {
        return Err(ApiError::with_message(
            ErrorCode::InvalidTransition,
            "该培养单位尚未上报数据",
        ));
    }
    let apps = store::applicants(conn, store::Pool::Unit(unit), CommitteeKind::Prelim, batch)?;
    let submitted: Vec<&Applicant> = apps.iter().filter(|a| a.state.is_submitted()).collect();
    step_all(
        conn,
        actor,
        &submitted,
        (Role::DegreeOffice, Action::ReopenSubmission),
        facts,
    )?;
    if !store::mark_reopened(conn, batch, unit, version, reason)? {
        return Err(ApiError::new(ErrorCode::StaleVersion));
    }
    store::record_event(
        conn,
        batch,
        unit,
        SubmissionEventKind::Reopened,
        actor,
        Some(reason),
        None,
    )?;
    let admins = db::users::holding_unit_role(conn, Role::UnitAdmin, unit)?;
    db::messages::to_users(
        conn,
        &admins,
        &format!("国科大学位办已退回本单位的上报数据，请修改后重新上报。退回原因：{reason}"),
    )?;
    audit_unit(
        conn,
        actor,
        unit,
        "reopen_submission",
        serde_json::json!({ "batch": batch, "reason": reason }),
    )?;
    status(conn, actor, unit)
}

/// The degree office's overview: every unit's submission and counts.
pub fn overview(conn: &mut DbConn, actor: &Actor) -> Result<SubmissionOverview, ApiError> {
    check(actor, Permission::ViewSubmissions, Scope::Global)?;
    let batch =
        db::batches::active(conn)?.ok_or_else(|| ApiError::new(ErrorCode::NoActiveBatch))?;
    let rows = store::overview(conn, batch.id)?;
    let mut totals = DecisionCounts::default();
    let mut units_submitted = 0;
    let units = rows
        .into_iter()
        .map(|(unit_id, unit_code, unit_name, sub, counts)| {
            totals.applications += counts.applications;
            totals.passed += counts.passed;
            totals.failed += counts.failed;
            totals.deferred += counts.deferred;
            totals.undecided += counts.undecided;
            units_submitted += i64::from(sub.submitted);
            SubmissionOverviewRow {
                unit_id,
                unit_code,
                unit_name,
                submitted: sub.submitted,
                submitted_at: sub.submitted_at.map(|t| t.and_utc()),
                reopen_reason: sub.reopen_reason.filter(|_| !sub.submitted),
                counts,
            }
        })
        .collect();
    Ok(SubmissionOverview {
        batch_id: batch.id,
        batch_name: batch.name,
        units,
        units_submitted,
        totals,
    })
}

/// 表决授予学位名单, once every applicant of the unit has a result.
pub fn voting_list(conn: &mut DbConn, actor: &Actor, unit: UnitId) -> Result<VotingList, ApiError> {
    let seat = Seat::prelim(unit);
    committee::check_view(actor, seat)?;
    let (batch, _) = current(conn, unit)?;
    let (apps, results) = committee::applicants_with_results(conn, seat, batch)?;
    let missing: Vec<FieldError> = apps
        .iter()
        .filter(|a| !results.contains_key(&a.id))
        .map(|a| {
            FieldError::new(
                &a.student_no,
                "no_result",
                format!("{} {}：尚未填写学位初审结果", a.student_no, a.name),
            )
        })
        .collect();
    if apps.is_empty() || !missing.is_empty() {
        let mut e = ApiError::new(ErrorCode::ResultsIncomplete);
        if apps.is_empty() {
            e.body.message = "申请学位学生列表为空".to_owned();
        }
        e.body.fields = missing;
        return Err(e);
    }
    let view = committee::meeting(conn, actor, seat)?;
    let meeting = view
        .meeting
        .ok_or_else(|| ApiError::new(ErrorCode::MeetingNotRecorded))?;
    let chair = committee::chair(conn, seat)?;
    let rows = apps
        .iter()
        .zip(1..)
        .map(|(a, no)| {
            let r: &ResultView = &results[&a.id];
            VotingListRow {
                no,
                student_no: a.student_no.clone(),
                name: a.name.clone(),
                kind: a.kind,
                major: match (&a.major_code, &a.major_name) {
                    (Some(c), Some(n)) => format!("{c} {n}"),
                    (None, Some(n)) => n.clone(),
                    (Some(c), None) => c.clone(),
                    (None, None) => String::new(),
                },
                thesis_title: a.thesis_title.clone().unwrap_or_default(),
                advisor_name: a.advisor_name.clone().unwrap_or_default(),
                votes: r.votes,
                decision: r.decision,
                resolution: r.resolution.clone(),
            }
        })
        .collect();
    Ok(VotingList {
        unit_name: db::units::unit_name(conn, unit)?.unwrap_or_default(),
        batch_name: db::batches::find(conn, batch)?
            .map(|b| b.name)
            .unwrap_or_default(),
        held_on: meeting.held_on,
        attendance: meeting.attendance,
        chair,
        rows,
    })
}
