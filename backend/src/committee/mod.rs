//! The committee machinery, once for every committee: members and their
//! portal logins, online opinions and their tally, the meeting record, and
//! results turned into workflow steps by the configurable rule of
//! `shared::workflow::committee`. Route handlers say which committee
//! ([`Seat`]); everything here runs inside the caller's transaction.
//!
//! One file per part: `members` (members and portal logins), `review`
//! (网上学位初审: the list, opinions, the tally), `meeting` (学位初审信息),
//! `results` (学位初审结果).

mod meeting;
mod members;
mod results;
mod review;

pub use meeting::{meeting, save_meeting};
pub use members::{add_member, edit_member, grant_portal, remove_member, withdraw_portal};
pub use results::record_results;
pub use review::{give_opinion, review_page};

use crate::db::committees::{self as store, CommitteeId, Owner, StoredMember};
use crate::db::submissions::{self as unit_data, Applicant};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::workflow;
use shared::authz::{check, check_role, Actor, Permission, Scope};
use shared::dto::committee::Committee;
use shared::error::{ErrorCode, FieldError};
use shared::ids::{ApplicationId, BatchId, UnitId};
use shared::workflow::committee::{CommitteeKind, VoteProblem};
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
        Seat {
            kind: CommitteeKind::Prelim,
            owner: Owner::Unit(unit),
            scope: Scope::Unit(unit),
        }
    }

    fn unit(self) -> Option<UnitId> {
        match self.owner {
            Owner::Unit(u) => Some(u),
            _ => None,
        }
    }
}

/// Read rights: the manager of this committee, or the office (403).
pub fn check_view(actor: &Actor, seat: Seat) -> Result<(), ApiError> {
    Ok(check(actor, Permission::ViewCommittee, seat.scope)?)
}

/// Change rights: the committee's manager role, in its scope (403).
pub(super) fn check_manager(actor: &Actor, seat: Seat) -> Result<(), ApiError> {
    check(actor, Permission::ManageCommittee, seat.scope)?;
    Ok(check_role(actor, seat.kind.manager(), seat.scope)?)
}

/// The current batch and its facts for the seat's unit: 404 for an unknown
/// unit, `None` without a current batch.
pub(super) fn current(conn: &mut DbConn, seat: Seat) -> Result<Option<(BatchId, Facts)>, ApiError> {
    match seat.unit() {
        Some(unit) => workflow::unit_in_batch(conn, unit),
        None => Err(ApiError::not_found()),
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

/// Hold the committee's owner (the unit) for the rest of the transaction:
/// its records and its submission change one at a time.
pub(super) fn lock_owner(conn: &mut DbConn, seat: Seat) -> Result<(), ApiError> {
    if let Some(unit) = seat.unit() {
        db::units::lock(conn, unit)?;
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
    if let (Some(role), Some(unit)) = (seat.kind.member_role(), seat.unit()) {
        db::users::remove_unit_grant(conn, user, role, unit)?;
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

pub(super) fn vote_error(
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

/// The applicants of the unit (申请学位学生) with their results, for the
/// voting list and the submission.
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
    let unit = seat.unit().ok_or_else(ApiError::not_found)?;
    let apps = unit_data::applicants(conn, unit, batch)?;
    let results = match store::find(conn, seat.kind, seat.owner)? {
        Some(c) => store::results(conn, c, &apps.iter().map(|a| a.id).collect::<Vec<_>>())?,
        None => HashMap::new(),
    };
    Ok((apps, results))
}
