//! The hearings before a refusal (学位法 art. 39): what the applicant was
//! told, their statement or its waiver, and the office's record of it.

use super::final_review::corrupt;
use super::schema::{applications, hearings, students, units};
use super::{insert_returning_id, now, DbConn};
use diesel::prelude::*;
use shared::dto::final_review::HearingView;
use shared::ids::{ApplicationId, BatchId};
use shared::workflow::final_review::HearingStatus;
use std::collections::HashMap;

type HearingColumns = (
    i64,
    i64,
    String,
    String,
    chrono::NaiveDateTime,
    Option<String>,
    Option<chrono::NaiveDateTime>,
    Option<String>,
    String,
    chrono::NaiveDateTime,
    Option<String>,
    Option<chrono::NaiveDateTime>,
    i32,
);

macro_rules! hearing_columns {
    () => {
        (
            hearings::id,
            hearings::application_id,
            hearings::status,
            hearings::facts_and_reasons,
            hearings::deadline,
            hearings::statement,
            hearings::answered_at,
            hearings::record,
            hearings::proposed_by_name,
            hearings::proposed_at,
            hearings::recorded_by_name,
            hearings::recorded_at,
            hearings::version,
        )
    };
}

fn hearing_of(row: HearingColumns) -> QueryResult<HearingView> {
    let (id, app, status, facts, deadline, statement, answered, record, by, at, rby, rat, v) = row;
    Ok(HearingView {
        id,
        application_id: ApplicationId(app),
        status: HearingStatus::parse(&status)
            .ok_or_else(|| corrupt(format!("hearing status {status:?}")))?,
        facts_and_reasons: facts,
        deadline: deadline.and_utc(),
        period_over: deadline < now(),
        statement,
        answered_at: answered.map(|t| t.and_utc()),
        record,
        proposed_by: by,
        proposed_at: at.and_utc(),
        recorded_by: rby,
        recorded_at: rat.map(|t| t.and_utc()),
        version: v,
    })
}

/// The hearings of these applications.
pub fn hearings_of(
    conn: &mut DbConn,
    ids: &[ApplicationId],
) -> QueryResult<HashMap<ApplicationId, HearingView>> {
    let ids: Vec<i64> = ids.iter().map(|a| a.0).collect();
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        for row in hearings::table
            .filter(hearings::application_id.eq_any(chunk))
            .select(hearing_columns!())
            .load::<HearingColumns>(conn)?
        {
            let h = hearing_of(row)?;
            out.insert(h.application_id, h);
        }
    }
    Ok(out)
}

/// One hearing by its id.
pub fn hearing(conn: &mut DbConn, id: i64) -> QueryResult<Option<HearingView>> {
    hearings::table
        .find(id)
        .select(hearing_columns!())
        .get_result::<HearingColumns>(conn)
        .optional()?
        .map(hearing_of)
        .transpose()
}

/// The batch's hearings with their applicants (学号, 姓名, unit), newest first.
pub fn hearing_list(
    conn: &mut DbConn,
    batch: BatchId,
) -> QueryResult<Vec<(String, String, String, HearingView)>> {
    let rows = hearings::table
        .inner_join(applications::table.inner_join(students::table))
        .inner_join(units::table.on(units::id.eq(applications::unit_id)))
        .filter(hearings::batch_id.eq(batch.0))
        .order(hearings::id.desc())
        .select((
            students::student_no,
            students::name,
            units::name,
            hearing_columns!(),
        ))
        .load::<(String, String, String, HearingColumns)>(conn)?;
    rows.into_iter()
        .map(|(no, name, unit, h)| Ok((no, name, unit, hearing_of(h)?)))
        .collect()
}

/// How many of the batch's hearings are not recorded yet.
pub fn open_hearings(conn: &mut DbConn, batch: BatchId) -> QueryResult<i64> {
    hearings::table
        .filter(hearings::batch_id.eq(batch.0))
        .filter(hearings::status.ne(HearingStatus::Recorded.as_str()))
        .count()
        .get_result(conn)
}

/// Tell the applicant at `at`, with the period ending at `deadline`: a new
/// hearing, its id.
pub fn propose(
    conn: &mut DbConn,
    app: ApplicationId,
    batch: BatchId,
    facts_and_reasons: &str,
    (at, deadline): (chrono::NaiveDateTime, chrono::NaiveDateTime),
    by: &str,
) -> QueryResult<i64> {
    insert_returning_id!(
        conn,
        hearings::table,
        (
            hearings::application_id.eq(app.0),
            hearings::batch_id.eq(batch.0),
            hearings::status.eq(HearingStatus::Notified.as_str()),
            hearings::facts_and_reasons.eq(facts_and_reasons),
            hearings::deadline.eq(deadline),
            hearings::proposed_by_name.eq(by),
            hearings::proposed_at.eq(at),
            hearings::version.eq(1),
        ),
        hearings::id
    )
}

/// The applicant's statement (or its waiver, `statement` none), if the
/// hearing is still at `version`.
pub fn answer(
    conn: &mut DbConn,
    id: i64,
    version: i32,
    statement: Option<&str>,
) -> QueryResult<bool> {
    let status = match statement {
        Some(_) => HearingStatus::Stated,
        None => HearingStatus::Waived,
    };
    diesel::update(
        hearings::table
            .filter(hearings::id.eq(id))
            .filter(hearings::version.eq(version)),
    )
    .set((
        hearings::status.eq(status.as_str()),
        hearings::statement.eq(statement),
        hearings::answered_at.eq(now()),
        hearings::version.eq(hearings::version + 1),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// The office's record of the hearing, if still at `version`.
pub fn record(
    conn: &mut DbConn,
    id: i64,
    version: i32,
    record: &str,
    by: &str,
) -> QueryResult<bool> {
    diesel::update(
        hearings::table
            .filter(hearings::id.eq(id))
            .filter(hearings::version.eq(version)),
    )
    .set((
        hearings::status.eq(HearingStatus::Recorded.as_str()),
        hearings::record.eq(record),
        hearings::recorded_by_name.eq(by),
        hearings::recorded_at.eq(now()),
        hearings::version.eq(hearings::version + 1),
    ))
    .execute(conn)
    .map(|n| n == 1)
}
