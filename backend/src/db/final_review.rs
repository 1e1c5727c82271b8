//! 学位终审's records: the batch's submitted applications as the final
//! review sees them (counts per unit and major, one page of them) and the
//! final decisions with what they rest on. The hearings are `hearings`.

use super::application_lists::{like_pattern, prefix_pattern};
use super::applications::{kind_of, state_of, StateColumns};
use super::schema::{applications, final_decisions, major_groups, students, units};
use super::verification::submitted_stages;
use super::{insert_many, now, DbConn};
use diesel::prelude::*;
use shared::domain::StudentKind;
use shared::dto::final_review::{DecisionBasis, FinalDecisionView, FinalQuery};
use shared::dto::PageQuery;
use shared::ids::{ApplicationId, BatchId, StudentId, UnitId};
use shared::workflow::committee::Votes;
use shared::workflow::{Decision, FinalDecision, Stage};
use std::collections::HashMap;

pub(super) fn corrupt(what: String) -> diesel::result::Error {
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

/// A final decision taken by the congress's vote.
pub struct VoteDecision {
    pub student_no: String,
    pub name: String,
    pub decision: FinalDecision,
    pub votes: Votes,
    pub reason: Option<String>,
}

/// The batch's final decisions taken by the congress's vote, for the check
/// of a changed meeting record.
pub fn by_vote(conn: &mut DbConn, batch: BatchId) -> QueryResult<Vec<VoteDecision>> {
    let rows = final_decisions::table
        .inner_join(applications::table.inner_join(students::table))
        .filter(final_decisions::batch_id.eq(batch.0))
        .filter(final_decisions::basis.eq(DecisionBasis::Vote.as_str()))
        .order(students::student_no)
        .select((
            students::student_no,
            students::name,
            final_decisions::decision,
            final_decisions::yes,
            final_decisions::no,
            final_decisions::abstain,
            final_decisions::reason,
        ))
        .load::<(
            String,
            String,
            String,
            Option<i32>,
            Option<i32>,
            Option<i32>,
            Option<String>,
        )>(conn)?;
    let count = |n: Option<i32>| n.and_then(|n| u32::try_from(n).ok()).unwrap_or(0);
    rows.into_iter()
        .map(|(no, name, d, yes, n, abstain, reason)| {
            let decision =
                FinalDecision::parse(&d).ok_or_else(|| corrupt(format!("final decision {d:?}")))?;
            let votes = Votes {
                yes: count(yes),
                no: count(n),
                abstain: count(abstain),
            };
            Ok(VoteDecision {
                student_no: no,
                name,
                decision,
                votes,
                reason,
            })
        })
        .collect()
}

/// The 缓议决议 the committees recorded on these applications (the latest
/// committee's, 分会 over 学位初审), for a deferral accepted as recommended.
pub fn deferral_resolutions(
    conn: &mut DbConn,
    ids: &[ApplicationId],
) -> QueryResult<HashMap<ApplicationId, String>> {
    use super::schema::{committee_results, committees};
    let ids: Vec<i64> = ids.iter().map(|a| a.0).collect();
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = committee_results::table
            .inner_join(committees::table.on(committees::id.eq(committee_results::committee_id)))
            .filter(committee_results::application_id.eq_any(chunk))
            .filter(committee_results::decision.eq(Decision::Deferred.as_str()))
            .select((
                committee_results::application_id,
                committees::kind,
                committee_results::resolution,
            ))
            .load::<(i64, String, Option<String>)>(conn)?;
        let mut rows = rows;
        // 学位初审 first, so that a subcommittee's resolution wins.
        rows.sort_by_key(|(_, kind, _)| kind != "prelim");
        for (id, _, resolution) in rows {
            if let Some(r) = resolution {
                out.insert(ApplicationId(id), r);
            }
        }
    }
    Ok(out)
}
