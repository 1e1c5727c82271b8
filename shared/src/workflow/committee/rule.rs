//! The ballot's counts and the rule that turns them into a decision.

use crate::workflow::Decision;
use serde::{Deserialize, Serialize};

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
