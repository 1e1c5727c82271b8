//! Degree applications (one student in one batch).

use super::schema::applications;
use super::{insert_many, now, DbConn};
use diesel::prelude::*;
use shared::workflow::AppState;

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
