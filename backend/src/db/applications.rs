//! Degree applications (one student in one batch): filing, the filled half
//! of the dossier, and the workflow state.

use super::schema::{applications, students, unit_submissions};
use super::{insert_many, insert_returning_id, now, DbConn};
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use shared::domain::StudentKind;
use shared::dossier::{FilledField, FilledValues};
use shared::dto::application::{
    ApplicationInfo, ApplicationQuery, ApplicationRow, RosterEntry, RosterQuery, StudentSort,
};
use shared::dto::{Page, PageQuery};
use shared::ids::{ApplicationId, BatchId, StudentId, UnitId};
use shared::workflow::AppState;

fn corrupt(what: String) -> DieselError {
    DieselError::DeserializationError(what.into())
}

fn kind_of(s: &str) -> QueryResult<StudentKind> {
    StudentKind::parse(s).ok_or_else(|| corrupt(format!("unknown student kind {s:?}")))
}

type StateColumns = (String, Option<String>, Option<String>, Option<String>);

fn state_of((stage, prelim, sub, fin): StateColumns) -> QueryResult<AppState> {
    AppState::from_stored(&stage, prelim.as_deref(), sub.as_deref(), fin.as_deref())
        .ok_or_else(|| corrupt(format!("unknown application stage {stage:?}")))
}

/// Parse the stored filled fields; unknown keys (from a later version) are kept out.
pub fn parse_filled(json: &str) -> FilledValues {
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(json)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| Some((FilledField::parse(&k)?, v.as_str()?.to_owned())))
        .collect()
}

fn filled_json(values: &FilledValues) -> String {
    serde_json::to_string(values).unwrap_or_else(|_| "{}".to_owned())
}

/// An application as the handlers work with it.
#[derive(Debug, Clone)]
pub struct Application {
    pub id: i64,
    pub batch_id: i64,
    pub student_id: i64,
    pub unit_id: i64,
    pub state: AppState,
    pub version: i32,
    pub filled: FilledValues,
    pub confirmed_at: Option<chrono::NaiveDateTime>,
    pub reviewed_at: Option<chrono::NaiveDateTime>,
    pub updated_at: chrono::NaiveDateTime,
}

impl Application {
    pub fn info(&self) -> ApplicationInfo {
        ApplicationInfo {
            id: ApplicationId(self.id),
            batch_id: BatchId(self.batch_id),
            unit_id: UnitId(self.unit_id),
            version: self.version,
            state: self.state,
            confirmed: self.state.is_confirmed(),
            reviewed: self.state.is_reviewed(),
            confirmed_at: self.confirmed_at.map(|t| t.and_utc()),
            reviewed_at: self.reviewed_at.map(|t| t.and_utc()),
            updated_at: self.updated_at.and_utc(),
        }
    }
}

#[derive(Queryable)]
struct AppRow {
    id: i64,
    batch_id: i64,
    student_id: i64,
    unit_id: i64,
    state: StateColumns,
    version: i32,
    filled: String,
    confirmed_at: Option<chrono::NaiveDateTime>,
    reviewed_at: Option<chrono::NaiveDateTime>,
    updated_at: chrono::NaiveDateTime,
}

macro_rules! app_columns {
    () => {
        (
            applications::id,
            applications::batch_id,
            applications::student_id,
            applications::unit_id,
            (
                applications::stage,
                applications::prelim_decision,
                applications::subcommittee_decision,
                applications::final_decision,
            ),
            applications::version,
            applications::filled,
            applications::confirmed_at,
            applications::reviewed_at,
            applications::updated_at,
        )
    };
}

impl AppRow {
    fn into_app(self) -> QueryResult<Application> {
        Ok(Application {
            id: self.id,
            batch_id: self.batch_id,
            student_id: self.student_id,
            unit_id: self.unit_id,
            state: state_of(self.state)?,
            version: self.version,
            filled: parse_filled(&self.filled),
            confirmed_at: self.confirmed_at,
            reviewed_at: self.reviewed_at,
            updated_at: self.updated_at,
        })
    }
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Application>> {
    applications::table
        .find(id)
        .select(app_columns!())
        .first::<AppRow>(conn)
        .optional()?
        .map(AppRow::into_app)
        .transpose()
}

pub fn find_for_student(
    conn: &mut DbConn,
    batch_id: i64,
    student_id: i64,
) -> QueryResult<Option<Application>> {
    applications::table
        .filter(applications::batch_id.eq(batch_id))
        .filter(applications::student_id.eq(student_id))
        .select(app_columns!())
        .first::<AppRow>(conn)
        .optional()?
        .map(AppRow::into_app)
        .transpose()
}

/// Applications of a batch for these students, by student id.
pub fn of_students(
    conn: &mut DbConn,
    batch_id: i64,
    student_ids: &[i64],
) -> QueryResult<Vec<Application>> {
    applications::table
        .filter(applications::batch_id.eq(batch_id))
        .filter(applications::student_id.eq_any(student_ids))
        .select(app_columns!())
        .load::<AppRow>(conn)?
        .into_iter()
        .map(AppRow::into_app)
        .collect()
}

/// Applications by id.
pub fn by_ids(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<Application>> {
    applications::table
        .filter(applications::id.eq_any(ids))
        .select(app_columns!())
        .load::<AppRow>(conn)?
        .into_iter()
        .map(AppRow::into_app)
        .collect()
}

/// Create an application in the filing stage; returns its id.
pub fn insert_filing(
    conn: &mut DbConn,
    batch_id: i64,
    student_id: i64,
    unit_id: i64,
) -> QueryResult<i64> {
    let at = now();
    insert_returning_id!(
        conn,
        applications::table,
        (
            applications::batch_id.eq(batch_id),
            applications::student_id.eq(student_id),
            applications::unit_id.eq(unit_id),
            applications::stage.eq(AppState::Filing.stage()),
            applications::version.eq(1),
            applications::created_at.eq(at),
            applications::updated_at.eq(at),
        ),
        applications::id
    )
}

/// Open filing (申请学位) for many students of a batch at once, in one
/// statement per 500 students. `students` are (student id, unit id).
pub fn open_filing_bulk(
    conn: &mut DbConn,
    batch_id: i64,
    students: &[(i64, i64)],
) -> QueryResult<()> {
    let at = now();
    for chunk in students.chunks(500) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(student, unit)| {
                (
                    applications::batch_id.eq(batch_id),
                    applications::student_id.eq(*student),
                    applications::unit_id.eq(*unit),
                    applications::stage.eq(AppState::Filing.stage()),
                    applications::version.eq(1),
                    applications::created_at.eq(at),
                    applications::updated_at.eq(at),
                )
            })
            .collect();
        insert_many!(conn, applications::table, rows);
    }
    Ok(())
}

/// Optimistic write: `false` when the row is no longer at `version`.
fn bump(conn: &mut DbConn, id: i64, version: i32) -> QueryResult<bool> {
    let n = diesel::update(
        applications::table
            .filter(applications::id.eq(id))
            .filter(applications::version.eq(version)),
    )
    .set((
        applications::version.eq(version + 1),
        applications::updated_at.eq(now()),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Move the application to `next`, if it is still at `version`. Sets or
/// clears the confirmation and review times to match the state.
pub fn set_state(
    conn: &mut DbConn,
    app: &Application,
    version: i32,
    next: AppState,
) -> QueryResult<bool> {
    if !bump(conn, app.id, version)? {
        return Ok(false);
    }
    let at = now();
    let keep_or_now = |was: Option<chrono::NaiveDateTime>, now_true: bool| {
        if now_true {
            Some(was.unwrap_or(at))
        } else {
            None
        }
    };
    let (prelim, sub, fin) = next.stored_decisions();
    diesel::update(applications::table.find(app.id))
        .set((
            applications::stage.eq(next.stage()),
            applications::prelim_decision.eq(prelim.map(|d| d.as_str())),
            applications::subcommittee_decision.eq(sub.map(|d| d.as_str())),
            applications::final_decision.eq(fin.map(|d| d.as_str())),
            applications::confirmed_at.eq(keep_or_now(app.confirmed_at, next.is_confirmed())),
            applications::reviewed_at.eq(keep_or_now(app.reviewed_at, next.is_reviewed())),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Store new filled values, if the application is still at `version`.
pub fn save_filled(
    conn: &mut DbConn,
    id: i64,
    version: i32,
    values: &FilledValues,
) -> QueryResult<bool> {
    if !bump(conn, id, version)? {
        return Ok(false);
    }
    diesel::update(applications::table.find(id))
        .set(applications::filled.eq(filled_json(values)))
        .execute(conn)?;
    Ok(true)
}

/// A change of the application outside its own row (its photo): a new
/// version, if it is still at `version`.
pub fn touch(conn: &mut DbConn, id: i64, version: i32) -> QueryResult<bool> {
    bump(conn, id, version)
}

/// Has the unit submitted (数据上报) in the batch and not been reopened?
pub fn unit_submitted(conn: &mut DbConn, batch_id: i64, unit_id: i64) -> QueryResult<bool> {
    Ok(unit_submissions::table
        .find((batch_id, unit_id))
        .select(unit_submissions::submitted)
        .first::<bool>(conn)
        .optional()?
        .unwrap_or(false))
}

fn like_pattern(s: &str) -> String {
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

fn prefix_pattern(s: &str) -> String {
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

/// 全部学生列表: a unit's students and their application in `batch_id`.
pub fn roster(
    conn: &mut DbConn,
    unit_id: i64,
    batch_id: Option<i64>,
    q: &RosterQuery,
) -> QueryResult<Page<RosterEntry>> {
    let paging = PageQuery {
        page: q.page,
        per_page: q.per_page,
    };
    let (page, per_page) = paging.resolved();
    // -1 never matches: without a batch nobody is applying.
    let batch = batch_id.unwrap_or(-1);
    let not_applied = AppState::NotApplied.stage();
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
            Ok(RosterEntry {
                student_id: StudentId(id),
                student_no: no,
                name,
                kind: kind_of(&kind)?,
                major_name: major,
                application_id: app.map(ApplicationId),
                state: match stage {
                    Some(stage) => state_of((stage, p, s, f))?,
                    None => AppState::NotApplied,
                },
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
    unit_id: i64,
    batch_id: i64,
    q: &ApplicationQuery,
) -> QueryResult<Page<ApplicationRow>> {
    let paging = PageQuery {
        page: q.page,
        per_page: q.per_page,
    };
    let (page, per_page) = paging.resolved();
    let confirmed_stages = [AppState::Confirmed.stage()];
    let unconfirmed_stages = [AppState::NotApplied.stage(), AppState::Filing.stage()];
    let filtered = || {
        let mut query = applications::table
            .inner_join(students::table)
            .filter(applications::unit_id.eq(unit_id))
            .filter(applications::batch_id.eq(batch_id))
            .filter(applications::stage.ne(AppState::NotApplied.stage()))
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
    let total = filtered().count().get_result::<i64>(conn)?;
    let rows = student_order!(filtered(), q.sort.unwrap_or_default())
        .limit(per_page)
        .offset(paging.offset())
        .select((
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
        ))
        .load::<(
            i64,
            i32,
            i64,
            String,
            String,
            String,
            Option<String>,
            StateColumns,
            chrono::NaiveDateTime,
        )>(conn)?;
    let items = rows
        .into_iter()
        .map(|(id, version, sid, no, name, kind, major, st, updated)| {
            let state = state_of(st)?;
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
