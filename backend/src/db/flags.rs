//! 核查意见: flags raised on submitted applications, and how each was closed.

use super::schema::{applications, major_groups, students, units, verification_flags};
use super::verification::Reach;
use super::{insert_returning_id, now, DbConn};
use diesel::prelude::*;
use shared::authz::Actor;
use shared::dossier::field_label;
use shared::dto::verification::{Flag, FlagQuery};
use shared::dto::Page;
use shared::ids::{ApplicationId, BatchId, UnitId};
use shared::workflow::verification::{FlagStatus, GENERAL_FIELD};

/// A new flag.
pub struct NewFlag<'a> {
    pub application: ApplicationId,
    pub batch: BatchId,
    pub unit: UnitId,
    pub field: &'a str,
    pub message: &'a str,
    pub value_then: Option<String>,
}

pub fn insert(conn: &mut DbConn, actor: &Actor, f: &NewFlag<'_>) -> QueryResult<i64> {
    insert_returning_id!(
        conn,
        verification_flags::table,
        (
            verification_flags::application_id.eq(f.application.0),
            verification_flags::batch_id.eq(f.batch.0),
            verification_flags::unit_id.eq(f.unit.0),
            verification_flags::field.eq(f.field),
            verification_flags::message.eq(f.message),
            verification_flags::value_then.eq(f.value_then.as_deref()),
            verification_flags::raised_by_id.eq(actor.user_id.0),
            verification_flags::raised_by_name.eq(&actor.display_name),
            verification_flags::raised_at.eq(now()),
            verification_flags::status.eq(FlagStatus::Open.as_str()),
        ),
        verification_flags::id
    )
}

/// Flags with their student and unit, reached by the caller.
macro_rules! flag_table {
    () => {
        verification_flags::table
            .inner_join(
                applications::table.inner_join(students::table).left_join(
                    major_groups::table
                        .on(major_groups::major_code.nullable().eq(students::major_code)),
                ),
            )
            .inner_join(units::table.on(units::id.eq(verification_flags::unit_id)))
    };
}

type FlagColumns = (
    (i64, i64, i64, String, String, Option<String>, String),
    (
        chrono::NaiveDateTime,
        String,
        Option<String>,
        Option<String>,
        Option<chrono::NaiveDateTime>,
        i32,
    ),
    (String, String, String),
);

macro_rules! flag_columns {
    () => {
        (
            (
                verification_flags::id,
                verification_flags::application_id,
                verification_flags::unit_id,
                verification_flags::field,
                verification_flags::message,
                verification_flags::value_then,
                verification_flags::raised_by_name,
            ),
            (
                verification_flags::raised_at,
                verification_flags::status,
                verification_flags::note,
                verification_flags::closed_by_name,
                verification_flags::closed_at,
                verification_flags::version,
            ),
            (students::student_no, students::name, units::name),
        )
    };
}

fn to_flag(row: FlagColumns) -> Flag {
    let (
        (id, app, unit, field, message, value_then, raised_by),
        (raised_at, status, note, closed_by, closed_at, version),
        (student_no, name, unit_name),
    ) = row;
    let field_label = if field == GENERAL_FIELD {
        "综合意见".to_owned()
    } else {
        field_label(&field).to_owned()
    };
    Flag {
        id,
        application_id: ApplicationId(app),
        student_no,
        name,
        unit_id: UnitId(unit),
        unit_name,
        field,
        field_label,
        message,
        value_then,
        raised_by,
        raised_at: raised_at.and_utc(),
        status: FlagStatus::parse(&status).unwrap_or(FlagStatus::Open),
        note,
        closed_by,
        closed_at: closed_at.map(|t| t.and_utc()),
        version,
    }
}

/// One flag, if the caller reaches it.
pub fn find(conn: &mut DbConn, reach: &Reach, id: i64) -> QueryResult<Option<Flag>> {
    let mut q = flag_table!()
        .filter(verification_flags::id.eq(id))
        .into_boxed();
    if !reach.all {
        q = q.filter(
            verification_flags::unit_id
                .eq_any(reach.units.clone())
                .or(major_groups::group_id
                    .nullable()
                    .eq_any(reach.groups.clone())),
        );
    }
    q.select(flag_columns!())
        .first::<FlagColumns>(conn)
        .optional()
        .map(|r| r.map(to_flag))
}

/// The flags of a batch the caller reaches, newest first.
pub fn list(
    conn: &mut DbConn,
    reach: &Reach,
    batch: BatchId,
    q: &FlagQuery,
) -> QueryResult<Page<Flag>> {
    let paging = q.paging();
    let (page, per_page) = paging.resolved();
    let filtered = || {
        let mut query = flag_table!()
            .filter(verification_flags::batch_id.eq(batch.0))
            .into_boxed();
        if !reach.all {
            query = query.filter(
                verification_flags::unit_id
                    .eq_any(reach.units.clone())
                    .or(major_groups::group_id
                        .nullable()
                        .eq_any(reach.groups.clone())),
            );
        }
        if let Some(s) = q.status {
            query = query.filter(verification_flags::status.eq(s.as_str()));
        }
        if let Some(u) = q.unit_id {
            query = query.filter(verification_flags::unit_id.eq(u.0));
        }
        if let Some(a) = q.application_id {
            query = query.filter(verification_flags::application_id.eq(a.0));
        }
        query
    };
    let total = filtered().count().get_result::<i64>(conn)?;
    let items = filtered()
        .order(verification_flags::id.desc())
        .limit(per_page)
        .offset(paging.offset())
        .select(flag_columns!())
        .load::<FlagColumns>(conn)?
        .into_iter()
        .map(to_flag)
        .collect();
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}

/// Every flag of one application, oldest first.
pub fn of_application(conn: &mut DbConn, app: ApplicationId) -> QueryResult<Vec<Flag>> {
    flag_table!()
        .filter(verification_flags::application_id.eq(app.0))
        .order(verification_flags::id)
        .select(flag_columns!())
        .load::<FlagColumns>(conn)
        .map(|rows| rows.into_iter().map(to_flag).collect())
}

/// The open flags of a unit in a batch, oldest first.
pub fn open_of_unit(conn: &mut DbConn, batch: BatchId, unit: UnitId) -> QueryResult<Vec<Flag>> {
    flag_table!()
        .filter(verification_flags::batch_id.eq(batch.0))
        .filter(verification_flags::unit_id.eq(unit.0))
        .filter(verification_flags::status.eq(FlagStatus::Open.as_str()))
        .order(verification_flags::id)
        .select(flag_columns!())
        .load::<FlagColumns>(conn)
        .map(|rows| rows.into_iter().map(to_flag).collect())
}

/// Close an open flag as of `version`; `false` if it changed meanwhile.
pub fn close(
    conn: &mut DbConn,
    id: i64,
    version: i32,
    status: FlagStatus,
    note: &str,
    by: &str,
) -> QueryResult<bool> {
    let n = diesel::update(
        verification_flags::table
            .filter(verification_flags::id.eq(id))
            .filter(verification_flags::version.eq(version))
            .filter(verification_flags::status.eq(FlagStatus::Open.as_str())),
    )
    .set((
        verification_flags::status.eq(status.as_str()),
        verification_flags::note.eq(Some(note)),
        verification_flags::closed_by_name.eq(Some(by)),
        verification_flags::closed_at.eq(Some(now())),
        verification_flags::version.eq(version + 1),
    ))
    .execute(conn)?;
    Ok(n == 1)
}
