//! Sync run records and scheduled-slot claims.

use super::schema::{sync_runs, sync_schedule_claims};
use super::{insert_returning_id, now, DbConn};
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use shared::dto::sync::{
    SourceSystem, SyncFailure, SyncKind, SyncRun, SyncRunQuery, SyncStatus, SyncTrigger,
};
use shared::dto::{Page, PageQuery};
use shared::ids::{StudentId, UnitId};

#[derive(Queryable, Selectable)]
#[diesel(table_name = sync_runs)]
struct RunRow {
    id: i64,
    kind: String,
    trigger: String,
    systems: String,
    started_by_name: String,
    unit_id: Option<i64>,
    student_id: Option<i64>,
    status: String,
    total: i32,
    done: i32,
    succeeded: i32,
    failed: i32,
    failures: String,
    started_at: chrono::NaiveDateTime,
    finished_at: Option<chrono::NaiveDateTime>,
}

fn enum_of<T: serde::de::DeserializeOwned>(s: &str) -> QueryResult<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|e| DieselError::DeserializationError(Box::new(e)))
}

fn name_of<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

impl RunRow {
    fn into_dto(self) -> QueryResult<SyncRun> {
        Ok(SyncRun {
            id: self.id,
            kind: enum_of(&self.kind)?,
            trigger: enum_of(&self.trigger)?,
            systems: self
                .systems
                .split(',')
                .filter_map(SourceSystem::parse)
                .collect(),
            started_by_name: self.started_by_name,
            unit_id: self.unit_id.map(UnitId),
            student_id: self.student_id.map(StudentId),
            status: enum_of(&self.status)?,
            total: self.total,
            done: self.done,
            succeeded: self.succeeded,
            failed: self.failed,
            failures: serde_json::from_str(&self.failures).unwrap_or_default(),
            started_at: self.started_at.and_utc(),
            finished_at: self.finished_at.map(|t| t.and_utc()),
        })
    }
}

pub struct NewRun<'a> {
    pub kind: SyncKind,
    pub trigger: SyncTrigger,
    pub systems: &'a [SourceSystem],
    pub started_by: Option<i64>,
    pub started_by_name: &'a str,
    pub unit_id: Option<UnitId>,
    pub student_id: Option<StudentId>,
}

pub fn insert(conn: &mut DbConn, run: &NewRun<'_>) -> QueryResult<i64> {
    let systems = run
        .systems
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(",");
    insert_returning_id!(
        conn,
        sync_runs::table,
        (
            sync_runs::kind.eq(name_of(&run.kind)),
            sync_runs::trigger.eq(name_of(&run.trigger)),
            sync_runs::systems.eq(systems),
            sync_runs::started_by.eq(run.started_by),
            sync_runs::started_by_name.eq(run.started_by_name),
            sync_runs::unit_id.eq(run.unit_id.map(|u| u.0)),
            sync_runs::student_id.eq(run.student_id.map(|s| s.0)),
            sync_runs::status.eq(name_of(&SyncStatus::Running)),
            sync_runs::total.eq(0),
            sync_runs::done.eq(0),
            sync_runs::succeeded.eq(0),
            sync_runs::failed.eq(0),
            sync_runs::failures.eq("[]"),
            sync_runs::started_at.eq(now()),
        ),
        sync_runs::id
    )
}

/// Progress so far (and the final state when `status` is not running).
pub struct Progress<'a> {
    pub total: i32,
    pub succeeded: i32,
    pub failures: &'a [SyncFailure],
    pub status: SyncStatus,
}

pub fn update(conn: &mut DbConn, id: i64, p: &Progress<'_>) -> QueryResult<()> {
    let failed = p.failures.len() as i32;
    let finished = (p.status != SyncStatus::Running).then(now);
    diesel::update(sync_runs::table.find(id))
        .set((
            sync_runs::total.eq(p.total),
            sync_runs::done.eq(p.succeeded + failed),
            sync_runs::succeeded.eq(p.succeeded),
            sync_runs::failed.eq(failed),
            sync_runs::failures
                .eq(serde_json::to_string(p.failures).unwrap_or_else(|_| "[]".to_owned())),
            sync_runs::status.eq(name_of(&p.status)),
            sync_runs::finished_at.eq(finished),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<SyncRun>> {
    sync_runs::table
        .find(id)
        .select(RunRow::as_select())
        .get_result(conn)
        .optional()?
        .map(RunRow::into_dto)
        .transpose()
}

/// Newest first; `unit` limits to one unit's runs.
pub fn list(conn: &mut DbConn, q: &SyncRunQuery) -> QueryResult<Page<SyncRun>> {
    let paging = PageQuery {
        page: q.page,
        per_page: q.per_page,
    };
    let (page, per_page) = paging.resolved();
    let filtered = || {
        let mut query = sync_runs::table.into_boxed();
        if let Some(unit) = q.unit_id {
            query = query.filter(sync_runs::unit_id.eq(unit));
        }
        query
    };
    let total = filtered().count().get_result::<i64>(conn)?;
    let items = filtered()
        .order(sync_runs::id.desc())
        .limit(per_page)
        .offset(paging.offset())
        .select(RunRow::as_select())
        .load(conn)?
        .into_iter()
        .map(RunRow::into_dto)
        .collect::<QueryResult<Vec<_>>>()?;
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}

/// Claim a scheduled slot; `false` when another instance already has it.
pub fn claim_slot(conn: &mut DbConn, slot: &str) -> QueryResult<bool> {
    let inserted = diesel::insert_into(sync_schedule_claims::table)
        .values((
            sync_schedule_claims::slot.eq(slot),
            sync_schedule_claims::claimed_at.eq(now()),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(true),
        Err(DieselError::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// When the latest sync run started, if any.
pub fn last_started(conn: &mut DbConn) -> QueryResult<Option<chrono::NaiveDateTime>> {
    sync_runs::table
        .select(diesel::dsl::max(sync_runs::started_at))
        .get_result(conn)
}
