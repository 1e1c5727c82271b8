//! Student master data (filled by the sync engine; the demo seeds it).

use super::schema::students;
use super::{insert_returning_id, DbConn};
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
