//! 学位初审结果 and 分会评审结果: one result for one or many applicants, by
//! the rule, each applicant's step through `shared::workflow::apply`, all
//! or nothing.

use super::{check_change, stale, vote_error, Seat};
use crate::db::applications::Recorded;
use crate::db::committees as store;
use crate::db::submissions::Pool;
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use shared::authz::Actor;
use shared::dto::application::BulkOutcome;
use shared::dto::committee::ResultsRequest;
use shared::error::{ErrorCode, FieldError};
use shared::ids::ApplicationId;
use shared::workflow::committee::CommitteeKind;
use shared::workflow::{application::apply, Stage};

/// Record one result for these applicants (one, or many with the same
/// counts): every count checked against the meeting and the rule, every
/// applicant's step through `shared::workflow::apply`. All or nothing: a
/// stale or ineligible applicant refuses the request, listing each.
pub fn record_results(
    conn: &mut DbConn,
    actor: &Actor,
    seat: Seat,
    req: &ResultsRequest,
) -> Result<BulkOutcome, ApiError> {
    let pool = seat.pool().ok_or_else(ApiError::not_found)?;
    let (batch, facts) =
        check_change(conn, actor, seat)?.ok_or_else(|| ApiError::new(ErrorCode::NoActiveBatch))?;
    let action = seat
        .kind
        .record_action(req.result.decision)
        .ok_or_else(ApiError::not_found)?;
    let role = seat.kind.manager();
    let limit = |s: &Option<String>, field: &str, label: &str| {
        (s.as_deref().is_some_and(|s| s.chars().count() > 2000))
            .then(|| FieldError::new(field, "too_long", format!("{label}最多 2000 个字")))
    };
    let too_long: Vec<FieldError> = [
        limit(&req.result.resolution, "resolution", "缓议决议"),
        limit(&req.result.reason, "reason", "理由"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !too_long.is_empty() {
        return Err(ApiError::validation(too_long));
    }
    if req.applications.is_empty() || req.applications.len() > crate::routes::MAX_BULK {
        return Err(ApiError::validation(vec![FieldError::new(
            "applications",
            "count",
            format!("一次可为 1 到 {} 名学生填写结果", crate::routes::MAX_BULK),
        )]));
    }
    let committee = store::find_or_create(conn, seat.kind, seat.owner)?;
    let meeting = store::meeting(conn, committee, batch)?
        .ok_or_else(|| ApiError::new(ErrorCode::MeetingNotRecorded))?;
    let rule = store::rule(conn, seat.kind)?.rule;
    rule.check_decision(
        meeting.attendance,
        req.result.votes,
        req.result.decision,
        req.result.resolution.as_deref(),
        req.result.reason.as_deref(),
    )
    .map_err(|p| vote_error(p, rule))?;

    let mut ids: Vec<ApplicationId> = req.applications.iter().map(|a| a.id).collect();
    ids.sort_unstable();
    ids.dedup();
    let apps = db::applications::by_ids(conn, &ids)?;
    let ours = |a: &db::applications::StoredApplication| {
        a.batch_id == batch
            && match pool {
                Pool::Unit(u) => a.unit_id == u,
                Pool::Group(g) => a.group_id == Some(g),
            }
    };
    if apps.len() != ids.len() || !apps.iter().all(ours) {
        return Err(ApiError::with_message(
            ErrorCode::Forbidden,
            match pool {
                Pool::Unit(_) => "只能处理本单位本批次的申请",
                Pool::Group(_) => "只能处理本学科群本批次的申请",
            },
        ));
    }
    let names = db::students::names(conn, &apps.iter().map(|a| a.student_id).collect::<Vec<_>>())?;
    let mut stale_ones = Vec::new();
    let mut refused = Vec::new();
    for app in &apps {
        let (no, name) = names.get(&app.student_id).cloned().unwrap_or_default();
        let read = req
            .applications
            .iter()
            .find(|a| a.id == app.id)
            .map(|a| a.version);
        if read != Some(app.version) {
            stale_ones.push(FieldError::new(
                &no,
                "stale_version",
                format!("{no} {name}：数据已被他人修改，请刷新后重试"),
            ));
        } else if let Err(e) = apply(app.state, action, role, facts) {
            refused.push(FieldError::new(
                &no,
                "invalid_transition",
                format!("{no} {name}：{}", e.message()),
            ));
        }
    }
    if !stale_ones.is_empty() {
        let mut e = ApiError::new(ErrorCode::StaleVersion);
        e.body.fields = stale_ones;
        return Err(e);
    }
    if !refused.is_empty() {
        let mut e =
            ApiError::with_message(ErrorCode::InvalidTransition, "以下学生当前不能填写评审结果");
        e.body.fields = refused;
        return Err(e);
    }
    let previous = store::results(conn, committee, &ids)?;
    let next = apply(apps[0].state, action, role, facts)?;
    // Every stage the step may start from, as the rule says.
    let mut from: Vec<&'static str> = Stage::all()
        .into_iter()
        .filter(|s| apply(*s, action, role, facts).is_ok())
        .map(Stage::stage)
        .collect();
    from.dedup();
    let recorded = match seat.kind {
        CommitteeKind::Prelim => Recorded::Prelim(req.result.decision),
        _ => Recorded::Subcommittee(req.result.decision),
    };
    if !db::applications::move_stage(conn, &ids, &from, next.stage(), recorded)? {
        return Err(stale());
    }
    store::put_results(conn, committee, &ids, &req.result, &actor.display_name)?;
    let afters: Vec<serde_json::Value> = apps
        .iter()
        .map(|a| {
            serde_json::json!({ "state": next, "version": a.version + 1, "result": req.result })
        })
        .collect();
    let befores: Vec<serde_json::Value> = apps
        .iter()
        .map(|a| {
            serde_json::json!({ "state": a.state, "version": a.version, "result": previous.get(&a.id) })
        })
        .collect();
    let changes: Vec<Change<'_>> = apps
        .iter()
        .zip(befores.into_iter().zip(afters))
        .map(|(a, (before, after))| Change {
            actor: Some(actor),
            entity: "application",
            entity_id: Some(a.id.0),
            action: action.name(),
            before: Some(before),
            after: Some(after),
        })
        .collect();
    db::audit::record_many(conn, &changes)?;
    Ok(BulkOutcome {
        done: u32::try_from(apps.len()).unwrap_or(u32::MAX),
        skipped: Vec::new(),
    })
}
