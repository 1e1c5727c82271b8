//! A unit's applications as its committee and its submission see them: the
//! review list, the whole unit at once (voting list, blockers), the
//! submission (数据上报) with its reopenings, and the office's overview.

use super::application_lists::{like_pattern, prefix_pattern};
use super::applications::{kind_of, state_of, StateColumns};
use super::schema::{
    applications, major_groups, students, submission_events, unit_submissions, units,
};
use super::{now, DbConn};
use diesel::prelude::*;
use shared::domain::StudentKind;
use shared::dto::committee::{DecisionCounts, ReviewQuery, SubmissionEvent, SubmissionEventKind};
use shared::dto::PageQuery;
use shared::ids::{ApplicationId, BatchId, GroupId, StudentId, UnitId};
use shared::workflow::committee::CommitteeKind;
use shared::workflow::{Decision, Stage};
use std::collections::HashMap;

/// An applicant as the committee's pages show it.
#[derive(Debug, Clone)]
pub struct Applicant {
    pub id: ApplicationId,
    pub version: i32,
    pub student_id: StudentId,
    pub student_no: String,
    pub name: String,
    pub kind: StudentKind,
    pub major_code: Option<String>,
    pub major_name: Option<String>,
    pub thesis_title: Option<String>,
    pub advisor_name: Option<String>,
    pub state: Stage,
    /// The stored 学位初审 decision, kept through the later stages.
    pub prelim: Option<Decision>,
}

type ApplicantColumns = (
    i64,
    i32,
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    StateColumns,
);

macro_rules! applicant_columns {
    () => {
        (
            applications::id,
            applications::version,
            students::id,
            students::student_no,
            students::name,
            students::kind,
            students::major_code,
            students::major_name,
            students::thesis_title,
            students::advisor_name,
            (
                applications::stage,
                applications::prelim_decision,
                applications::subcommittee_decision,
                applications::final_decision,
            ),
        )
    };
}

fn applicant_of(row: ApplicantColumns) -> QueryResult<Applicant> {
    let (id, version, sid, no, name, kind, major_code, major_name, thesis, advisor, st) = row;
    Ok(Applicant {
        id: ApplicationId(id),
        version,
        student_id: StudentId(sid),
        student_no: no,
        name,
        kind: kind_of(&kind)?,
        major_code,
        major_name,
        thesis_title: thesis,
        advisor_name: advisor,
        prelim: st.1.as_deref().and_then(Decision::parse),
        state: state_of(st)?,
    })
}

/// Whose applicants: a unit's (its 学位初审委员会), or those of a group's
/// majors (its 学科群分会).
#[derive(Debug, Clone, Copy)]
pub enum Pool {
    Unit(UnitId),
    Group(GroupId),
}

type Boxed<'a> = diesel::helper_types::IntoBoxed<
    'a,
    diesel::helper_types::InnerJoin<applications::table, students::table>,
    <DbConn as diesel::Connection>::Backend,
>;

/// The applications of the pool in the batch that `kind` is concerned
/// with: all live ones of a unit; those a subcommittee reviews in a group
/// (submitted after passing the 学位初审, or decided by it).
fn in_pool<'a>(pool: Pool, kind: CommitteeKind, batch: BatchId) -> Boxed<'a> {
    let q = applications::table
        .inner_join(students::table)
        .filter(applications::batch_id.eq(batch.0))
        .into_boxed();
    let q = match pool {
        Pool::Unit(unit) => q.filter(applications::unit_id.eq(unit.0)),
        Pool::Group(group) => q.filter(
            students::major_code.eq_any(
                major_groups::table
                    .filter(major_groups::group_id.eq(group.0))
                    .select(major_groups::major_code.nullable()),
            ),
        ),
    };
    match kind {
        CommitteeKind::Subcommittee => q.filter(
            applications::stage
                .eq(Stage::SubcommitteeDecided(Decision::Passed).stage())
                .or(applications::stage
                    .eq(Stage::Submitted(Decision::Passed).stage())
                    .and(applications::prelim_decision.eq(Decision::Passed.as_str()))),
        ),
        _ => q.filter(applications::stage.ne(Stage::NotApplied.stage())),
    }
}

/// Every application of the pool in the batch its committee is concerned
/// with (申请学位学生 of a unit; a group's applicants for its subcommittee), by 学号.
pub fn applicants(
    conn: &mut DbConn,
    pool: Pool,
    kind: CommitteeKind,
    batch: BatchId,
) -> QueryResult<Vec<Applicant>> {
    in_pool(pool, kind, batch)
        .order(students::student_no)
        .select(applicant_columns!())
        .load::<ApplicantColumns>(conn)?
        .into_iter()
        .map(applicant_of)
        .collect()
}

/// The stages the committee reviews, as `CommitteeKind::reviews` says.
fn reviewed_stages(kind: CommitteeKind) -> Vec<&'static str> {
    let mut stages: Vec<&'static str> = Stage::all()
        .into_iter()
        .filter(|s| kind.reviews(*s))
        .map(Stage::stage)
        .collect();
    stages.dedup();
    stages
}

/// The stages of an application whose result the committee has recorded.
fn decided_stages(kind: CommitteeKind) -> Vec<&'static str> {
    match kind {
        CommitteeKind::Prelim => vec![
            Stage::PrelimDecided(Decision::Passed).stage(),
            Stage::Submitted(Decision::Passed).stage(),
        ],
        _ => vec![Stage::SubcommitteeDecided(Decision::Passed).stage()],
    }
}

/// One page of the applicants the committee reviews, with the total.
pub fn review_page(
    conn: &mut DbConn,
    pool: Pool,
    kind: CommitteeKind,
    batch: BatchId,
    q: &ReviewQuery,
) -> QueryResult<(Vec<Applicant>, i64)> {
    let paging = PageQuery {
        page: q.page,
        per_page: q.per_page,
    };
    let (_, per_page) = paging.resolved();
    let decided = decided_stages(kind);
    let filtered = || {
        let mut query =
            in_pool(pool, kind, batch).filter(applications::stage.eq_any(reviewed_stages(kind)));
        if let Some(text) = q.q.as_deref().filter(|s| !s.trim().is_empty()) {
            query = query.filter(
                students::name
                    .like(like_pattern(text))
                    .escape('\\')
                    .or(students::student_no.like(prefix_pattern(text)).escape('\\')),
            );
        }
        if let Some(kind) = q.kind {
            query = query.filter(students::kind.eq(kind.as_str()));
        }
        match q.decided {
            Some(true) => query = query.filter(applications::stage.eq_any(decided.clone())),
            Some(false) => query = query.filter(applications::stage.ne_all(decided.clone())),
            None => {}
        }
        query
    };
    let rows = filtered()
        .order(students::student_no)
        .limit(per_page)
        .offset(paging.offset())
        .select((
            diesel::dsl::count(applications::id).over(),
            applicant_columns!(),
        ))
        .load::<(i64, ApplicantColumns)>(conn)?;
    let total = match rows.first() {
        Some((total, _)) => *total,
        None if paging.offset() == 0 => 0,
        None => filtered().count().get_result::<i64>(conn)?,
    };
    let items = rows
        .into_iter()
        .map(|(_, row)| applicant_of(row))
        .collect::<QueryResult<Vec<_>>>()?;
    Ok((items, total))
}

/// How many of the pool's applications still await the committee's result.
pub fn undecided(
    conn: &mut DbConn,
    pool: Pool,
    kind: CommitteeKind,
    batch: BatchId,
) -> QueryResult<i64> {
    let waiting: Vec<&str> = match kind {
        CommitteeKind::Prelim => vec![
            Stage::Filing.stage(),
            Stage::Confirmed.stage(),
            Stage::Reviewed.stage(),
        ],
        _ => vec![Stage::Submitted(Decision::Passed).stage()],
    };
    in_pool(pool, kind, batch)
        .filter(applications::stage.eq_any(waiting))
        .count()
        .get_result(conn)
}

/// A unit's submission row in a batch.
#[derive(Debug, Clone, Default)]
pub struct SubmissionRow {
    pub submitted: bool,
    pub submitted_at: Option<chrono::NaiveDateTime>,
    pub reopen_reason: Option<String>,
    /// 0 before the unit ever submitted.
    pub version: i32,
}

pub fn status(conn: &mut DbConn, batch: BatchId, unit: UnitId) -> QueryResult<SubmissionRow> {
    Ok(unit_submissions::table
        .find((batch.0, unit.0))
        .select((
            unit_submissions::submitted,
            unit_submissions::submitted_at,
            unit_submissions::reopen_reason,
            unit_submissions::version,
        ))
        .get_result::<(bool, Option<chrono::NaiveDateTime>, Option<String>, i32)>(conn)
        .optional()?
        .map(
            |(submitted, submitted_at, reopen_reason, version)| SubmissionRow {
                submitted,
                submitted_at,
                reopen_reason,
                version,
            },
        )
        .unwrap_or_default())
}

/// Mark the unit submitted, if its row is still at `version` (0: no row
/// yet); `false` when stale.
pub fn mark_submitted(
    conn: &mut DbConn,
    batch: BatchId,
    unit: UnitId,
    version: i32,
) -> QueryResult<bool> {
    let at = now();
    if version == 0 {
        if status(conn, batch, unit)?.version != 0 {
            return Ok(false);
        }
        return diesel::insert_into(unit_submissions::table)
            .values((
                unit_submissions::batch_id.eq(batch.0),
                unit_submissions::unit_id.eq(unit.0),
                unit_submissions::submitted.eq(true),
                unit_submissions::submitted_at.eq(Some(at)),
                unit_submissions::version.eq(1),
            ))
            .execute(conn)
            .map(|n| n == 1);
    }
    diesel::update(
        unit_submissions::table
            .filter(unit_submissions::batch_id.eq(batch.0))
            .filter(unit_submissions::unit_id.eq(unit.0))
            .filter(unit_submissions::version.eq(version))
            .filter(unit_submissions::submitted.eq(false)),
    )
    .set((
        unit_submissions::submitted.eq(true),
        unit_submissions::submitted_at.eq(Some(at)),
        unit_submissions::version.eq(unit_submissions::version + 1),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Reopen the unit's submission with a reason, if still at `version`.
pub fn mark_reopened(
    conn: &mut DbConn,
    batch: BatchId,
    unit: UnitId,
    version: i32,
    reason: &str,
) -> QueryResult<bool> {
    diesel::update(
        unit_submissions::table
            .filter(unit_submissions::batch_id.eq(batch.0))
            .filter(unit_submissions::unit_id.eq(unit.0))
            .filter(unit_submissions::version.eq(version))
            .filter(unit_submissions::submitted.eq(true)),
    )
    .set((
        unit_submissions::submitted.eq(false),
        unit_submissions::reopened_at.eq(Some(now())),
        unit_submissions::reopen_reason.eq(Some(reason)),
        unit_submissions::version.eq(unit_submissions::version + 1),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Keep a submission event.
pub fn record_event(
    conn: &mut DbConn,
    batch: BatchId,
    unit: UnitId,
    kind: SubmissionEventKind,
    actor: &shared::authz::Actor,
    reason: Option<&str>,
    applications: Option<i64>,
) -> QueryResult<()> {
    diesel::insert_into(submission_events::table)
        .values((
            submission_events::batch_id.eq(batch.0),
            submission_events::unit_id.eq(unit.0),
            submission_events::kind.eq(kind.as_str()),
            submission_events::actor_id.eq(Some(actor.user_id.0)),
            submission_events::actor_name.eq(&actor.display_name),
            submission_events::reason.eq(reason),
            submission_events::applications.eq(applications),
            submission_events::at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The unit's submissions and reopenings in the batch, oldest first.
pub fn events(
    conn: &mut DbConn,
    batch: BatchId,
    unit: UnitId,
) -> QueryResult<Vec<SubmissionEvent>> {
    submission_events::table
        .filter(submission_events::batch_id.eq(batch.0))
        .filter(submission_events::unit_id.eq(unit.0))
        .order(submission_events::id)
        .select((
            submission_events::kind,
            submission_events::actor_name,
            submission_events::at,
            submission_events::reason,
            submission_events::applications,
        ))
        .load::<(
            String,
            String,
            chrono::NaiveDateTime,
            Option<String>,
            Option<i64>,
        )>(conn)?
        .into_iter()
        .filter_map(|(kind, by, at, reason, applications)| {
            Some(SubmissionEvent {
                kind: SubmissionEventKind::parse(&kind)?,
                by,
                at: at.and_utc(),
                reason,
                applications,
            })
        })
        .map(Ok)
        .collect()
}

/// Count applications into a unit's counts by their stored 学位初审
/// decision (kept through the later stages).
pub fn count_into(counts: &mut DecisionCounts, stage: &str, prelim: Option<&str>, n: i64) {
    if stage == Stage::NotApplied.stage() {
        return;
    }
    counts.applications += n;
    match prelim.and_then(Decision::parse) {
        Some(Decision::Passed) => counts.passed += n,
        Some(Decision::Failed) => counts.failed += n,
        Some(Decision::Deferred) => counts.deferred += n,
        None => counts.undecided += n,
    }
}

/// Every unit with its submission and counts in the batch, by unit code.
#[allow(clippy::type_complexity)]
pub fn overview(
    conn: &mut DbConn,
    batch: BatchId,
) -> QueryResult<Vec<(UnitId, String, String, SubmissionRow, DecisionCounts)>> {
    let units: Vec<(i64, String, String)> = units::table
        .order(units::code)
        .select((units::id, units::code, units::name))
        .load(conn)?;
    let subs: HashMap<i64, SubmissionRow> = unit_submissions::table
        .filter(unit_submissions::batch_id.eq(batch.0))
        .select((
            unit_submissions::unit_id,
            unit_submissions::submitted,
            unit_submissions::submitted_at,
            unit_submissions::reopen_reason,
            unit_submissions::version,
        ))
        .load::<(
            i64,
            bool,
            Option<chrono::NaiveDateTime>,
            Option<String>,
            i32,
        )>(conn)?
        .into_iter()
        .map(|(u, submitted, submitted_at, reopen_reason, version)| {
            (
                u,
                SubmissionRow {
                    submitted,
                    submitted_at,
                    reopen_reason,
                    version,
                },
            )
        })
        .collect();
    let groups: Vec<(i64, String, Option<String>, i64)> = applications::table
        .filter(applications::batch_id.eq(batch.0))
        .filter(applications::stage.ne(Stage::NotApplied.stage()))
        .group_by((
            applications::unit_id,
            applications::stage,
            applications::prelim_decision,
        ))
        .select((
            applications::unit_id,
            applications::stage,
            applications::prelim_decision,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    let mut counts: HashMap<i64, DecisionCounts> = HashMap::new();
    for (unit, stage, prelim, n) in groups {
        count_into(
            counts.entry(unit).or_default(),
            &stage,
            prelim.as_deref(),
            n,
        );
    }
    Ok(units
        .into_iter()
        .map(|(id, code, name)| {
            (
                UnitId(id),
                code,
                name,
                subs.get(&id).cloned().unwrap_or_default(),
                counts.get(&id).copied().unwrap_or_default(),
            )
        })
        .collect())
}
