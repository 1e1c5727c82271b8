//! 纸质修改申请: correction requests on sealed applications, their scanned
//! attachments, the office's decisions and the network center's application.

use super::schema::{
    applications, correction_attachments, correction_requests, major_groups, students, units,
};
use super::verification::Reach;
use super::{insert_returning_id, now, DbConn};
use diesel::prelude::*;
use shared::authz::Actor;
use shared::dossier::field_label;
use shared::dto::verification::{AttachmentInfo, Correction, CorrectionQuery};
use shared::dto::Page;
use shared::ids::{ApplicationId, BatchId, UnitId};
use shared::workflow::verification::CorrectionStatus;

/// A new request.
pub struct NewCorrection<'a> {
    pub application: ApplicationId,
    pub batch: BatchId,
    pub unit: UnitId,
    pub field: &'a str,
    pub current_value: Option<&'a str>,
    pub requested_value: Option<&'a str>,
    pub explanation: &'a str,
}

pub fn insert(conn: &mut DbConn, actor: &Actor, c: &NewCorrection<'_>) -> QueryResult<i64> {
    insert_returning_id!(
        conn,
        correction_requests::table,
        (
            correction_requests::application_id.eq(c.application.0),
            correction_requests::batch_id.eq(c.batch.0),
            correction_requests::unit_id.eq(c.unit.0),
            correction_requests::field.eq(c.field),
            correction_requests::current_value.eq(c.current_value),
            correction_requests::requested_value.eq(c.requested_value),
            correction_requests::explanation.eq(c.explanation),
            correction_requests::status.eq(CorrectionStatus::Pending.as_str()),
            correction_requests::recorded_by_id.eq(actor.user_id.0),
            correction_requests::recorded_by_name.eq(&actor.display_name),
            correction_requests::recorded_at.eq(now()),
        ),
        correction_requests::id
    )
}

macro_rules! correction_table {
    () => {
        correction_requests::table
            .inner_join(
                applications::table.inner_join(students::table).left_join(
                    major_groups::table
                        .on(major_groups::major_code.nullable().eq(students::major_code)),
                ),
            )
            .inner_join(units::table.on(units::id.eq(correction_requests::unit_id)))
            .left_join(correction_attachments::table)
    };
}

type Columns = (
    (
        i64,
        i64,
        i64,
        String,
        Option<String>,
        Option<String>,
        String,
        String,
    ),
    (
        String,
        chrono::NaiveDateTime,
        Option<String>,
        Option<chrono::NaiveDateTime>,
        Option<String>,
        Option<String>,
        Option<chrono::NaiveDateTime>,
        i32,
    ),
    (String, String, String),
    Option<(String, i64, String, chrono::NaiveDateTime)>,
);

macro_rules! correction_columns {
    () => {
        (
            (
                correction_requests::id,
                correction_requests::application_id,
                correction_requests::unit_id,
                correction_requests::field,
                correction_requests::current_value,
                correction_requests::requested_value,
                correction_requests::explanation,
                correction_requests::status,
            ),
            (
                correction_requests::recorded_by_name,
                correction_requests::recorded_at,
                correction_requests::decided_by_name,
                correction_requests::decided_at,
                correction_requests::decision_note,
                correction_requests::applied_by_name,
                correction_requests::applied_at,
                correction_requests::version,
            ),
            (students::student_no, students::name, units::name),
            (
                correction_attachments::content_type,
                correction_attachments::bytes,
                correction_attachments::sha256,
                correction_attachments::uploaded_at,
            )
                .nullable(),
        )
    };
}

fn to_correction(row: Columns) -> Correction {
    let (
        (id, app, unit, field, current_value, requested_value, explanation, status),
        (
            recorded_by,
            recorded_at,
            decided_by,
            decided_at,
            decision_note,
            applied_by,
            applied_at,
            version,
        ),
        (student_no, name, unit_name),
        attachment,
    ) = row;
    Correction {
        id,
        application_id: ApplicationId(app),
        student_no,
        name,
        unit_id: UnitId(unit),
        unit_name,
        field_label: field_label(&field).to_owned(),
        field,
        current_value,
        requested_value,
        explanation,
        status: CorrectionStatus::parse(&status).unwrap_or(CorrectionStatus::Pending),
        recorded_by,
        recorded_at: recorded_at.and_utc(),
        attachment: attachment.map(|(content_type, bytes, sha256, at)| AttachmentInfo {
            content_type,
            bytes,
            sha256,
            uploaded_at: at.and_utc(),
        }),
        decided_by,
        decided_at: decided_at.map(|t| t.and_utc()),
        decision_note,
        applied_by,
        applied_at: applied_at.map(|t| t.and_utc()),
        still_current: true,
        version,
    }
}

/// One request, if the caller reaches it (`None` reach: anyone).
pub fn find(conn: &mut DbConn, reach: &Reach, id: i64) -> QueryResult<Option<Correction>> {
    let mut q = correction_table!()
        .filter(correction_requests::id.eq(id))
        .into_boxed();
    if !reach.all {
        q = q.filter(
            correction_requests::unit_id
                .eq_any(reach.units.clone())
                .or(major_groups::group_id
                    .nullable()
                    .eq_any(reach.groups.clone())),
        );
    }
    q.select(correction_columns!())
        .first::<Columns>(conn)
        .optional()
        .map(|r| r.map(to_correction))
}

/// Requests the caller reaches, newest first; without a batch, of every batch.
pub fn list(
    conn: &mut DbConn,
    reach: &Reach,
    q: &CorrectionQuery,
) -> QueryResult<Page<Correction>> {
    let paging = q.paging();
    let (page, per_page) = paging.resolved();
    let filtered = || {
        let mut query = correction_table!().into_boxed();
        if !reach.all {
            query = query.filter(
                correction_requests::unit_id
                    .eq_any(reach.units.clone())
                    .or(major_groups::group_id
                        .nullable()
                        .eq_any(reach.groups.clone())),
            );
        }
        if let Some(s) = q.status {
            query = query.filter(correction_requests::status.eq(s.as_str()));
        }
        if let Some(u) = q.unit_id {
            query = query.filter(correction_requests::unit_id.eq(u.0));
        }
        if let Some(a) = q.application_id {
            query = query.filter(correction_requests::application_id.eq(a.0));
        }
        query
    };
    let total = filtered().count().get_result::<i64>(conn)?;
    let items = filtered()
        .order(correction_requests::id.desc())
        .limit(per_page)
        .offset(paging.offset())
        .select(correction_columns!())
        .load::<Columns>(conn)?
        .into_iter()
        .map(to_correction)
        .collect();
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}

/// Every request on one application, oldest first.
pub fn of_application(conn: &mut DbConn, app: ApplicationId) -> QueryResult<Vec<Correction>> {
    correction_table!()
        .filter(correction_requests::application_id.eq(app.0))
        .order(correction_requests::id)
        .select(correction_columns!())
        .load::<Columns>(conn)
        .map(|rows| rows.into_iter().map(to_correction).collect())
}

/// Move a request from `from` (as of `version`) to `to`, with who did it;
/// `false` when it changed meanwhile.
pub fn set_status(
    conn: &mut DbConn,
    id: i64,
    version: i32,
    (from, to): (CorrectionStatus, CorrectionStatus),
    by: &str,
    note: Option<&str>,
) -> QueryResult<bool> {
    let target = correction_requests::table
        .filter(correction_requests::id.eq(id))
        .filter(correction_requests::version.eq(version))
        .filter(correction_requests::status.eq(from.as_str()));
    let at = Some(now());
    let n = if to == CorrectionStatus::Applied {
        diesel::update(target)
            .set((
                correction_requests::status.eq(to.as_str()),
                correction_requests::applied_by_name.eq(Some(by)),
                correction_requests::applied_at.eq(at),
                correction_requests::version.eq(version + 1),
            ))
            .execute(conn)?
    } else {
        diesel::update(target)
            .set((
                correction_requests::status.eq(to.as_str()),
                correction_requests::decided_by_name.eq(Some(by)),
                correction_requests::decided_at.eq(at),
                correction_requests::decision_note.eq(note),
                correction_requests::version.eq(version + 1),
            ))
            .execute(conn)?
    };
    Ok(n == 1)
}

/// Bump a request's version (its attachment changed); `false` if stale.
pub fn touch(conn: &mut DbConn, id: i64, version: i32) -> QueryResult<bool> {
    diesel::update(
        correction_requests::table
            .filter(correction_requests::id.eq(id))
            .filter(correction_requests::version.eq(version)),
    )
    .set(correction_requests::version.eq(version + 1))
    .execute(conn)
    .map(|n| n == 1)
}

/// Store (or replace) a request's scan.
pub fn put_attachment(
    conn: &mut DbConn,
    id: i64,
    content_type: &str,
    data: &[u8],
    sha256: &str,
) -> QueryResult<()> {
    diesel::delete(correction_attachments::table.find(id)).execute(conn)?;
    diesel::insert_into(correction_attachments::table)
        .values((
            correction_attachments::request_id.eq(id),
            correction_attachments::content_type.eq(content_type),
            correction_attachments::data.eq(data),
            correction_attachments::bytes.eq(i64::try_from(data.len()).unwrap_or(i64::MAX)),
            correction_attachments::sha256.eq(sha256),
            correction_attachments::uploaded_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// A request's scan: its type and bytes.
pub fn attachment(conn: &mut DbConn, id: i64) -> QueryResult<Option<(String, Vec<u8>)>> {
    correction_attachments::table
        .find(id)
        .select((
            correction_attachments::content_type,
            correction_attachments::data,
        ))
        .first::<(String, Vec<u8>)>(conn)
        .optional()
}
