//! 网上学位初审: the applicants the committee reviews, a member's own
//! opinion, and the tally the manager sees.

use super::{check_manager, check_view, current, lock_owner, locked, Seat};
use crate::db::committees::{self as store, CommitteeId, StoredMember};
use crate::db::submissions as unit_data;
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use crate::workflow;
use shared::authz::{check, check_role, Actor, Permission};
use shared::dto::committee::{OpinionInput, ReviewPage, ReviewQuery, ReviewRow, Tally};
use shared::error::{ErrorCode, FieldError};
use shared::ids::ApplicationId;
use shared::workflow::committee::Opinion;
use shared::workflow::{application::apply, Decision, TransitionError};
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
        if check(actor, Permission::ReviewAsMember, seat.scope).is_ok() {
            return Err(ApiError::new(ErrorCode::NotCommitteeMember));
        }
        check_view(actor, seat)?;
    }
    let (page, per_page) = shared::dto::PageQuery {
        page: q.page,
        per_page: q.per_page,
    }
    .resolved();
    let unit = seat.unit().ok_or_else(ApiError::not_found)?;
    let Some((batch, facts)) = current(conn, seat)? else {
        return Ok(ReviewPage {
            items: Vec::new(),
            total: 0,
            page,
            per_page,
            undecided: 0,
            may_record: false,
        });
    };
    let (apps, total) = unit_data::review_page(conn, unit, batch, q)?;
    let undecided = unit_data::undecided(conn, unit, batch)?;
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
    Ok(ReviewPage {
        items,
        total,
        page,
        per_page,
        undecided,
        may_record,
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
    let seat = Seat::prelim(app.unit_id);
    check(actor, Permission::ReviewAsMember, app.scope())?;
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
    let facts = workflow::situation(conn, &app)?.facts;
    seat.kind
        .opinion_open(app.state, facts)
        .map_err(|e| match e {
            TransitionError::WrongState if app.state.is_reviewed() => ApiError::with_message(
                ErrorCode::InvalidTransition,
                "学位初审结果已填写，不能再修改意见",
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
