//! Per-field history of the dossier: who changed which field, when, from
//! what to what. Rows are written in the transaction of the change.

use super::schema::dossier_history;
use super::{now, DbConn};
use diesel::prelude::*;
use shared::authz::Actor;
use shared::dto::application::{ChangeSource, FieldChange};
use shared::dto::sync::SourceSystem;
use shared::dto::{Page, PageQuery};
use shared::ids::{ApplicationId, StudentId};

/// One changed field.
#[derive(Debug, Clone)]
pub struct FieldEdit {
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// Who made a set of edits.
#[derive(Debug, Clone, Copy)]
pub struct Author<'a> {
    pub source: ChangeSource,
    pub system: Option<SourceSystem>,
    pub actor: Option<&'a Actor>,
    /// The 纸质修改申请 that made the edits.
    pub correction: Option<i64>,
}

/// Rows per SQLite statement (10 bound values each, at most 32 766).
const SQLITE_ROWS: usize = 3000;

/// A history row.
#[derive(Insertable)]
#[diesel(table_name = dossier_history)]
#[diesel(treat_none_as_default_value = false)]
struct NewRow<'a> {
    student_id: i64,
    application_id: Option<i64>,
    field: &'a str,
    source: &'a str,
    system: Option<&'a str>,
    actor_id: Option<i64>,
    actor_name: &'a str,
    old_value: Option<&'a str>,
    new_value: Option<&'a str>,
    at: chrono::NaiveDateTime,
    correction_id: Option<i64>,
}

/// Record edits of one or many students: (student id, application id, edit).
/// A sync writes many at once: PostgreSQL takes them by `COPY`, SQLite in
/// multi-row inserts.
pub fn record(
    conn: &mut DbConn,
    author: Author<'_>,
    edits: &[(StudentId, Option<ApplicationId>, FieldEdit)],
) -> QueryResult<()> {
    let at = now();
    let actor_name = author.actor.map_or("系统", |a| a.display_name.as_str());
    let rows: Vec<NewRow<'_>> = edits
        .iter()
        .map(|(student_id, application_id, e)| NewRow {
            student_id: student_id.0,
            application_id: application_id.map(|a| a.0),
            field: &e.field,
            source: author.source.as_str(),
            system: author.system.map(SourceSystem::as_str),
            actor_id: author.actor.map(|a| a.user_id.0),
            actor_name,
            old_value: e.old_value.as_deref(),
            new_value: e.new_value.as_deref(),
            at,
            correction_id: author.correction,
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    match conn {
        DbConn::Pg(pg) => {
            diesel::copy_from(dossier_history::table)
                .from_insertable(&rows)
                .execute(pg)?;
        }
        DbConn::Sqlite(c) => {
            for chunk in rows.chunks(SQLITE_ROWS) {
                diesel::insert_into(dossier_history::table)
                    .values(chunk)
                    .execute(c)?;
            }
        }
    }
    Ok(())
}

/// A student's field history, newest first; optionally one field only.
pub fn list(
    conn: &mut DbConn,
    student: StudentId,
    field: Option<&str>,
    paging: PageQuery,
) -> QueryResult<Page<FieldChange>> {
    let (page, per_page) = paging.resolved();
    let filtered = || {
        let mut q = dossier_history::table
            .filter(dossier_history::student_id.eq(student.0))
            .into_boxed();
        if let Some(f) = field {
            q = q.filter(dossier_history::field.eq(f.to_owned()));
        }
        q
    };
    let total = filtered().count().get_result::<i64>(conn)?;
    let rows = filtered()
        .order(dossier_history::id.desc())
        .limit(per_page)
        .offset(paging.offset())
        .select((
            dossier_history::id,
            dossier_history::field,
            dossier_history::source,
            dossier_history::system,
            dossier_history::actor_name,
            dossier_history::old_value,
            dossier_history::new_value,
            dossier_history::at,
            dossier_history::correction_id,
        ))
        .load::<(
            i64,
            String,
            String,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
            chrono::NaiveDateTime,
            Option<i64>,
        )>(conn)?;
    let items = rows
        .into_iter()
        .map(
            |(id, field, source, system, actor_name, old_value, new_value, at, correction)| {
                FieldChange {
                    id,
                    field,
                    source: ChangeSource::parse(&source).unwrap_or(ChangeSource::Sync),
                    system: system.as_deref().and_then(SourceSystem::parse),
                    actor_name,
                    old_value,
                    new_value,
                    at: at.and_utc(),
                    correction,
                }
            },
        )
        .collect();
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}
