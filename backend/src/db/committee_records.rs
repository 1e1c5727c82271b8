//! What a committee records: its members' online opinions, the meeting
//! record of a batch, the results of its ballots, and the decision rule of
//! its kind.

use super::committees::{corrupt, trimmed, CommitteeId};
use super::schema::{
    committee_meetings, committee_members, committee_notices, committee_opinions,
    committee_results, committee_rules,
};
use super::{insert_many, now, DbConn};
use diesel::prelude::*;
use shared::dto::committee::{Meeting, ResultInput, ResultView, RuleView};
use shared::dto::final_review::Notice;
use shared::ids::{ApplicationId, BatchId};
use shared::workflow::committee::{
    Attendance, CommitteeKind, DecisionRule, Fraction, Opinion, PassBase, Votes,
};
use shared::workflow::Decision;
use std::collections::HashMap;

/// Keep a notice sent to the committee's members.
pub fn put_notice(
    conn: &mut DbConn,
    committee: CommitteeId,
    batch: BatchId,
    deadline: chrono::NaiveDate,
    note: &str,
    recipients: u32,
    by: &str,
) -> QueryResult<()> {
    diesel::insert_into(committee_notices::table)
        .values((
            committee_notices::committee_id.eq(committee.0),
            committee_notices::batch_id.eq(batch.0),
            committee_notices::deadline.eq(deadline),
            committee_notices::note.eq(note),
            committee_notices::recipients.eq(i32::try_from(recipients).unwrap_or(i32::MAX)),
            committee_notices::sent_by_name.eq(by),
            committee_notices::sent_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The last notice sent to the committee's members in the batch.
pub fn last_notice(
    conn: &mut DbConn,
    committee: CommitteeId,
    batch: BatchId,
) -> QueryResult<Option<Notice>> {
    Ok(committee_notices::table
        .filter(committee_notices::committee_id.eq(committee.0))
        .filter(committee_notices::batch_id.eq(batch.0))
        .order(committee_notices::id.desc())
        .select((
            committee_notices::deadline,
            committee_notices::note,
            committee_notices::recipients,
            committee_notices::sent_by_name,
            committee_notices::sent_at,
        ))
        .first::<(
            chrono::NaiveDate,
            String,
            i32,
            String,
            chrono::NaiveDateTime,
        )>(conn)
        .optional()?
        .map(|(deadline, note, recipients, by, at)| Notice {
            deadline,
            note,
            recipients: count(recipients),
            sent_by: by,
            sent_at: at.and_utc(),
        }))
}

/// Give or change a member's opinion on an applicant.
pub fn put_opinion(
    conn: &mut DbConn,
    app: ApplicationId,
    member: i64,
    opinion: Opinion,
    comment: &str,
) -> QueryResult<()> {
    let at = now();
    let updated = diesel::update(committee_opinions::table.find((app.0, member)))
        .set((
            committee_opinions::opinion.eq(opinion.as_str()),
            committee_opinions::comment.eq(comment),
            committee_opinions::updated_at.eq(at),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(committee_opinions::table)
            .values((
                committee_opinions::application_id.eq(app.0),
                committee_opinions::member_id.eq(member),
                committee_opinions::opinion.eq(opinion.as_str()),
                committee_opinions::comment.eq(comment),
                committee_opinions::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The current members' opinions on these applicants: (application,
/// member, opinion, comment).
pub fn opinions(
    conn: &mut DbConn,
    committee: CommitteeId,
    apps: &[ApplicationId],
) -> QueryResult<Vec<(ApplicationId, i64, Opinion, String)>> {
    let ids: Vec<i64> = apps.iter().map(|a| a.0).collect();
    committee_opinions::table
        .inner_join(committee_members::table)
        .filter(committee_members::committee_id.eq(committee.0))
        .filter(committee_members::removed_at.is_null())
        .filter(committee_opinions::application_id.eq_any(ids))
        .select((
            committee_opinions::application_id,
            committee_opinions::member_id,
            committee_opinions::opinion,
            committee_opinions::comment,
        ))
        .load::<(i64, i64, String, String)>(conn)?
        .into_iter()
        .map(|(a, m, o, c)| {
            let o = Opinion::parse(&o).ok_or_else(|| corrupt(format!("unknown opinion {o:?}")))?;
            Ok((ApplicationId(a), m, o, c))
        })
        .collect()
}

type MeetingColumns = (
    chrono::NaiveDate,
    String,
    i32,
    i32,
    String,
    i32,
    String,
    chrono::NaiveDateTime,
    Option<String>,
);

fn count(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

/// The meeting record of the committee in the batch.
pub fn meeting(
    conn: &mut DbConn,
    committee: CommitteeId,
    batch: BatchId,
) -> QueryResult<Option<Meeting>> {
    Ok(committee_meetings::table
        .find((committee.0, batch.0))
        .select((
            committee_meetings::held_on,
            committee_meetings::place,
            committee_meetings::members_total,
            committee_meetings::members_present,
            committee_meetings::minutes,
            committee_meetings::version,
            committee_meetings::updated_by_name,
            committee_meetings::updated_at,
            committee_meetings::resolution_no,
        ))
        .get_result::<MeetingColumns>(conn)
        .optional()?
        .map(
            |(held_on, place, total, present, minutes, version, by, at, resolution_no)| Meeting {
                held_on,
                place,
                attendance: Attendance {
                    members_total: count(total),
                    members_present: count(present),
                },
                minutes,
                resolution_no,
                version,
                updated_by: by,
                updated_at: at.and_utc(),
            },
        ))
}

/// What a meeting record says.
pub struct MeetingRecord<'a> {
    pub held_on: chrono::NaiveDate,
    pub place: &'a str,
    pub attendance: Attendance,
    pub minutes: &'a str,
    pub resolution_no: Option<&'a str>,
    pub by: &'a str,
}

fn stored_count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Write the meeting record: the first (`version` None) or a change of the
/// one at `version`; `false` when stale.
pub fn save_meeting(
    conn: &mut DbConn,
    committee: CommitteeId,
    batch: BatchId,
    version: Option<i32>,
    m: &MeetingRecord<'_>,
) -> QueryResult<bool> {
    let at = now();
    match version {
        Some(v) => diesel::update(
            committee_meetings::table
                .filter(committee_meetings::committee_id.eq(committee.0))
                .filter(committee_meetings::batch_id.eq(batch.0))
                .filter(committee_meetings::version.eq(v)),
        )
        .set((
            committee_meetings::held_on.eq(m.held_on),
            committee_meetings::place.eq(m.place),
            committee_meetings::members_total.eq(stored_count(m.attendance.members_total)),
            committee_meetings::members_present.eq(stored_count(m.attendance.members_present)),
            committee_meetings::minutes.eq(m.minutes),
            committee_meetings::resolution_no.eq(m.resolution_no),
            committee_meetings::version.eq(committee_meetings::version + 1),
            committee_meetings::updated_by_name.eq(m.by),
            committee_meetings::updated_at.eq(at),
        ))
        .execute(conn)
        .map(|n| n == 1),
        None => {
            if meeting(conn, committee, batch)?.is_some() {
                return Ok(false);
            }
            diesel::insert_into(committee_meetings::table)
                .values((
                    committee_meetings::committee_id.eq(committee.0),
                    committee_meetings::batch_id.eq(batch.0),
                    committee_meetings::held_on.eq(m.held_on),
                    committee_meetings::place.eq(m.place),
                    committee_meetings::members_total.eq(stored_count(m.attendance.members_total)),
                    committee_meetings::members_present
                        .eq(stored_count(m.attendance.members_present)),
                    committee_meetings::minutes.eq(m.minutes),
                    committee_meetings::resolution_no.eq(m.resolution_no),
                    committee_meetings::version.eq(1),
                    committee_meetings::updated_by_name.eq(m.by),
                    committee_meetings::updated_at.eq(at),
                ))
                .execute(conn)
                .map(|n| n == 1)
        }
    }
}

type ResultColumns = (
    i64,
    i32,
    i32,
    i32,
    String,
    Option<String>,
    Option<String>,
    String,
    chrono::NaiveDateTime,
);

/// The committee's recorded results on these applicants.
pub fn results(
    conn: &mut DbConn,
    committee: CommitteeId,
    apps: &[ApplicationId],
) -> QueryResult<HashMap<ApplicationId, ResultView>> {
    let ids: Vec<i64> = apps.iter().map(|a| a.0).collect();
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(900) {
        let rows = committee_results::table
            .filter(committee_results::committee_id.eq(committee.0))
            .filter(committee_results::application_id.eq_any(chunk))
            .select((
                committee_results::application_id,
                committee_results::yes,
                committee_results::no,
                committee_results::abstain,
                committee_results::decision,
                committee_results::resolution,
                committee_results::reason,
                committee_results::recorded_by_name,
                committee_results::recorded_at,
            ))
            .load::<ResultColumns>(conn)?;
        for (app, yes, no, abstain, decision, resolution, reason, by, at) in rows {
            let decision = Decision::parse(&decision)
                .ok_or_else(|| corrupt(format!("unknown decision {decision:?}")))?;
            out.insert(
                ApplicationId(app),
                ResultView {
                    votes: Votes {
                        yes: count(yes),
                        no: count(no),
                        abstain: count(abstain),
                    },
                    decision,
                    resolution,
                    reason,
                    recorded_by: by,
                    recorded_at: at.and_utc(),
                },
            );
        }
    }
    Ok(out)
}

/// Record the same result for these applicants, replacing earlier ones.
pub fn put_results(
    conn: &mut DbConn,
    committee: CommitteeId,
    apps: &[ApplicationId],
    result: &ResultInput,
    by: &str,
) -> QueryResult<()> {
    let at = now();
    let resolution = trimmed(&result.resolution);
    let reason = trimmed(&result.reason);
    let ids: Vec<i64> = apps.iter().map(|a| a.0).collect();
    for chunk in ids.chunks(500) {
        diesel::delete(
            committee_results::table
                .filter(committee_results::committee_id.eq(committee.0))
                .filter(committee_results::application_id.eq_any(chunk)),
        )
        .execute(conn)?;
        let rows: Vec<_> = chunk
            .iter()
            .map(|app| {
                (
                    committee_results::application_id.eq(*app),
                    committee_results::committee_id.eq(committee.0),
                    committee_results::yes.eq(stored_count(result.votes.yes)),
                    committee_results::no.eq(stored_count(result.votes.no)),
                    committee_results::abstain.eq(stored_count(result.votes.abstain)),
                    committee_results::decision.eq(result.decision.as_str()),
                    committee_results::resolution.eq(resolution.clone()),
                    committee_results::reason.eq(reason.clone()),
                    committee_results::recorded_by_name.eq(by),
                    committee_results::recorded_at.eq(at),
                )
            })
            .collect();
        insert_many!(conn, committee_results::table, rows);
    }
    Ok(())
}

type RuleColumns = (
    String,
    i32,
    i32,
    i32,
    i32,
    String,
    i32,
    String,
    chrono::NaiveDateTime,
);

/// The decision rule of a committee kind.
pub fn rule(conn: &mut DbConn, kind: CommitteeKind) -> QueryResult<RuleView> {
    let (k, qn, qd, pn, pd, base, version, by, at) = committee_rules::table
        .find(kind.as_str())
        .select((
            committee_rules::kind,
            committee_rules::quorum_num,
            committee_rules::quorum_den,
            committee_rules::pass_num,
            committee_rules::pass_den,
            committee_rules::pass_base,
            committee_rules::version,
            committee_rules::updated_by_name,
            committee_rules::updated_at,
        ))
        .get_result::<RuleColumns>(conn)?;
    let rule = DecisionRule {
        quorum: Fraction {
            num: count(qn),
            den: count(qd),
        },
        pass: Fraction {
            num: count(pn),
            den: count(pd),
        },
        pass_base: PassBase::parse(&base)
            .ok_or_else(|| corrupt(format!("unknown pass base {base:?}")))?,
    };
    Ok(RuleView {
        kind: CommitteeKind::parse(&k).unwrap_or(kind),
        description: rule.describe(),
        rule,
        version,
        updated_by: by,
        updated_at: at.and_utc(),
    })
}

/// Set the rule, if still at `version`.
pub fn set_rule(
    conn: &mut DbConn,
    kind: CommitteeKind,
    version: i32,
    rule: DecisionRule,
    by: &str,
) -> QueryResult<bool> {
    diesel::update(
        committee_rules::table
            .filter(committee_rules::kind.eq(kind.as_str()))
            .filter(committee_rules::version.eq(version)),
    )
    .set((
        committee_rules::quorum_num.eq(stored_count(rule.quorum.num)),
        committee_rules::quorum_den.eq(stored_count(rule.quorum.den)),
        committee_rules::pass_num.eq(stored_count(rule.pass.num)),
        committee_rules::pass_den.eq(stored_count(rule.pass.den)),
        committee_rules::pass_base.eq(rule.pass_base.as_str()),
        committee_rules::version.eq(committee_rules::version + 1),
        committee_rules::updated_by_name.eq(by),
        committee_rules::updated_at.eq(now()),
    ))
    .execute(conn)
    .map(|n| n == 1)
}
