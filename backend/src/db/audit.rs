//! The append-only audit log.

use super::schema::audit_log;
use super::{insert_many, insert_returning_id, now, DbConn};
use diesel::prelude::*;
use shared::authz::Actor;
use shared::dto::audit::{AuditEntry, AuditQuery};
use shared::dto::Page;
use shared::ids::{AuditId, UserId};

#[derive(Queryable, Selectable)]
#[diesel(table_name = audit_log)]
struct AuditRow {
    id: i64,
    at: chrono::NaiveDateTime,
    actor_id: Option<i64>,
    actor_name: String,
    entity: String,
    entity_id: Option<i64>,
    action: String,
    before_json: Option<String>,
    after_json: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = audit_log)]
struct NewAuditRow<'a> {
    at: chrono::NaiveDateTime,
    actor_id: Option<i64>,
    actor_name: &'a str,
    entity: &'a str,
    entity_id: Option<i64>,
    action: &'a str,
    before_json: Option<String>,
    after_json: Option<String>,
}

/// One change to record. `actor: None` is the system itself.
pub struct Change<'a> {
    pub actor: Option<&'a Actor>,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub action: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Append an entry; call it inside the transaction of the change itself.
pub fn record(conn: &mut DbConn, change: Change<'_>) -> QueryResult<()> {
    let row = NewAuditRow {
        at: now(),
        actor_id: change.actor.map(|a| a.user_id.0),
        actor_name: change.actor.map_or("系统", |a| a.display_name.as_str()),
        entity: change.entity,
        entity_id: change.entity_id,
        action: change.action,
        before_json: change.before.map(|v| v.to_string()),
        after_json: change.after.map(|v| v.to_string()),
    };
    insert_returning_id!(conn, audit_log::table, &row, audit_log::id).map(|_| ())
}

/// Append audit entries in few statements.
pub fn record_many(conn: &mut DbConn, changes: &[Change<'_>]) -> QueryResult<()> {
    let at = now();
    for chunk in changes.chunks(500) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|c| {
                (
                    audit_log::at.eq(at),
                    audit_log::actor_id.eq(c.actor.map(|a| a.user_id.0)),
                    audit_log::actor_name.eq(c.actor.map_or("系统", |a| a.display_name.as_str())),
                    audit_log::entity.eq(c.entity),
                    audit_log::entity_id.eq(c.entity_id),
                    audit_log::action.eq(c.action),
                    audit_log::before_json.eq(c.before.as_ref().map(|v| v.to_string())),
                    audit_log::after_json.eq(c.after.as_ref().map(|v| v.to_string())),
                )
            })
            .collect();
        insert_many!(conn, audit_log::table, rows);
    }
    Ok(())
}

pub fn list(conn: &mut DbConn, q: &AuditQuery) -> QueryResult<Page<AuditEntry>> {
    let paging = shared::dto::PageQuery {
        page: q.page,
        per_page: q.per_page,
    };
    let (page, per_page) = paging.resolved();
    let filtered = || {
        let mut query = audit_log::table.into_boxed();
        if let Some(entity) = &q.entity {
            query = query.filter(audit_log::entity.eq(entity.clone()));
        }
        if let Some(id) = q.entity_id {
            query = query.filter(audit_log::entity_id.eq(id));
        }
        query
    };
    let total = filtered().count().get_result::<i64>(conn)?;
    let rows = filtered()
        .order(audit_log::id.desc())
        .limit(per_page)
        .offset(paging.offset())
        .select(AuditRow::as_select())
        .load(conn)?;
    Ok(Page {
        items: rows.into_iter().map(AuditRow::into_dto).collect(),
        total,
        page,
        per_page,
    })
}

impl AuditRow {
    fn into_dto(self) -> AuditEntry {
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        AuditEntry {
            id: AuditId(self.id),
            at: self.at.and_utc(),
            actor_id: self.actor_id.map(UserId),
            actor_name: self.actor_name,
            entity: self.entity,
            entity_id: self.entity_id,
            action: self.action,
            before: parse(self.before_json),
            after: parse(self.after_json),
        }
    }
}
