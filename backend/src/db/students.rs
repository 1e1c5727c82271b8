//! Student master data (filled by the sync engine; the demo seeds it).

use super::schema::students;
use super::{insert_many, insert_returning_id, DbConn};
use diesel::prelude::*;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = students)]
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
    pub nationality: Option<String>,
    pub major_code: Option<String>,
    pub major_name: Option<String>,
    pub entry_month: Option<String>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewStudent) -> QueryResult<i64> {
    insert_returning_id!(conn, students::table, new, students::id)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    students::table.count().get_result(conn)
}

use super::schema::{student_courses, student_outputs, student_sync_sections};
use crate::sync::contract::{
    AdvisorRecord, SourceSystem, StudentRecord, TrainingRecord, TranscriptRecord,
};

/// What one sync fetched for one student; `None`: that system was not asked.
#[derive(Debug, Clone, Default)]
pub struct SyncedData {
    pub records: Option<StudentRecord>,
    pub advisor: Option<AdvisorRecord>,
    pub transcript: Option<TranscriptRecord>,
    pub training: Option<TrainingRecord>,
}

/// A student as the sync engine needs it.
#[derive(Debug, Clone, Queryable)]
pub struct SyncTarget {
    pub id: i64,
    pub student_no: String,
    pub unit_id: i64,
}

pub fn find_by_no(conn: &mut DbConn, student_no: &str) -> QueryResult<Option<SyncTarget>> {
    students::table
        .filter(students::student_no.eq(student_no))
        .select((students::id, students::student_no, students::unit_id))
        .first(conn)
        .optional()
}

pub fn find_target(conn: &mut DbConn, id: i64) -> QueryResult<Option<SyncTarget>> {
    students::table
        .find(id)
        .select((students::id, students::student_no, students::unit_id))
        .first(conn)
        .optional()
}

pub fn targets_of_unit(conn: &mut DbConn, unit_id: i64) -> QueryResult<Vec<SyncTarget>> {
    students::table
        .filter(students::unit_id.eq(unit_id))
        .order(students::student_no)
        .select((students::id, students::student_no, students::unit_id))
        .load(conn)
}

/// Students with a live application in the batch.
pub fn targets_of_batch(conn: &mut DbConn, batch_id: i64) -> QueryResult<Vec<SyncTarget>> {
    use super::schema::applications;
    students::table
        .inner_join(applications::table)
        .filter(applications::batch_id.eq(batch_id))
        .filter(applications::stage.ne(shared::workflow::AppState::NotApplied.stage()))
        .order(students::student_no)
        .select((students::id, students::student_no, students::unit_id))
        .load(conn)
}

fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned())
}

/// Write one student's synced sections; the caller wraps it in a
/// (sub)transaction so a failure leaves that student untouched.
pub fn apply_synced(conn: &mut DbConn, student_id: i64, data: &SyncedData) -> QueryResult<()> {
    let at = super::now();
    let mut sections: Vec<(&'static str, SourceSystem)> = Vec::new();
    if let Some(r) = &data.records {
        diesel::update(students::table.find(student_id))
            .set((
                students::name.eq(&r.name),
                students::name_pinyin.eq(&r.name_pinyin),
                students::kind.eq(&r.student_kind),
                students::gender.eq(&r.gender),
                students::birth_date.eq(r.birth_date),
                students::id_type.eq(&r.id_type),
                students::id_number.eq(&r.id_number),
                students::ethnicity.eq(&r.ethnicity),
                students::political_status.eq(&r.political_status),
                students::nationality.eq(&r.nationality),
                students::discipline_category.eq(&r.discipline_category),
                students::first_level_discipline.eq(&r.first_level_discipline),
                students::major_code.eq(&r.major_code),
                students::major_name.eq(&r.major_name),
                students::study_mode.eq(&r.study_mode),
                students::entry_month.eq(&r.entry_month),
                students::synced_at.eq(at),
                students::updated_at.eq(at),
            ))
            .execute(conn)?;
        sections.extend([
            ("identity", SourceSystem::Records),
            ("programme", SourceSystem::Records),
        ]);
    }
    if let Some(a) = &data.advisor {
        diesel::update(students::table.find(student_id))
            .set((
                students::advisor_name.eq(&a.advisor_name),
                students::advisor_title.eq(&a.advisor_title),
            ))
            .execute(conn)?;
        sections.push(("advisor", SourceSystem::Teachers));
    }
    if let Some(t) = &data.transcript {
        diesel::update(students::table.find(student_id))
            .set(students::total_credits.eq(t.total_credits))
            .execute(conn)?;
        diesel::delete(student_courses::table.filter(student_courses::student_id.eq(student_id)))
            .execute(conn)?;
        let rows: Vec<_> = t
            .courses
            .iter()
            .map(|c| {
                (
                    student_courses::student_id.eq(student_id),
                    student_courses::code.eq(&c.code),
                    student_courses::name.eq(&c.name),
                    student_courses::credits.eq(c.credits),
                    student_courses::grade.eq(&c.grade),
                    student_courses::term.eq(&c.term),
                )
            })
            .collect();
        insert_many!(conn, student_courses::table, rows);
        sections.push(("courses", SourceSystem::Courses));
    }
    if let Some(t) = &data.training {
        diesel::update(students::table.find(student_id))
            .set((
                students::thesis_title.eq(&t.thesis_title),
                students::thesis_keywords.eq(json_list(&t.thesis_keywords)),
                students::defense_date.eq(t.defense.as_ref().map(|d| d.date)),
                students::defense_result.eq(t.defense.as_ref().map(|d| d.result.clone())),
                students::defense_committee.eq(t.defense.as_ref().map(|d| json_list(&d.committee))),
            ))
            .execute(conn)?;
        diesel::delete(student_outputs::table.filter(student_outputs::student_id.eq(student_id)))
            .execute(conn)?;
        let rows: Vec<_> = t
            .outputs
            .iter()
            .map(|o| {
                (
                    student_outputs::student_id.eq(student_id),
                    student_outputs::kind.eq(&o.kind),
                    student_outputs::title.eq(&o.title),
                    student_outputs::venue.eq(&o.venue),
                    student_outputs::year.eq(o.year),
                )
            })
            .collect();
        insert_many!(conn, student_outputs::table, rows);
        sections.extend([
            ("outputs", SourceSystem::Training),
            ("thesis", SourceSystem::Training),
            ("defense", SourceSystem::Training),
        ]);
    }
    if !sections.is_empty() {
        let names: Vec<&str> = sections.iter().map(|(s, _)| *s).collect();
        diesel::delete(
            student_sync_sections::table
                .filter(student_sync_sections::student_id.eq(student_id))
                .filter(student_sync_sections::section.eq_any(names)),
        )
        .execute(conn)?;
        let rows: Vec<_> = sections
            .iter()
            .map(|(section, source)| {
                (
                    student_sync_sections::student_id.eq(student_id),
                    student_sync_sections::section.eq(*section),
                    student_sync_sections::source.eq(source.as_str()),
                    student_sync_sections::synced_at.eq(at),
                )
            })
            .collect();
        insert_many!(conn, student_sync_sections::table, rows);
    }
    Ok(())
}

/// Insert a student first seen in the records system's unit list.
pub fn insert_from_record(conn: &mut DbConn, unit_id: i64, r: &StudentRecord) -> QueryResult<i64> {
    let at = super::now();
    let id = insert(
        conn,
        &NewStudent {
            student_no: r.student_no.clone(),
            name: r.name.clone(),
            name_pinyin: r.name_pinyin.clone(),
            kind: r.student_kind.clone(),
            unit_id,
            gender: Some(r.gender.clone()),
            birth_date: Some(r.birth_date),
            id_type: Some(r.id_type.clone()),
            id_number: Some(r.id_number.clone()),
            nationality: Some(r.nationality.clone()),
            major_code: Some(r.major_code.clone()),
            major_name: Some(r.major_name.clone()),
            entry_month: Some(r.entry_month.clone()),
            created_at: at,
            updated_at: at,
        },
    )?;
    apply_synced(
        conn,
        id,
        &SyncedData {
            records: Some(r.clone()),
            ..Default::default()
        },
    )?;
    Ok(id)
}

#[derive(Queryable)]
struct DossierRow {
    id: i64,
    student_no: String,
    name: String,
    name_pinyin: String,
    kind: String,
    unit_id: i64,
    gender: Option<String>,
    birth_date: Option<chrono::NaiveDate>,
    id_type: Option<String>,
    id_number: Option<String>,
    ethnicity: Option<String>,
    political_status: Option<String>,
    nationality: Option<String>,
    discipline_category: Option<String>,
    first_level_discipline: Option<String>,
    major_code: Option<String>,
    major_name: Option<String>,
    study_mode: Option<String>,
    entry_month: Option<String>,
    advisor_name: Option<String>,
    advisor_title: Option<String>,
    total_credits: Option<f64>,
    thesis_title: Option<String>,
    thesis_keywords: Option<String>,
    defense_date: Option<chrono::NaiveDate>,
    defense_result: Option<String>,
    defense_committee: Option<String>,
}

fn list_of(json: Option<String>) -> Vec<String> {
    json.and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default()
}

/// The synced part of a student's dossier, with per-section provenance.
pub fn synced_dossier(
    conn: &mut DbConn,
    id: i64,
) -> QueryResult<Option<shared::dto::sync::SyncedDossier>> {
    use super::schema::units;
    use shared::dossier::DossierSection;
    use shared::dto::sync::{Course, Output, SectionSync, SyncedDossier};
    let row: Option<(DossierRow, String)> = students::table
        .inner_join(units::table)
        .filter(students::id.eq(id))
        .select((
            (
                students::id,
                students::student_no,
                students::name,
                students::name_pinyin,
                students::kind,
                students::unit_id,
                students::gender,
                students::birth_date,
                students::id_type,
                students::id_number,
                students::ethnicity,
                students::political_status,
                students::nationality,
                students::discipline_category,
                students::first_level_discipline,
                students::major_code,
                students::major_name,
                students::study_mode,
                students::entry_month,
                students::advisor_name,
                students::advisor_title,
                students::total_credits,
                students::thesis_title,
                students::thesis_keywords,
                students::defense_date,
                students::defense_result,
                students::defense_committee,
            ),
            units::name,
        ))
        .first(conn)
        .optional()?;
    let Some((r, unit_name)) = row else {
        return Ok(None);
    };
    let kind = shared::domain::StudentKind::parse(&r.kind).ok_or_else(|| {
        diesel::result::Error::DeserializationError(format!("unknown kind {:?}", r.kind).into())
    })?;
    let courses = student_courses::table
        .filter(student_courses::student_id.eq(id))
        .order(student_courses::id)
        .select((
            student_courses::code,
            student_courses::name,
            student_courses::credits,
            student_courses::grade,
            student_courses::term,
        ))
        .load::<(String, String, f64, String, String)>(conn)?
        .into_iter()
        .map(|(code, name, credits, grade, term)| Course {
            code,
            name,
            credits,
            grade,
            term,
        })
        .collect();
    let outputs = student_outputs::table
        .filter(student_outputs::student_id.eq(id))
        .order(student_outputs::id)
        .select((
            student_outputs::kind,
            student_outputs::title,
            student_outputs::venue,
            student_outputs::year,
        ))
        .load::<(String, String, String, i32)>(conn)?
        .into_iter()
        .map(|(kind, title, venue, year)| Output {
            kind,
            title,
            venue,
            year,
        })
        .collect();
    let sections = student_sync_sections::table
        .filter(student_sync_sections::student_id.eq(id))
        .select((
            student_sync_sections::section,
            student_sync_sections::source,
            student_sync_sections::synced_at,
        ))
        .load::<(String, String, chrono::NaiveDateTime)>(conn)?
        .into_iter()
        .filter_map(|(section, source, at)| {
            Some(SectionSync {
                section: DossierSection::parse(&section)?,
                source: SourceSystem::parse(&source)?,
                synced_at: at.and_utc(),
            })
        })
        .collect::<Vec<_>>();
    let mut sections = sections;
    sections.sort_by_key(|s| s.section);
    Ok(Some(SyncedDossier {
        student_id: shared::ids::StudentId(r.id),
        student_no: r.student_no,
        name: r.name,
        name_pinyin: r.name_pinyin,
        kind,
        unit_id: shared::ids::UnitId(r.unit_id),
        unit_name,
        gender: r.gender,
        birth_date: r.birth_date,
        id_type: r.id_type,
        id_number: r.id_number,
        ethnicity: r.ethnicity,
        political_status: r.political_status,
        nationality: r.nationality,
        discipline_category: r.discipline_category,
        first_level_discipline: r.first_level_discipline,
        major_code: r.major_code,
        major_name: r.major_name,
        study_mode: r.study_mode,
        entry_month: r.entry_month,
        advisor_name: r.advisor_name,
        advisor_title: r.advisor_title,
        total_credits: r.total_credits,
        courses,
        outputs,
        thesis_title: r.thesis_title,
        thesis_keywords: list_of(r.thesis_keywords),
        defense_date: r.defense_date,
        defense_result: r.defense_result,
        defense_committee: list_of(r.defense_committee),
        sections,
    }))
}
