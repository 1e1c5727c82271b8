//! Review batches (评审批次).

use super::schema::batches;
use super::{insert_returning_id, now, DbConn};
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use shared::dto::batch::{Batch, NewBatch, Season};
use shared::dto::{Page, PageQuery};
use shared::ids::BatchId;
use shared::workflow::BatchPhase;

#[derive(Queryable, Selectable)]
#[diesel(table_name = batches)]
struct BatchRow {
    id: i64,
    name: String,
    season: String,
    year: i32,
    congress_date: chrono::NaiveDate,
    phase: String,
    version: i32,
    opened_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
    completed_at: Option<chrono::NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = batches)]
struct NewBatchRow<'a> {
    name: &'a str,
    season: &'a str,
    year: i32,
    congress_date: chrono::NaiveDate,
    phase: &'a str,
    active_slot: Option<i32>,
    version: i32,
    opened_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
}

fn corrupt(what: String) -> DieselError {
    DieselError::DeserializationError(what.into())
}

/// A stored batch phase.
pub(super) fn phase_of(stored: &str) -> QueryResult<BatchPhase> {
    BatchPhase::parse(stored).ok_or_else(|| corrupt(format!("unknown phase {stored:?}")))
}

impl BatchRow {
    fn into_dto(self) -> QueryResult<Batch> {
        Ok(Batch {
            id: BatchId(self.id),
            season: Season::parse(&self.season)
                .ok_or_else(|| corrupt(format!("unknown season {:?}", self.season)))?,
            phase: phase_of(&self.phase)?,
            name: self.name,
            year: self.year,
            congress_date: self.congress_date,
            version: self.version,
            opened_at: self.opened_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
            completed_at: self.completed_at.map(|t| t.and_utc()),
        })
    }
}

pub fn find(conn: &mut DbConn, id: BatchId) -> QueryResult<Option<Batch>> {
    batches::table
        .find(id.0)
        .select(BatchRow::as_select())
        .get_result(conn)
        .optional()?
        .map(BatchRow::into_dto)
        .transpose()
}

/// The batch that is not completed, if any.
pub fn active(conn: &mut DbConn) -> QueryResult<Option<Batch>> {
    batches::table
        .filter(batches::active_slot.is_not_null())
        .select(BatchRow::as_select())
        .get_result(conn)
        .optional()?
        .map(BatchRow::into_dto)
        .transpose()
}

/// Newest first.
pub fn list(conn: &mut DbConn, paging: PageQuery) -> QueryResult<Page<Batch>> {
    let (page, per_page) = paging.resolved();
    let total = batches::table.count().get_result::<i64>(conn)?;
    let items = batches::table
        .order((batches::opened_at.desc(), batches::id.desc()))
        .limit(per_page)
        .offset(paging.offset())
        .select(BatchRow::as_select())
        .load(conn)?
        .into_iter()
        .map(BatchRow::into_dto)
        .collect::<QueryResult<Vec<_>>>()?;
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}

/// Insert an open batch. The unique `active_slot` refuses a second active one.
pub fn insert_open(conn: &mut DbConn, new: &NewBatch) -> QueryResult<Batch> {
    let at = now();
    let row = NewBatchRow {
        name: new.name.trim(),
        season: new.season.as_str(),
        year: new.year,
        congress_date: new.congress_date,
        phase: BatchPhase::Open.as_str(),
        active_slot: Some(1),
        version: 1,
        opened_at: at,
        updated_at: at,
    };
    let id = insert_returning_id!(conn, batches::table, &row, batches::id)?;
    find(conn, BatchId(id))?.ok_or(DieselError::NotFound)
}

/// Move to `phase` if the batch is still at `expected_version`.
/// Returns whether a row changed (false: someone else changed it first).
pub fn set_phase(
    conn: &mut DbConn,
    id: BatchId,
    expected_version: i32,
    phase: BatchPhase,
) -> QueryResult<bool> {
    let at = now();
    let completed = phase == BatchPhase::Completed;
    let changed = diesel::update(
        batches::table
            .filter(batches::id.eq(id.0))
            .filter(batches::version.eq(expected_version)),
    )
    .set((
        batches::phase.eq(phase.as_str()),
        batches::version.eq(batches::version + 1),
        batches::updated_at.eq(at),
        batches::active_slot.eq(if completed { None } else { Some(1) }),
        batches::completed_at.eq(if completed { Some(at) } else { None }),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Hold the active batch's row until the transaction ends (PostgreSQL `FOR
/// UPDATE`): the congress's decisions, its meeting and the batch's phase
/// change one at a time. SQLite's writes queue anyway (`AppState::write`).
pub fn lock_active(conn: &mut DbConn) -> QueryResult<()> {
    match conn {
        DbConn::Pg(pg) => batches::table
            .filter(batches::active_slot.is_not_null())
            .select(batches::id)
            .for_update()
            .load::<i64>(pg)
            .map(|_| ()),
        DbConn::Sqlite(_) => Ok(()),
    }
}
