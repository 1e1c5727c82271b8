//! The dossier read: a student's synced part with per-section provenance,
//! and what the requirement rules need to know about the student.

use super::applications::{app_columns, app_table, AppRow, StoredApplication};
use super::schema::units;
use super::schema::{
    application_photos as p, applications, batches, major_groups, unit_submissions as u,
};
use super::schema::{student_sync, students};
use super::synced_columns::date_text;
use super::DbConn;
use crate::sync::contract::SourceSystem;
use diesel::prelude::*;
use shared::dto::application::PhotoInfo;
use shared::dto::sync::SyncedDossier;
use shared::ids::{ApplicationId, StudentId};
use shared::workflow::BatchPhase;

/// The columns of [`DossierRow`], in its order.
macro_rules! dossier_columns {
    () => {
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
        )
    };
}

/// A student's synced columns, as the dossier and the sync history read them.
#[derive(Queryable)]
pub struct DossierRow {
    pub id: i64,
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

impl DossierRow {
    /// A synced column's value as text (see `synced::written`), by name.
    pub fn text(&self, column: &str) -> Option<String> {
        let some = |s: &String| Some(s.clone());
        match column {
            "name" => some(&self.name),
            "name_pinyin" => some(&self.name_pinyin),
            "kind" => some(&self.kind),
            "gender" => self.gender.clone(),
            "birth_date" => self.birth_date.map(date_text),
            "id_type" => self.id_type.clone(),
            "id_number" => self.id_number.clone(),
            "ethnicity" => self.ethnicity.clone(),
            "political_status" => self.political_status.clone(),
            "nationality" => self.nationality.clone(),
            "discipline_category" => self.discipline_category.clone(),
            "first_level_discipline" => self.first_level_discipline.clone(),
            "major_code" => self.major_code.clone(),
            "major_name" => self.major_name.clone(),
            "study_mode" => self.study_mode.clone(),
            "entry_month" => self.entry_month.clone(),
            "advisor_name" => self.advisor_name.clone(),
            "advisor_title" => self.advisor_title.clone(),
            "total_credits" => self.total_credits.map(|x| x.to_string()),
            "thesis_title" => self.thesis_title.clone(),
            "thesis_keywords" => self.thesis_keywords.clone(),
            "defense_date" => self.defense_date.map(date_text),
            "defense_result" => self.defense_result.clone(),
            "defense_committee" => self.defense_committee.clone(),
            _ => None,
        }
    }
}

/// The synced columns of these students.
pub fn rows(conn: &mut DbConn, ids: &[StudentId]) -> QueryResult<Vec<DossierRow>> {
    let ids: Vec<i64> = ids.iter().map(|s| s.0).collect();
    students::table
        .filter(students::id.eq_any(ids))
        .select(dossier_columns!())
        .load(conn)
}

fn list_of(json: Option<String>) -> Vec<String> {
    json.and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default()
}

/// A list stored as JSON; none stored yet is empty.
fn stored_list<T: serde::de::DeserializeOwned>(
    what: &str,
    json: Option<String>,
) -> QueryResult<Vec<T>> {
    json.map_or(Ok(Vec::new()), |j| {
        serde_json::from_str(&j).map_err(|e| {
            diesel::result::Error::DeserializationError(format!("stored {what}: {e}").into())
        })
    })
}

/// Times of the other three systems' last syncs, and the two lists (JSON).
type SyncState = (
    Option<chrono::NaiveDateTime>,
    Option<chrono::NaiveDateTime>,
    Option<chrono::NaiveDateTime>,
    Option<String>,
    Option<String>,
);

/// The synced part of a student's dossier, with per-section provenance.
pub fn synced_dossier(
    conn: &mut DbConn,
    id: StudentId,
) -> QueryResult<Option<shared::dto::sync::SyncedDossier>> {
    // One statement: the record, its unit's name and the other systems' part.
    students::table
        .inner_join(units::table)
        .left_join(student_sync::table)
        .filter(students::id.eq(id.0))
        .select(synced_columns!())
        .get_result::<SyncedRow>(conn)
        .optional()?
        .map(synced_of)
        .transpose()
}

/// The synced dossier's columns, on a query that joins `students`, `units`
/// and (left) `student_sync`.
macro_rules! synced_columns {
    () => {
        (
            dossier_columns!(),
            units::name,
            students::synced_at,
            (
                student_sync::teachers_at.nullable(),
                student_sync::courses_at.nullable(),
                student_sync::training_at.nullable(),
                student_sync::courses.nullable(),
                student_sync::outputs.nullable(),
            ),
        )
    };
}
use synced_columns;

type SyncedRow = (DossierRow, String, Option<chrono::NaiveDateTime>, SyncState);

/// A synced record as read, parsed only once the reader may see it.
pub struct UnparsedSynced(SyncedRow);

impl UnparsedSynced {
    pub fn parse(self) -> QueryResult<SyncedDossier> {
        synced_of(self.0)
    }
}

fn synced_of(
    (r, unit_name, synced_at, state): SyncedRow,
) -> QueryResult<shared::dto::sync::SyncedDossier> {
    use shared::dossier::DossierSection;
    use shared::dto::sync::{Course, Output, SectionSync, SyncedDossier};
    let kind = shared::domain::StudentKind::parse(&r.kind).ok_or_else(|| {
        diesel::result::Error::DeserializationError(format!("unknown kind {:?}", r.kind).into())
    })?;
    let (teachers_at, courses_at, training_at, courses, outputs) = state;
    let courses: Vec<Course> = stored_list("courses", courses)?;
    let outputs: Vec<Output> = stored_list("outputs", outputs)?;
    // Each section's time is its system's last sync.
    let at_of = |system: SourceSystem| match system {
        SourceSystem::Records => synced_at,
        SourceSystem::Teachers => teachers_at,
        SourceSystem::Courses => courses_at,
        SourceSystem::Training => training_at,
    };
    let sections: Vec<SectionSync> = DossierSection::ALL
        .into_iter()
        .filter_map(|section| {
            let source = section.source();
            Some(SectionSync {
                section,
                source,
                synced_at: at_of(source)?.and_utc(),
            })
        })
        .collect();
    Ok(SyncedDossier {
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
    })
}

/// What the workflow rules need to know about an application besides its
/// own row, in one statement: its batch (phase and name), whether its unit
/// has submitted (数据上报), what the requirement rules depend on, and its
/// photo.
pub struct Surroundings {
    pub phase: BatchPhase,
    pub batch_name: String,
    pub unit_submitted: bool,
    pub context: shared::dossier::DossierContext,
    pub photo: Option<PhotoInfo>,
}

/// The surroundings' columns, after any joins that bring in `applications`
/// and `students`.
macro_rules! surroundings_columns {
    () => {
        (
            batches::phase,
            batches::name,
            u::submitted.nullable(),
            students::kind,
            students::study_mode,
            students::thesis_keywords,
            (p::bytes, p::width, p::height, p::uploaded_at).nullable(),
        )
    };
}

type SurroundingsRow = (
    String,
    String,
    Option<bool>,
    String,
    Option<String>,
    Option<String>,
    Option<(i32, i32, i32, chrono::NaiveDateTime)>,
);

/// The joins the surroundings need, on a query that has `applications`.
macro_rules! with_surroundings {
    ($query:expr) => {
        $query
            .inner_join(batches::table)
            .left_join(
                u::table.on(u::batch_id
                    .eq(applications::batch_id)
                    .and(u::unit_id.eq(applications::unit_id))),
            )
            .left_join(p::table)
    };
}

pub fn surroundings(
    conn: &mut DbConn,
    application: ApplicationId,
) -> QueryResult<Option<Surroundings>> {
    with_surroundings!(applications::table.inner_join(students::table))
        .filter(applications::id.eq(application.0))
        .select(surroundings_columns!())
        .get_result::<SurroundingsRow>(conn)
        .optional()?
        .map(surroundings_of)
        .transpose()
}

/// A dossier read in one statement: the application, its surroundings and
/// the student's synced record.
pub fn application_with_surroundings(
    conn: &mut DbConn,
    id: ApplicationId,
) -> QueryResult<Option<(StoredApplication, Surroundings, UnparsedSynced)>> {
    let row: Option<(AppRow, SurroundingsRow, SyncedRow)> = with_surroundings!(app_table!())
        .inner_join(units::table.on(units::id.eq(students::unit_id)))
        .left_join(student_sync::table.on(student_sync::student_id.eq(students::id)))
        .filter(applications::id.eq(id.0))
        .select((app_columns!(), surroundings_columns!(), synced_columns!()))
        .get_result(conn)
        .optional()?;
    row.map(|(app, around, synced)| {
        Ok((
            app.into_app()?,
            surroundings_of(around)?,
            UnparsedSynced(synced),
        ))
    })
    .transpose()
}

fn surroundings_of(
    (phase, batch_name, submitted, kind, study_mode, keywords, photo): SurroundingsRow,
) -> QueryResult<Surroundings> {
    let corrupt = |what: String| diesel::result::Error::DeserializationError(what.into());
    let phase = super::batches::phase_of(&phase)?;
    let kind = shared::domain::StudentKind::parse(&kind)
        .ok_or_else(|| corrupt(format!("unknown kind {kind:?}")))?;
    Ok(Surroundings {
        phase,
        batch_name,
        unit_submitted: submitted.unwrap_or(false),
        context: shared::dossier::DossierContext {
            kind,
            part_time: study_mode.as_deref() == Some(shared::dossier::PART_TIME),
            synced_keywords: list_of(keywords).len() >= 3,
            has_photo: photo.is_some(),
        },
        photo: photo.map(|(bytes, width, height, at)| PhotoInfo {
            bytes,
            width,
            height,
            uploaded_at: at.and_utc(),
        }),
    })
}
