//! The committees of the workflow — the unit's 学位初审委员会, the
//! discipline group's 学科群分会 and the university's 学位评定委员会 — and
//! the one rule that turns a meeting's secret ballot into a decision. The
//! server and the UI both ask this module; pure functions, no IO.

use super::{Action, BatchPhase, Decision, Facts, Stage};
use crate::authz::Role;
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
    pub fn opinion_open(self, stage: Stage, facts: Facts) -> Result<(), super::TransitionError> {
        use super::TransitionError as E;
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
    pub fn records_open(self, facts: Option<Facts>) -> Result<(), super::TransitionError> {
        match (self, facts) {
            (_, Some(f)) if f.phase != self.phase() => Err(super::TransitionError::WrongPhase),
            (CommitteeKind::Prelim, Some(f)) if f.unit_submitted => {
                Err(super::TransitionError::UnitSubmitted)
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

/// The counts of a secret ballot on one applicant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Votes {
    /// 同意
    pub yes: u32,
    /// 不同意
    pub no: u32,
    /// 弃权
    pub abstain: u32,
}

impl Votes {
    pub fn cast(self) -> u64 {
        u64::from(self.yes) + u64::from(self.no) + u64::from(self.abstain)
    }
}

/// Who was at the meeting: the committee's members in all, and present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attendance {
    pub members_total: u32,
    pub members_present: u32,
}

/// A fraction `num / den` of a number of members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fraction {
    #[cfg_attr(feature = "openapi", schema(maximum = 100))]
    pub num: u32,
    #[cfg_attr(feature = "openapi", schema(maximum = 100))]
    pub den: u32,
}

impl Fraction {
    /// Is `n` at least this fraction of `of`?
    fn at_least(self, n: u64, of: u64) -> bool {
        n * u64::from(self.den) >= of * u64::from(self.num)
    }

    /// Is `n` more than this fraction of `of`?
    fn more_than(self, n: u64, of: u64) -> bool {
        n * u64::from(self.den) > of * u64::from(self.num)
    }

    fn is_proper(self) -> bool {
        self.den > 0 && self.num <= self.den && self.den <= 100
    }

    /// “三分之二” style Chinese.
    pub fn label(self) -> String {
        format!(
            "{}分之{}",
            chinese_number(self.den),
            chinese_number(self.num)
        )
    }
}

fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_owned(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n - 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// Of whom the yes votes are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PassBase {
    /// Of all the committee's members (学位条例 art. 10).
    AllMembers,
    /// Of the members present.
    Present,
}

impl PassBase {
    pub fn as_str(self) -> &'static str {
        match self {
            PassBase::AllMembers => "all_members",
            PassBase::Present => "present",
        }
    }

    pub fn parse(s: &str) -> Option<PassBase> {
        [PassBase::AllMembers, PassBase::Present]
            .into_iter()
            .find(|b| b.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            PassBase::AllMembers => "全体委员",
            PassBase::Present => "出席委员",
        }
    }
}

/// The rule that turns a ballot into a decision, set by the degree office
/// per committee kind: the meeting is valid with at least `quorum` of the
/// members present; an applicant passes with more than `pass` of
/// `pass_base` voting yes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionRule {
    pub quorum: Fraction,
    pub pass: Fraction,
    pub pass_base: PassBase,
}

impl Default for DecisionRule {
    /// NATIONAL.md: two thirds present; more than half of all members yes.
    fn default() -> Self {
        DecisionRule {
            quorum: Fraction { num: 2, den: 3 },
            pass: Fraction { num: 1, den: 2 },
            pass_base: PassBase::AllMembers,
        }
    }
}

impl DecisionRule {
    /// Is the rule itself sensible: proper fractions with small
    /// denominators, a quorum above none, and a pass share below all (more
    /// than all could never pass)?
    pub fn is_valid(self) -> bool {
        self.quorum.is_proper()
            && self.pass.is_proper()
            && self.quorum.num > 0
            && self.pass.num < self.pass.den
    }

    /// The rule in words, for the UI.
    pub fn describe(self) -> String {
        format!(
            "出席委员不少于全体委员的{}时会议有效；同意票超过{}的{}为通过",
            self.quorum.label(),
            self.pass_base.label(),
            self.pass.label()
        )
    }

    /// Is the meeting valid (counts consistent, quorum reached)?
    pub fn check_meeting(self, at: Attendance) -> Result<(), VoteProblem> {
        if at.members_total == 0 {
            return Err(VoteProblem::NoMembers);
        }
        if at.members_present > at.members_total {
            return Err(VoteProblem::MorePresentThanMembers);
        }
        if !self
            .quorum
            .at_least(u64::from(at.members_present), u64::from(at.members_total))
        {
            return Err(VoteProblem::NoQuorum);
        }
        Ok(())
    }

    /// Do the counts pass the applicant? Refused when the counts do not
    /// fit the meeting.
    pub fn passes(self, at: Attendance, votes: Votes) -> Result<bool, VoteProblem> {
        self.check_meeting(at)?;
        if votes.cast() > u64::from(at.members_present) {
            return Err(VoteProblem::MoreVotesThanPresent);
        }
        let base = match self.pass_base {
            PassBase::AllMembers => at.members_total,
            PassBase::Present => at.members_present,
        };
        Ok(self.pass.more_than(u64::from(votes.yes), u64::from(base)))
    }

    /// May `decision` be recorded for these counts? 通过 needs passing
    /// counts; 未通过 or 缓议 against passing counts needs a `reason`;
    /// 缓议 needs the 缓议决议 text.
    pub fn check_decision(
        self,
        at: Attendance,
        votes: Votes,
        decision: Decision,
        resolution: Option<&str>,
        reason: Option<&str>,
    ) -> Result<(), VoteProblem> {
        let passes = self.passes(at, votes)?;
        let given = |s: Option<&str>| s.is_some_and(|s| !s.trim().is_empty());
        match decision {
            Decision::Passed if !passes => Err(VoteProblem::PassAgainstVotes),
            Decision::Deferred if !given(resolution) => Err(VoteProblem::ResolutionRequired),
            Decision::Failed | Decision::Deferred if passes && !given(reason) => {
                Err(VoteProblem::ReasonRequired)
            }
            _ => Ok(()),
        }
    }
}

/// Why counts or a decision were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum VoteProblem {
    #[error("the committee has no members")]
    NoMembers,
    #[error("more members present than the committee has")]
    MorePresentThanMembers,
    #[error("too few members present for a valid meeting")]
    NoQuorum,
    #[error("more votes than members present")]
    MoreVotesThanPresent,
    #[error("passed against the counts")]
    PassAgainstVotes,
    #[error("a deferral needs its resolution")]
    ResolutionRequired,
    #[error("refusing or deferring against passing counts needs a reason")]
    ReasonRequired,
}

impl VoteProblem {
    /// A stable code for the field error.
    pub fn code(self) -> &'static str {
        match self {
            VoteProblem::NoMembers => "no_members",
            VoteProblem::MorePresentThanMembers => "more_present_than_members",
            VoteProblem::NoQuorum => "no_quorum",
            VoteProblem::MoreVotesThanPresent => "more_votes_than_present",
            VoteProblem::PassAgainstVotes => "pass_against_votes",
            VoteProblem::ResolutionRequired => "resolution_required",
            VoteProblem::ReasonRequired => "reason_required",
        }
    }

    /// The field the problem is about.
    pub fn field(self) -> &'static str {
        match self {
            VoteProblem::NoMembers
            | VoteProblem::MorePresentThanMembers
            | VoteProblem::NoQuorum => "members_present",
            VoteProblem::MoreVotesThanPresent => "votes",
            VoteProblem::PassAgainstVotes => "decision",
            VoteProblem::ResolutionRequired => "resolution",
            VoteProblem::ReasonRequired => "reason",
        }
    }

    pub fn message(self, rule: DecisionRule) -> String {
        match self {
            VoteProblem::NoMembers => "委员会人数必须大于 0".to_owned(),
            VoteProblem::MorePresentThanMembers => "出席人数不能多于委员总数".to_owned(),
            VoteProblem::NoQuorum => format!(
                "出席委员不足全体委员的{}，会议无效，不能作出决议",
                rule.quorum.label()
            ),
            VoteProblem::MoreVotesThanPresent => {
                "同意、不同意、弃权票数之和不能多于出席人数".to_owned()
            }
            VoteProblem::PassAgainstVotes => format!(
                "同意票未超过{}的{}，不能作出“通过”决议",
                rule.pass_base.label(),
                rule.pass.label()
            ),
            VoteProblem::ResolutionRequired => "缓议须填写缓议决议".to_owned(),
            VoteProblem::ReasonRequired => {
                "票数已达到通过要求，作出“未通过”或“缓议”决议须说明理由".to_owned()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(total: u32, present: u32) -> Attendance {
        Attendance {
            members_total: total,
            members_present: present,
        }
    }

    fn v(yes: u32, no: u32, abstain: u32) -> Votes {
        Votes { yes, no, abstain }
    }

    #[test]
    fn the_default_rule_needs_two_thirds_present_and_more_than_half_of_all() {
        let r = DecisionRule::default();
        // 15 members: 10 present is a quorum, 9 is not.
        assert_eq!(r.check_meeting(at(15, 10)), Ok(()));
        assert_eq!(r.check_meeting(at(15, 9)), Err(VoteProblem::NoQuorum));
        // 8 of 15 is more than half of all; 7 is not, even if all present agree.
        assert_eq!(r.passes(at(15, 10), v(8, 2, 0)), Ok(true));
        assert_eq!(r.passes(at(15, 10), v(7, 0, 0)), Ok(false));
        // An even committee: 6 of 12 is not more than half.
        assert_eq!(r.passes(at(12, 12), v(6, 6, 0)), Ok(false));
        assert_eq!(r.passes(at(12, 12), v(7, 5, 0)), Ok(true));
    }

    #[test]
    fn inconsistent_counts_are_refused() {
        let r = DecisionRule::default();
        assert_eq!(r.passes(at(0, 0), v(0, 0, 0)), Err(VoteProblem::NoMembers));
        assert_eq!(
            r.passes(at(5, 6), v(1, 0, 0)),
            Err(VoteProblem::MorePresentThanMembers)
        );
        assert_eq!(
            r.passes(at(15, 10), v(8, 2, 1)),
            Err(VoteProblem::MoreVotesThanPresent)
        );
    }

    #[test]
    fn decisions_follow_the_counts_or_carry_a_reason() {
        let r = DecisionRule::default();
        let pass = v(10, 0, 0);
        let fail = v(3, 7, 0);
        let a = at(15, 10);
        assert_eq!(
            r.check_decision(a, pass, Decision::Passed, None, None),
            Ok(())
        );
        assert_eq!(
            r.check_decision(a, fail, Decision::Passed, None, None),
            Err(VoteProblem::PassAgainstVotes)
        );
        assert_eq!(
            r.check_decision(a, fail, Decision::Failed, None, None),
            Ok(())
        );
        assert_eq!(
            r.check_decision(a, pass, Decision::Failed, None, Some(" ")),
            Err(VoteProblem::ReasonRequired)
        );
        assert_eq!(
            r.check_decision(a, pass, Decision::Failed, None, Some("论文抽检存疑")),
            Ok(())
        );
        assert_eq!(
            r.check_decision(a, fail, Decision::Deferred, None, None),
            Err(VoteProblem::ResolutionRequired)
        );
        assert_eq!(
            r.check_decision(a, fail, Decision::Deferred, Some("补充材料后再议"), None),
            Ok(())
        );
    }

    #[test]
    fn the_rule_is_configurable() {
        let present_majority = DecisionRule {
            quorum: Fraction { num: 1, den: 2 },
            pass: Fraction { num: 1, den: 2 },
            pass_base: PassBase::Present,
        };
        // 8 present of 15: a quorum by half; 5 of 8 present pass.
        assert_eq!(present_majority.passes(at(15, 8), v(5, 3, 0)), Ok(true));
        assert_eq!(
            DecisionRule::default().passes(at(15, 8), v(5, 3, 0)),
            Err(VoteProblem::NoQuorum)
        );
        assert!(present_majority.is_valid());
        assert!(!DecisionRule {
            pass: Fraction { num: 1, den: 1 },
            ..present_majority
        }
        .is_valid());
        assert!(!DecisionRule {
            quorum: Fraction { num: 3, den: 2 },
            ..present_majority
        }
        .is_valid());
        assert_eq!(
            DecisionRule::default().describe(),
            "出席委员不少于全体委员的三分之二时会议有效；同意票超过全体委员的二分之一为通过"
        );
    }

    /// Exhaustively over small committees: the rule agrees with its
    /// statement in integers, and passing needs a valid meeting.
    #[test]
    fn the_rule_matches_its_statement_for_every_small_committee() {
        let r = DecisionRule::default();
        for total in 1..=20u32 {
            for present in 0..=total {
                for yes in 0..=present {
                    let got = r.passes(at(total, present), v(yes, present - yes, 0));
                    let quorum = 3 * present >= 2 * total;
                    if !quorum {
                        assert_eq!(got, Err(VoteProblem::NoQuorum));
                    } else {
                        assert_eq!(got, Ok(2 * yes > total), "{total} {present} {yes}");
                    }
                }
            }
        }
    }

    #[test]
    fn members_give_opinions_until_the_result_and_the_submission() {
        let f = |unit_submitted| Facts {
            phase: BatchPhase::Open,
            unit_submitted,
            dossier_complete: false,
        };
        let k = CommitteeKind::Prelim;
        assert_eq!(k.opinion_open(Stage::Reviewed, f(false)), Ok(()));
        assert!(k
            .opinion_open(Stage::PrelimDecided(Decision::Passed), f(false))
            .is_err());
        assert!(k.opinion_open(Stage::Confirmed, f(false)).is_err());
        assert!(k.opinion_open(Stage::Reviewed, f(true)).is_err());
        assert!(k.reviews(Stage::Submitted(Decision::Failed)));
        assert_eq!(k.records_open(Some(f(false))), Ok(()));
        assert!(k.records_open(Some(f(true))).is_err());
        let sealed = Facts {
            phase: BatchPhase::Sealed,
            ..f(false)
        };
        assert!(k.records_open(Some(sealed)).is_err());
        assert!(k.opinion_open(Stage::Reviewed, sealed).is_err());
        assert!(!k.reviews(Stage::Confirmed));
    }
}
