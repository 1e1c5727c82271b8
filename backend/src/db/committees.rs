//! Committees of every kind and their members with their portal logins.
//! Generic over the committee; which one is the caller's `CommitteeId`.
//! What a committee records (opinions, meetings, results, its kind's
//! decision rule) is in `committee_records`, re-exported here.

pub use super::committee_records::{
    last_notice, meeting, opinions, put_notice, put_opinion, put_results, results, rule,
    save_meeting, set_rule, MeetingRecord,
};
use super::schema::{committee_members, committees, users};
use super::{insert_returning_id, now, DbConn};
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use shared::dto::committee::{Member, MemberInput};
use shared::ids::{GroupId, UnitId, UserId};
use shared::workflow::committee::{CommitteeKind, Position};

pub(super) fn corrupt(what: String) -> DieselError {
    DieselError::DeserializationError(what.into())
}

/// A committee's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CommitteeId(pub i64);

/// Whose committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Unit(UnitId),
    Group(GroupId),
    University,
}

impl Owner {
    fn columns(self) -> (Option<i64>, Option<i64>) {
        match self {
            Owner::Unit(u) => (Some(u.0), None),
            Owner::Group(g) => (None, Some(g.0)),
            Owner::University => (None, None),
        }
    }
}

/// The committee of `kind` of `owner`, if it was ever created.
pub fn find(
    conn: &mut DbConn,
    kind: CommitteeKind,
    owner: Owner,
) -> QueryResult<Option<CommitteeId>> {
    let mut q = committees::table
        .filter(committees::kind.eq(kind.as_str()))
        .into_boxed();
    q = match owner.columns() {
        (Some(unit), _) => q.filter(committees::unit_id.eq(unit)),
        (None, Some(group)) => q.filter(committees::group_id.eq(group)),
        (None, None) => q
            .filter(committees::unit_id.is_null())
            .filter(committees::group_id.is_null()),
    };
    q.select(committees::id)
        .get_result::<i64>(conn)
        .optional()
        .map(|id| id.map(CommitteeId))
}

/// The committee, created on first use.
pub fn find_or_create(
    conn: &mut DbConn,
    kind: CommitteeKind,
    owner: Owner,
) -> QueryResult<CommitteeId> {
    if let Some(id) = find(conn, kind, owner)? {
        return Ok(id);
    }
    let (unit, group) = owner.columns();
    insert_returning_id!(
        conn,
        committees::table,
        (
            committees::kind.eq(kind.as_str()),
            committees::unit_id.eq(unit),
            committees::group_id.eq(group),
            committees::created_at.eq(now()),
        ),
        committees::id
    )
    .map(CommitteeId)
}

type MemberColumns = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    i32,
    Option<String>,
    Option<bool>,
);

macro_rules! member_columns {
    () => {
        (
            committee_members::id,
            committee_members::name,
            committee_members::title,
            committee_members::affiliation,
            committee_members::position,
            committee_members::staff_no,
            committee_members::contact,
            committee_members::user_id,
            committee_members::version,
            users::username.nullable(),
            users::active.nullable(),
        )
    };
}

/// A member as stored, with its login.
#[derive(Debug, Clone)]
pub struct StoredMember {
    pub member: Member,
    pub user_id: Option<UserId>,
}

fn member_of(row: MemberColumns) -> QueryResult<StoredMember> {
    let (
        id,
        name,
        title,
        affiliation,
        position,
        staff_no,
        contact,
        user_id,
        version,
        username,
        active,
    ) = row;
    Ok(StoredMember {
        member: Member {
            id,
            name,
            title,
            affiliation,
            position: Position::parse(&position)
                .ok_or_else(|| corrupt(format!("unknown position {position:?}")))?,
            staff_no,
            contact,
            username,
            portal_enabled: active.unwrap_or(false),
            version,
        },
        user_id: user_id.map(UserId),
    })
}

/// The committee's current members, in the order they were added.
pub fn members(conn: &mut DbConn, committee: CommitteeId) -> QueryResult<Vec<StoredMember>> {
    committee_members::table
        .left_join(users::table.on(users::id.nullable().eq(committee_members::user_id)))
        .filter(committee_members::committee_id.eq(committee.0))
        .filter(committee_members::removed_at.is_null())
        .order(committee_members::id)
        .select(member_columns!())
        .load::<MemberColumns>(conn)?
        .into_iter()
        .map(member_of)
        .collect()
}

/// One current member of the committee.
pub fn member(
    conn: &mut DbConn,
    committee: CommitteeId,
    id: i64,
) -> QueryResult<Option<StoredMember>> {
    committee_members::table
        .left_join(users::table.on(users::id.nullable().eq(committee_members::user_id)))
        .filter(committee_members::id.eq(id))
        .filter(committee_members::committee_id.eq(committee.0))
        .filter(committee_members::removed_at.is_null())
        .select(member_columns!())
        .get_result::<MemberColumns>(conn)
        .optional()?
        .map(member_of)
        .transpose()
}

/// The member whose portal login is `user`, with its committee.
pub fn member_of_user(conn: &mut DbConn, user: UserId) -> QueryResult<Option<(CommitteeId, i64)>> {
    committee_members::table
        .filter(committee_members::user_id.eq(user.0))
        .filter(committee_members::removed_at.is_null())
        .select((committee_members::committee_id, committee_members::id))
        .get_result::<(i64, i64)>(conn)
        .optional()
        .map(|r| r.map(|(c, m)| (CommitteeId(c), m)))
}

/// Does the committee have a 主席 other than `except`?
pub fn other_chair(
    conn: &mut DbConn,
    committee: CommitteeId,
    except: Option<i64>,
) -> QueryResult<bool> {
    let mut q = committee_members::table
        .filter(committee_members::committee_id.eq(committee.0))
        .filter(committee_members::removed_at.is_null())
        .filter(committee_members::position.eq(Position::Chair.as_str()))
        .into_boxed();
    if let Some(id) = except {
        q = q.filter(committee_members::id.ne(id));
    }
    q.count().get_result::<i64>(conn).map(|n| n > 0)
}

pub(super) fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

pub fn insert_member(
    conn: &mut DbConn,
    committee: CommitteeId,
    m: &MemberInput,
) -> QueryResult<i64> {
    let at = now();
    insert_returning_id!(
        conn,
        committee_members::table,
        (
            committee_members::committee_id.eq(committee.0),
            committee_members::name.eq(m.name.trim()),
            committee_members::title.eq(m.title.trim()),
            committee_members::affiliation.eq(m.affiliation.trim()),
            committee_members::position.eq(m.position.as_str()),
            committee_members::staff_no.eq(trimmed(&m.staff_no)),
            committee_members::contact.eq(trimmed(&m.contact)),
            committee_members::version.eq(1),
            committee_members::created_at.eq(at),
            committee_members::updated_at.eq(at),
        ),
        committee_members::id
    )
}

/// Optimistic write of a member: `false` when no longer at `version`.
fn bump_member(conn: &mut DbConn, id: i64, version: i32) -> QueryResult<bool> {
    diesel::update(
        committee_members::table
            .filter(committee_members::id.eq(id))
            .filter(committee_members::version.eq(version))
            .filter(committee_members::removed_at.is_null()),
    )
    .set((
        committee_members::version.eq(committee_members::version + 1),
        committee_members::updated_at.eq(now()),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

pub fn update_member(
    conn: &mut DbConn,
    id: i64,
    version: i32,
    m: &MemberInput,
) -> QueryResult<bool> {
    if !bump_member(conn, id, version)? {
        return Ok(false);
    }
    diesel::update(committee_members::table.find(id))
        .set((
            committee_members::name.eq(m.name.trim()),
            committee_members::title.eq(m.title.trim()),
            committee_members::affiliation.eq(m.affiliation.trim()),
            committee_members::position.eq(m.position.as_str()),
            committee_members::staff_no.eq(trimmed(&m.staff_no)),
            committee_members::contact.eq(trimmed(&m.contact)),
        ))
        .execute(conn)?;
    Ok(true)
}

pub fn remove_member(conn: &mut DbConn, id: i64, version: i32) -> QueryResult<bool> {
    if !bump_member(conn, id, version)? {
        return Ok(false);
    }
    diesel::update(committee_members::table.find(id))
        .set(committee_members::removed_at.eq(Some(now())))
        .execute(conn)?;
    Ok(true)
}

pub fn set_member_user(
    conn: &mut DbConn,
    id: i64,
    version: i32,
    user: UserId,
) -> QueryResult<bool> {
    if !bump_member(conn, id, version)? {
        return Ok(false);
    }
    diesel::update(committee_members::table.find(id))
        .set(committee_members::user_id.eq(Some(user.0)))
        .execute(conn)?;
    Ok(true)
}

/// A new version of a member whose login changed (rights withdrawn).
pub fn touch_member(conn: &mut DbConn, id: i64, version: i32) -> QueryResult<bool> {
    bump_member(conn, id, version)
}
