//! The meeting record of the current batch (学位初审信息, 分会评审信息, the
//! congress's with its 决议编号), checked against the registered committee,
//! the rule and the results already recorded.

use super::{
    applicants_with_results, check_change, check_manager, check_view, current, locked, stale,
    vote_error, Seat,
};
use crate::db::committees as store;
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use shared::authz::Actor;
use shared::dto::committee::{MeetingInput, MeetingView};
use shared::error::{ErrorCode, FieldError};
use shared::workflow::committee::{CommitteeKind, Votes};
use shared::workflow::final_review::as_committee_decision;
use shared::workflow::Decision;

/// A result already recorded, which a changed meeting must still fit.
struct Recorded {
    student_no: String,
    name: String,
    decision: Decision,
    votes: Votes,
    resolution: Option<String>,
    reason: Option<String>,
}

/// The meeting record of the committee in the current batch.
pub fn meeting(conn: &mut DbConn, actor: &Actor, seat: Seat) -> Result<MeetingView, ApiError> {
    check_view(actor, seat)?;
    let (batch, facts) =
        current(conn, seat)?.ok_or_else(|| ApiError::new(ErrorCode::NoActiveBatch))?;
    let committee = store::find(conn, seat.kind, seat.owner)?;
    let meeting = match committee {
        Some(c) => store::meeting(conn, c, batch)?,
        None => None,
    };
    let members_now = match committee {
        Some(c) => store::members(conn, c)?.len(),
        None => 0,
    };
    let lock = locked(seat, Some(facts));
    Ok(MeetingView {
        batch_id: batch,
        meeting,
        members_now: u32::try_from(members_now).unwrap_or(u32::MAX),
        rule: store::rule(conn, seat.kind)?,
        editable: check_manager(actor, seat).is_ok() && lock.is_none(),
        locked_reason: lock.map(|e| e.message().to_owned()),
    })
}

/// Record or change the meeting record; counts that make the meeting
/// invalid are refused.
pub fn save_meeting(
    conn: &mut DbConn,
    actor: &Actor,
    seat: Seat,
    m: &MeetingInput,
) -> Result<MeetingView, ApiError> {
    let (batch, _) =
        check_change(conn, actor, seat)?.ok_or_else(|| ApiError::new(ErrorCode::NoActiveBatch))?;
    let mut problems = Vec::new();
    let place = m.place.trim();
    if place.is_empty() {
        problems.push(FieldError::new("place", "required", "请填写会议地点"));
    } else if m.place.chars().count() > 100 {
        problems.push(FieldError::new(
            "place",
            "too_long",
            "会议地点最多 100 个字",
        ));
    }
    let resolution_no = m
        .resolution_no
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if resolution_no.is_some_and(|r| r.chars().count() > 50) {
        problems.push(FieldError::new(
            "resolution_no",
            "too_long",
            "决议编号最多 50 个字",
        ));
    } else if resolution_no.is_none() && seat.kind == CommitteeKind::Congress {
        // The national report carries it (JYBH).
        problems.push(FieldError::new(
            "resolution_no",
            "required",
            "请填写学位评定委员会的决议编号",
        ));
    }
    // The congress's size is stated, not counted from a roster.
    if !seat.kind.keeps_roster() && m.attendance.members_total > 1000 {
        problems.push(FieldError::new(
            "members_total",
            "out_of_range",
            "委员总数最多 1000 人",
        ));
    }
    if m.minutes.chars().count() > 5000 {
        problems.push(FieldError::new(
            "minutes",
            "too_long",
            "会议纪要最多 5000 个字",
        ));
    }
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    let rule = store::rule(conn, seat.kind)?.rule;
    rule.check_meeting(m.attendance)
        .map_err(|p| vote_error(p, rule))?;
    let committee = store::find_or_create(conn, seat.kind, seat.owner)?;
    // “All members” is the committee as registered here (the congress's
    // roster is not kept: its record says how many it has).
    let registered = u32::try_from(store::members(conn, committee)?.len()).unwrap_or(u32::MAX);
    if seat.kind.keeps_roster() && m.attendance.members_total != registered {
        let message = format!(
            "委员总数须与{}登记的委员人数（{registered} 人）一致",
            seat.kind.label()
        );
        let mut e = ApiError::with_message(ErrorCode::VotesInconsistent, message.clone());
        e.body.fields = vec![FieldError::new("members_total", "not_registered", message)];
        return Err(e);
    }
    // Results already recorded must still fit the changed meeting: the
    // committee's, or the congress's decisions taken by its vote.
    let recorded: Vec<Recorded> = if seat.kind == CommitteeKind::Congress {
        db::final_review::by_vote(conn, batch)?
            .into_iter()
            .map(|v| Recorded {
                student_no: v.student_no,
                name: v.name,
                decision: as_committee_decision(v.decision),
                votes: v.votes,
                resolution: v.reason.clone(),
                reason: v.reason,
            })
            .collect()
    } else {
        let (apps, results) = applicants_with_results(conn, seat, batch)?;
        apps.into_iter()
            .filter_map(|a| {
                let r = results.get(&a.id)?.clone();
                Some(Recorded {
                    student_no: a.student_no,
                    name: a.name,
                    decision: r.decision,
                    votes: r.votes,
                    resolution: r.resolution,
                    reason: r.reason,
                })
            })
            .collect()
    };
    let unfit: Vec<FieldError> = recorded
        .iter()
        .filter_map(|r| {
            let p = rule
                .check_decision(
                    m.attendance,
                    r.votes,
                    r.decision,
                    r.resolution.as_deref(),
                    r.reason.as_deref(),
                )
                .err()?;
            Some(FieldError::new(
                &r.student_no,
                p.code(),
                format!("{} {}：{}", r.student_no, r.name, p.message(rule)),
            ))
        })
        .collect();
    if !unfit.is_empty() {
        let mut e = ApiError::with_message(
            ErrorCode::VotesInconsistent,
            format!(
                "已填写的 {} 名学生的评审结果与修改后的会议记录不符，请先修改其结果",
                unfit.len()
            ),
        );
        e.body.fields = unfit;
        return Err(e);
    }
    let before = store::meeting(conn, committee, batch)?;
    let record = store::MeetingRecord {
        held_on: m.held_on,
        place,
        attendance: m.attendance,
        minutes: m.minutes.trim(),
        resolution_no,
        by: &actor.display_name,
    };
    if !store::save_meeting(conn, committee, batch, m.version, &record)? {
        return Err(stale());
    }
    let after = store::meeting(conn, committee, batch)?;
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "committee_meeting",
            entity_id: Some(committee.0),
            action: "save_committee_meeting",
            before: before.map(|m| serde_json::json!(m)),
            after: after.map(|m| serde_json::json!(m)),
        },
    )?;
    meeting(conn, actor, seat)
}
