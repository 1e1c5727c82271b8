//! The two student lists of filing: 全部学生列表 (a unit's students and
//! their application in the current batch) and 申请学位学生 (the unit's live
//! applications), with the filters and sort orders they share.

use super::applications::{app_table, kind_of, state_of, StateColumns};
use super::schema::{applications, major_groups, students};
use super::DbConn;
use diesel::prelude::*;
use shared::authz::Scope;
use shared::dto::application::{
    ApplicationQuery, ApplicationRow, RosterEntry, RosterQuery, StudentSort,
};
use shared::dto::{Page, PageQuery};
use shared::ids::{ApplicationId, BatchId, GroupId, StudentId, UnitId};
use shared::workflow::{Action, Stage};

/// `%text%` for LIKE with `\` as the escape (the lists' filters).
pub(super) fn like_pattern(s: &str) -> String {
    let escaped: String = s
        .trim()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

/// `text%` for LIKE with `\` as the escape.
pub(super) fn prefix_pattern(s: &str) -> String {
    let p = like_pattern(s);
    p[1..].to_owned()
}

/// The student filters both lists share (name, 学号 prefix, kind), on any
/// boxed query that has `students` in it.
macro_rules! student_filters {
    ($query:expr, $name:expr, $student_no:expr, $kind:expr) => {{
        let mut query = $query;
        if let Some(name) = $name.as_deref().filter(|s| !s.trim().is_empty()) {
            query = query.filter(students::name.like(like_pattern(name)).escape('\\'));
        }
        if let Some(no) = $student_no.as_deref().filter(|s| !s.trim().is_empty()) {
            query = query.filter(students::student_no.like(prefix_pattern(no)).escape('\\'));
        }
        if let Some(kind) = $kind {
            query = query.filter(students::kind.eq(kind.as_str()));
        }
        query
    }};
}

/// The sort orders both lists share; ties go by 学号.
macro_rules! student_order {
    ($query:expr, $sort:expr) => {
        match $sort {
            StudentSort::StudentNo => $query.order(students::student_no.asc()),
            StudentSort::StudentNoDesc => $query.order(students::student_no.desc()),
            StudentSort::Name => $query.order((students::name_pinyin.asc(), students::student_no)),
            StudentSort::NameDesc => {
                $query.order((students::name_pinyin.desc(), students::student_no))
            }
            StudentSort::Kind => $query.order((students::kind.asc(), students::student_no)),
        }
    };
}

/// What the caller may do to a row, given its scope and stage (filled in by
/// the server's workflow, which knows the actor and the facts).
pub type RowActions<'a> = &'a dyn Fn(Scope, Stage) -> Vec<Action>;

/// 全部学生列表: a unit's students and their application in `batch`.
pub fn roster(
    conn: &mut DbConn,
    unit: UnitId,
    batch: Option<BatchId>,
    q: &RosterQuery,
    actions: RowActions<'_>,
) -> QueryResult<Page<RosterEntry>> {
    let unit_id = unit.0;
    let paging = PageQuery {
        page: q.page,
        per_page: q.per_page,
    };
    let (page, per_page) = paging.resolved();
    // -1 never matches: without a batch nobody is applying.
    let batch = batch.map_or(-1, |b| b.0);
    let not_applied = Stage::NotApplied.stage();
    let filtered = || {
        let mut query = students::table
            .left_join(
                applications::table.on(applications::student_id
                    .eq(students::id)
                    .and(applications::batch_id.eq(batch))),
            )
            .filter(students::unit_id.eq(unit_id))
            .into_boxed();
        query = student_filters!(query, q.name, q.student_no, q.kind);
        match q.applying {
            Some(true) => query = query.filter(applications::stage.ne(not_applied)),
            Some(false) => {
                query = query.filter(
                    applications::id
                        .is_null()
                        .or(applications::stage.eq(not_applied)),
                )
            }
            None => {}
        }
        query
    };
    let total = filtered().count().get_result::<i64>(conn)?;
    let rows = student_order!(filtered(), q.sort.unwrap_or_default())
        .limit(per_page)
        .offset(paging.offset())
        .select((
            students::id,
            students::student_no,
            students::name,
            students::kind,
            students::major_name,
            applications::id.nullable(),
            applications::stage.nullable(),
            applications::prelim_decision.nullable(),
            applications::subcommittee_decision.nullable(),
            applications::final_decision.nullable(),
        ))
        .load::<(
            i64,
            String,
            String,
            String,
            Option<String>,
            Option<i64>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        )>(conn)?;
    let items = rows
        .into_iter()
        .map(|(id, no, name, kind, major, app, stage, p, s, f)| {
            let state = match stage {
                Some(stage) => state_of((stage, p, s, f))?,
                None => Stage::NotApplied,
            };
            // Opening and withdrawing filing are the unit's own steps: the
            // discipline group (a join that doubles the list's time) is not asked.
            let scope = Scope::Student {
                student: StudentId(id),
                unit,
                group: None,
            };
            Ok(RosterEntry {
                student_id: StudentId(id),
                student_no: no,
                name,
                kind: kind_of(&kind)?,
                major_name: major,
                application_id: app.map(ApplicationId),
                state,
                allowed_actions: actions(scope, state),
            })
        })
        .collect::<QueryResult<Vec<_>>>()?;
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}

/// 申请学位学生: the live applications of a unit in a batch.
pub fn list(
    conn: &mut DbConn,
    unit: UnitId,
    batch: BatchId,
    q: &ApplicationQuery,
    actions: RowActions<'_>,
) -> QueryResult<Page<ApplicationRow>> {
    let (unit_id, batch_id) = (unit.0, batch.0);
    let paging = PageQuery {
        page: q.page,
        per_page: q.per_page,
    };
    let (page, per_page) = paging.resolved();
    let confirmed_stages = [Stage::Confirmed.stage()];
    let unconfirmed_stages = [Stage::NotApplied.stage(), Stage::Filing.stage()];
    let filtered = || {
        let mut query = app_table!()
            .filter(applications::unit_id.eq(unit_id))
            .filter(applications::batch_id.eq(batch_id))
            .filter(applications::stage.ne(Stage::NotApplied.stage()))
            .into_boxed();
        query = student_filters!(query, q.name, q.student_no, q.kind);
        match q.confirmed {
            Some(true) => query = query.filter(applications::stage.ne_all(unconfirmed_stages)),
            Some(false) => query = query.filter(applications::stage.eq_any(unconfirmed_stages)),
            None => {}
        }
        match q.reviewed {
            // Reviewed: confirmed and past the plain 已确认 stage.
            Some(true) => {
                query = query.filter(
                    applications::stage
                        .ne_all(unconfirmed_stages)
                        .and(applications::stage.ne_all(confirmed_stages)),
                )
            }
            Some(false) => {
                query = query.filter(
                    applications::stage
                        .eq_any(unconfirmed_stages)
                        .or(applications::stage.eq_any(confirmed_stages)),
                )
            }
            None => {}
        }
        query
    };
    // The total rides on the rows (`COUNT(…) OVER ()`): the sort by student
    // reads the whole filtered set anyway, and one statement instead of two
    // is a fifth more pages per second (scripts/bench-load). Where an index
    // gives the order (全部学生列表, sync runs) a separate count is cheaper.
    let rows = student_order!(filtered(), q.sort.unwrap_or_default())
        .limit(per_page)
        .offset(paging.offset())
        .select((
            diesel::dsl::count(applications::id).over(),
            (
                applications::id,
                applications::version,
                students::id,
                students::student_no,
                students::name,
                students::kind,
                students::major_name,
                (
                    applications::stage,
                    applications::prelim_decision,
                    applications::subcommittee_decision,
                    applications::final_decision,
                ),
                applications::updated_at,
                major_groups::group_id.nullable(),
            ),
        ))
        .load::<(
            i64,
            (
                i64,
                i32,
                i64,
                String,
                String,
                String,
                Option<String>,
                StateColumns,
                chrono::NaiveDateTime,
                Option<i64>,
            ),
        )>(conn)?;
    let total = match rows.first() {
        Some((total, _)) => *total,
        None if paging.offset() == 0 => 0,
        // A page past the end: count on its own.
        None => filtered().count().get_result::<i64>(conn)?,
    };
    let items = rows
        .into_iter()
        .map(
            |(_, (id, version, sid, no, name, kind, major, st, updated, group))| {
                let state = state_of(st)?;
                let scope = Scope::Student {
                    student: StudentId(sid),
                    unit,
                    group: group.map(GroupId),
                };
                Ok(ApplicationRow {
                    id: ApplicationId(id),
                    version,
                    student_id: StudentId(sid),
                    student_no: no,
                    name,
                    kind: kind_of(&kind)?,
                    major_name: major,
                    state,
                    confirmed: state.is_confirmed(),
                    reviewed: state.is_reviewed(),
                    updated_at: updated.and_utc(),
                    allowed_actions: actions(scope, state),
                })
            },
        )
        .collect::<QueryResult<Vec<_>>>()?;
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}
