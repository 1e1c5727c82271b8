//! Multi-row writes, which diesel's `MultiConnection` cannot express
//! generically: each matches on the backend once, here.

use super::DbConn;
use diesel::QueryResult;
use diesel::RunQueryDsl;

/// `INSERT ... RETURNING id`, which MultiConnection cannot express generically.
macro_rules! insert_returning_id {
    ($conn:expr, $table:expr, $values:expr, $id:expr) => {{
        use diesel::RunQueryDsl as _;
        match $conn {
            $crate::db::DbConn::Sqlite(c) => diesel::insert_into($table)
                .values($values)
                .returning($id)
                .get_result::<i64>(c),
            $crate::db::DbConn::Pg(c) => diesel::insert_into($table)
                .values($values)
                .returning($id)
                .get_result::<i64>(c),
        }
    }};
}
pub(crate) use insert_returning_id;

/// A multi-row `INSERT … RETURNING`: every row's `$returning` columns as `$ty`.
macro_rules! insert_returning_all {
    ($conn:expr, $table:expr, $rows:expr, $returning:expr, $ty:ty) => {{
        use diesel::RunQueryDsl as _;
        match $conn {
            $crate::db::DbConn::Sqlite(c) => diesel::insert_into($table)
                .values($rows)
                .returning($returning)
                .get_results::<$ty>(c),
            $crate::db::DbConn::Pg(c) => diesel::insert_into($table)
                .values($rows)
                .returning($returning)
                .get_results::<$ty>(c),
        }
    }};
}
pub(crate) use insert_returning_all;

/// A multi-row `INSERT`, which MultiConnection cannot express generically.
/// Evaluates to `()`, returning early with the error on failure.
macro_rules! insert_many {
    ($conn:expr, $table:expr, $rows:expr) => {{
        use diesel::RunQueryDsl as _;
        let rows = $rows;
        if !rows.is_empty() {
            match $conn {
                $crate::db::DbConn::Sqlite(c) => {
                    diesel::insert_into($table).values(&rows).execute(c)?
                }
                $crate::db::DbConn::Pg(c) => {
                    diesel::insert_into($table).values(&rows).execute(c)?
                }
            };
        }
    }};
}
pub(crate) use insert_many;

/// Insert many rows in few statements. PostgreSQL gets one parameter, the
/// rows as a JSON array unpacked by `jsonb_to_recordset` (its round trips and
/// bind parsing dominate otherwise); SQLite, which binds values faster than it
/// unpacks JSON, gets multi-row `VALUES`. `columns` are (name, PostgreSQL
/// type); the names are trusted constants.
pub fn insert_json_rows(
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
