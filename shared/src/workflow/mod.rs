//! The workflow rules: batch phases and the application life cycle.
//! This module is the one place that says what may happen when, and by whom.
//! Pure functions, no IO; the server applies them, the UI draws its buttons
//! from [`application::allowed_actions`].

pub mod action;
pub mod application;
pub mod batch;
pub mod committee;
pub mod final_review;
pub mod stage;
pub mod verification;

pub use action::Action;
pub use application::Facts;
pub use batch::BatchPhase;
pub use stage::{Decision, FinalDecision, Stage};

use serde::{Deserialize, Serialize};

/// Why a transition was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum TransitionError {
    #[error("this role does not perform this action")]
    WrongRole,
    #[error("the action is not possible in the application's current state")]
    WrongState,
    #[error("the action is not possible in the batch's current phase")]
    WrongPhase,
    #[error("the unit has already submitted its data")]
    UnitSubmitted,
    #[error("required dossier fields are missing")]
    DossierIncomplete,
    #[error("the batch can only move one phase forward")]
    NotNextPhase,
    #[error("another batch is still active")]
    BatchAlreadyActive,
    #[error("only after the seal (封网)")]
    NotSealed,
    #[error("only once the final review has ended")]
    FinalReviewNotDone,
    #[error("a refusal needs the applicant's hearing recorded first")]
    NotHeard,
}

impl TransitionError {
    /// A Chinese explanation, used as the reason a button is disabled.
    pub fn message(self) -> &'static str {
        match self {
            TransitionError::WrongRole => "当前角色不能执行此操作",
            TransitionError::WrongState => "当前状态下不能执行此操作",
            TransitionError::WrongPhase => "评审批次当前阶段不允许此操作",
            TransitionError::UnitSubmitted => "培养单位已上报数据，不能修改",
            TransitionError::DossierIncomplete => "必填信息尚未填写完整",
            TransitionError::NotNextPhase => "评审批次只能按顺序推进到下一阶段",
            TransitionError::BatchAlreadyActive => "当前评审批次尚未完成，不能开通新的批次",
            TransitionError::NotSealed => {
                "系统封网后才能提交纸质修改申请；封网前请由国科大学位办退回后修改"
            }
            TransitionError::FinalReviewNotDone => {
                "该申请人的学位终审决定作出后，网络中心才能执行修改"
            }
            TransitionError::NotHeard => {
                "作出不授予学位决定前，须告知申请人并听取其陈述和申辩，请先记录陈述申辩情况"
            }
        }
    }
}
