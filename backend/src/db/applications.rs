//! Degree applications (one student in one batch): filing, the filled half
//! of the dossier, and the workflow state.

use super::schema::{applications, major_groups, students, unit_submissions};
use super::{insert_many, insert_returning_id, now, DbConn};
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use shared::authz::Scope;
use shared::domain::StudentKind;
use shared::dossier::{FilledField, FilledValues};
use shared::dto::application::ApplicationInfo;
use shared::ids::{ApplicationId, BatchId, GroupId, StudentId, UnitId};
use shared::workflow::{Decision, FinalDecision, Stage};

fn corrupt(what: String) -> DieselError {
    DieselError::DeserializationError(what.into())
}

pub(crate) fn kind_of(s: &str) -> QueryResult<StudentKind> {
    StudentKind::parse(s).ok_or_else(|| corrupt(format!("unknown student kind {s:?}")))
}

pub(super) type StateColumns = (String, Option<String>, Option<String>, Option<String>);

pub(super) fn state_of((stage, prelim, sub, fin): StateColumns) -> QueryResult<Stage> {
    Stage::from_stored(&stage, prelim.as_deref(), sub.as_deref(), fin.as_deref())
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

/// An application as the server's workflow works with it.
#[derive(Debug, Clone)]
pub struct StoredApplication {
    pub id: ApplicationId,
    pub batch_id: BatchId,
    pub student_id: StudentId,
    pub unit_id: UnitId,
    /// The discipline group (学科群) of the student's major, if mapped.
    pub group_id: Option<GroupId>,
    pub state: Stage,
    pub version: i32,
    pub filled: FilledValues,
    pub confirmed_at: Option<chrono::NaiveDateTime>,
    pub reviewed_at: Option<chrono::NaiveDateTime>,
    pub updated_at: chrono::NaiveDateTime,
}

impl StoredApplication {
    /// The permission scope of the application: its student, unit and group.
    pub fn scope(&self) -> Scope {
        Scope::Student {
            student: self.student_id,
            unit: self.unit_id,
            group: self.group_id,
        }
    }

    pub fn info(&self) -> ApplicationInfo {
        ApplicationInfo {
            id: self.id,
            batch_id: self.batch_id,
            unit_id: self.unit_id,
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
pub(super) struct AppRow {
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
    group_id: Option<i64>,
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
            major_groups::group_id.nullable(),
        )
    };
}

/// Applications with their student's discipline group.
macro_rules! app_table {
    () => {
        applications::table.inner_join(students::table).left_join(
            major_groups::table.on(major_groups::major_code.nullable().eq(students::major_code)),
        )
    };
}
pub(super) use {app_columns, app_table};

impl AppRow {
    pub(super) fn into_app(self) -> QueryResult<StoredApplication> {
        Ok(StoredApplication {
            id: ApplicationId(self.id),
            batch_id: BatchId(self.batch_id),
            student_id: StudentId(self.student_id),
            unit_id: UnitId(self.unit_id),
            group_id: self.group_id.map(GroupId),
            state: state_of(self.state)?,
            version: self.version,
            filled: parse_filled(&self.filled),
            confirmed_at: self.confirmed_at,
            reviewed_at: self.reviewed_at,
            updated_at: self.updated_at,
        })
    }
}

pub fn find(conn: &mut DbConn, id: ApplicationId) -> QueryResult<Option<StoredApplication>> {
    app_table!()
        .filter(applications::id.eq(id.0))
        .select(app_columns!())
        .get_result::<AppRow>(conn)
        .optional()?
        .map(AppRow::into_app)
        .transpose()
}

pub fn find_for_student(
    conn: &mut DbConn,
    batch: BatchId,
    student: StudentId,
) -> QueryResult<Option<StoredApplication>> {
    app_table!()
        .filter(applications::batch_id.eq(batch.0))
        .filter(applications::student_id.eq(student.0))
        .select(app_columns!())
        .get_result::<AppRow>(conn)
        .optional()?
        .map(AppRow::into_app)
        .transpose()
}

/// The student's latest application that went beyond filing, in any
/// batch (a completed one stays readable).
pub fn latest_for_student(
    conn: &mut DbConn,
    student: StudentId,
) -> QueryResult<Option<StoredApplication>> {
    app_table!()
        .filter(applications::student_id.eq(student.0))
        .filter(applications::stage.ne(shared::workflow::Stage::NotApplied.stage()))
        .order(applications::id.desc())
        .select(app_columns!())
        .first::<AppRow>(conn)
        .optional()?
        .map(AppRow::into_app)
        .transpose()
}

/// Applications of a batch for these students, by student id.
pub fn of_students(
    conn: &mut DbConn,
    batch: BatchId,
    students: &[StudentId],
) -> QueryResult<Vec<StoredApplication>> {
    let ids: Vec<i64> = students.iter().map(|s| s.0).collect();
    app_table!()
        .filter(applications::batch_id.eq(batch.0))
        .filter(applications::student_id.eq_any(ids))
        .select(app_columns!())
        .load::<AppRow>(conn)?
        .into_iter()
        .map(AppRow::into_app)
        .collect()
}

/// Applications by id.
pub fn by_ids(conn: &mut DbConn, ids: &[ApplicationId]) -> QueryResult<Vec<StoredApplication>> {
    let ids: Vec<i64> = ids.iter().map(|a| a.0).collect();
    app_table!()
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
    batch: BatchId,
    student: StudentId,
    unit: UnitId,
) -> QueryResult<ApplicationId> {
    let at = now();
    insert_returning_id!(
        conn,
        applications::table,
        (
            applications::batch_id.eq(batch.0),
            applications::student_id.eq(student.0),
            applications::unit_id.eq(unit.0),
            applications::stage.eq(Stage::Filing.stage()),
            applications::version.eq(1),
            applications::created_at.eq(at),
            applications::updated_at.eq(at),
        ),
        applications::id
    )
    .map(ApplicationId)
}

/// Open filing (申请学位) for many students of a batch at once, in one
/// statement per 500 students. `students` are (student id, unit id).
pub fn open_filing_bulk(
    conn: &mut DbConn,
    batch: BatchId,
    students: &[(StudentId, UnitId)],
) -> QueryResult<()> {
    let at = now();
    for chunk in students.chunks(500) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(student, unit)| {
                (
                    applications::batch_id.eq(batch.0),
                    applications::student_id.eq(student.0),
                    applications::unit_id.eq(unit.0),
                    applications::stage.eq(Stage::Filing.stage()),
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
fn bump(conn: &mut DbConn, id: ApplicationId, version: i32) -> QueryResult<bool> {
    let n = diesel::update(
        applications::table
            .filter(applications::id.eq(id.0))
            .filter(applications::version.eq(version)),
    )
    .set((
        applications::version.eq(applications::version + 1),
        applications::updated_at.eq(now()),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Move the application to `next`, if it is still at `version`. Sets or
/// clears the confirmation and review times to match the state.
pub fn set_state(
    conn: &mut DbConn,
    app: &StoredApplication,
    version: i32,
    next: Stage,
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
    let target = applications::table.find(app.id.0);
    let common = (
        applications::stage.eq(next.stage()),
        applications::confirmed_at.eq(keep_or_now(app.confirmed_at, next.is_confirmed())),
        applications::reviewed_at.eq(keep_or_now(app.reviewed_at, next.is_reviewed())),
    );
    if next.keeps_earlier_decisions() {
        // The 学位初审 and 分会 decisions stay on record beside the later ones.
        let update = diesel::update(target);
        match (sub, fin) {
            (Some(d), _) => update
                .set((
                    common,
                    applications::subcommittee_decision.eq(Some(d.as_str())),
                ))
                .execute(conn)?,
            (_, Some(f)) => update
                .set((common, applications::final_decision.eq(Some(f.as_str()))))
                .execute(conn)?,
            _ => update.set(common).execute(conn)?,
        };
    } else {
        diesel::update(target)
            .set((
                common,
                applications::prelim_decision.eq(prelim.map(|d| d.as_str())),
                applications::subcommittee_decision.eq(sub.map(|d| d.as_str())),
                applications::final_decision.eq(fin.map(|d| d.as_str())),
            ))
            .execute(conn)?;
    }
    Ok(true)
}

/// Store new filled values, if the application is still at `version`.
pub fn save_filled(
    conn: &mut DbConn,
    id: ApplicationId,
    version: i32,
    values: &FilledValues,
) -> QueryResult<bool> {
    if !bump(conn, id, version)? {
        return Ok(false);
    }
    diesel::update(applications::table.find(id.0))
        .set(applications::filled.eq(filled_json(values)))
        .execute(conn)?;
    Ok(true)
}

/// A change of the application outside its own row (its photo): a new
/// version, if it is still at `version`.
pub fn touch(conn: &mut DbConn, id: ApplicationId, version: i32) -> QueryResult<bool> {
    bump(conn, id, version)
}

/// Has the unit submitted (数据上报) in the batch and not been reopened?
pub fn unit_submitted(conn: &mut DbConn, batch: BatchId, unit: UnitId) -> QueryResult<bool> {
    Ok(unit_submissions::table
        .find((batch.0, unit.0))
        .select(unit_submissions::submitted)
        .get_result::<bool>(conn)
        .optional()?
        .unwrap_or(false))
}

/// Which decision a move of stage records beside it.
#[derive(Debug, Clone, Copy)]
pub enum Recorded {
    /// None: the decisions stay as stored (数据上报 and its reopening).
    Keep,
    Prelim(Decision),
    Subcommittee(Decision),
    Final(FinalDecision),
}

/// Move these applications from one stage to the next in one statement per
/// chunk, recording one decision beside it and keeping the others as
/// stored. `false` when one of them was no longer in a `from` stage (a
/// concurrent change).
pub fn move_stage(
    conn: &mut DbConn,
    ids: &[ApplicationId],
    from: &[&'static str],
    to: &'static str,
    recorded: Recorded,
) -> QueryResult<bool> {
    let at = now();
    let ids: Vec<i64> = ids.iter().map(|a| a.0).collect();
    let mut moved = 0;
    for chunk in ids.chunks(500) {
        let target = applications::table
            .filter(applications::id.eq_any(chunk))
            .filter(applications::stage.eq_any(from));
        let step = (
            applications::stage.eq(to),
            applications::version.eq(applications::version + 1),
            applications::updated_at.eq(at),
        );
        moved += match recorded {
            Recorded::Keep => diesel::update(target).set(step).execute(conn)?,
            Recorded::Prelim(d) => diesel::update(target)
                .set((step, applications::prelim_decision.eq(Some(d.as_str()))))
                .execute(conn)?,
            Recorded::Subcommittee(d) => diesel::update(target)
                .set((
                    step,
                    applications::subcommittee_decision.eq(Some(d.as_str())),
                ))
                .execute(conn)?,
            Recorded::Final(f) => diesel::update(target)
                .set((step, applications::final_decision.eq(Some(f.as_str()))))
                .execute(conn)?,
        };
    }
    Ok(moved == ids.len())
}
