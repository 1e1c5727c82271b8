//! Student master data (filled by the sync engine; the demo seeds it).

use super::schema::{major_groups, students};
use super::{insert_returning_id, DbConn};
use crate::sync::contract::StudentRecord;
use diesel::prelude::*;
use shared::authz::Scope;
use shared::ids::{BatchId, GroupId, StudentId, UnitId};
use std::collections::HashMap;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = students)]
#[diesel(treat_none_as_default_value = false)]
pub struct NewStudent {
    pub student_no: String,
    pub name: String,
    pub name_pinyin: String,
    pub kind: String,
    pub unit_id: i64,
    pub gender: Option<String>,
    pub birth_date: Option<chrono::NaiveDate>,
    pub id_type: Option<String>,
    pub id_number: Option<String>,
    pub ethnicity: Option<String>,
    pub political_status: Option<String>,
    pub nationality: Option<String>,
    pub discipline_category: Option<String>,
    pub first_level_discipline: Option<String>,
    pub major_code: Option<String>,
    pub major_name: Option<String>,
    pub study_mode: Option<String>,
    pub entry_month: Option<String>,
    pub synced_at: Option<chrono::NaiveDateTime>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewStudent) -> QueryResult<StudentId> {
    insert_returning_id!(conn, students::table, new, students::id).map(StudentId)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    students::table.count().get_result(conn)
}

/// A student as the sync engine and the permission checks need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncTarget {
    pub id: StudentId,
    pub student_no: String,
    pub unit_id: UnitId,
}

type TargetColumns = (i64, String, i64);

macro_rules! target_columns {
    () => {
        (students::id, students::student_no, students::unit_id)
    };
}

fn target((id, student_no, unit): TargetColumns) -> SyncTarget {
    SyncTarget {
        id: StudentId(id),
        student_no,
        unit_id: UnitId(unit),
    }
}

fn targets(rows: Vec<TargetColumns>) -> Vec<SyncTarget> {
    rows.into_iter().map(target).collect()
}

pub fn find_by_no(conn: &mut DbConn, student_no: &str) -> QueryResult<Option<SyncTarget>> {
    Ok(students::table
        .filter(students::student_no.eq(student_no))
        .select(target_columns!())
        .get_result(conn)
        .optional()?
        .map(target))
}

/// A student and the permission scope their record lies in: their unit, and
/// the discipline group (学科群) their major belongs to, if any.
pub fn find_with_scope(
    conn: &mut DbConn,
    id: StudentId,
) -> QueryResult<Option<(SyncTarget, Scope)>> {
    let row: Option<(TargetColumns, Option<i64>)> = students::table
        .left_join(
            major_groups::table.on(major_groups::major_code.nullable().eq(students::major_code)),
        )
        .filter(students::id.eq(id.0))
        .select((target_columns!(), major_groups::group_id.nullable()))
        .get_result(conn)
        .optional()?;
    Ok(row.map(|(t, group)| {
        let t = target(t);
        let scope = Scope::Student {
            student: t.id,
            unit: t.unit_id,
            group: group.map(GroupId),
        };
        (t, scope)
    }))
}

/// These students, by 学号 (unknown ids are left out).
pub fn find_targets(conn: &mut DbConn, ids: &[StudentId]) -> QueryResult<Vec<SyncTarget>> {
    let ids: Vec<i64> = ids.iter().map(|s| s.0).collect();
    Ok(targets(
        students::table
            .filter(students::id.eq_any(ids))
            .order(students::student_no)
            .select(target_columns!())
            .load(conn)?,
    ))
}

pub fn targets_of_unit(conn: &mut DbConn, unit: UnitId) -> QueryResult<Vec<SyncTarget>> {
    Ok(targets(
        students::table
            .filter(students::unit_id.eq(unit.0))
            .order(students::student_no)
            .select(target_columns!())
            .load(conn)?,
    ))
}

/// Students with a live application in the batch that their unit has not
/// submitted yet (what a unit submitted stays as submitted).
pub fn targets_of_batch(conn: &mut DbConn, batch: BatchId) -> QueryResult<Vec<SyncTarget>> {
    use super::schema::{applications, unit_submissions};
    use shared::workflow::Stage;
    let settled: Vec<&str> = Stage::all()
        .into_iter()
        .filter(|s| *s == Stage::NotApplied || s.is_submitted())
        .map(Stage::stage)
        .collect();
    let submitted_units = unit_submissions::table
        .filter(unit_submissions::batch_id.eq(batch.0))
        .filter(unit_submissions::submitted.eq(true))
        .select(unit_submissions::unit_id);
    Ok(targets(
        students::table
            .inner_join(applications::table)
            .filter(applications::batch_id.eq(batch.0))
            .filter(applications::stage.ne_all(settled))
            .filter(applications::unit_id.ne_all(submitted_units))
            .order(students::student_no)
            .select(target_columns!())
            .load(conn)?,
    ))
}

impl NewStudent {
    /// A student first seen in the records system's unit list: the whole
    /// student-records part at once, so a new student is complete from the
    /// start (and no field "changes" in the history by being created).
    fn from_record(unit: UnitId, r: &StudentRecord, at: chrono::NaiveDateTime) -> NewStudent {
        NewStudent {
            student_no: r.student_no.clone(),
            name: r.name.clone(),
            name_pinyin: r.name_pinyin.clone(),
            kind: r.student_kind.clone(),
            unit_id: unit.0,
            gender: Some(r.gender.clone()),
            birth_date: Some(r.birth_date),
            id_type: Some(r.id_type.clone()),
            id_number: Some(r.id_number.clone()),
            ethnicity: Some(r.ethnicity.clone()),
            political_status: Some(r.political_status.clone()),
            nationality: Some(r.nationality.clone()),
            discipline_category: Some(r.discipline_category.clone()),
            first_level_discipline: Some(r.first_level_discipline.clone()),
            major_code: Some(r.major_code.clone()),
            major_name: Some(r.major_name.clone()),
            study_mode: Some(r.study_mode.clone()),
            entry_month: Some(r.entry_month.clone()),
            synced_at: Some(at),
            created_at: at,
            updated_at: at,
        }
    }
}

/// Insert a student first seen in the records system's unit list.
pub fn insert_from_record(
    conn: &mut DbConn,
    unit: UnitId,
    r: &StudentRecord,
) -> QueryResult<StudentId> {
    insert(conn, &NewStudent::from_record(unit, r, super::now()))
}

/// Rows per multi-row insert of students (21 bound values each; SQLite
/// takes at most 32 766).
const INSERT_ROWS: usize = 1000;

/// Insert many students first seen in the records system's unit list;
/// returns (id, 学号) of each.
pub fn insert_from_records(
    conn: &mut DbConn,
    unit: UnitId,
    records: &[&StudentRecord],
) -> QueryResult<Vec<(StudentId, String)>> {
    let at = super::now();
    let mut ids = Vec::with_capacity(records.len());
    for chunk in records.chunks(INSERT_ROWS) {
        let rows: Vec<NewStudent> = chunk
            .iter()
            .map(|r| NewStudent::from_record(unit, r, at))
            .collect();
        let inserted = super::insert_returning_all!(
            conn,
            students::table,
            &rows,
            (students::id, students::student_no),
            (i64, String)
        )?;
        ids.extend(inserted.into_iter().map(|(id, no)| (StudentId(id), no)));
    }
    Ok(ids)
}

/// The ids of the students with these 学号 (those that exist).
pub fn ids_by_no(conn: &mut DbConn, numbers: &[&str]) -> QueryResult<HashMap<String, StudentId>> {
    Ok(students::table
        .filter(students::student_no.eq_any(numbers))
        .select((students::student_no, students::id))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .map(|(no, id)| (no, StudentId(id)))
        .collect())
}

/// 学号 and name of these students.
pub fn names(
    conn: &mut DbConn,
    ids: &[StudentId],
) -> QueryResult<HashMap<StudentId, (String, String)>> {
    let ids: Vec<i64> = ids.iter().map(|s| s.0).collect();
    Ok(students::table
        .filter(students::id.eq_any(ids))
        .select((students::id, students::student_no, students::name))
        .load::<(i64, String, String)>(conn)?
        .into_iter()
        .map(|(id, no, name)| (StudentId(id), (no, name)))
        .collect())
}

/// Write one synced scalar field of a student by its wire name (a
/// 纸质修改申请 applied by the network center): text columns take the value,
/// the date columns a `YYYY-MM-DD` date. `false` for a field that is not
/// such a column, or a value that does not fit it.
pub fn set_synced_value(
    conn: &mut DbConn,
    id: StudentId,
    field: &str,
    value: &str,
) -> QueryResult<bool> {
    let row = students::table.find(id.0);
    macro_rules! text {
        ($col:ident) => {
            diesel::update(row)
                .set((
                    students::$col.eq(value),
                    students::updated_at.eq(super::now()),
                ))
                .execute(conn)?
        };
    }
    let date = || chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").ok();
    let n = match field {
        "name" => text!(name),
        "name_pinyin" => text!(name_pinyin),
        "gender" => text!(gender),
        "id_type" => text!(id_type),
        "id_number" => text!(id_number),
        "ethnicity" => text!(ethnicity),
        "political_status" => text!(political_status),
        "nationality" => text!(nationality),
        "discipline_category" => text!(discipline_category),
        "first_level_discipline" => text!(first_level_discipline),
        "major_name" => text!(major_name),
        "study_mode" => text!(study_mode),
        "entry_month" => text!(entry_month),
        "advisor_name" => text!(advisor_name),
        "advisor_title" => text!(advisor_title),
        "thesis_title" => text!(thesis_title),
        "thesis_keywords" => text!(thesis_keywords),
        "defense_result" => text!(defense_result),
        "defense_committee" => text!(defense_committee),
        "birth_date" | "defense_date" => {
            let Some(d) = date() else { return Ok(false) };
            let set = diesel::update(row);
            if field == "birth_date" {
                set.set((
                    students::birth_date.eq(d),
                    students::updated_at.eq(super::now()),
                ))
                .execute(conn)?
            } else {
                set.set((
                    students::defense_date.eq(d),
                    students::updated_at.eq(super::now()),
                ))
                .execute(conn)?
            }
        }
        _ => return Ok(false),
    };
    Ok(n == 1)
}
