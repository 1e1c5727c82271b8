//! Per-field history of the dossier: who changed which field, when, from
//! what to what. Rows are written in the transaction of the change.

use super::schema::dossier_history;
use super::{now, DbConn};
use diesel::prelude::*;
use shared::authz::Actor;
use shared::dto::application::{ChangeSource, FieldChange};
use shared::dto::sync::SourceSystem;
use shared::dto::{Page, PageQuery};

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
}

/// Rows per statement.
const CHUNK: usize = 5000;

/// Record edits of one or many students: (student id, application id, edit).
/// The rows go in as one JSON array per statement, unpacked by the database
/// (`jsonb_to_recordset` / `json_each`): a sync writes many at once.
pub fn record(
    conn: &mut DbConn,
    author: Author<'_>,
    edits: &[(i64, Option<i64>, FieldEdit)],
) -> QueryResult<()> {
    use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};
    let at = now();
    let actor_name = author.actor.map_or("系统", |a| a.display_name.as_str());
    for chunk in edits.chunks(CHUNK) {
        let rows: Vec<serde_json::Value> = chunk
            .iter()
            .map(|(s, a, e)| serde_json::json!({ "s": s, "a": a, "f": e.field, "o": e.old_value, "n": e.new_value }))
            .collect();
        let payload = serde_json::to_string(&rows)
            .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
        let sql = match conn {
            DbConn::Pg(_) => "INSERT INTO dossier_history (student_id, application_id, field, source, system, actor_id, actor_name, old_value, new_value, at) \
                 SELECT r.s, r.a, r.f, $2, $3, $4, $5, r.o, r.n, $6 \
                 FROM jsonb_to_recordset($1::jsonb) AS r(s bigint, a bigint, f text, o text, n text)",
            DbConn::Sqlite(_) => "INSERT INTO dossier_history (student_id, application_id, field, source, system, actor_id, actor_name, old_value, new_value, at) \
                 SELECT json_extract(value, '$.s'), json_extract(value, '$.a'), json_extract(value, '$.f'), ?2, ?3, ?4, ?5, \
                 json_extract(value, '$.o'), json_extract(value, '$.n'), ?6 FROM json_each(?1)",
        };
        diesel::sql_query(sql)
            .bind::<Text, _>(payload)
            .bind::<Text, _>(author.source.as_str())
            .bind::<Nullable<Text>, _>(author.system.map(SourceSystem::as_str))
            .bind::<Nullable<BigInt>, _>(author.actor.map(|a| a.user_id.0))
            .bind::<Text, _>(actor_name)
            .bind::<Timestamp, _>(at)
            .execute(conn)?;
    }
    Ok(())
}

/// A student's field history, newest first; optionally one field only.
pub fn list(
    conn: &mut DbConn,
    student_id: i64,
    field: Option<&str>,
    paging: PageQuery,
) -> QueryResult<Page<FieldChange>> {
    let (page, per_page) = paging.resolved();
    let filtered = || {
        let mut q = dossier_history::table
            .filter(dossier_history::student_id.eq(student_id))
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
        )>(conn)?;
    let items = rows
        .into_iter()
        .map(
            |(id, field, source, system, actor_name, old_value, new_value, at)| FieldChange {
                id,
                field,
                source: ChangeSource::parse(&source).unwrap_or(ChangeSource::Sync),
                system: system.as_deref().and_then(SourceSystem::parse),
                actor_name,
                old_value,
                new_value,
                at: at.and_utc(),
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
