//! 填报说明: one Markdown document, versioned.

use super::schema::instructions;
use super::{now, DbConn};
use diesel::prelude::*;

pub struct Stored {
    pub markdown: String,
    pub version: i32,
    pub updated_by: String,
    pub updated_at: chrono::NaiveDateTime,
}

pub fn get(conn: &mut DbConn) -> QueryResult<Stored> {
    let (markdown, version, updated_by, updated_at) = instructions::table
        .find(1)
        .select((
            instructions::markdown,
            instructions::version,
            instructions::updated_by_name,
            instructions::updated_at,
        ))
        .get_result::<(String, i32, String, chrono::NaiveDateTime)>(conn)?;
    Ok(Stored {
        markdown,
        version,
        updated_by,
        updated_at,
    })
}

/// Replace the text if it is still at `version`; `false` when stale.
pub fn put(conn: &mut DbConn, version: i32, markdown: &str, by: &str) -> QueryResult<bool> {
    let n = diesel::update(
        instructions::table
            .filter(instructions::id.eq(1))
            .filter(instructions::version.eq(version)),
    )
    .set((
        instructions::markdown.eq(markdown),
        instructions::version.eq(instructions::version + 1),
        instructions::updated_by_name.eq(by),
        instructions::updated_at.eq(now()),
    ))
    .execute(conn)?;
    Ok(n == 1)
}
