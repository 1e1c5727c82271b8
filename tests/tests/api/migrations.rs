//! Schema migrations carry stored data forward, and back on revert.

use backend::db::{self, DbConn};
use degree_tests::TestDb;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel_migrations::MigrationHarness;

fn open(test_db: &TestDb) -> DbConn {
    let url = test_db.url.as_str();
    if test_db.is_postgres() {
        DbConn::Pg(PgConnection::establish(url).expect("connect"))
    } else {
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        DbConn::Sqlite(SqliteConnection::establish(path).expect("connect"))
    }
}

/// Call a `MigrationHarness` method with the backend's own migrations.
macro_rules! harness {
    ($conn:expr, $method:ident $(, $arg:expr)*) => {
        match $conn {
            DbConn::Pg(c) => c.$method(db::POSTGRES_MIGRATIONS $(, $arg)*).map(|_| ()),
            DbConn::Sqlite(c) => c.$method(db::SQLITE_MIGRATIONS $(, $arg)*).map(|_| ()),
        }
    };
}

/// Apply pending migrations up to, not including, the one named `stop`.
fn migrate_until(conn: &mut DbConn, stop: &str) {
    let names: Vec<String> = match conn {
        DbConn::Pg(c) => c
            .pending_migrations(db::POSTGRES_MIGRATIONS)
            .map(|m| m.iter().map(|m| m.name().to_string()).collect()),
        DbConn::Sqlite(c) => c
            .pending_migrations(db::SQLITE_MIGRATIONS)
            .map(|m| m.iter().map(|m| m.name().to_string()).collect()),
    }
    .expect("pending");
    for name in names {
        if name.contains(stop) {
            return;
        }
        harness!(conn, run_next_migration).expect("migrate");
    }
}

#[derive(QueryableByName, Debug, PartialEq)]
struct Line {
    #[diesel(sql_type = Text)]
    line: String,
}

/// One text line per stored row, for comparing the old tables.
fn lines(conn: &mut DbConn, sql: &str) -> Vec<String> {
    diesel::sql_query(sql)
        .load::<Line>(conn)
        .expect("query")
        .into_iter()
        .map(|l| l.line)
        .collect()
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

#[test]
fn course_output_and_section_rows_move_into_one_sync_row_per_student_and_back() {
    use backend::db::schema::student_sync;
    let test_db = TestDb::create();
    let mut conn = open(&test_db);
    migrate_until(&mut conn, "000004_sync_lists");

    // A student synced from all four systems under the old tables, and one
    // only from student records.
    let at = "'2026-11-20 08:00:00'";
    let later = "'2026-11-21 09:30:00'";
    diesel::sql_query(format!(
        "INSERT INTO units (code, name, head_name, created_at) VALUES ('U001', '计算机学院', '张三', {at})"
    ))
    .execute(&mut conn)
    .expect("unit");
    for no in ["2021001", "2021002"] {
        diesel::sql_query(format!(
            "INSERT INTO students (student_no, name, name_pinyin, kind, unit_id, synced_at, created_at, updated_at) \
             SELECT '{no}', '李四', 'Li Si', 'academic_master', id, {at}, {at}, {at} FROM units"
        ))
        .execute(&mut conn)
        .expect("student");
    }
    let ids: Vec<i64> = diesel::sql_query("SELECT id FROM students ORDER BY student_no")
        .load::<Id>(&mut conn)
        .expect("ids")
        .into_iter()
        .map(|r| r.id)
        .collect();
    let (full, bare) = (ids[0], ids[1]);
    for (code, credits) in [("B002", "3.0"), ("A001", "2.5")] {
        diesel::sql_query(format!(
            "INSERT INTO student_courses (student_id, code, name, credits, grade, term) \
             VALUES ({full}, '{code}', '课程{code}', {credits}, '91', '2024秋')"
        ))
        .execute(&mut conn)
        .expect("course");
    }
    diesel::sql_query(format!(
        "INSERT INTO student_outputs (student_id, kind, title, venue, year) \
         VALUES ({full}, 'paper', '一篇论文', '计算机学报', 2025)"
    ))
    .execute(&mut conn)
    .expect("output");
    for (student, section, system, when) in [
        (full, "identity", "records", at),
        (full, "programme", "records", at),
        (full, "advisor", "teachers", later),
        (full, "courses", "courses", later),
        (full, "outputs", "training", later),
        (full, "thesis", "training", later),
        (full, "defense", "training", later),
        (bare, "identity", "records", at),
        (bare, "programme", "records", at),
    ] {
        diesel::sql_query(format!(
            "INSERT INTO student_sync_sections (student_id, section, source, synced_at) \
             VALUES ({student}, '{section}', '{system}', {when})"
        ))
        .execute(&mut conn)
        .expect("section");
    }
    let courses_sql = "SELECT student_id || ' ' || code || ' ' || credits || ' ' || grade AS line \
                       FROM student_courses ORDER BY id";
    let outputs_sql =
        "SELECT student_id || ' ' || title || ' ' || year AS line FROM student_outputs ORDER BY id";
    let sections_sql = "SELECT student_id || ' ' || section || ' ' || source AS line \
                        FROM student_sync_sections ORDER BY student_id, section";
    let courses_before = lines(&mut conn, courses_sql);
    let outputs_before = lines(&mut conn, outputs_sql);
    let sections_before = lines(&mut conn, sections_sql);

    harness!(&mut conn, run_next_migration).expect("migrate");
    type Row = (
        i64,
        Option<chrono::NaiveDateTime>,
        Option<chrono::NaiveDateTime>,
        Option<chrono::NaiveDateTime>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = student_sync::table
        .order(student_sync::student_id)
        .load(&mut conn)
        .expect("sync rows");
    assert_eq!(
        rows.len(),
        1,
        "only the student synced beyond student records"
    );
    let (student, teachers_at, courses_at, training_at, courses, outputs) = rows[0].clone();
    assert_eq!(student, full);
    let expected_at =
        chrono::NaiveDate::from_ymd_opt(2026, 11, 21).and_then(|d| d.and_hms_opt(9, 30, 0));
    assert_eq!(
        (teachers_at, courses_at, training_at),
        (expected_at, expected_at, expected_at)
    );
    let courses: Vec<shared::dto::sync::Course> =
        serde_json::from_str(&courses.expect("courses")).expect("courses json");
    let codes: Vec<(&str, f64)> = courses
        .iter()
        .map(|c| (c.code.as_str(), c.credits))
        .collect();
    assert_eq!(
        codes,
        [("B002", 3.0), ("A001", 2.5)],
        "in their stored order"
    );
    let outputs: Vec<shared::dto::sync::Output> =
        serde_json::from_str(&outputs.expect("outputs")).expect("outputs json");
    assert_eq!(outputs[0].title, "一篇论文");
    assert_eq!(outputs[0].year, 2025);

    // And back: the old rows as they were.
    harness!(&mut conn, revert_last_migration).expect("revert");
    assert_eq!(lines(&mut conn, courses_sql), courses_before);
    assert_eq!(lines(&mut conn, outputs_sql), outputs_before);
    assert_eq!(lines(&mut conn, sections_sql), sections_before);
}

#[test]
fn the_field_history_is_append_only() {
    let test_db = TestDb::create();
    let mut conn = open(&test_db);
    harness!(&mut conn, run_pending_migrations).expect("migrate");
    diesel::sql_query(
        "INSERT INTO dossier_history (student_id, field, source, actor_name, old_value, new_value, at) \
         VALUES (1, 'phone', 'student', '李四', NULL, '13800000000', '2026-11-20 08:00:00')",
    )
    .execute(&mut conn)
    .expect("insert");
    let update = diesel::sql_query("UPDATE dossier_history SET new_value = 'x'").execute(&mut conn);
    assert!(update.is_err(), "an update is refused");
    let delete = diesel::sql_query("DELETE FROM dossier_history").execute(&mut conn);
    assert!(delete.is_err(), "a delete is refused");
    let kept = lines(&mut conn, "SELECT new_value AS line FROM dossier_history");
    assert_eq!(kept, ["13800000000"]);
}
