//! 网上学位初审 and 学科群分会评审: the applicants the committee reviews, a
//! member's own opinion, the tally the manager sees, and the notice that
//! asks the members to review.

use super::{check_manager, check_view, current, lock_owner, locked, Seat};
use crate::db::committees::{self as store, CommitteeId, StoredMember};
use crate::db::submissions as unit_data;
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use crate::workflow;
use shared::authz::{check, check_role, Actor};
use shared::dto::committee::{OpinionInput, ReviewPage, ReviewQuery, ReviewRow, Tally};
use shared::dto::final_review::{Notice, NoticeInput};
use shared::error::{ErrorCode, FieldError};
use shared::ids::ApplicationId;
use shared::workflow::committee::Opinion;
use shared::workflow::{application::apply, BatchPhase, Decision, TransitionError};
use std::collections::HashMap;

/// The caller as a member of the seat's committee: (committee, member id).
fn as_member(
    conn: &mut DbConn,
    actor: &Actor,
    seat: Seat,
) -> Result<Option<(CommitteeId, i64)>, ApiError> {
    let Some(role) = seat.kind.member_role() else {
        return Ok(None);
    };
    if check_role(actor, role, seat.scope).is_err() {
        return Ok(None);
    }
    let Some((committee, member)) = store::member_of_user(conn, actor.user_id)? else {
        return Ok(None);
    };
    let ours = store::find(conn, seat.kind, seat.owner)? == Some(committee);
    Ok(ours.then_some((committee, member)))
}

/// The applicants the committee reviews, one page: for a member with their
/// own opinion; for the manager and the office with the tally.
pub fn review_page(
    conn: &mut DbConn,
    actor: &Actor,
    seat: Seat,
    q: &ReviewQuery,
) -> Result<ReviewPage, ApiError> {
    let member = as_member(conn, actor, seat)?;
    let managing = check_view(actor, seat).is_ok();
    if member.is_none() && !managing {
        if seat
            .kind
            .member_permission()
            .is_some_and(|p| check(actor, p, seat.scope).is_ok())
        {
            return Err(ApiError::new(ErrorCode::NotCommitteeMember));
        }
        check_view(actor, seat)?;
    }
    let (page, per_page) = shared::dto::PageQuery {
        page: q.page,
        per_page: q.per_page,
    }
    .resolved();
    let pool = seat.pool().ok_or_else(ApiError::not_found)?;
    let Some((batch, facts)) = current(conn, seat)? else {
        return Ok(ReviewPage {
            items: Vec::new(),
            total: 0,
            page,
            per_page,
            undecided: 0,
            may_record: false,
            notice: None,
        });
    };
    let (apps, total) = unit_data::review_page(conn, pool, seat.kind, batch, q)?;
    let undecided = unit_data::undecided(conn, pool, seat.kind, batch)?;
    let ids: Vec<ApplicationId> = apps.iter().map(|a| a.id).collect();
    let committee = store::find(conn, seat.kind, seat.owner)?;
    let (opinions, members) = match committee {
        Some(c) => (store::opinions(conn, c, &ids)?, store::members(conn, c)?),
        None => (Vec::new(), Vec::new()),
    };
    let results = match committee {
        Some(c) => store::results(conn, c, &ids)?,
        None => HashMap::new(),
    };
    let may_record = check_manager(actor, seat).is_ok() && locked(seat, Some(facts)).is_none();
    let items = apps
        .into_iter()
        .map(|a| {
            let on_this = || opinions.iter().filter(|(app, ..)| *app == a.id);
            let my_opinion = member.and_then(|(_, me)| {
                on_this()
                    .find(|(_, m, ..)| *m == me)
                    .map(|(_, _, opinion, comment)| OpinionInput {
                        opinion: *opinion,
                        comment: comment.clone(),
                    })
            });
            let tally = managing.then(|| tally(on_this().map(|(_, m, o, _)| (*m, *o)), &members));
            ReviewRow {
                may_give_opinion: member.is_some()
                    && seat.kind.opinion_open(a.state, facts).is_ok(),
                may_record: may_record
                    && seat
                        .kind
                        .record_action(Decision::Passed)
                        .is_some_and(|action| {
                            apply(a.state, action, seat.kind.manager(), facts).is_ok()
                        }),
                result: results.get(&a.id).cloned(),
                application_id: a.id,
                version: a.version,
                student_no: a.student_no,
                name: a.name,
                kind: a.kind,
                major_name: a.major_name,
                thesis_title: a.thesis_title,
                advisor_name: a.advisor_name,
                state: a.state,
                my_opinion,
                tally,
            }
        })
        .collect();
    let notice = match committee {
        Some(c) => store::last_notice(conn, c, batch)?,
        None => None,
    };
    Ok(ReviewPage {
        items,
        total,
        page,
        per_page,
        undecided,
        may_record,
        notice,
    })
}

/// Counts, and the members with portal rights who have not given one.
fn tally(opinions: impl Iterator<Item = (i64, Opinion)>, members: &[StoredMember]) -> Tally {
    let mut t = Tally::default();
    let mut given = Vec::new();
    for (member, opinion) in opinions {
        given.push(member);
        match opinion {
            Opinion::Agree => t.agree += 1,
            Opinion::Disagree => t.disagree += 1,
            Opinion::Abstain => t.abstain += 1,
        }
    }
    t.missing = members
        .iter()
        .filter(|m| m.member.portal_enabled && !given.contains(&m.member.id))
        .map(|m| m.member.name.clone())
        .collect();
    t
}

/// A member gives or changes their opinion on an applicant of the
/// committee's review, until its result is recorded.
pub fn give_opinion(
    conn: &mut DbConn,
    actor: &Actor,
    id: ApplicationId,
    input: &OpinionInput,
) -> Result<(), ApiError> {
    let app = db::applications::find(conn, id)?.ok_or_else(ApiError::not_found)?;
    let facts = workflow::situation(conn, &app)?.facts;
    // The committee reviewing in this phase: the unit's until the seal,
    // then the group's.
    let seat = match (facts.phase, app.group_id) {
        (BatchPhase::Open, _) | (_, None) => Seat::prelim(app.unit_id),
        (_, Some(group)) => Seat::subcommittee(group),
    };
    let permission = seat
        .kind
        .member_permission()
        .ok_or_else(|| ApiError::new(ErrorCode::NotCommitteeMember))?;
    check(actor, permission, app.scope())?;
    lock_owner(conn, seat)?;
    let (_, member) = as_member(conn, actor, seat)?
        .ok_or_else(|| ApiError::new(ErrorCode::NotCommitteeMember))?;
    if input.comment.chars().count() > 500 {
        return Err(ApiError::validation(vec![FieldError::new(
            "comment",
            "too_long",
            "意见最多 500 个字",
        )]));
    }
    seat.kind
        .opinion_open(app.state, facts)
        .map_err(|e| match e {
            TransitionError::WrongState if app.state.is_reviewed() => ApiError::with_message(
                ErrorCode::InvalidTransition,
                "评审结果已填写，不能再修改意见",
            ),
            other => other.into(),
        })?;
    store::put_opinion(conn, id, member, input.opinion, input.comment.trim())?;
    // The audit log keeps that an opinion was given, not which: the ballot
    // stays secret from everyone but the member.
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "application",
            entity_id: Some(id.0),
            action: "give_committee_opinion",
            before: None,
            after: None,
        },
    )?;
    Ok(())
}

/// 通知委员: an in-app message with the deadline to every member with
/// portal rights, kept with the committee's record of the batch.
pub fn notify_members(
    conn: &mut DbConn,
    actor: &Actor,
    seat: Seat,
    input: &NoticeInput,
) -> Result<Notice, ApiError> {
    let (batch, facts) = super::check_change(conn, actor, seat)?
        .ok_or_else(|| ApiError::new(ErrorCode::NoActiveBatch))?;
    if facts.phase != seat.kind.phase() {
        return Err(TransitionError::WrongPhase.into());
    }
    let note = input.note.trim();
    if input.note.chars().count() > 500 {
        return Err(ApiError::validation(vec![FieldError::new(
            "note",
            "too_long",
            "通知内容最多 500 个字",
        )]));
    }
    if input.deadline < crate::clock::today() {
        return Err(ApiError::validation(vec![FieldError::new(
            "deadline",
            "in_past",
            "截止日期不能早于今天",
        )]));
    }
    let committee = store::find_or_create(conn, seat.kind, seat.owner)?;
    let users: Vec<shared::ids::UserId> = store::members(conn, committee)?
        .into_iter()
        .filter(|m| m.member.portal_enabled)
        .filter_map(|m| m.user_id)
        .collect();
    if users.is_empty() {
        return Err(ApiError::with_message(
            ErrorCode::InvalidTransition,
            "还没有委员获得信息门户权限，请先为委员授予信息门户权限",
        ));
    }
    let owner = super::owner_name(conn, seat)?;
    let mut text = format!(
        "{owner}{}：请于 {} 前登录学位系统审阅申请人学位信息并提出评审意见。",
        seat.kind.label(),
        input.deadline
    );
    if !note.is_empty() {
        text.push_str(note);
    }
    db::messages::to_users(conn, &users, &text)?;
    let recipients = u32::try_from(users.len()).unwrap_or(u32::MAX);
    store::put_notice(
        conn,
        committee,
        batch,
        input.deadline,
        note,
        recipients,
        &actor.display_name,
    )?;
    let notice = store::last_notice(conn, committee, batch)?.ok_or_else(ApiError::not_found)?;
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "committee",
            entity_id: Some(committee.0),
            action: "notify_committee_members",
            before: None,
            after: Some(serde_json::json!(notice)),
        },
    )?;
    Ok(notice)
}
