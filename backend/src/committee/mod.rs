//! The committee machinery, once for every committee: members and their
//! portal logins, online opinions and their tally, the meeting record, and
//! results turned into workflow steps by the configurable rule of
//! `shared::workflow::committee`. Route handlers say which committee
//! ([`Seat`]); everything here runs inside the caller's transaction.
//!
//! One file per part: `members` (members and portal logins), `review`
//! (网上学位初审, 学科群分会评审: the list, opinions, the tally, the notice to
//! the members), `meeting` (学位初审信息, 分会评审信息, the congress's),
//! `results` (学位初审结果, 分会评审结果).

mod meeting;
mod members;
mod results;
mod review;

pub use meeting::{meeting, save_meeting};
pub use members::{add_member, edit_member, grant_portal, remove_member, withdraw_portal};
pub use results::record_results;
pub use review::{give_opinion, notify_members, review_page};

use crate::db::committees::{self as store, CommitteeId, Owner, StoredMember};
use crate::db::submissions::{self as unit_data, Applicant, Pool};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::workflow;
use shared::authz::{check, check_role, Actor, GrantScope, RoleGrant, Scope};
use shared::dto::committee::Committee;
use shared::error::{ErrorCode, FieldError};
use shared::ids::{ApplicationId, BatchId, GroupId, UnitId};
use shared::workflow::committee::{CommitteeKind, CommitteeOf, VoteProblem};
use shared::workflow::{Facts, TransitionError};
use std::collections::HashMap;

/// Which committee a request is about, and the scope its rights are
/// checked on.
#[derive(Debug, Clone, Copy)]
pub struct Seat {
    pub kind: CommitteeKind,
    pub owner: Owner,
    pub scope: Scope,
}

impl Seat {
    /// A unit's 学位初审委员会.
    pub fn prelim(unit: UnitId) -> Seat {
        Seat::of(CommitteeOf::Unit(unit))
    }

    /// A discipline group's 学科群分会.
    pub fn subcommittee(group: GroupId) -> Seat {
        Seat::of(CommitteeOf::Group(group))
    }

    /// The university's 学位评定委员会.
    pub fn congress() -> Seat {
        Seat::of(CommitteeOf::University)
    }

    pub fn of(of: CommitteeOf) -> Seat {
        Seat {
            kind: of.kind(),
            owner: match of {
                CommitteeOf::Unit(u) => Owner::Unit(u),
                CommitteeOf::Group(g) => Owner::Group(g),
                CommitteeOf::University => Owner::University,
            },
            scope: of.scope(),
        }
    }

    fn unit(self) -> Option<UnitId> {
        match self.owner {
            Owner::Unit(u) => Some(u),
            _ => None,
        }
    }

    /// The applicants the committee's lists are drawn from.
    fn pool(self) -> Option<Pool> {
        match self.owner {
            Owner::Unit(u) => Some(Pool::Unit(u)),
            Owner::Group(g) => Some(Pool::Group(g)),
            Owner::University => None,
        }
    }

    /// The grant a member's portal login holds.
    fn member_grant(self) -> Option<RoleGrant> {
        let role = self.kind.member_role()?;
        let scope = match self.owner {
            Owner::Unit(u) => GrantScope::Unit(u),
            Owner::Group(g) => GrantScope::Group(g),
            Owner::University => return None,
        };
        Some(RoleGrant { role, scope })
    }
}

/// Read rights: the manager of this committee, or the office (403).
pub fn check_view(actor: &Actor, seat: Seat) -> Result<(), ApiError> {
    Ok(check(actor, seat.kind.view_permission(), seat.scope)?)
}

/// Change rights: the committee's manager role, in its scope (403).
pub(super) fn check_manager(actor: &Actor, seat: Seat) -> Result<(), ApiError> {
    check(actor, seat.kind.manage_permission(), seat.scope)?;
    Ok(check_role(actor, seat.kind.manager(), seat.scope)?)
}

/// The current batch and its facts for the seat's owner: 404 for an
/// unknown unit or group, `None` without a current batch. Beyond the unit
/// every application reviewed was submitted.
pub(super) fn current(conn: &mut DbConn, seat: Seat) -> Result<Option<(BatchId, Facts)>, ApiError> {
    match seat.owner {
        Owner::Unit(unit) => workflow::unit_in_batch(conn, unit),
        Owner::Group(g) => {
            db::units::group_name(conn, g)?.ok_or_else(ApiError::not_found)?;
            workflow::batch_facts(conn)
        }
        Owner::University => workflow::batch_facts(conn),
    }
}

/// Why the committee's records may not change now, if they may not.
pub(super) fn locked(seat: Seat, facts: Option<Facts>) -> Option<TransitionError> {
    seat.kind.records_open(facts).err()
}

/// Refuse a change of the committee's records (members, meeting, results)
/// by someone other than its manager, or while they are locked.
pub(super) fn check_change(
    conn: &mut DbConn,
    actor: &Actor,
    seat: Seat,
) -> Result<Option<(BatchId, Facts)>, ApiError> {
    check_manager(actor, seat)?;
    lock_owner(conn, seat)?;
    let now = current(conn, seat)?;
    if let Some(e) = locked(seat, now.map(|(_, f)| f)) {
        return Err(e.into());
    }
    Ok(now)
}

/// Hold the committee's owner (the unit or group) for the rest of the
/// transaction: its records and its submission change one at a time.
pub(super) fn lock_owner(conn: &mut DbConn, seat: Seat) -> Result<(), ApiError> {
    match seat.owner {
        Owner::Unit(unit) => db::units::lock(conn, unit)?,
        Owner::Group(group) => db::units::lock_group(conn, group)?,
        Owner::University => db::batches::lock_active(conn)?,
    }
    Ok(())
}

/// Take the member's login out of the committee: disabled at once, and its
/// grant of the member role withdrawn (a later re-enabling of the account
/// alone gives no access).
pub(super) fn revoke_login(
    conn: &mut DbConn,
    seat: Seat,
    user: shared::ids::UserId,
) -> Result<(), ApiError> {
    db::users::set_active(conn, user, false)?;
    if let Some(grant) = seat.member_grant() {
        db::users::remove_grant(conn, user, grant)?;
    }
    Ok(())
}

pub(super) fn owner_name(conn: &mut DbConn, seat: Seat) -> Result<String, ApiError> {
    let name = match seat.owner {
        Owner::Unit(u) => db::units::unit_name(conn, u)?,
        Owner::Group(g) => db::units::group_name(conn, g)?,
        Owner::University => Some("中国科学院大学".to_owned()),
    };
    name.ok_or_else(ApiError::not_found)
}

/// The committee and its members.
pub fn view(conn: &mut DbConn, actor: &Actor, seat: Seat) -> Result<Committee, ApiError> {
    check_view(actor, seat)?;
    let owner_name = owner_name(conn, seat)?;
    let facts = current(conn, seat)?.map(|(_, f)| f);
    let members = match store::find(conn, seat.kind, seat.owner)? {
        Some(c) => store::members(conn, c)?
            .into_iter()
            .map(|m| m.member)
            .collect(),
        None => Vec::new(),
    };
    let lock = locked(seat, facts);
    Ok(Committee {
        kind: seat.kind,
        unit_id: seat.unit(),
        group_id: match seat.owner {
            Owner::Group(g) => Some(g),
            _ => None,
        },
        owner_name,
        members,
        editable: check_manager(actor, seat).is_ok() && lock.is_none(),
        locked_reason: lock.map(|e| e.message().to_owned()),
    })
}

pub(super) fn stale() -> ApiError {
    ApiError::new(ErrorCode::StaleVersion)
}

pub(super) fn find_member(
    conn: &mut DbConn,
    seat: Seat,
    id: i64,
) -> Result<(CommitteeId, StoredMember), ApiError> {
    let committee = store::find(conn, seat.kind, seat.owner)?.ok_or_else(ApiError::not_found)?;
    let member = store::member(conn, committee, id)?.ok_or_else(ApiError::not_found)?;
    Ok((committee, member))
}

pub(crate) fn vote_error(
    p: VoteProblem,
    rule: shared::workflow::committee::DecisionRule,
) -> ApiError {
    let mut e = ApiError::new(ErrorCode::VotesInconsistent);
    e.body.message = p.message(rule);
    e.body.fields = vec![FieldError::new(p.field(), p.code(), p.message(rule))];
    e
}

/// The name of the committee's 主席, if it has one.
pub fn chair(conn: &mut DbConn, seat: Seat) -> Result<Option<String>, ApiError> {
    Ok(match store::find(conn, seat.kind, seat.owner)? {
        Some(c) => store::members(conn, c)?
            .into_iter()
            .find(|m| m.member.position == shared::workflow::committee::Position::Chair)
            .map(|m| m.member.name),
        None => None,
    })
}

/// The applicants of the unit (申请学位学生) or the group's that its
/// subcommittee reviews, with their results: for the voting list, the
/// submission and the meeting's check of the results recorded. The
/// congress's decisions are checked where they are recorded.
pub fn applicants_with_results(
    conn: &mut DbConn,
    seat: Seat,
    batch: BatchId,
) -> Result<
    (
        Vec<Applicant>,
        HashMap<ApplicationId, shared::dto::committee::ResultView>,
    ),
    ApiError,
> {
    let Some(pool) = seat.pool() else {
        return Ok((Vec::new(), HashMap::new()));
    };
    let apps = unit_data::applicants(conn, pool, seat.kind, batch)?;
    let results = match store::find(conn, seat.kind, seat.owner)? {
        Some(c) => store::results(conn, c, &apps.iter().map(|a| a.id).collect::<Vec<_>>())?,
        None => HashMap::new(),
    };
    Ok((apps, results))
}
