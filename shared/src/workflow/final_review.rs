//! 学科群分会评审 → 学位终审 (SPEC §2.8–2.9): the recommendation the
//! congress receives, the hearing before a refusal (学位法 art. 39:
//! 陈述、申辩), and which applications stop a phase change. Pure functions;
//! the server applies them and the UI draws its buttons from them.

use super::{BatchPhase, Decision, FinalDecision, Stage};
use crate::authz::Role;
use serde::{Deserialize, Serialize};

/// The congress's decision that follows a committee's decision.
pub fn to_final(d: Decision) -> FinalDecision {
    match d {
        Decision::Passed => FinalDecision::Conferred,
        Decision::Failed => FinalDecision::NotConferred,
        Decision::Deferred => FinalDecision::Deferred,
    }
}

/// The ballot outcome a final decision stands for (the rule is one rule).
pub fn as_committee_decision(f: FinalDecision) -> Decision {
    match f {
        FinalDecision::Conferred => Decision::Passed,
        FinalDecision::NotConferred => Decision::Failed,
        FinalDecision::Deferred => Decision::Deferred,
    }
}

impl FinalDecision {
    pub fn label(self) -> &'static str {
        match self {
            FinalDecision::Conferred => "授予学位",
            FinalDecision::NotConferred => "不授予学位",
            FinalDecision::Deferred => "缓议",
        }
    }
}

/// What the congress is recommended for an application, from the stored
/// 学位初审 and 分会 decisions: the subcommittee's, or the 学位初审's when it
/// failed or deferred the applicant (they are not reviewed again). `None`:
/// the subcommittee has not decided yet.
pub fn recommendation(prelim: Option<Decision>, sub: Option<Decision>) -> Option<FinalDecision> {
    match (prelim, sub) {
        (_, Some(d)) => Some(to_final(d)),
        (Some(d @ (Decision::Failed | Decision::Deferred)), None) => Some(to_final(d)),
        _ => None,
    }
}

/// Does an application in `stage` stop the batch from leaving `phase`?
/// 学科群分会评审 waits for every subcommittee result of an applicant who
/// passed the 学位初审; 学位终审 waits for every final decision.
pub fn blocks_advance(phase: BatchPhase, stage: Stage) -> bool {
    match phase {
        BatchPhase::SubcommitteeReview => stage == Stage::Submitted(Decision::Passed),
        BatchPhase::FinalReview => {
            matches!(stage, Stage::Submitted(_) | Stage::SubcommitteeDecided(_))
        }
        _ => false,
    }
}

/// May the major → discipline group mapping change in `phase` (none: no
/// batch is active)? Not once the subcommittees review: it says who
/// reviews whom. The refusal's words when not.
pub fn mapping_locked(phase: Option<BatchPhase>) -> Option<&'static str> {
    matches!(
        phase,
        Some(BatchPhase::SubcommitteeReview | BatchPhase::FinalReview)
    )
    .then_some("学科群分会评审开始后，专业与学科群的对应关系不能再修改")
}

/// Where the hearing before a refusal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HearingStatus {
    /// 已告知: the applicant has been told; their statement is awaited.
    Notified,
    /// 已陈述申辩: the applicant submitted a statement.
    Stated,
    /// 放弃陈述申辩
    Waived,
    /// 已记录: the office recorded the hearing; a refusal may be decided.
    Recorded,
}

impl HearingStatus {
    pub const ALL: [HearingStatus; 4] = [
        HearingStatus::Notified,
        HearingStatus::Stated,
        HearingStatus::Waived,
        HearingStatus::Recorded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HearingStatus::Notified => "notified",
            HearingStatus::Stated => "stated",
            HearingStatus::Waived => "waived",
            HearingStatus::Recorded => "recorded",
        }
    }

    pub fn parse(s: &str) -> Option<HearingStatus> {
        HearingStatus::ALL.into_iter().find(|h| h.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            HearingStatus::Notified => "待申请人陈述申辩",
            HearingStatus::Stated => "申请人已陈述申辩",
            HearingStatus::Waived => "申请人放弃陈述申辩",
            HearingStatus::Recorded => "已记录陈述申辩情况",
        }
    }
}

/// A step of the hearing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HearingStep {
    /// The office tells the applicant what is proposed, with the facts and
    /// reasons, and the period for a statement.
    Propose,
    /// The applicant submits a statement (陈述、申辩).
    State,
    /// The applicant waives it.
    Waive,
    /// The office records the hearing.
    Record,
}

impl HearingStep {
    pub fn performer(self) -> Role {
        match self {
            HearingStep::Propose | HearingStep::Record => Role::DegreeOffice,
            HearingStep::State | HearingStep::Waive => Role::Student,
        }
    }
}

/// Why a hearing step was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum HearingRefusal {
    #[error("only during the final review")]
    WrongPhase,
    #[error("the application awaits no final decision that could refuse it")]
    NotRefusable,
    #[error("the applicant has already been told")]
    AlreadyProposed,
    #[error("no refusal has been proposed")]
    NotProposed,
    #[error("the statement has already been given or waived")]
    AlreadyAnswered,
    #[error("the period for a statement has ended")]
    PeriodOver,
    #[error("the statement is awaited and the period has not ended")]
    AwaitingStatement,
    #[error("the hearing is already recorded")]
    AlreadyRecorded,
}

impl HearingRefusal {
    pub fn message(self) -> &'static str {
        match self {
            HearingRefusal::WrongPhase => "只有在学位终审阶段才能进行陈述申辩",
            HearingRefusal::NotRefusable => "该申请人当前不在待作出学位终审决定的状态",
            HearingRefusal::AlreadyProposed => "已告知该申请人拟不授予学位，不能重复告知",
            HearingRefusal::NotProposed => "尚未告知该申请人拟不授予学位",
            HearingRefusal::AlreadyAnswered => "已提交陈述申辩或已放弃，不能再次提交",
            HearingRefusal::PeriodOver => "陈述申辩期限已过",
            HearingRefusal::AwaitingStatement => "申请人尚未陈述申辩或放弃，且期限未到，暂不能记录",
            HearingRefusal::AlreadyRecorded => "陈述申辩情况已记录",
        }
    }
}

/// May `step` be taken now? `stage` of the application, the hearing's
/// `status` if one was proposed, and whether its period has ended.
pub fn check_hearing(
    step: HearingStep,
    phase: BatchPhase,
    stage: Stage,
    status: Option<HearingStatus>,
    period_over: bool,
) -> Result<(), HearingRefusal> {
    use HearingRefusal as R;
    use HearingStatus as H;
    if phase != BatchPhase::FinalReview {
        return Err(R::WrongPhase);
    }
    let awaits_decision = matches!(
        stage,
        Stage::Submitted(Decision::Failed | Decision::Deferred)
            | Stage::SubcommitteeDecided(_)
            | Stage::FinalDecided(FinalDecision::Deferred)
    );
    match (step, status) {
        (HearingStep::Propose, None) if awaits_decision => Ok(()),
        (HearingStep::Propose, None) => Err(R::NotRefusable),
        (HearingStep::Propose, Some(_)) => Err(R::AlreadyProposed),
        (_, None) => Err(R::NotProposed),
        // Decided meanwhile without a refusal: nothing left to answer.
        (HearingStep::State | HearingStep::Waive, Some(H::Notified)) if !awaits_decision => {
            Err(R::NotRefusable)
        }
        (HearingStep::State | HearingStep::Waive, Some(H::Notified)) if period_over => {
            Err(R::PeriodOver)
        }
        (HearingStep::State | HearingStep::Waive, Some(H::Notified)) => Ok(()),
        (HearingStep::State | HearingStep::Waive, Some(_)) => Err(R::AlreadyAnswered),
        (HearingStep::Record, Some(H::Recorded)) => Err(R::AlreadyRecorded),
        (HearingStep::Record, Some(H::Notified)) if !period_over => Err(R::AwaitingStatement),
        (HearingStep::Record, Some(_)) => Ok(()),
    }
}

/// The period a statement is awaited by default, in days.
pub const DEFAULT_HEARING_DAYS: u32 = 5;

/// The longest period the office may set, in days.
pub const MAX_HEARING_DAYS: u32 = 60;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recommendation_is_the_subcommittees_or_the_failed_prelims() {
        use Decision::*;
        assert_eq!(
            recommendation(Some(Passed), Some(Failed)),
            Some(FinalDecision::NotConferred)
        );
        assert_eq!(recommendation(Some(Passed), None), None);
        assert_eq!(
            recommendation(Some(Deferred), None),
            Some(FinalDecision::Deferred)
        );
        assert_eq!(
            recommendation(Some(Passed), Some(Passed)),
            Some(FinalDecision::Conferred)
        );
        for d in Decision::ALL {
            assert_eq!(as_committee_decision(to_final(d)), d);
        }
    }

    #[test]
    fn hearing_steps_follow_each_other() {
        use HearingStatus as H;
        use HearingStep as S;
        let fr = BatchPhase::FinalReview;
        let st = Stage::SubcommitteeDecided(Decision::Failed);
        assert_eq!(check_hearing(S::Propose, fr, st, None, false), Ok(()));
        assert_eq!(
            check_hearing(S::Propose, BatchPhase::SubcommitteeReview, st, None, false),
            Err(HearingRefusal::WrongPhase)
        );
        assert_eq!(
            check_hearing(
                S::Propose,
                fr,
                Stage::FinalDecided(FinalDecision::Conferred),
                None,
                false
            ),
            Err(HearingRefusal::NotRefusable)
        );
        assert_eq!(
            check_hearing(S::State, fr, st, None, false),
            Err(HearingRefusal::NotProposed)
        );
        assert_eq!(
            check_hearing(S::State, fr, st, Some(H::Notified), false),
            Ok(())
        );
        assert_eq!(
            check_hearing(S::Waive, fr, st, Some(H::Notified), true),
            Err(HearingRefusal::PeriodOver)
        );
        assert_eq!(
            check_hearing(S::State, fr, st, Some(H::Stated), false),
            Err(HearingRefusal::AlreadyAnswered)
        );
        assert_eq!(
            check_hearing(S::Record, fr, st, Some(H::Notified), false),
            Err(HearingRefusal::AwaitingStatement)
        );
        assert_eq!(
            check_hearing(S::Record, fr, st, Some(H::Notified), true),
            Ok(())
        );
        assert_eq!(
            check_hearing(S::Record, fr, st, Some(H::Waived), false),
            Ok(())
        );
        assert_eq!(
            check_hearing(S::Record, fr, st, Some(H::Recorded), false),
            Err(HearingRefusal::AlreadyRecorded)
        );
        assert_eq!(
            check_hearing(
                S::State,
                fr,
                Stage::FinalDecided(FinalDecision::Conferred),
                Some(H::Notified),
                false
            ),
            Err(HearingRefusal::NotRefusable),
            "conferred meanwhile"
        );
    }

    #[test]
    fn the_mapping_holds_still_while_the_subcommittees_review() {
        assert!(mapping_locked(None).is_none());
        assert!(mapping_locked(Some(BatchPhase::Sealed)).is_none());
        assert!(mapping_locked(Some(BatchPhase::SubcommitteeReview)).is_some());
        assert!(mapping_locked(Some(BatchPhase::Completed)).is_none());
    }

    #[test]
    fn phases_wait_for_their_results() {
        let waiting = Stage::Submitted(Decision::Passed);
        assert!(blocks_advance(BatchPhase::SubcommitteeReview, waiting));
        assert!(!blocks_advance(
            BatchPhase::SubcommitteeReview,
            Stage::Submitted(Decision::Failed)
        ));
        assert!(blocks_advance(
            BatchPhase::FinalReview,
            Stage::SubcommitteeDecided(Decision::Passed)
        ));
        assert!(!blocks_advance(
            BatchPhase::FinalReview,
            Stage::FinalDecided(FinalDecision::Deferred)
        ));
    }
}
