//! Student master data (filled by the sync engine; the demo seeds it).

use super::schema::students;
use super::{insert_returning_id, DbConn};
use diesel::prelude::*;

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

pub fn insert(conn: &mut DbConn, new: &NewStudent) -> QueryResult<i64> {
    insert_returning_id!(conn, students::table, new, students::id)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    students::table.count().get_result(conn)
}

use super::schema::student_sync;
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

/// These students, by 学号 (unknown ids are left out).
pub fn find_targets(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<SyncTarget>> {
    students::table
        .filter(students::id.eq_any(ids))
        .order(students::student_no)
        .select((students::id, students::student_no, students::unit_id))
        .load(conn)
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

/// The synced columns of `students`; `None` leaves a column alone.
#[derive(AsChangeset, Default)]
#[diesel(table_name = students)]
struct SyncChangeset<'a> {
    name: Option<&'a str>,
    name_pinyin: Option<&'a str>,
    kind: Option<&'a str>,
    gender: Option<&'a str>,
    birth_date: Option<chrono::NaiveDate>,
    id_type: Option<&'a str>,
    id_number: Option<&'a str>,
    ethnicity: Option<&'a str>,
    political_status: Option<&'a str>,
    nationality: Option<&'a str>,
    discipline_category: Option<&'a str>,
    first_level_discipline: Option<&'a str>,
    major_code: Option<&'a str>,
    major_name: Option<&'a str>,
    study_mode: Option<&'a str>,
    entry_month: Option<&'a str>,
    synced_at: Option<chrono::NaiveDateTime>,
    updated_at: Option<chrono::NaiveDateTime>,
    advisor_name: Option<&'a str>,
    advisor_title: Option<&'a str>,
    total_credits: Option<f64>,
    thesis_title: Option<&'a str>,
    thesis_keywords: Option<String>,
    defense_date: Option<Option<chrono::NaiveDate>>,
    defense_result: Option<Option<&'a str>>,
    defense_committee: Option<Option<String>>,
}

impl<'a> SyncChangeset<'a> {
    fn of(data: &'a SyncedData, at: chrono::NaiveDateTime) -> Self {
        let mut c = SyncChangeset {
            updated_at: Some(at),
            ..Default::default()
        };
        if let Some(r) = &data.records {
            c.name = Some(&r.name);
            c.name_pinyin = Some(&r.name_pinyin);
            c.kind = Some(&r.student_kind);
            c.gender = Some(&r.gender);
            c.birth_date = Some(r.birth_date);
            c.id_type = Some(&r.id_type);
            c.id_number = Some(&r.id_number);
            c.ethnicity = Some(&r.ethnicity);
            c.political_status = Some(&r.political_status);
            c.nationality = Some(&r.nationality);
            c.discipline_category = Some(&r.discipline_category);
            c.first_level_discipline = Some(&r.first_level_discipline);
            c.major_code = Some(&r.major_code);
            c.major_name = Some(&r.major_name);
            c.study_mode = Some(&r.study_mode);
            c.entry_month = Some(&r.entry_month);
            c.synced_at = Some(at);
        }
        if let Some(a) = &data.advisor {
            c.advisor_name = Some(&a.advisor_name);
            c.advisor_title = Some(&a.advisor_title);
        }
        if let Some(t) = &data.transcript {
            c.total_credits = Some(t.total_credits);
        }
        if let Some(t) = &data.training {
            c.thesis_title = Some(&t.thesis_title);
            c.thesis_keywords = Some(json_list(&t.thesis_keywords));
            c.defense_date = Some(t.defense.as_ref().map(|d| d.date));
            c.defense_result = Some(t.defense.as_ref().map(|d| d.result.as_str()));
            c.defense_committee = Some(t.defense.as_ref().map(|d| json_list(&d.committee)));
        }
        c
    }
}

/// Synced columns by the system that fills them, with their PostgreSQL type.
const PG_COLUMNS: [(&str, &str, &str); 24] = [
    ("rec", "name", "text"),
    ("rec", "name_pinyin", "text"),
    ("rec", "kind", "text"),
    ("rec", "gender", "text"),
    ("rec", "birth_date", "date"),
    ("rec", "id_type", "text"),
    ("rec", "id_number", "text"),
    ("rec", "ethnicity", "text"),
    ("rec", "political_status", "text"),
    ("rec", "nationality", "text"),
    ("rec", "discipline_category", "text"),
    ("rec", "first_level_discipline", "text"),
    ("rec", "major_code", "text"),
    ("rec", "major_name", "text"),
    ("rec", "study_mode", "text"),
    ("rec", "entry_month", "text"),
    ("adv", "advisor_name", "text"),
    ("adv", "advisor_title", "text"),
    ("crs", "total_credits", "double precision"),
    ("trn", "thesis_title", "text"),
    ("trn", "thesis_keywords", "text"),
    ("trn", "defense_date", "date"),
    ("trn", "defense_result", "text"),
    ("trn", "defense_committee", "text"),
];

/// `UPDATE … FROM jsonb_to_recordset($1)`: every student of a chunk in one
/// statement; a section not fetched keeps its columns.
fn bulk_update_pg(
    conn: &mut diesel::PgConnection,
    items: &[(i64, &SyncedData)],
    at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    let sets = PG_COLUMNS
        .iter()
        .map(|(flag, col, _)| format!("{col} = CASE WHEN v.{flag} THEN v.{col} ELSE s.{col} END"))
        .collect::<Vec<_>>()
        .join(", ");
    let types = PG_COLUMNS
        .iter()
        .map(|(_, col, ty)| format!("{col} {ty}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "UPDATE students AS s SET {sets}, synced_at = CASE WHEN v.rec THEN v.at ELSE s.synced_at END, updated_at = v.at \
         FROM jsonb_to_recordset($1::jsonb) AS v(id bigint, rec boolean, adv boolean, crs boolean, trn boolean, at timestamp, {types}) \
         WHERE s.id = v.id"
    );
    let rows = update_rows(items, at);
    let payload = serde_json::to_string(&rows)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    diesel::sql_query(sql)
        .bind::<diesel::sql_types::Text, _>(payload)
        .execute(conn)
        .map(|_| ())
}

/// One JSON object per student: id, which systems came, and their values.
fn update_rows(items: &[(i64, &SyncedData)], at: chrono::NaiveDateTime) -> Vec<serde_json::Value> {
    use serde_json::json;
    let at = at.format("%Y-%m-%d %H:%M:%S%.6f").to_string();
    items
        .iter()
        .map(|(id, d)| {
            let mut row = json!({
                "id": id, "at": at,
                "rec": d.records.is_some(), "adv": d.advisor.is_some(),
                "crs": d.transcript.is_some(), "trn": d.training.is_some(),
            });
            if let Some(r) = &d.records {
                row["name"] = json!(r.name);
                row["name_pinyin"] = json!(r.name_pinyin);
                row["kind"] = json!(r.student_kind);
                row["gender"] = json!(r.gender);
                row["birth_date"] = json!(r.birth_date);
                row["id_type"] = json!(r.id_type);
                row["id_number"] = json!(r.id_number);
                row["ethnicity"] = json!(r.ethnicity);
                row["political_status"] = json!(r.political_status);
                row["nationality"] = json!(r.nationality);
                row["discipline_category"] = json!(r.discipline_category);
                row["first_level_discipline"] = json!(r.first_level_discipline);
                row["major_code"] = json!(r.major_code);
                row["major_name"] = json!(r.major_name);
                row["study_mode"] = json!(r.study_mode);
                row["entry_month"] = json!(r.entry_month);
            }
            if let Some(a) = &d.advisor {
                row["advisor_name"] = json!(a.advisor_name);
                row["advisor_title"] = json!(a.advisor_title);
            }
            if let Some(t) = &d.transcript {
                row["total_credits"] = json!(t.total_credits);
            }
            if let Some(t) = &d.training {
                row["thesis_title"] = json!(t.thesis_title);
                row["thesis_keywords"] = json!(json_list(&t.thesis_keywords));
                row["defense_date"] = json!(t.defense.as_ref().map(|x| x.date));
                row["defense_result"] = json!(t.defense.as_ref().map(|x| x.result.clone()));
                row["defense_committee"] =
                    json!(t.defense.as_ref().map(|x| json_list(&x.committee)));
            }
            row
        })
        .collect()
}

/// SQLite: the same in one `UPDATE … FROM (VALUES …)` per chunk of rows (one
/// prepared statement instead of one per student; diesel caches no UPDATE).
fn bulk_update_sqlite(
    conn: &mut diesel::SqliteConnection,
    items: &[(i64, &SyncedData)],
    at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    use diesel::sql_types::{BigInt, Double, Nullable, Text};
    let rows = update_rows(items, at);
    let mut columns: Vec<(&str, &str)> = vec![
        ("id", "bigint"),
        ("rec", "boolean"),
        ("adv", "boolean"),
        ("crs", "boolean"),
        ("trn", "boolean"),
        ("at", "text"),
    ];
    columns.extend(PG_COLUMNS.iter().map(|(_, col, ty)| (*col, *ty)));
    let sets = PG_COLUMNS
        .iter()
        .map(|(flag, col, _)| format!("{col} = CASE WHEN v.{flag} THEN v.{col} ELSE s.{col} END"))
        .collect::<Vec<_>>()
        .join(", ");
    let names = columns
        .iter()
        .enumerate()
        .map(|(i, (c, _))| format!("column{} AS {c}", i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let one_row = format!("({})", vec!["?"; columns.len()].join(", "));
    let per_statement = (30_000 / columns.len()).max(1);
    for chunk in rows.chunks(per_statement) {
        let sql = format!(
            "UPDATE students AS s SET {sets}, synced_at = CASE WHEN v.rec THEN v.at ELSE s.synced_at END, updated_at = v.at \
             FROM (SELECT {names} FROM (VALUES {})) AS v WHERE s.id = v.id",
            vec![one_row.as_str(); chunk.len()].join(", ")
        );
        let mut query = diesel::sql_query(sql).into_boxed::<diesel::sqlite::Sqlite>();
        for row in chunk {
            for (column, ty) in &columns {
                let v = &row[*column];
                query = match *ty {
                    "bigint" => query.bind::<Nullable<BigInt>, _>(v.as_i64()),
                    "boolean" => query.bind::<BigInt, _>(i64::from(v.as_bool().unwrap_or(false))),
                    "double precision" => query.bind::<Nullable<Double>, _>(v.as_f64()),
                    _ => query.bind::<Nullable<Text>, _>(v.as_str().map(str::to_owned)),
                };
            }
        }
        query.execute(conn)?;
    }
    Ok(())
}

/// Insert many rows in few statements. PostgreSQL gets one parameter, the
/// rows as a JSON array unpacked by `jsonb_to_recordset` (its round trips and
/// bind parsing dominate otherwise); SQLite, which binds values faster than it
/// unpacks JSON, gets multi-row `VALUES`. `columns` are (name, PostgreSQL
/// type); the names are trusted constants.
fn insert_json_rows(
    conn: &mut DbConn,
    table: &str,
    columns: &[(&str, &str)],
    rows: &[serde_json::Value],
    on_conflict: &str,
) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let names = columns
        .iter()
        .map(|(c, _)| *c)
        .collect::<Vec<_>>()
        .join(", ");
    match conn {
        DbConn::Pg(pg) => {
            let types = columns
                .iter()
                .map(|(c, t)| format!("{c} {t}"))
                .collect::<Vec<_>>()
                .join(", ");
            let payload = serde_json::to_string(rows)
                .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
            diesel::sql_query(format!(
                "INSERT INTO {table} ({names}) SELECT {names} FROM jsonb_to_recordset($1::jsonb) AS v({types}) {on_conflict}"
            ))
            .bind::<diesel::sql_types::Text, _>(payload)
            .execute(pg)
            .map(|_| ())
        }
        DbConn::Sqlite(c) => insert_rows_sqlite(c, table, &names, columns, rows, on_conflict),
    }
}

fn insert_rows_sqlite(
    conn: &mut diesel::SqliteConnection,
    table: &str,
    names: &str,
    columns: &[(&str, &str)],
    rows: &[serde_json::Value],
    on_conflict: &str,
) -> QueryResult<()> {
    use diesel::sql_types::{BigInt, Double, Nullable, Text};
    // SQLite allows 32 766 bound values per statement.
    let per_statement = (30_000 / columns.len().max(1)).max(1);
    let one_row = format!("({})", vec!["?"; columns.len()].join(", "));
    for chunk in rows.chunks(per_statement) {
        let sql = format!(
            "INSERT INTO {table} ({names}) VALUES {} {on_conflict}",
            vec![one_row.as_str(); chunk.len()].join(", ")
        );
        let mut query = diesel::sql_query(sql).into_boxed::<diesel::sqlite::Sqlite>();
        for row in chunk {
            for (column, ty) in columns {
                let v = &row[*column];
                query = match *ty {
                    "bigint" | "integer" => query.bind::<Nullable<BigInt>, _>(v.as_i64()),
                    "double precision" => query.bind::<Nullable<Double>, _>(v.as_f64()),
                    _ => query.bind::<Nullable<Text>, _>(v.as_str().map(str::to_owned)),
                };
            }
        }
        query.execute(conn)?;
    }
    Ok(())
}

/// The scalar synced columns whose changes go into the field history; each
/// is named as in `shared::dossier::SYNCED_FIELDS`.
const HISTORY_COLUMNS: [&str; 24] = [
    "name",
    "name_pinyin",
    "kind",
    "gender",
    "birth_date",
    "id_type",
    "id_number",
    "ethnicity",
    "political_status",
    "nationality",
    "discipline_category",
    "first_level_discipline",
    "major_code",
    "major_name",
    "study_mode",
    "entry_month",
    "advisor_name",
    "advisor_title",
    "total_credits",
    "thesis_title",
    "thesis_keywords",
    "defense_date",
    "defense_result",
    "defense_committee",
];

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

/// The scalar synced values of students as text, in `HISTORY_COLUMNS` order.
type Snapshot = std::collections::HashMap<i64, Vec<Option<String>>>;

fn date_text(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The stored values before a write, typed and formatted in Rust, so old
/// and new values (see [`values_after`]) always compare alike.
fn synced_snapshot(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Snapshot> {
    let rows: Vec<DossierRow> = students::table
        .filter(students::id.eq_any(ids))
        .select(dossier_columns!())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let values = vec![
                Some(r.name),
                Some(r.name_pinyin),
                Some(r.kind),
                r.gender,
                r.birth_date.map(date_text),
                r.id_type,
                r.id_number,
                r.ethnicity,
                r.political_status,
                r.nationality,
                r.discipline_category,
                r.first_level_discipline,
                r.major_code,
                r.major_name,
                r.study_mode,
                r.entry_month,
                r.advisor_name,
                r.advisor_title,
                r.total_credits.map(|x| x.to_string()),
                r.thesis_title,
                r.thesis_keywords,
                r.defense_date.map(date_text),
                r.defense_result,
                r.defense_committee,
            ];
            (r.id, values)
        })
        .collect())
}

/// The values a sync writes, in `HISTORY_COLUMNS` order; `None`: that
/// system was not asked, the column keeps its value.
fn values_after(data: &SyncedData) -> Vec<Option<Option<String>>> {
    let mut v: Vec<Option<Option<String>>> = vec![None; HISTORY_COLUMNS.len()];
    if let Some(r) = &data.records {
        let texts = [&r.name, &r.name_pinyin, &r.student_kind, &r.gender];
        for (i, t) in texts.into_iter().enumerate() {
            v[i] = Some(Some(t.clone()));
        }
        v[4] = Some(Some(date_text(r.birth_date)));
        let rest = [
            &r.id_type,
            &r.id_number,
            &r.ethnicity,
            &r.political_status,
            &r.nationality,
            &r.discipline_category,
            &r.first_level_discipline,
            &r.major_code,
            &r.major_name,
            &r.study_mode,
            &r.entry_month,
        ];
        for (i, t) in rest.into_iter().enumerate() {
            v[5 + i] = Some(Some(t.clone()));
        }
    }
    if let Some(a) = &data.advisor {
        v[16] = Some(Some(a.advisor_name.clone()));
        v[17] = Some(Some(a.advisor_title.clone()));
    }
    if let Some(t) = &data.transcript {
        v[18] = Some(Some(t.total_credits.to_string()));
    }
    if let Some(t) = &data.training {
        v[19] = Some(Some(t.thesis_title.clone()));
        v[20] = Some(Some(json_list(&t.thesis_keywords)));
        v[21] = Some(t.defense.as_ref().map(|d| date_text(d.date)));
        v[22] = Some(t.defense.as_ref().map(|d| d.result.clone()));
        v[23] = Some(t.defense.as_ref().map(|d| json_list(&d.committee)));
    }
    v
}

/// Write a history row for every synced value that changed.
fn record_sync_history(conn: &mut DbConn, before: &Snapshot, after: &Snapshot) -> QueryResult<()> {
    use super::history::{Author, FieldEdit};
    let mut by_system: std::collections::BTreeMap<
        SourceSystem,
        Vec<(i64, Option<i64>, FieldEdit)>,
    > = Default::default();
    for (id, new_values) in after {
        let Some(old_values) = before.get(id) else {
            continue;
        };
        for ((column, old), new) in HISTORY_COLUMNS.iter().zip(old_values).zip(new_values) {
            if old == new {
                continue;
            }
            let system = shared::dossier::synced_source(column).unwrap_or(SourceSystem::Records);
            by_system.entry(system).or_default().push((
                *id,
                None,
                FieldEdit {
                    field: (*column).to_owned(),
                    old_value: old.clone(),
                    new_value: new.clone(),
                },
            ));
        }
    }
    for (system, edits) in by_system {
        super::history::record(
            conn,
            Author {
                source: shared::dto::application::ChangeSource::Sync,
                system: Some(system),
                actor: None,
            },
            &edits,
        )?;
    }
    Ok(())
}

/// Write one student's synced sections; the caller wraps it in a
/// (sub)transaction so a failure leaves that student untouched.
pub fn apply_synced(conn: &mut DbConn, student_id: i64, data: &SyncedData) -> QueryResult<()> {
    let failed = apply_synced_many(conn, &[(student_id, data)])?;
    match failed.into_iter().next() {
        Some((_, e)) => Err(e),
        None => Ok(()),
    }
}

/// Write many students' synced data inside the caller's transaction: each
/// student's row in its own savepoint (a failure is returned, with nothing
/// of that student changed), then courses, outputs and section provenance
/// of all the others in a few multi-row statements.
pub fn apply_synced_many(
    conn: &mut DbConn,
    items: &[(i64, &SyncedData)],
) -> QueryResult<Vec<(i64, diesel::result::Error)>> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let at = super::now();
    let mut failed = Vec::new();
    let mut ok: Vec<(i64, &SyncedData)> = Vec::with_capacity(items.len());
    let all_ids: Vec<i64> = items.iter().map(|(id, _)| *id).collect();
    let before = synced_snapshot(conn, &all_ids)?;
    // Fast path: every row in one savepoint. Should any row fail, undo them
    // all and go again with a savepoint per student, so only that one fails.
    let all_at_once = super::transaction(conn, |conn| match conn {
        // One statement for the whole chunk: PostgreSQL round trips dominate otherwise.
        DbConn::Pg(pg) => bulk_update_pg(pg, items, at),
        DbConn::Sqlite(c) => bulk_update_sqlite(c, items, at),
    });
    if all_at_once.is_ok() {
        ok.extend(items.iter().map(|(id, d)| (*id, *d)));
    } else {
        for (id, data) in items {
            let changes = SyncChangeset::of(data, at);
            match super::transaction(conn, |conn| {
                diesel::update(students::table.find(*id))
                    .set(&changes)
                    .execute(conn)
            }) {
                Ok(_) => ok.push((*id, *data)),
                Err(e) => failed.push((*id, e)),
            }
        }
    }

    let after: Snapshot = ok
        .iter()
        .filter_map(|(id, data)| {
            let old = before.get(id)?;
            let new = values_after(data)
                .into_iter()
                .zip(old)
                .map(|(new, old)| new.unwrap_or_else(|| old.clone()))
                .collect();
            Some((*id, new))
        })
        .collect();
    record_sync_history(conn, &before, &after)?;

    write_sync_state(conn, &ok, at)?;
    Ok(failed)
}

/// Per student, the times of the systems other than student records (whose
/// time is `students.synced_at`) and the course and output lists, always
/// replaced whole; a system not fetched keeps what it had.
fn write_sync_state(
    conn: &mut DbConn,
    items: &[(i64, &SyncedData)],
    at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    use serde_json::json;
    let at_text = at.format("%Y-%m-%d %H:%M:%S%.6f").to_string();
    let list = |v: Result<String, serde_json::Error>| {
        v.map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))
    };
    let mut rows = Vec::with_capacity(items.len());
    for (id, d) in items {
        if d.advisor.is_none() && d.transcript.is_none() && d.training.is_none() {
            continue;
        }
        let when = |fetched: bool| fetched.then(|| at_text.clone());
        let courses = match &d.transcript {
            Some(t) => Some(list(serde_json::to_string(&t.courses))?),
            None => None,
        };
        let outputs = match &d.training {
            Some(t) => Some(list(serde_json::to_string(&t.outputs))?),
            None => None,
        };
        rows.push(json!({
            "student_id": id,
            "teachers_at": when(d.advisor.is_some()),
            "courses_at": when(d.transcript.is_some()),
            "training_at": when(d.training.is_some()),
            "courses": courses,
            "outputs": outputs,
        }));
    }
    insert_json_rows(
        conn,
        "student_sync",
        &[
            ("student_id", "bigint"),
            ("teachers_at", "timestamp"),
            ("courses_at", "timestamp"),
            ("training_at", "timestamp"),
            ("courses", "text"),
            ("outputs", "text"),
        ],
        &rows,
        "ON CONFLICT (student_id) DO UPDATE SET \
         teachers_at = COALESCE(excluded.teachers_at, student_sync.teachers_at), \
         courses_at = COALESCE(excluded.courses_at, student_sync.courses_at), \
         training_at = COALESCE(excluded.training_at, student_sync.training_at), \
         courses = COALESCE(excluded.courses, student_sync.courses), \
         outputs = COALESCE(excluded.outputs, student_sync.outputs)",
    )
}

impl NewStudent {
    /// A student first seen in the records system's unit list: the whole
    /// student-records part at once, so a new student is complete from the
    /// start (and no field "changes" in the history by being created).
    fn from_record(unit_id: i64, r: &StudentRecord, at: chrono::NaiveDateTime) -> NewStudent {
        NewStudent {
            student_no: r.student_no.clone(),
            name: r.name.clone(),
            name_pinyin: r.name_pinyin.clone(),
            kind: r.student_kind.clone(),
            unit_id,
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
pub fn insert_from_record(conn: &mut DbConn, unit_id: i64, r: &StudentRecord) -> QueryResult<i64> {
    insert(conn, &NewStudent::from_record(unit_id, r, super::now()))
}

/// Rows per multi-row insert of students (21 bound values each; SQLite
/// takes at most 32 766).
const INSERT_ROWS: usize = 1000;

/// Insert many students first seen in the records system's unit list;
/// returns (id, 学号) of each.
pub fn insert_from_records(
    conn: &mut DbConn,
    unit_id: i64,
    records: &[&StudentRecord],
) -> QueryResult<Vec<(i64, String)>> {
    let at = super::now();
    let mut ids = Vec::with_capacity(records.len());
    for chunk in records.chunks(INSERT_ROWS) {
        let rows: Vec<NewStudent> = chunk
            .iter()
            .map(|r| NewStudent::from_record(unit_id, r, at))
            .collect();
        ids.extend(super::insert_returning_all!(
            conn,
            students::table,
            &rows,
            (students::id, students::student_no),
            (i64, String)
        )?);
    }
    Ok(ids)
}

/// The ids of the students with these 学号 (those that exist).
pub fn ids_by_no(
    conn: &mut DbConn,
    numbers: &[&str],
) -> QueryResult<std::collections::HashMap<String, i64>> {
    Ok(students::table
        .filter(students::student_no.eq_any(numbers))
        .select((students::student_no, students::id))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect())
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
    id: i64,
) -> QueryResult<Option<shared::dto::sync::SyncedDossier>> {
    use super::schema::units;
    use shared::dossier::DossierSection;
    use shared::dto::sync::{Course, Output, SectionSync, SyncedDossier};
    let row: Option<(DossierRow, String, Option<chrono::NaiveDateTime>)> = students::table
        .inner_join(units::table)
        .filter(students::id.eq(id))
        .select((dossier_columns!(), units::name, students::synced_at))
        .first(conn)
        .optional()?;
    let Some((r, unit_name, synced_at)) = row else {
        return Ok(None);
    };
    let kind = shared::domain::StudentKind::parse(&r.kind).ok_or_else(|| {
        diesel::result::Error::DeserializationError(format!("unknown kind {:?}", r.kind).into())
    })?;
    let state: Option<SyncState> = student_sync::table
        .find(id)
        .select((
            student_sync::teachers_at,
            student_sync::courses_at,
            student_sync::training_at,
            student_sync::courses,
            student_sync::outputs,
        ))
        .first(conn)
        .optional()?;
    let (teachers_at, courses_at, training_at, courses, outputs) =
        state.unwrap_or((None, None, None, None, None));
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

/// What the dossier's requirement rules need to know about a student and
/// their application.
pub fn dossier_context(
    conn: &mut DbConn,
    id: i64,
    application_id: i64,
) -> QueryResult<Option<shared::dossier::DossierContext>> {
    let row: Option<(String, Option<String>, Option<String>)> = students::table
        .find(id)
        .select((
            students::kind,
            students::study_mode,
            students::thesis_keywords,
        ))
        .first(conn)
        .optional()?;
    let Some((kind, study_mode, keywords)) = row else {
        return Ok(None);
    };
    let kind = shared::domain::StudentKind::parse(&kind).ok_or_else(|| {
        diesel::result::Error::DeserializationError(format!("unknown kind {kind:?}").into())
    })?;
    Ok(Some(shared::dossier::DossierContext {
        kind,
        part_time: study_mode.as_deref() == Some(shared::dossier::PART_TIME),
        synced_keywords: list_of(keywords).len() >= 3,
        has_photo: super::photos::info(conn, application_id)?.is_some(),
    }))
}

/// 学号 and name of these students.
pub fn names(
    conn: &mut DbConn,
    ids: &[i64],
) -> QueryResult<std::collections::HashMap<i64, (String, String)>> {
    Ok(students::table
        .filter(students::id.eq_any(ids))
        .select((students::id, students::student_no, students::name))
        .load::<(i64, String, String)>(conn)?
        .into_iter()
        .map(|(id, no, name)| (id, (no, name)))
        .collect())
}
