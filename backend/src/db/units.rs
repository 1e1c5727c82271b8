//! Training units (培养单位) and discipline groups (学科群).

use super::schema::{discipline_groups, major_groups, unit_groups, units};
use super::{insert_returning_id, now, DbConn};
use diesel::prelude::*;
use shared::ids::{BatchId, GroupId, UnitId};
use shared::workflow::BatchPhase;

#[derive(Insertable)]
#[diesel(table_name = units)]
pub struct NewUnit<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub head_name: &'a str,
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = discipline_groups)]
pub struct NewGroup<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub created_at: chrono::NaiveDateTime,
}

pub fn insert_unit(
    conn: &mut DbConn,
    code: &str,
    name: &str,
    head_name: &str,
) -> QueryResult<UnitId> {
    let row = NewUnit {
        code,
        name,
        head_name,
        created_at: now(),
    };
    insert_returning_id!(conn, units::table, &row, units::id).map(UnitId)
}

pub fn insert_group(conn: &mut DbConn, code: &str, name: &str) -> QueryResult<GroupId> {
    let row = NewGroup {
        code,
        name,
        created_at: now(),
    };
    insert_returning_id!(conn, discipline_groups::table, &row, discipline_groups::id).map(GroupId)
}

pub fn map_unit_to_group(conn: &mut DbConn, unit: UnitId, group: GroupId) -> QueryResult<()> {
    diesel::insert_into(unit_groups::table)
        .values((
            unit_groups::unit_id.eq(unit.0),
            unit_groups::group_id.eq(group.0),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn map_major_to_group(conn: &mut DbConn, major_code: &str, group: GroupId) -> QueryResult<()> {
    diesel::insert_into(major_groups::table)
        .values((
            major_groups::major_code.eq(major_code),
            major_groups::group_id.eq(group.0),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn unit_name(conn: &mut DbConn, id: UnitId) -> QueryResult<Option<String>> {
    units::table
        .find(id.0)
        .select(units::name)
        .get_result(conn)
        .optional()
}

/// A unit's place in the current batch, in one statement: `None` for an
/// unknown unit; else the batch (id, phase, and whether this unit has
/// submitted), if one is current.
pub fn in_current_batch(
    conn: &mut DbConn,
    id: UnitId,
) -> QueryResult<Option<Option<(BatchId, BatchPhase, bool)>>> {
    use super::schema::{batches, unit_submissions as u};
    let row: Option<(Option<i64>, Option<String>, Option<bool>)> = units::table
        .left_join(batches::table.on(batches::active_slot.is_not_null()))
        .left_join(
            u::table.on(u::batch_id
                .nullable()
                .eq(batches::id.nullable())
                .and(u::unit_id.eq(units::id))),
        )
        .filter(units::id.eq(id.0))
        .select((
            batches::id.nullable(),
            batches::phase.nullable(),
            u::submitted.nullable(),
        ))
        .get_result(conn)
        .optional()?;
    let Some((batch, phase, submitted)) = row else {
        return Ok(None);
    };
    let (Some(batch), Some(phase)) = (batch, phase) else {
        return Ok(Some(None));
    };
    let phase = super::batches::phase_of(&phase)?;
    Ok(Some(Some((
        BatchId(batch),
        phase,
        submitted.unwrap_or(false),
    ))))
}

pub fn group_name(conn: &mut DbConn, id: GroupId) -> QueryResult<Option<String>> {
    discipline_groups::table
        .find(id.0)
        .select(discipline_groups::name)
        .get_result(conn)
        .optional()
}

pub fn count_units(conn: &mut DbConn) -> QueryResult<i64> {
    units::table.count().get_result(conn)
}

pub fn code_of(conn: &mut DbConn, id: UnitId) -> QueryResult<Option<String>> {
    units::table
        .find(id.0)
        .select(units::code)
        .get_result(conn)
        .optional()
}

/// Every unit as (id, code).
pub fn codes(conn: &mut DbConn) -> QueryResult<Vec<(UnitId, String)>> {
    Ok(units::table
        .select((units::id, units::code))
        .order(units::id)
        .load::<(i64, String)>(conn)?
        .into_iter()
        .map(|(id, code)| (UnitId(id), code))
        .collect())
}

/// Every unit, by code.
pub fn list(conn: &mut DbConn) -> QueryResult<Vec<shared::dto::unit::Unit>> {
    Ok(units::table
        .order(units::code)
        .select((units::id, units::code, units::name))
        .load::<(i64, String, String)>(conn)?
        .into_iter()
        .map(|(id, code, name)| shared::dto::unit::Unit {
            id: shared::ids::UnitId(id),
            code,
            name,
        })
        .collect())
}

/// Hold the unit's row until the transaction ends (PostgreSQL `FOR
/// UPDATE`), so that a unit-wide step (数据上报, its reopening) and a change
/// of the unit's committee records do not interleave. SQLite needs nothing:
/// the process's write transactions queue one after another
/// (`AppState::write`).
pub fn lock(conn: &mut DbConn, id: UnitId) -> QueryResult<()> {
    match conn {
        DbConn::Pg(pg) => units::table
            .filter(units::id.eq(id.0))
            .select(units::id)
            .for_update()
            .load::<i64>(pg)
            .map(|_| ()),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// Hold the group's row until the transaction ends (PostgreSQL), as
/// [`lock`] does for a unit.
pub fn lock_group(conn: &mut DbConn, id: GroupId) -> QueryResult<()> {
    match conn {
        DbConn::Pg(pg) => discipline_groups::table
            .filter(discipline_groups::id.eq(id.0))
            .select(discipline_groups::id)
            .for_update()
            .load::<i64>(pg)
            .map(|_| ()),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// Lock every unit row until the end of the transaction (PostgreSQL): 封网
/// waits for a submission or reopening in progress, and they wait for it.
pub fn lock_all(conn: &mut DbConn) -> QueryResult<()> {
    match conn {
        DbConn::Pg(pg) => units::table
            .select(units::id)
            .order(units::id)
            .for_update()
            .load::<i64>(pg)
            .map(|_| ()),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// One unit.
pub fn find(conn: &mut DbConn, id: UnitId) -> QueryResult<Option<shared::dto::unit::Unit>> {
    Ok(units::table
        .find(id.0)
        .select((units::id, units::code, units::name))
        .get_result::<(i64, String, String)>(conn)
        .optional()?
        .map(|(id, code, name)| shared::dto::unit::Unit {
            id: UnitId(id),
            code,
            name,
        }))
}

/// Every unit with its head's name (the system administrator's list).
pub fn details(conn: &mut DbConn) -> QueryResult<Vec<shared::dto::account::UnitDetail>> {
    Ok(units::table
        .order(units::code)
        .select((
            units::id,
            units::code,
            units::name,
            units::head_name,
            units::version,
        ))
        .load::<(i64, String, String, String, i32)>(conn)?
        .into_iter()
        .map(
            |(id, code, name, head_name, version)| shared::dto::account::UnitDetail {
                id: UnitId(id),
                code,
                name,
                head_name,
                version,
            },
        )
        .collect())
}

/// Change a unit's code, name and head if it is still at `version`;
/// false for no such unit at that version.
pub fn update_unit(
    conn: &mut DbConn,
    id: UnitId,
    version: i32,
    code: &str,
    name: &str,
    head_name: &str,
) -> QueryResult<bool> {
    diesel::update(units::table.find(id.0).filter(units::version.eq(version)))
        .set((
            units::code.eq(code),
            units::name.eq(name),
            units::head_name.eq(head_name),
            units::version.eq(units::version + 1),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// Every discipline group (the system administrator's list).
pub fn group_details(conn: &mut DbConn) -> QueryResult<Vec<shared::dto::account::GroupDetail>> {
    Ok(discipline_groups::table
        .order(discipline_groups::code)
        .select((
            discipline_groups::id,
            discipline_groups::code,
            discipline_groups::name,
            discipline_groups::version,
        ))
        .load::<(i64, String, String, i32)>(conn)?
        .into_iter()
        .map(
            |(id, code, name, version)| shared::dto::account::GroupDetail {
                id: GroupId(id),
                code,
                name,
                version,
            },
        )
        .collect())
}

/// Change a group's code and name if it is still at `version`; false for
/// no such group at that version.
pub fn update_group(
    conn: &mut DbConn,
    id: GroupId,
    version: i32,
    code: &str,
    name: &str,
) -> QueryResult<bool> {
    diesel::update(
        discipline_groups::table
            .find(id.0)
            .filter(discipline_groups::version.eq(version)),
    )
    .set((
        discipline_groups::code.eq(code),
        discipline_groups::name.eq(name),
        discipline_groups::version.eq(discipline_groups::version + 1),
    ))
    .execute(conn)
    .map(|n| n == 1)
}
