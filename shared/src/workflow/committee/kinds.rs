//! Which committee, who manages it and who sits on it, when it reviews and
//! may change its records; a member's position and opinion.

use crate::authz::{Permission, Role, Scope};
use crate::ids::{GroupId, UnitId};
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

    /// The review the committee holds, in the manual's words.
    pub fn review_label(self) -> &'static str {
        match self {
            CommitteeKind::Prelim => "学位初审",
            CommitteeKind::Subcommittee => "学科群分会评审",
            CommitteeKind::Congress => "学位终审",
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

    /// Who reads the committee: its members, meeting, tally and results.
    pub fn view_permission(self) -> Permission {
        match self {
            CommitteeKind::Prelim => Permission::ViewCommittee,
            CommitteeKind::Subcommittee => Permission::ViewSubcommittee,
            CommitteeKind::Congress => Permission::FinalReview,
        }
    }

    /// Who changes its members, portal rights, meeting and results (with
    /// the manager's role, [`Self::manager`]).
    pub fn manage_permission(self) -> Permission {
        match self {
            CommitteeKind::Prelim => Permission::ManageCommittee,
            CommitteeKind::Subcommittee => Permission::ManageSubcommittee,
            CommitteeKind::Congress => Permission::FinalReview,
        }
    }

    /// What a member holds to read the dossiers and give opinions.
    pub fn member_permission(self) -> Option<Permission> {
        match self {
            CommitteeKind::Prelim => Some(Permission::ReviewAsMember),
            CommitteeKind::Subcommittee => Some(Permission::ReviewAsSubMember),
            CommitteeKind::Congress => None,
        }
    }

    /// Are the committee's members registered here? The congress's are
    /// not: its meeting record states how many it has.
    pub fn keeps_roster(self) -> bool {
        self != CommitteeKind::Congress
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
    /// the batch has left the committee's phase (a subcommittee is set up
    /// from the batch's opening on), and (学位初审) not once the unit has
    /// submitted (数据上报). Results need the phase itself (`apply`).
    pub fn records_open(
        self,
        facts: Option<Facts>,
    ) -> Result<(), crate::workflow::TransitionError> {
        match (self, facts) {
            // A subcommittee is set up ahead of its phase, and closes with it.
            (CommitteeKind::Subcommittee, Some(f)) if f.phase > self.phase() => {
                Err(crate::workflow::TransitionError::WrongPhase)
            }
            (CommitteeKind::Subcommittee, _) => Ok(()),
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

/// Whose committee: a unit's 学位初审委员会, a group's 学科群分会 or the
/// university's 学位评定委员会. It gives the committee's kind, the scope its
/// rights are checked on, and the address of its endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CommitteeOf {
    Unit(UnitId),
    Group(GroupId),
    University,
}

impl CommitteeOf {
    pub fn kind(self) -> CommitteeKind {
        match self {
            CommitteeOf::Unit(_) => CommitteeKind::Prelim,
            CommitteeOf::Group(_) => CommitteeKind::Subcommittee,
            CommitteeOf::University => CommitteeKind::Congress,
        }
    }

    pub fn scope(self) -> Scope {
        match self {
            CommitteeOf::Unit(u) => Scope::Unit(u),
            CommitteeOf::Group(g) => Scope::Group(g),
            CommitteeOf::University => Scope::Global,
        }
    }

    /// The committee and its members: `…/committee`.
    pub fn committee_path(self) -> String {
        match self {
            CommitteeOf::Unit(u) => format!("/api/v1/units/{u}/committee"),
            CommitteeOf::Group(g) => format!("/api/v1/groups/{g}/committee"),
            CommitteeOf::University => "/api/v1/congress/committee".to_owned(),
        }
    }

    /// The committee's review: `…/applicants`, `…/meeting`, `…/results`.
    pub fn review_path(self) -> String {
        match self {
            CommitteeOf::Unit(u) => format!("/api/v1/units/{u}/prelim"),
            CommitteeOf::Group(g) => format!("/api/v1/groups/{g}/subcommittee"),
            CommitteeOf::University => "/api/v1/congress".to_owned(),
        }
    }
}

impl From<UnitId> for CommitteeOf {
    fn from(u: UnitId) -> Self {
        CommitteeOf::Unit(u)
    }
}

impl From<GroupId> for CommitteeOf {
    fn from(g: GroupId) -> Self {
        CommitteeOf::Group(g)
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
