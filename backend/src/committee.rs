//! The committee machinery, once for every committee: members and their
//! portal logins, online opinions and their tally, the meeting record, and
//! results turned into workflow steps by the configurable rule of
//! `shared::workflow::committee`. Route handlers say which committee
//! ([`Seat`]); everything here runs inside the caller's transaction.

use crate::db::committees::{self as store, CommitteeId, Owner, StoredMember};
use crate::db::submissions::{self as unit_data, Applicant};
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use crate::password::hash_password;
use crate::workflow;
use shared::authz::{check, check_role, Actor, GrantScope, Permission, RoleGrant, Scope};
use shared::dto::application::BulkOutcome;
use shared::dto::committee::{
    Committee, MeetingInput, MeetingView, Member, MemberInput, OpinionInput, PortalGrant,
    ResultsRequest, ReviewPage, ReviewQuery, ReviewRow, Tally,
};
use shared::error::{ErrorCode, FieldError};
use shared::ids::{ApplicationId, BatchId, UnitId};
use shared::workflow::committee::{CommitteeKind, Opinion, VoteProblem};
use shared::workflow::{application::apply, Facts, Stage, TransitionError};
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
fn check_manager(actor: &Actor, seat: Seat) -> Result<(), ApiError> {
    check(actor, Permission::ManageCommittee, seat.scope)?;
    Ok(check_role(actor, seat.kind.manager(), seat.scope)?)
}

/// The current batch and its facts for the seat's unit: 404 for an unknown
/// unit, `None` without a current batch.
fn current(conn: &mut DbConn, seat: Seat) -> Result<Option<(BatchId, Facts)>, ApiError> {
    match seat.unit() {
        Some(unit) => workflow::unit_in_batch(conn, unit),
        None => Err(ApiError::not_found()),
    }
}

/// Why the committee's records may not change now, if they may not.
fn locked(seat: Seat, facts: Option<Facts>) -> Option<TransitionError> {
    seat.kind.records_open(facts).err()
}

/// Refuse a change of the committee's records (members, meeting, results)
/// by someone other than its manager, or while they are locked.
fn check_change(
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
fn lock_owner(conn: &mut DbConn, seat: Seat) -> Result<(), ApiError> {
    if let Some(unit) = seat.unit() {
        db::units::lock(conn, unit)?;
    }
    Ok(())
}

/// Take the member's login out of the committee: disabled at once, and its
/// grant of the member role withdrawn (a later re-enabling of the account
/// alone gives no access).
fn revoke_login(conn: &mut DbConn, seat: Seat, user: shared::ids::UserId) -> Result<(), ApiError> {
    db::users::set_active(conn, user, false)?;
    if let (Some(role), Some(unit)) = (seat.kind.member_role(), seat.unit()) {
        db::users::remove_unit_grant(conn, user, role, unit)?;
    }
    Ok(())
}

fn owner_name(conn: &mut DbConn, seat: Seat) -> Result<String, ApiError> {
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

fn validate_member(m: &MemberInput) -> Result<(), ApiError> {
    let mut problems = Vec::new();
    let mut need = |field: &str, value: &str, max: usize, label: &str| {
        // The length as sent (what the API document bounds), then blank.
        if value.trim().is_empty() {
            problems.push(FieldError::new(field, "required", format!("请填写{label}")));
        } else if value.chars().count() > max {
            problems.push(FieldError::new(
                field,
                "too_long",
                format!("{label}最多 {max} 个字"),
            ));
        }
    };
    need("name", &m.name, 50, "姓名");
    need("title", &m.title, 50, "职称");
    need("affiliation", &m.affiliation, 100, "工作单位");
    for (field, value, max, label) in [
        ("staff_no", &m.staff_no, 30, "工号"),
        ("contact", &m.contact, 100, "联系方式"),
    ] {
        if value
            .as_deref()
            .is_some_and(|v| v.trim().chars().count() > max)
        {
            problems.push(FieldError::new(
                field,
                "too_long",
                format!("{label}最多 {max} 个字"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(problems))
    }
}

fn audit_member(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
    action: &str,
    before: Option<&Member>,
    after: Option<&Member>,
) -> Result<(), ApiError> {
    db::audit::record(
        conn,
        Change {
            actor: Some(actor),
            entity: "committee_member",
            entity_id: Some(id),
            action,
            before: before.map(|m| serde_json::json!(m)),
            after: after.map(|m| serde_json::json!(m)),
        },
    )?;
    Ok(())
}

fn stale() -> ApiError {
    ApiError::new(ErrorCode::StaleVersion)
}

fn find_member(
    conn: &mut DbConn,
    seat: Seat,
    id: i64,
) -> Result<(CommitteeId, StoredMember), ApiError> {
    let committee = store::find(conn, seat.kind, seat.owner)?.ok_or_else(ApiError::not_found)?;
    let member = store::member(conn, committee, id)?.ok_or_else(ApiError::not_found)?;
    Ok((committee, member))
}

/// Add a member; a second 主席 is refused.
pub fn add_member(
    conn: &mut DbConn,
    actor: &Actor,
    seat: Seat,
    m: &MemberInput,
) -> Result<Member, ApiError> {
    check_change(conn, actor, seat)?;
    validate_member(m)?;
    let committee = store::find_or_create(conn, seat.kind, seat.owner)?;
    if m.position == shared::workflow::committee::Position::Chair
        && store::other_chair(conn, committee, None)?
    {
        return Err(ApiError::new(ErrorCode::ChairAlreadySet));
    }
    let id = store::insert_member(conn, committee, m)?;
    let member = store::member(conn, committee, id)?
        .ok_or_else(ApiError::not_found)?
        .member;
    audit_member(conn, actor, id, "add_committee_member", None, Some(&member))?;
    Ok(member)
}

/// Change a member as of `version`.
pub fn edit_member(
    conn: &mut DbConn,
    actor: &Actor,
    seat: Seat,
    id: i64,
    m: &MemberInput,
) -> Result<Member, ApiError> {
    check_change(conn, actor, seat)?;
    validate_member(m)?;
    let (committee, before) = find_member(conn, seat, id)?;
    let version = m.version.ok_or_else(|| {
        ApiError::validation(vec![FieldError::new("version", "required", "缺少版本号")])
    })?;
    if m.position == shared::workflow::committee::Position::Chair
        && store::other_chair(conn, committee, Some(id))?
    {
        return Err(ApiError::new(ErrorCode::ChairAlreadySet));
    }
    if !store::update_member(conn, id, version, m)? {
        return Err(stale());
    }
    let after = store::member(conn, committee, id)?
        .ok_or_else(ApiError::not_found)?
        .member;
    audit_member(
        conn,
        actor,
        id,
        "edit_committee_member",
        Some(&before.member),
        Some(&after),
    )?;
    Ok(after)
}

/// Remove a member: their login is disabled at once; their opinions no
/// longer count.
pub fn remove_member(
    conn: &mut DbConn,
    actor: &Actor,
    seat: Seat,
    id: i64,
    version: i32,
) -> Result<(), ApiError> {
    check_change(conn, actor, seat)?;
    let (_, before) = find_member(conn, seat, id)?;
    if !store::remove_member(conn, id, version)? {
        return Err(stale());
    }
    if let Some(user) = before.user_id {
        revoke_login(conn, seat, user)?;
    }
    audit_member(
        conn,
        actor,
        id,
        "remove_committee_member",
        Some(&before.member),
        None,
    )
}

/// A one-time password: 12 characters of letters and digits, without the
/// look-alikes.
fn one_time_password() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    let mut p: String = (0..10)
        .map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char)
        .collect();
    // At least one letter and one digit, as the password rule asks.
    p.push(CHARS[rng.gen_range(0..24)] as char);
    p.push(CHARS[rng.gen_range(48..CHARS.len())] as char);
    p
}

/// 授予信息门户权限: create the member's login (or re-enable it) holding the
/// committee's member role in its scope, with a one-time password shown once.
pub fn grant_portal(
    conn: &mut DbConn,
    actor: &Actor,
    seat: Seat,
    id: i64,
    version: i32,
) -> Result<PortalGrant, ApiError> {
    check_change(conn, actor, seat)?;
    let role = seat.kind.member_role().ok_or_else(|| {
        ApiError::with_message(
            ErrorCode::InvalidTransition,
            "该委员会的委员不使用信息门户登录",
        )
    })?;
    let (committee, before) = find_member(conn, seat, id)?;
    let grant_scope = match seat.owner {
        Owner::Unit(u) => GrantScope::Unit(u),
        Owner::Group(g) => GrantScope::Group(g),
        Owner::University => GrantScope::Global,
    };
    let password = one_time_password();
    let hash = hash_password(&password)?;
    let user = match before.user_id {
        Some(user) => {
            db::users::set_active(conn, user, true)?;
            db::users::set_password(conn, user, &hash, true)?;
            if !store::touch_member(conn, id, version)? {
                return Err(stale());
            }
            user
        }
        None => {
            let code = match seat.owner {
                Owner::Unit(u) => db::units::code_of(conn, u)?.unwrap_or_default(),
                Owner::Group(g) => format!("g{}", g.0),
                Owner::University => "ucas".to_owned(),
            };
            let username = format!("{}_{}_{}", seat.kind.as_str(), code.to_lowercase(), id);
            if db::users::find_by_username(conn, &username)?.is_some() {
                return Err(ApiError::with_message(
                    ErrorCode::Conflict,
                    "登录名已被占用",
                ));
            }
            let user = db::users::insert(
                conn,
                &db::users::NewUser::new(&username, before.member.name.trim(), Some(&hash)),
            )?;
            db::users::set_password(conn, user, &hash, true)?;
            if !store::set_member_user(conn, id, version, user)? {
                return Err(stale());
            }
            user
        }
    };
    let grant = RoleGrant {
        role,
        scope: grant_scope,
    };
    let holds = match grant_scope {
        GrantScope::Unit(u) => db::users::has_unit_grant(conn, user, role, u)?,
        _ => db::users::grants(conn, user)?.contains(&grant),
    };
    if !holds {
        db::users::add_grant(conn, user, grant)?;
    }
    let member = store::member(conn, committee, id)?
        .ok_or_else(ApiError::not_found)?
        .member;
    audit_member(
        conn,
        actor,
        id,
        "grant_portal_rights",
        Some(&before.member),
        Some(&member),
    )?;
    Ok(PortalGrant {
        username: member.username.clone().unwrap_or_default(),
        initial_password: password,
        member,
    })
}

/// Withdraw the member's portal rights: the login is disabled at once.
pub fn withdraw_portal(
    conn: &mut DbConn,
    actor: &Actor,
    seat: Seat,
    id: i64,
    version: i32,
) -> Result<Member, ApiError> {
    // Access control, not a record of the batch: possible after 数据上报 too.
    check_manager(actor, seat)?;
    lock_owner(conn, seat)?;
    let (committee, before) = find_member(conn, seat, id)?;
    let Some(user) = before.user_id.filter(|_| before.member.portal_enabled) else {
        return Err(ApiError::with_message(
            ErrorCode::InvalidTransition,
            "该委员没有信息门户权限",
        ));
    };
    if !store::touch_member(conn, id, version)? {
        return Err(stale());
    }
    revoke_login(conn, seat, user)?;
    let member = store::member(conn, committee, id)?
        .ok_or_else(ApiError::not_found)?
        .member;
    audit_member(
        conn,
        actor,
        id,
        "withdraw_portal_rights",
        Some(&before.member),
        Some(&member),
    )?;
    Ok(member)
}

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
        may_record: check_manager(actor, seat).is_ok() && locked(seat, Some(facts)).is_none(),
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

fn vote_error(p: VoteProblem, rule: shared::workflow::committee::DecisionRule) -> ApiError {
    let mut e = ApiError::new(ErrorCode::VotesInconsistent);
    e.body.message = p.message(rule);
    e.body.fields = vec![FieldError::new(p.field(), p.code(), p.message(rule))];
    e
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
    // “All members” is the committee as registered here.
    let registered = u32::try_from(store::members(conn, committee)?.len()).unwrap_or(u32::MAX);
    if m.attendance.members_total != registered {
        let message = format!("委员总数须与学位初审委员会登记的委员人数（{registered} 人）一致");
        let mut e = ApiError::with_message(ErrorCode::VotesInconsistent, message.clone());
        e.body.fields = vec![FieldError::new("members_total", "not_registered", message)];
        return Err(e);
    }
    // Results already recorded must still fit the changed meeting.
    let (apps, results) = applicants_with_results(conn, seat, batch)?;
    let unfit: Vec<FieldError> = apps
        .iter()
        .filter_map(|a| {
            let r = results.get(&a.id)?;
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
                &a.student_no,
                p.code(),
                format!("{} {}：{}", a.student_no, a.name, p.message(rule)),
            ))
        })
        .collect();
    if !unfit.is_empty() {
        let mut e = ApiError::with_message(
            ErrorCode::VotesInconsistent,
            format!(
                "已填写的 {} 名学生的学位初审结果与修改后的会议记录不符，请先修改其结果",
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
    let unit = seat.unit().ok_or_else(ApiError::not_found)?;
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
    if apps.len() != ids.len()
        || apps
            .iter()
            .any(|a| a.unit_id != unit || a.batch_id != batch)
    {
        return Err(ApiError::with_message(
            ErrorCode::Forbidden,
            "只能处理本单位本批次的申请",
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
        let mut e = ApiError::with_message(
            ErrorCode::InvalidTransition,
            "以下学生当前不能填写学位初审结果",
        );
        e.body.fields = refused;
        return Err(e);
    }
    let previous = store::results(conn, committee, &ids)?;
    let next = apply(apps[0].state, action, role, facts)?;
    let from = [Stage::Reviewed.stage(), next.stage()];
    if !unit_data::move_stage(conn, &ids, &from, next.stage(), Some(req.result.decision))? {
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
    unit_data::audit_many(conn, &changes)?;
    Ok(BulkOutcome {
        done: u32::try_from(apps.len()).unwrap_or(u32::MAX),
        skipped: Vec::new(),
    })
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
