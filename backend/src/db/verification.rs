//! 学位信息核查: the submitted applications of a batch as the office and the
//! groups' secretariats check them, and what stands in the way of 封网.

use super::applications::{kind_of, state_of, StateColumns};
use super::schema::{applications, major_groups, students, units, verification_flags};
use super::DbConn;
use diesel::prelude::*;
use shared::dto::verification::{VerificationCounts, VerificationQuery, VerificationRow};
use shared::dto::Page;
use shared::ids::{ApplicationId, BatchId, UnitId};
use shared::workflow::verification::{seal_blocking_stages, FlagStatus};
use shared::workflow::{Decision, Stage};
use std::collections::HashMap;

/// Which units' and groups' records a caller reaches (from their grants).
#[derive(Debug, Clone, Default)]
pub struct Reach {
    pub all: bool,
    pub units: Vec<i64>,
    pub groups: Vec<i64>,
}

/// The stored stages of submitted applications.
pub(crate) fn submitted_stages() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Stage::all()
        .into_iter()
        .filter(|s| s.is_submitted())
        .map(Stage::stage)
        .collect();
    v.dedup();
    v
}

/// One page of the 核查 list and the counts of the whole filtered list.
pub fn list(
    conn: &mut DbConn,
    reach: &Reach,
    batch: BatchId,
    q: &VerificationQuery,
) -> QueryResult<(Page<VerificationRow>, VerificationCounts)> {
    let paging = q.paging();
    let (page, per_page) = paging.resolved();
    let stages = submitted_stages();
    let open = FlagStatus::Open.as_str();
    let flagged_ids = || {
        verification_flags::table
            .filter(verification_flags::batch_id.eq(batch.0))
            .filter(verification_flags::status.eq(open))
            .select(verification_flags::application_id)
    };
    let filtered = || {
        let mut query = applications::table
            .inner_join(students::table)
            .left_join(
                major_groups::table
                    .on(major_groups::major_code.nullable().eq(students::major_code)),
            )
            .inner_join(units::table.on(units::id.eq(applications::unit_id)))
            .filter(applications::batch_id.eq(batch.0))
            .filter(applications::stage.eq_any(stages.clone()))
            .into_boxed();
        if !reach.all {
            query = query.filter(
                applications::unit_id
                    .eq_any(reach.units.clone())
                    .or(major_groups::group_id
                        .nullable()
                        .eq_any(reach.groups.clone())),
            );
        }
        if let Some(u) = q.unit_id {
            query = query.filter(applications::unit_id.eq(u.0));
        }
        if let Some(k) = q.kind {
            query = query.filter(students::kind.eq(k.as_str()));
        }
        if let Some(m) = q.major.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            query = query.filter(students::major_code.eq(m.to_owned()));
        }
        if let Some(d) = q.prelim {
            query = query.filter(applications::prelim_decision.eq(d.as_str()));
        }
        match q.flagged {
            Some(true) => query = query.filter(applications::id.eq_any(flagged_ids())),
            Some(false) => query = query.filter(applications::id.ne_all(flagged_ids())),
            None => {}
        }
        query
    };
    let count_of = |conn: &mut DbConn, d: Decision| {
        filtered()
            .filter(applications::prelim_decision.eq(d.as_str()))
            .count()
            .get_result::<i64>(conn)
    };
    let counts = VerificationCounts {
        applications: filtered().count().get_result::<i64>(conn)?,
        passed: count_of(conn, Decision::Passed)?,
        failed: count_of(conn, Decision::Failed)?,
        deferred: count_of(conn, Decision::Deferred)?,
        flagged: filtered()
            .filter(applications::id.eq_any(flagged_ids()))
            .count()
            .get_result::<i64>(conn)?,
    };
    let rows = filtered()
        .order((applications::unit_id, students::student_no))
        .limit(per_page)
        .offset(paging.offset())
        .select((
            applications::id,
            students::student_no,
            students::name,
            applications::unit_id,
            units::name,
            students::kind,
            students::major_code,
            students::major_name,
            (
                applications::stage,
                applications::prelim_decision,
                applications::subcommittee_decision,
                applications::final_decision,
            ),
        ))
        .load::<(
            i64,
            String,
            String,
            i64,
            String,
            String,
            Option<String>,
            Option<String>,
            StateColumns,
        )>(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let open_flags = open_counts(conn, &ids)?;
    let mut items = Vec::with_capacity(rows.len());
    for (id, student_no, name, unit, unit_name, kind, major_code, major_name, state) in rows {
        let prelim = state.1.as_deref().and_then(Decision::parse);
        items.push(VerificationRow {
            application_id: ApplicationId(id),
            student_no,
            name,
            unit_id: UnitId(unit),
            unit_name,
            kind: kind_of(&kind)?,
            major_code,
            major_name,
            state: state_of(state)?,
            prelim_decision: prelim,
            open_flags: open_flags.get(&id).copied().unwrap_or(0),
            may_flag: false,
        });
    }
    Ok((
        Page {
            items,
            total: counts.applications,
            page,
            per_page,
        },
        counts,
    ))
}

/// Open flags per application.
fn open_counts(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, i64>> {
    let rows = verification_flags::table
        .filter(verification_flags::application_id.eq_any(ids))
        .filter(verification_flags::status.eq(FlagStatus::Open.as_str()))
        .select(verification_flags::application_id)
        .load::<i64>(conn)?;
    let mut out = HashMap::new();
    for id in rows {
        *out.entry(id).or_insert(0) += 1;
    }
    Ok(out)
}

/// The units whose applications stand in the way of 封网
/// (`shared::workflow::verification::blocks_seal`): code, name, how many.
pub fn seal_blockers(conn: &mut DbConn, batch: BatchId) -> QueryResult<Vec<(String, String, i64)>> {
    let rows = applications::table
        .inner_join(units::table.on(units::id.eq(applications::unit_id)))
        .filter(applications::batch_id.eq(batch.0))
        .filter(applications::stage.eq_any(seal_blocking_stages()))
        .select((units::id, units::code, units::name))
        .load::<(i64, String, String)>(conn)?;
    let mut by_unit: std::collections::BTreeMap<i64, (String, String, i64)> = Default::default();
    for (id, code, name) in rows {
        by_unit.entry(id).or_insert((code, name, 0)).2 += 1;
    }
    Ok(by_unit.into_values().collect())
}
