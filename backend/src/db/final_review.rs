//! 学位终审's records: the batch's submitted applications as the final
//! review sees them (counts per unit and major, one page of them), the final
//! decisions with what they rest on, and the hearings before a refusal.

use super::application_lists::{like_pattern, prefix_pattern};
use super::applications::{kind_of, state_of, StateColumns};
use super::schema::{applications, final_decisions, hearings, major_groups, students, units};
use super::verification::submitted_stages;
use super::{insert_many, insert_returning_id, now, DbConn};
use diesel::prelude::*;
use shared::domain::StudentKind;
use shared::dto::final_review::{DecisionBasis, FinalDecisionView, FinalQuery, HearingView};
use shared::dto::PageQuery;
use shared::ids::{ApplicationId, BatchId, StudentId, UnitId};
use shared::workflow::committee::Votes;
use shared::workflow::final_review::HearingStatus;
use shared::workflow::{Decision, FinalDecision, Stage};
use std::collections::HashMap;

fn corrupt(what: String) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(what.into())
}

/// Counts of the batch's submitted applications per (unit, major, state,
/// 学位初审 and 分会 decisions), for the aggregate.
pub struct CountRow {
    pub unit: UnitId,
    pub major_code: Option<String>,
    pub state: Stage,
    pub prelim: Option<Decision>,
    pub sub: Option<Decision>,
    pub n: i64,
}

pub fn counts(conn: &mut DbConn, batch: BatchId) -> QueryResult<Vec<CountRow>> {
    let rows = applications::table
        .inner_join(students::table)
        .filter(applications::batch_id.eq(batch.0))
        .filter(applications::stage.eq_any(submitted_stages()))
        .group_by((
            applications::unit_id,
            students::major_code,
            applications::stage,
            applications::prelim_decision,
            applications::subcommittee_decision,
            applications::final_decision,
        ))
        .select((
            applications::unit_id,
            students::major_code,
            (
                applications::stage,
                applications::prelim_decision,
                applications::subcommittee_decision,
                applications::final_decision,
            ),
            diesel::dsl::count_star(),
        ))
        .load::<(i64, Option<String>, StateColumns, i64)>(conn)?;
    rows.into_iter()
        .map(|(unit, major_code, st, n)| {
            Ok(CountRow {
                unit: UnitId(unit),
                major_code,
                prelim: st.1.as_deref().and_then(Decision::parse),
                sub: st.2.as_deref().and_then(Decision::parse),
                state: state_of(st)?,
                n,
            })
        })
        .collect()
}

/// An application as the final review lists it.
#[derive(Debug, Clone)]
pub struct FinalApp {
    pub id: ApplicationId,
    pub version: i32,
    pub student_id: StudentId,
    pub student_no: String,
    pub name: String,
    pub kind: StudentKind,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub major_code: Option<String>,
    pub major_name: Option<String>,
    pub state: Stage,
    pub prelim: Option<Decision>,
    pub sub: Option<Decision>,
}

type FinalColumns = (
    i64,
    i32,
    i64,
    String,
    String,
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
    StateColumns,
);

macro_rules! final_columns {
    () => {
        (
            applications::id,
            applications::version,
            students::id,
            students::student_no,
            students::name,
            students::kind,
            applications::unit_id,
            units::name,
            students::major_code,
            students::major_name,
            (
                applications::stage,
                applications::prelim_decision,
                applications::subcommittee_decision,
                applications::final_decision,
            ),
        )
    };
}

fn final_app(row: FinalColumns) -> QueryResult<FinalApp> {
    let (id, version, sid, no, name, kind, unit, unit_name, code, major, st) = row;
    Ok(FinalApp {
        id: ApplicationId(id),
        version,
        student_id: StudentId(sid),
        student_no: no,
        name,
        kind: kind_of(&kind)?,
        unit_id: UnitId(unit),
        unit_name,
        major_code: code,
        major_name: major,
        prelim: st.1.as_deref().and_then(Decision::parse),
        sub: st.2.as_deref().and_then(Decision::parse),
        state: state_of(st)?,
    })
}

/// The stored stages of an application with a final decision.
fn decided_stages() -> [&'static str; 2] {
    [
        Stage::FinalDecided(FinalDecision::Conferred).stage(),
        Stage::CertificateIssued.stage(),
    ]
}

type Boxed<'a> = diesel::helper_types::IntoBoxed<
    'a,
    diesel::helper_types::InnerJoin<
        diesel::helper_types::InnerJoin<applications::table, students::table>,
        diesel::helper_types::On<
            units::table,
            diesel::helper_types::Eq<units::id, applications::unit_id>,
        >,
    >,
    <DbConn as diesel::Connection>::Backend,
>;

fn filtered<'a>(batch: BatchId, q: &FinalQuery) -> Boxed<'a> {
    let mut query = applications::table
        .inner_join(students::table)
        .inner_join(units::table.on(units::id.eq(applications::unit_id)))
        .filter(applications::batch_id.eq(batch.0))
        .filter(applications::stage.eq_any(submitted_stages()))
        .into_boxed();
    if let Some(g) = q.group_id {
        query = query.filter(
            students::major_code.eq_any(
                major_groups::table
                    .filter(major_groups::group_id.eq(g))
                    .select(major_groups::major_code.nullable()),
            ),
        );
    }
    if let Some(u) = q.unit_id {
        query = query.filter(applications::unit_id.eq(u));
    }
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        query = query.filter(
            students::name
                .like(like_pattern(text))
                .escape('\\')
                .or(students::student_no.like(prefix_pattern(text)).escape('\\')),
        );
    }
    match q.decided {
        Some(true) => query = query.filter(applications::stage.eq_any(decided_stages())),
        Some(false) => query = query.filter(applications::stage.ne_all(decided_stages())),
        None => {}
    }
    query
}

/// One page of the final-review list (by unit, then 学号), and the total.
pub fn page(
    conn: &mut DbConn,
    batch: BatchId,
    q: &FinalQuery,
) -> QueryResult<(Vec<FinalApp>, i64)> {
    let paging = PageQuery {
        page: q.page,
        per_page: q.per_page,
    };
    let (_, per_page) = paging.resolved();
    let total = filtered(batch, q).count().get_result::<i64>(conn)?;
    let rows = filtered(batch, q)
        .order((units::code, students::student_no))
        .limit(per_page)
        .offset(paging.offset())
        .select(final_columns!())
        .load::<FinalColumns>(conn)?;
    let items = rows
        .into_iter()
        .map(final_app)
        .collect::<QueryResult<Vec<_>>>()?;
    Ok((items, total))
}

/// Every application of the filtered list (for the bulk acceptance).
pub fn all(conn: &mut DbConn, batch: BatchId, q: &FinalQuery) -> QueryResult<Vec<FinalApp>> {
    filtered(batch, q)
        .order((units::code, students::student_no))
        .select(final_columns!())
        .load::<FinalColumns>(conn)?
        .into_iter()
        .map(final_app)
        .collect()
}

/// One application as the final review sees it.
pub fn one(conn: &mut DbConn, id: ApplicationId) -> QueryResult<Option<FinalApp>> {
    applications::table
        .inner_join(students::table)
        .inner_join(units::table.on(units::id.eq(applications::unit_id)))
        .filter(applications::id.eq(id.0))
        .select(final_columns!())
        .get_result::<FinalColumns>(conn)
        .optional()?
        .map(final_app)
        .transpose()
}

type DecisionColumns = (
    i64,
    String,
    String,
    Option<String>,
    Option<i32>,
    Option<i32>,
    Option<i32>,
    String,
    chrono::NaiveDateTime,
);

/// The final decisions recorded on these applications.
pub fn decisions(
    conn: &mut DbConn,
    ids: &[ApplicationId],
) -> QueryResult<HashMap<ApplicationId, FinalDecisionView>> {
    let ids: Vec<i64> = ids.iter().map(|a| a.0).collect();
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = final_decisions::table
            .filter(final_decisions::application_id.eq_any(chunk))
            .select((
                final_decisions::application_id,
                final_decisions::decision,
                final_decisions::basis,
                final_decisions::reason,
                final_decisions::yes,
                final_decisions::no,
                final_decisions::abstain,
                final_decisions::recorded_by_name,
                final_decisions::recorded_at,
            ))
            .load::<DecisionColumns>(conn)?;
        for (id, decision, basis, reason, yes, no, abstain, by, at) in rows {
            let count = |n: i32| u32::try_from(n).unwrap_or(0);
            let votes = match (yes, no, abstain) {
                (Some(y), Some(n), Some(a)) => Some(Votes {
                    yes: count(y),
                    no: count(n),
                    abstain: count(a),
                }),
                _ => None,
            };
            out.insert(
                ApplicationId(id),
                FinalDecisionView {
                    decision: FinalDecision::parse(&decision)
                        .ok_or_else(|| corrupt(format!("final decision {decision:?}")))?,
                    basis: DecisionBasis::parse(&basis)
                        .ok_or_else(|| corrupt(format!("decision basis {basis:?}")))?,
                    reason,
                    votes,
                    recorded_by: by,
                    recorded_at: at.and_utc(),
                },
            );
        }
    }
    Ok(out)
}

/// What one final decision rests on, as recorded.
pub struct DecisionRecord<'a> {
    pub decision: FinalDecision,
    pub basis: DecisionBasis,
    pub reason: Option<&'a str>,
    pub votes: Option<Votes>,
    pub by: &'a str,
}

/// Record the same final decision for these applications, replacing
/// earlier ones.
pub fn put_decisions(
    conn: &mut DbConn,
    batch: BatchId,
    apps: &[ApplicationId],
    d: &DecisionRecord<'_>,
) -> QueryResult<()> {
    let at = now();
    let stored = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    let ids: Vec<i64> = apps.iter().map(|a| a.0).collect();
    for chunk in ids.chunks(500) {
        diesel::delete(
            final_decisions::table.filter(final_decisions::application_id.eq_any(chunk)),
        )
        .execute(conn)?;
        let rows: Vec<_> = chunk
            .iter()
            .map(|app| {
                (
                    final_decisions::application_id.eq(*app),
                    final_decisions::batch_id.eq(batch.0),
                    final_decisions::decision.eq(d.decision.as_str()),
                    final_decisions::basis.eq(d.basis.as_str()),
                    final_decisions::reason.eq(d.reason),
                    final_decisions::yes.eq(d.votes.map(|v| stored(v.yes))),
                    final_decisions::no.eq(d.votes.map(|v| stored(v.no))),
                    final_decisions::abstain.eq(d.votes.map(|v| stored(v.abstain))),
                    final_decisions::recorded_by_name.eq(d.by),
                    final_decisions::recorded_at.eq(at),
                )
            })
            .collect();
        insert_many!(conn, final_decisions::table, rows);
    }
    Ok(())
}

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
