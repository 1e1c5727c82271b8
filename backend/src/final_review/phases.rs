//! What each phase change after 封网 waits for, refused with the list of
//! what is missing (`phase_blocked`): every submitted applicant in a group
//! before 学科群分会评审; every group's results before 学位终审
//! (`shared::workflow::final_review::blocks_advance`); every final decision,
//! every certificate number and a complete national report before the
//! batch leaves 学位终审 (`crate::national::check_complete`).

use crate::db::{self, DbConn};
use crate::error::ApiError;
use shared::error::{ErrorCode, FieldError};
use shared::ids::{BatchId, GroupId};
use shared::workflow::final_review::blocks_advance;
use shared::workflow::BatchPhase;
use std::collections::BTreeMap;

fn blocked(message: String, fields: Vec<FieldError>) -> ApiError {
    let mut e = ApiError::with_message(ErrorCode::PhaseBlocked, message);
    e.body.fields = fields;
    e
}

/// Refuse leaving `from` while what it waits for is missing.
pub fn check_advance(
    conn: &mut DbConn,
    national: &crate::national::Loaded,
    batch: BatchId,
    from: BatchPhase,
) -> Result<(), ApiError> {
    match from {
        BatchPhase::Sealed => {
            let (some, total) = db::groups::unassigned(conn, batch, 20)?;
            if total == 0 {
                return Ok(());
            }
            Err(blocked(
                format!(
                    "有 {total} 名已上报的申请人的专业未归入任何学科群，请先在“学科群管理”中归入"
                ),
                some.into_iter()
                    .map(|a| {
                        FieldError::new(
                            &a.student_no,
                            "no_group",
                            format!(
                                "{} {}（{}，专业 {}）未归入学科群",
                                a.student_no,
                                a.name,
                                a.unit_name,
                                a.major_code.unwrap_or_default()
                            ),
                        )
                    })
                    .collect(),
            ))
        }
        BatchPhase::SubcommitteeReview | BatchPhase::FinalReview => {
            let (mapping, names) = super::group_names(conn)?;
            let mut missing: BTreeMap<i64, i64> = BTreeMap::new();
            for r in db::final_review::counts(conn, batch)? {
                if blocks_advance(from, r.state) {
                    let key = match from {
                        BatchPhase::SubcommitteeReview => r
                            .major_code
                            .as_ref()
                            .and_then(|m| mapping.get(m))
                            .map_or(0, |g| g.0),
                        _ => r.unit.0,
                    };
                    *missing.entry(key).or_default() += r.n;
                }
            }
            if missing.is_empty() {
                if from == BatchPhase::FinalReview {
                    if let Some(why) = crate::national::check_complete(conn, national, batch)? {
                        let field = FieldError::new("degree_data", "degree_data_pending", &why);
                        return Err(blocked(why, vec![field]));
                    }
                }
                return Ok(());
            }
            let unit_names: std::collections::HashMap<i64, String> = db::units::list(conn)?
                .into_iter()
                .map(|u| (u.id.0, u.name))
                .collect();
            let (what, code) = match from {
                BatchPhase::SubcommitteeReview => {
                    ("尚未记录学科群分会评审结果", "no_subcommittee_result")
                }
                _ => ("尚未作出学位终审决定", "no_final_decision"),
            };
            let fields: Vec<FieldError> = missing
                .iter()
                .map(|(id, n)| {
                    let name = match from {
                        BatchPhase::SubcommitteeReview => names.get(&GroupId(*id)).cloned(),
                        _ => unit_names.get(id).cloned(),
                    }
                    .unwrap_or_else(|| "（未归入学科群）".to_owned());
                    FieldError::new(&id.to_string(), code, format!("{name}：{n} 人{what}"))
                })
                .collect();
            let total: i64 = missing.values().sum();
            Err(blocked(
                format!(
                    "共 {total} 名申请人{what}：{}",
                    fields
                        .iter()
                        .map(|f| f.message.clone())
                        .collect::<Vec<_>>()
                        .join("；")
                ),
                fields,
            ))
        }
        _ => Ok(()),
    }
}
