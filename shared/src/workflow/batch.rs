//! Review batch phases (评审批次): forward only, at most one batch not completed.

use super::TransitionError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BatchPhase {
    /// 填报与初审：filing, review, preliminary review, submission, verification.
    Open,
    /// 已封网：no reopening, no sync.
    Sealed,
    /// 学科群分会评审.
    SubcommitteeReview,
    /// 学位终审 and final data management.
    FinalReview,
    /// 已完成：archived, read-only.
    Completed,
}

impl BatchPhase {
    pub const ALL: [BatchPhase; 5] = [
        BatchPhase::Open,
        BatchPhase::Sealed,
        BatchPhase::SubcommitteeReview,
        BatchPhase::FinalReview,
        BatchPhase::Completed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BatchPhase::Open => "open",
            BatchPhase::Sealed => "sealed",
            BatchPhase::SubcommitteeReview => "subcommittee_review",
            BatchPhase::FinalReview => "final_review",
            BatchPhase::Completed => "completed",
        }
    }

    pub fn parse(s: &str) -> Option<BatchPhase> {
        BatchPhase::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            BatchPhase::Open => "填报与初审",
            BatchPhase::Sealed => "已封网",
            BatchPhase::SubcommitteeReview => "学科群分会评审",
            BatchPhase::FinalReview => "学位终审",
            BatchPhase::Completed => "已完成",
        }
    }

    /// What moving into the next phase locks, shown in the confirmation.
    pub fn advance_warning(self) -> &'static str {
        match self {
            BatchPhase::Open => {
                "封网后不再开放数据上报，所有数据同步停止，修改只能以纸质申请记录。"
            }
            BatchPhase::Sealed => "进入学科群分会评审后，各分会开始审阅并记录评审结果。",
            BatchPhase::SubcommitteeReview => "进入学位终审后，学科群分会评审结果不能再修改。",
            BatchPhase::FinalReview => "完成后本批次归档为只读，可开通下一批次。",
            BatchPhase::Completed => "",
        }
    }

    pub fn next(self) -> Option<BatchPhase> {
        match self {
            BatchPhase::Open => Some(BatchPhase::Sealed),
            BatchPhase::Sealed => Some(BatchPhase::SubcommitteeReview),
            BatchPhase::SubcommitteeReview => Some(BatchPhase::FinalReview),
            BatchPhase::FinalReview => Some(BatchPhase::Completed),
            BatchPhase::Completed => None,
        }
    }

    pub fn is_active(self) -> bool {
        self != BatchPhase::Completed
    }

    /// Is any kind of data sync allowed in this phase? (None after 封网.)
    pub fn sync_allowed(self) -> bool {
        self == BatchPhase::Open
    }
}

/// Move a batch from `from` to `to`: exactly one step forward.
pub fn advance(from: BatchPhase, to: BatchPhase) -> Result<BatchPhase, TransitionError> {
    if from.next() == Some(to) {
        Ok(to)
    } else {
        Err(TransitionError::NotNextPhase)
    }
}

/// Opening a batch is allowed only when no other batch is active.
pub fn open_new(active_batch_exists: bool) -> Result<BatchPhase, TransitionError> {
    if active_batch_exists {
        Err(TransitionError::BatchAlreadyActive)
    } else {
        Ok(BatchPhase::Open)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_only_move_one_step_forward() {
        for from in BatchPhase::ALL {
            for to in BatchPhase::ALL {
                let ok = BatchPhase::ALL
                    .iter()
                    .position(|p| *p == to)
                    .zip(BatchPhase::ALL.iter().position(|p| *p == from))
                    .is_some_and(|(t, f)| t == f + 1);
                assert_eq!(advance(from, to).is_ok(), ok, "{from:?} -> {to:?}");
            }
        }
    }

    #[test]
    fn second_active_batch_is_refused() {
        assert_eq!(open_new(true), Err(TransitionError::BatchAlreadyActive));
        assert_eq!(open_new(false), Ok(BatchPhase::Open));
    }

    #[test]
    fn names_round_trip() {
        for p in BatchPhase::ALL {
            assert_eq!(BatchPhase::parse(p.as_str()), Some(p));
        }
    }
}
