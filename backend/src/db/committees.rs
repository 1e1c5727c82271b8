//! Committees of every kind: members and their portal logins, online
//! opinions, meeting records, recorded results and the decision rules.
//! Generic over the committee; which one is the caller's `CommitteeId`.

use super::schema::{
    committee_meetings, committee_members, committee_opinions, committee_results, committee_rules,
    committees, users,
};
use super::{insert_many, insert_returning_id, now, DbConn};
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use shared::dto::committee::{Meeting, Member, MemberInput, ResultInput, ResultView, RuleView};
use shared::ids::{ApplicationId, BatchId, GroupId, UnitId, UserId};
use shared::workflow::committee::{
    Attendance, CommitteeKind, DecisionRule, Fraction, Opinion, PassBase, Position, Votes,
};
use shared::workflow::Decision;
use std::collections::HashMap;

fn corrupt(what: String) -> DieselError {
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

fn trimmed(s: &Option<String>) -> Option<String> {
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

/// Give or change a member's opinion on an applicant.
pub fn put_opinion(
    conn: &mut DbConn,
    app: ApplicationId,
    member: i64,
    opinion: Opinion,
    comment: &str,
) -> QueryResult<()> {
    let at = now();
    let updated = diesel::update(committee_opinions::table.find((app.0, member)))
        .set((
            committee_opinions::opinion.eq(opinion.as_str()),
            committee_opinions::comment.eq(comment),
            committee_opinions::updated_at.eq(at),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(committee_opinions::table)
            .values((
                committee_opinions::application_id.eq(app.0),
                committee_opinions::member_id.eq(member),
                committee_opinions::opinion.eq(opinion.as_str()),
                committee_opinions::comment.eq(comment),
                committee_opinions::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The current members' opinions on these applicants: (application,
/// member, opinion, comment).
pub fn opinions(
    conn: &mut DbConn,
    committee: CommitteeId,
    apps: &[ApplicationId],
) -> QueryResult<Vec<(ApplicationId, i64, Opinion, String)>> {
    let ids: Vec<i64> = apps.iter().map(|a| a.0).collect();
    committee_opinions::table
        .inner_join(committee_members::table)
        .filter(committee_members::committee_id.eq(committee.0))
        .filter(committee_members::removed_at.is_null())
        .filter(committee_opinions::application_id.eq_any(ids))
        .select((
            committee_opinions::application_id,
            committee_opinions::member_id,
            committee_opinions::opinion,
            committee_opinions::comment,
        ))
        .load::<(i64, i64, String, String)>(conn)?
        .into_iter()
        .map(|(a, m, o, c)| {
            let o = Opinion::parse(&o).ok_or_else(|| corrupt(format!("unknown opinion {o:?}")))?;
            Ok((ApplicationId(a), m, o, c))
        })
        .collect()
}

type MeetingColumns = (
    chrono::NaiveDate,
    String,
    i32,
    i32,
    String,
    i32,
    String,
    chrono::NaiveDateTime,
);

fn count(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

/// The meeting record of the committee in the batch.
pub fn meeting(
    conn: &mut DbConn,
    committee: CommitteeId,
    batch: BatchId,
) -> QueryResult<Option<Meeting>> {
    Ok(committee_meetings::table
        .find((committee.0, batch.0))
        .select((
            committee_meetings::held_on,
            committee_meetings::place,
            committee_meetings::members_total,
            committee_meetings::members_present,
            committee_meetings::minutes,
            committee_meetings::version,
            committee_meetings::updated_by_name,
            committee_meetings::updated_at,
        ))
        .get_result::<MeetingColumns>(conn)
        .optional()?
        .map(
            |(held_on, place, total, present, minutes, version, by, at)| Meeting {
                held_on,
                place,
                attendance: Attendance {
                    members_total: count(total),
                    members_present: count(present),
                },
                minutes,
                version,
                updated_by: by,
                updated_at: at.and_utc(),
            },
        ))
}

/// What a meeting record says.
pub struct MeetingRecord<'a> {
    pub held_on: chrono::NaiveDate,
    pub place: &'a str,
    pub attendance: Attendance,
    pub minutes: &'a str,
    pub by: &'a str,
}

fn stored_count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Write the meeting record: the first (`version` None) or a change of the
/// one at `version`; `false` when stale.
pub fn save_meeting(
    conn: &mut DbConn,
    committee: CommitteeId,
    batch: BatchId,
    version: Option<i32>,
    m: &MeetingRecord<'_>,
) -> QueryResult<bool> {
    let at = now();
    match version {
        Some(v) => diesel::update(
            committee_meetings::table
                .filter(committee_meetings::committee_id.eq(committee.0))
                .filter(committee_meetings::batch_id.eq(batch.0))
                .filter(committee_meetings::version.eq(v)),
        )
        .set((
            committee_meetings::held_on.eq(m.held_on),
            committee_meetings::place.eq(m.place),
            committee_meetings::members_total.eq(stored_count(m.attendance.members_total)),
            committee_meetings::members_present.eq(stored_count(m.attendance.members_present)),
            committee_meetings::minutes.eq(m.minutes),
            committee_meetings::version.eq(committee_meetings::version + 1),
            committee_meetings::updated_by_name.eq(m.by),
            committee_meetings::updated_at.eq(at),
        ))
        .execute(conn)
        .map(|n| n == 1),
        None => {
            if meeting(conn, committee, batch)?.is_some() {
                return Ok(false);
            }
            diesel::insert_into(committee_meetings::table)
                .values((
                    committee_meetings::committee_id.eq(committee.0),
                    committee_meetings::batch_id.eq(batch.0),
                    committee_meetings::held_on.eq(m.held_on),
                    committee_meetings::place.eq(m.place),
                    committee_meetings::members_total.eq(stored_count(m.attendance.members_total)),
                    committee_meetings::members_present
                        .eq(stored_count(m.attendance.members_present)),
                    committee_meetings::minutes.eq(m.minutes),
                    committee_meetings::version.eq(1),
                    committee_meetings::updated_by_name.eq(m.by),
                    committee_meetings::updated_at.eq(at),
                ))
                .execute(conn)
                .map(|n| n == 1)
        }
    }
}

type ResultColumns = (
    i64,
    i32,
    i32,
    i32,
    String,
    Option<String>,
    Option<String>,
    String,
    chrono::NaiveDateTime,
);

/// The committee's recorded results on these applicants.
pub fn results(
    conn: &mut DbConn,
    committee: CommitteeId,
    apps: &[ApplicationId],
) -> QueryResult<HashMap<ApplicationId, ResultView>> {
    let ids: Vec<i64> = apps.iter().map(|a| a.0).collect();
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(900) {
        let rows = committee_results::table
            .filter(committee_results::committee_id.eq(committee.0))
            .filter(committee_results::application_id.eq_any(chunk))
            .select((
                committee_results::application_id,
                committee_results::yes,
                committee_results::no,
                committee_results::abstain,
                committee_results::decision,
                committee_results::resolution,
                committee_results::reason,
                committee_results::recorded_by_name,
                committee_results::recorded_at,
            ))
            .load::<ResultColumns>(conn)?;
        for (app, yes, no, abstain, decision, resolution, reason, by, at) in rows {
            let decision = Decision::parse(&decision)
                .ok_or_else(|| corrupt(format!("unknown decision {decision:?}")))?;
            out.insert(
                ApplicationId(app),
                ResultView {
                    votes: Votes {
                        yes: count(yes),
                        no: count(no),
                        abstain: count(abstain),
                    },
                    decision,
                    resolution,
                    reason,
                    recorded_by: by,
                    recorded_at: at.and_utc(),
                },
            );
        }
    }
    Ok(out)
}

/// Record the same result for these applicants, replacing earlier ones.
pub fn put_results(
    conn: &mut DbConn,
    committee: CommitteeId,
    apps: &[ApplicationId],
    result: &ResultInput,
    by: &str,
) -> QueryResult<()> {
    let at = now();
    let resolution = trimmed(&result.resolution);
    let reason = trimmed(&result.reason);
    let ids: Vec<i64> = apps.iter().map(|a| a.0).collect();
    for chunk in ids.chunks(500) {
        diesel::delete(
            committee_results::table
                .filter(committee_results::committee_id.eq(committee.0))
                .filter(committee_results::application_id.eq_any(chunk)),
        )
        .execute(conn)?;
        let rows: Vec<_> = chunk
            .iter()
            .map(|app| {
                (
                    committee_results::application_id.eq(*app),
                    committee_results::committee_id.eq(committee.0),
                    committee_results::yes.eq(stored_count(result.votes.yes)),
                    committee_results::no.eq(stored_count(result.votes.no)),
                    committee_results::abstain.eq(stored_count(result.votes.abstain)),
                    committee_results::decision.eq(result.decision.as_str()),
                    committee_results::resolution.eq(resolution.clone()),
                    committee_results::reason.eq(reason.clone()),
                    committee_results::recorded_by_name.eq(by),
                    committee_results::recorded_at.eq(at),
                )
            })
            .collect();
        insert_many!(conn, committee_results::table, rows);
    }
    Ok(())
}

type RuleColumns = (
    String,
    i32,
    i32,
    i32,
    i32,
    String,
    i32,
    String,
    chrono::NaiveDateTime,
);

/// The decision rule of a committee kind.
pub fn rule(conn: &mut DbConn, kind: CommitteeKind) -> QueryResult<RuleView> {
    let (k, qn, qd, pn, pd, base, version, by, at) = committee_rules::table
        .find(kind.as_str())
        .select((
            committee_rules::kind,
            committee_rules::quorum_num,
            committee_rules::quorum_den,
            committee_rules::pass_num,
            committee_rules::pass_den,
            committee_rules::pass_base,
            committee_rules::version,
            committee_rules::updated_by_name,
            committee_rules::updated_at,
        ))
        .get_result::<RuleColumns>(conn)?;
    let rule = DecisionRule {
        quorum: Fraction {
            num: count(qn),
            den: count(qd),
        },
        pass: Fraction {
            num: count(pn),
            den: count(pd),
        },
        pass_base: PassBase::parse(&base)
            .ok_or_else(|| corrupt(format!("unknown pass base {base:?}")))?,
    };
    Ok(RuleView {
        kind: CommitteeKind::parse(&k).unwrap_or(kind),
        description: rule.describe(),
        rule,
        version,
        updated_by: by,
        updated_at: at.and_utc(),
    })
}

/// Set the rule, if still at `version`.
pub fn set_rule(
    conn: &mut DbConn,
    kind: CommitteeKind,
    version: i32,
    rule: DecisionRule,
    by: &str,
) -> QueryResult<bool> {
    diesel::update(
        committee_rules::table
            .filter(committee_rules::kind.eq(kind.as_str()))
            .filter(committee_rules::version.eq(version)),
    )
    .set((
        committee_rules::quorum_num.eq(stored_count(rule.quorum.num)),
        committee_rules::quorum_den.eq(stored_count(rule.quorum.den)),
        committee_rules::pass_num.eq(stored_count(rule.pass.num)),
        committee_rules::pass_den.eq(stored_count(rule.pass.den)),
        committee_rules::pass_base.eq(rule.pass_base.as_str()),
        committee_rules::version.eq(committee_rules::version + 1),
        committee_rules::updated_by_name.eq(by),
        committee_rules::updated_at.eq(now()),
    ))
    .execute(conn)
    .map(|n| n == 1)
}
