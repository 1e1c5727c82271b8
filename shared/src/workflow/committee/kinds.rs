//! Which committee, who manages it and who sits on it, when it reviews and
//! may change its records; a member's position and opinion.

use crate::authz::Role;
use crate::workflow::{Action, BatchPhase, Decision, Facts, Stage};
use serde::{Deserialize, Serialize};

/// Which committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CommitteeKind {
    /// 学位初审委员会 of a training unit (学位初审).
    Prelim,
    /// 学科群分会 of a discipline group (学科群分会评审).
    Subcommittee,
    /// The university's 学位评定委员会 (学位终审).
    Congress,
}

impl CommitteeKind {
    pub const ALL: [CommitteeKind; 3] = [
        CommitteeKind::Prelim,
        CommitteeKind::Subcommittee,
        CommitteeKind::Congress,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CommitteeKind::Prelim => "prelim",
            CommitteeKind::Subcommittee => "subcommittee",
            CommitteeKind::Congress => "congress",
        }
    }

    pub fn parse(s: &str) -> Option<CommitteeKind> {
        CommitteeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            CommitteeKind::Prelim => "学位初审委员会",
            CommitteeKind::Subcommittee => "学科群分会",
            CommitteeKind::Congress => "学位评定委员会",
        }
    }

    /// Who manages the committee's members, meeting and results.
    pub fn manager(self) -> Role {
        match self {
            CommitteeKind::Prelim => Role::UnitAdmin,
            CommitteeKind::Subcommittee => Role::Secretary,
            CommitteeKind::Congress => Role::DegreeOffice,
        }
    }

    /// The role a member's portal login holds (the congress's members do
    /// not sign in).
    pub fn member_role(self) -> Option<Role> {
        match self {
            CommitteeKind::Prelim => Some(Role::PrelimMember),
            CommitteeKind::Subcommittee => Some(Role::SubMember),
            CommitteeKind::Congress => None,
        }
    }

    /// The phase in which the committee reviews.
    pub fn phase(self) -> BatchPhase {
        match self {
            CommitteeKind::Prelim => BatchPhase::Open,
            CommitteeKind::Subcommittee => BatchPhase::SubcommitteeReview,
            CommitteeKind::Congress => BatchPhase::FinalReview,
        }
    }

    /// The workflow action that records this committee's decision.
    pub fn record_action(self, decision: Decision) -> Option<Action> {
        match self {
            CommitteeKind::Prelim => Some(Action::RecordPrelimDecision(decision)),
            CommitteeKind::Subcommittee => Some(Action::RecordSubcommitteeDecision(decision)),
            CommitteeKind::Congress => None,
        }
    }

    /// Does the committee review an application in this stage (its members
    /// read the dossier and give opinions)?
    pub fn reviews(self, stage: Stage) -> bool {
        match self {
            CommitteeKind::Prelim => {
                matches!(
                    stage,
                    Stage::Reviewed | Stage::PrelimDecided(_) | Stage::Submitted(_)
                )
            }
            CommitteeKind::Subcommittee => matches!(
                stage,
                Stage::Submitted(Decision::Passed) | Stage::SubcommitteeDecided(_)
            ),
            CommitteeKind::Congress => stage.is_submitted(),
        }
    }

    /// May a member give or change an opinion on an application in this
    /// stage now? Until the committee's result is recorded, in its phase,
    /// and (学位初审) while the unit has not submitted.
    pub fn opinion_open(
        self,
        stage: Stage,
        facts: Facts,
    ) -> Result<(), crate::workflow::TransitionError> {
        use crate::workflow::TransitionError as E;
        if facts.phase != self.phase() {
            return Err(E::WrongPhase);
        }
        let open = match self {
            CommitteeKind::Prelim if facts.unit_submitted => return Err(E::UnitSubmitted),
            CommitteeKind::Prelim => stage == Stage::Reviewed,
            CommitteeKind::Subcommittee => stage == Stage::Submitted(Decision::Passed),
            CommitteeKind::Congress => false,
        };
        if open {
            Ok(())
        } else {
            Err(E::WrongState)
        }
    }

    /// May the manager change the committee's members, meeting record and
    /// results now? `facts` of the current batch, if there is one: not once
    /// the batch has left the committee's phase, and (学位初审) not once the
    /// unit has submitted (数据上报).
    pub fn records_open(
        self,
        facts: Option<Facts>,
    ) -> Result<(), crate::workflow::TransitionError> {
        match (self, facts) {
            (_, Some(f)) if f.phase != self.phase() => {
                Err(crate::workflow::TransitionError::WrongPhase)
            }
            (CommitteeKind::Prelim, Some(f)) if f.unit_submitted => {
                Err(crate::workflow::TransitionError::UnitSubmitted)
            }
            _ => Ok(()),
        }
    }
}

/// A member's position on the committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Position {
    /// 主席 (exactly one per committee)
    Chair,
    /// 副主席
    ViceChair,
    /// 委员
    Member,
}

impl Position {
    pub const ALL: [Position; 3] = [Position::Chair, Position::ViceChair, Position::Member];

    pub fn as_str(self) -> &'static str {
        match self {
            Position::Chair => "chair",
            Position::ViceChair => "vice_chair",
            Position::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Option<Position> {
        Position::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Position::Chair => "主席",
            Position::ViceChair => "副主席",
            Position::Member => "委员",
        }
    }
}

/// A member's online opinion (网上学位初审).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Opinion {
    /// 同意
    Agree,
    /// 不同意
    Disagree,
    /// 弃权
    Abstain,
}

impl Opinion {
    pub const ALL: [Opinion; 3] = [Opinion::Agree, Opinion::Disagree, Opinion::Abstain];

    pub fn as_str(self) -> &'static str {
        match self {
            Opinion::Agree => "agree",
            Opinion::Disagree => "disagree",
            Opinion::Abstain => "abstain",
        }
    }

    pub fn parse(s: &str) -> Option<Opinion> {
        Opinion::ALL.into_iter().find(|o| o.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Opinion::Agree => "同意",
            Opinion::Disagree => "不同意",
            Opinion::Abstain => "弃权",
        }
    }
}
