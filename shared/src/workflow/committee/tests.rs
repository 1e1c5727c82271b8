//! The decision rule and when committees may act, checked.

use super::*;
use crate::workflow::{BatchPhase, Decision, Facts, Stage};

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
        refusal_heard: false,
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
