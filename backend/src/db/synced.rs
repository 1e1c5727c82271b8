//! The bulk synced write: what one sync fetched for many students goes into
//! their `students` row (one statement per chunk on either backend) and
//! their `student_sync` row, with every changed value in the field history.
//!
//! The columns it writes are named once, in
//! [`super::synced_columns::SYNCED_COLUMNS`].

use super::bulk::insert_json_rows;
use super::synced_columns::{written, SqlType, SyncedData, SYNCED_COLUMNS};
use super::{sync_history, DbConn};
use crate::sync::contract::SourceSystem;
use diesel::prelude::*;
use shared::ids::StudentId;
use SourceSystem::{Courses, Records, Teachers, Training};

/// The column flag that says a system was fetched, in the bulk statements.
fn flag(system: SourceSystem) -> &'static str {
    match system {
        Records => "rec",
        Teachers => "adv",
        Courses => "crs",
        Training => "trn",
    }
}

const SYSTEMS: [SourceSystem; 4] = [Records, Teachers, Courses, Training];

/// `col = CASE WHEN v.<system fetched> THEN v.col ELSE s.col END, …`: a
/// section not fetched keeps its columns.
fn set_clause() -> String {
    let sets: Vec<String> = SYNCED_COLUMNS
        .iter()
        .map(|c| {
            format!(
                "{col} = CASE WHEN v.{f} THEN v.{col} ELSE s.{col} END",
                col = c.name,
                f = flag(c.system)
            )
        })
        .collect();
    format!(
        "{}, synced_at = CASE WHEN v.rec THEN v.at ELSE s.synced_at END, updated_at = v.at",
        sets.join(", ")
    )
}

/// One JSON object per student: id, which systems came, and every written
/// value as text.
fn update_rows(
    items: &[(StudentId, &SyncedData)],
    at: chrono::NaiveDateTime,
) -> Vec<serde_json::Value> {
    let at = at.format("%Y-%m-%d %H:%M:%S%.6f").to_string();
    items
        .iter()
        .map(|(id, d)| {
            let mut row = serde_json::Map::new();
            row.insert("id".into(), id.0.into());
            row.insert("at".into(), at.clone().into());
            for system in SYSTEMS {
                row.insert(flag(system).into(), d.fetched(system).into());
            }
            for c in &SYNCED_COLUMNS {
                if let Some(value) = written(d, c.name) {
                    row.insert(c.name.into(), value.into());
                }
            }
            serde_json::Value::Object(row)
        })
        .collect()
}

/// PostgreSQL: `UPDATE … FROM jsonb_to_recordset($1)`, every student of a
/// chunk in one statement.
fn bulk_update_pg(conn: &mut diesel::PgConnection, rows: &[serde_json::Value]) -> QueryResult<()> {
    let types = SYNCED_COLUMNS
        .iter()
        .map(|c| format!("{} {}", c.name, c.sql.pg()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "UPDATE students AS s SET {} \
         FROM jsonb_to_recordset($1::jsonb) AS v(id bigint, rec boolean, adv boolean, crs boolean, trn boolean, at timestamp, {types}) \
         WHERE s.id = v.id",
        set_clause()
    );
    let payload = serde_json::to_string(rows)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    diesel::sql_query(sql)
        .bind::<diesel::sql_types::Text, _>(payload)
        .execute(conn)
        .map(|_| ())
}

/// SQLite: the same in one `UPDATE … FROM (VALUES …)` per chunk of rows (one
/// prepared statement instead of one per student; diesel caches no UPDATE).
fn bulk_update_sqlite(
    conn: &mut diesel::SqliteConnection,
    rows: &[serde_json::Value],
) -> QueryResult<()> {
    use diesel::sql_types::{BigInt, Double as SqlDouble, Nullable, Text as SqlText};
    enum Bind {
        Id,
        Flag,
        At,
        Column(SqlType),
    }
    let mut columns: Vec<(&str, Bind)> = vec![("id", Bind::Id)];
    columns.extend(SYSTEMS.map(|s| (flag(s), Bind::Flag)));
    columns.push(("at", Bind::At));
    columns.extend(SYNCED_COLUMNS.iter().map(|c| (c.name, Bind::Column(c.sql))));
    let names = columns
        .iter()
        .enumerate()
        .map(|(i, (c, _))| format!("column{} AS {c}", i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let one_row = format!("({})", vec!["?"; columns.len()].join(", "));
    // SQLite allows 32 766 bound values per statement.
    let per_statement = (30_000 / columns.len()).max(1);
    let sets = set_clause();
    for chunk in rows.chunks(per_statement) {
        let sql = format!(
            "UPDATE students AS s SET {sets} \
             FROM (SELECT {names} FROM (VALUES {})) AS v WHERE s.id = v.id",
            vec![one_row.as_str(); chunk.len()].join(", ")
        );
        let mut query = diesel::sql_query(sql).into_boxed::<diesel::sqlite::Sqlite>();
        for row in chunk {
            for (column, bind) in &columns {
                let v = &row[*column];
                query = match bind {
                    Bind::Id => query.bind::<Nullable<BigInt>, _>(v.as_i64()),
                    Bind::Flag => query.bind::<BigInt, _>(i64::from(v.as_bool().unwrap_or(false))),
                    Bind::Column(SqlType::Double) => query.bind::<Nullable<SqlDouble>, _>(
                        v.as_str().and_then(|s| s.parse::<f64>().ok()),
                    ),
                    Bind::At | Bind::Column(_) => {
                        query.bind::<Nullable<SqlText>, _>(v.as_str().map(str::to_owned))
                    }
                };
            }
        }
        query.execute(conn)?;
    }
    Ok(())
}

fn bulk_update(
    conn: &mut DbConn,
    items: &[(StudentId, &SyncedData)],
    at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    let rows = update_rows(items, at);
    match conn {
        // One statement for the whole chunk: PostgreSQL round trips dominate otherwise.
        DbConn::Pg(pg) => bulk_update_pg(pg, &rows),
        DbConn::Sqlite(c) => bulk_update_sqlite(c, &rows),
    }
}

/// Write many students' synced data inside the caller's transaction: all
/// rows in one savepoint; should any row fail, each student again in a
/// savepoint of its own, so only that one fails (returned, with nothing of
/// that student changed). Then the field history and `student_sync` of
/// all the others.
pub fn apply_synced_many(
    conn: &mut DbConn,
    items: &[(StudentId, &SyncedData)],
) -> QueryResult<Vec<(StudentId, diesel::result::Error)>> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let at = super::now();
    let ids: Vec<StudentId> = items.iter().map(|(id, _)| *id).collect();
    let before = sync_history::snapshot(conn, &ids)?;
    let mut failed = Vec::new();
    let ok: Vec<(StudentId, &SyncedData)> =
        if super::transaction(conn, |conn| bulk_update(conn, items, at)).is_ok() {
            items.to_vec()
        } else {
            let mut ok = Vec::with_capacity(items.len());
            for item in items {
                match super::transaction(conn, |conn| bulk_update(conn, &[*item], at)) {
                    Ok(()) => ok.push(*item),
                    Err(e) => failed.push((item.0, e)),
                }
            }
            ok
        };
    sync_history::record(conn, &before, &ok)?;
    write_sync_state(conn, &ok, at)?;
    Ok(failed)
}

/// Per student, the times of the systems other than student records (whose
/// time is `students.synced_at`) and the course and output lists, always
/// replaced whole; a system not fetched keeps what it had.
fn write_sync_state(
    conn: &mut DbConn,
    items: &[(StudentId, &SyncedData)],
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
            "student_id": id.0,
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
