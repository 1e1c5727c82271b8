//! The degree application life cycle of SPEC §2: filing → confirmation →
//! unit review → preliminary review → unit submission (and reopening) →
//! seal → subcommittee review → final review → certificate.

use super::committee::CommitteeKind;
use super::{Action, BatchPhase, Decision, FinalDecision, Stage, TransitionError};
use crate::authz::{check, check_role, Actor, Denied, Permission, Role, Scope};
use serde::{Deserialize, Serialize};

/// What else the rules depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub phase: BatchPhase,
    /// The application's unit has submitted (数据上报) and not been reopened.
    pub unit_submitted: bool,
    /// Every field the student's kind requires is filled and valid.
    pub dossier_complete: bool,
    /// The applicant has been told of a proposed refusal and heard
    /// (陈述、申辩, 学位法 art. 39), and the office has recorded the hearing.
    #[serde(default)]
    pub refusal_heard: bool,
}

/// The one transition function: the new state, or why not.
pub fn apply(
    state: Stage,
    action: Action,
    role: Role,
    facts: Facts,
) -> Result<Stage, TransitionError> {
    use Stage as S;
    if !action.performers().contains(&role) {
        return Err(TransitionError::WrongRole);
    }
    if facts.phase != action.required_phase() {
        return Err(TransitionError::WrongPhase);
    }
    let unit_may_change = |next: Stage| {
        if facts.unit_submitted {
            Err(TransitionError::UnitSubmitted)
        } else {
            Ok(next)
        }
    };
    match (action, state) {
        (Action::OpenFiling, S::NotApplied) => unit_may_change(S::Filing),
        (Action::CancelFiling, S::Filing) => unit_may_change(S::NotApplied),
        (Action::EditAsStudent, S::Filing) => Ok(state),
        (Action::SyncManually, S::Filing) if role == Role::Student => Ok(state),
        (
            Action::EditAsUnit | Action::SyncManually,
            S::Filing | S::Confirmed | S::Reviewed | S::PrelimDecided(_),
        ) if role == Role::UnitAdmin => unit_may_change(state),
        (Action::Confirm, S::Filing) => {
            if facts.dossier_complete {
                Ok(S::Confirmed)
            } else {
                Err(TransitionError::DossierIncomplete)
            }
        }
        (Action::ReopenForStudent, S::Confirmed) => unit_may_change(S::Filing),
        (Action::MarkReviewed, S::Confirmed) => unit_may_change(S::Reviewed),
        (Action::UnmarkReviewed, S::Reviewed) => unit_may_change(S::Confirmed),
        (Action::SendBack, S::Confirmed | S::Reviewed) => unit_may_change(S::Filing),
        (Action::RecordPrelimDecision(d), S::Reviewed | S::PrelimDecided(_)) => {
            unit_may_change(S::PrelimDecided(d))
        }
        (Action::Submit, S::PrelimDecided(d)) => Ok(S::Submitted(d)),
        (Action::ReopenSubmission, S::Submitted(d)) => Ok(S::PrelimDecided(d)),
        (
            Action::RecordSubcommitteeDecision(d),
            S::Submitted(Decision::Passed) | S::SubcommitteeDecided(_),
        ) => Ok(S::SubcommitteeDecided(d)),
        (
            Action::RecordFinalDecision(f),
            S::SubcommitteeDecided(_)
            | S::Submitted(Decision::Failed | Decision::Deferred)
            | S::FinalDecided(_),
        ) => {
            if f == FinalDecision::NotConferred && !facts.refusal_heard {
                Err(TransitionError::NotHeard)
            } else {
                Ok(S::FinalDecided(f))
            }
        }
        (Action::IssueCertificate, S::FinalDecided(FinalDecision::Conferred)) => {
            Ok(S::CertificateIssued)
        }
        (Action::RevokeCertificate, S::CertificateIssued) => {
            Ok(S::FinalDecided(FinalDecision::Conferred))
        }
        _ => Err(TransitionError::WrongState),
    }
}

/// May `actor` read the dossier of an application in `scope` at `stage`?
/// The unit, the office and the student by their grants at any stage; the
/// discipline group's reviewers once the unit has submitted it; the unit's
/// 学位初审委员 once the unit has reviewed it (已审核).
pub fn check_view_dossier(actor: &Actor, scope: Scope, stage: Stage) -> Result<(), Denied> {
    let denied = match check(actor, Permission::ViewDossier, scope) {
        Ok(()) => return Ok(()),
        Err(denied) => denied,
    };
    if stage.is_submitted() && check(actor, Permission::ReviewSubmitted, scope).is_ok() {
        return Ok(());
    }
    // The unit's committee members read what their committee reviews.
    let member_of = |kind: CommitteeKind| {
        kind.reviews(stage)
            && kind
                .member_role()
                .is_some_and(|role| check_role(actor, role, scope).is_ok())
    };
    let holds = |kind: CommitteeKind| {
        kind.member_permission()
            .is_some_and(|p| check(actor, p, scope).is_ok())
    };
    if CommitteeKind::ALL
        .into_iter()
        .any(|kind| holds(kind) && member_of(kind))
    {
        return Ok(());
    }
    Err(denied)
}

/// May staff (the unit, or the office on any unit's behalf) sync the synced
/// half of an application in this stage? On the unit's terms: until the unit
/// submits it (数据上报: what it submitted stays as submitted), before 封网.
pub fn check_staff_sync(stage: Stage, facts: Facts) -> Result<(), TransitionError> {
    apply(stage, Action::SyncManually, Role::UnitAdmin, facts).map(|_| ())
}

/// May a sync of a whole unit (or a refresh of its student list) run? Not
/// once the unit has submitted (数据上报), for the same reason as
/// [`check_staff_sync`].
pub fn check_unit_sync(facts: Facts) -> Result<(), TransitionError> {
    if facts.unit_submitted {
        Err(TransitionError::UnitSubmitted)
    } else {
        Ok(())
    }
}

/// What `actor` may do now to an application in `scope`: every action one of
/// their roles performs there and the rules allow. 信息确认 is offered while
/// the dossier is still incomplete too, so that trying it says what is missing.
pub fn actions_for(actor: &Actor, scope: Scope, state: Stage, facts: Facts) -> Vec<Action> {
    let complete = Facts {
        dossier_complete: true,
        ..facts
    };
    Action::all()
        .into_iter()
        .filter(|a| {
            let facts = if *a == Action::Confirm {
                complete
            } else {
                facts
            };
            a.performers().iter().any(|role| {
                check_role(actor, *role, scope).is_ok() && apply(state, *a, *role, facts).is_ok()
            })
        })
        .collect()
}

/// The actions a role may take now; DTOs carry this so the UI draws buttons
/// from the server's own answer.
pub fn allowed_actions(state: Stage, role: Role, facts: Facts) -> Vec<Action> {
    Action::all()
        .into_iter()
        .filter(|a| apply(state, *a, role, facts).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    fn facts(phase: BatchPhase, state: Stage) -> Facts {
        Facts {
            phase,
            unit_submitted: matches!(state, Stage::Submitted(_)),
            dossier_complete: true,
            refusal_heard: true,
        }
    }

    /// Every state × action × role × phase. The snapshot is the explicit
    /// table: a rule change shows up as a reviewable diff.
    #[test]
    fn transition_table() {
        let mut out = String::new();
        for phase in BatchPhase::ALL {
            for state in Stage::all() {
                for action in Action::all() {
                    let mut cells = Vec::new();
                    for role in Role::ALL {
                        if let Ok(next) = apply(state, action, role, facts(phase, state)) {
                            cells.push(format!("{}→{next:?}", role.as_str()));
                        }
                    }
                    if !cells.is_empty() {
                        let _ = writeln!(
                            out,
                            "{:<20} {:<36} {:<40} {}",
                            phase.as_str(),
                            format!("{state:?}"),
                            format!("{action:?}"),
                            cells.join(", ")
                        );
                    }
                }
            }
        }
        insta::assert_snapshot!(out);
    }

    /// Every action's name, label, confirmation and message: a wording
    /// change is a reviewable diff, and names never collide.
    #[test]
    fn action_words() {
        let mut out = String::new();
        let mut names = std::collections::BTreeSet::new();
        for a in Action::all() {
            assert!(names.insert(a.name()), "duplicate name {}", a.name());
            let _ = writeln!(
                out,
                "{:<38} {:<20} {} | {}",
                a.name(),
                a.label(),
                a.confirm_warning().unwrap_or("-"),
                a.student_notice("2026年冬季").unwrap_or_else(|| "-".into())
            );
        }
        insta::assert_snapshot!(out);
    }

    #[test]
    fn the_groups_reviewers_read_submitted_dossiers_of_their_group_only() {
        use crate::authz::{GrantScope, RoleGrant};
        use crate::ids::{GroupId, StudentId, UnitId, UserId};
        let secretary = |group| Actor {
            user_id: UserId(1),
            username: "s".into(),
            display_name: "s".into(),
            grants: vec![RoleGrant {
                role: Role::Secretary,
                scope: GrantScope::Group(GroupId(group)),
            }],
        };
        let scope = Scope::Student {
            student: StudentId(7),
            unit: UnitId(1),
            group: Some(GroupId(3)),
        };
        let submitted = Stage::Submitted(Decision::Passed);
        assert_eq!(check_view_dossier(&secretary(3), scope, submitted), Ok(()));
        assert!(check_view_dossier(&secretary(4), scope, submitted).is_err());
        assert!(check_view_dossier(&secretary(3), scope, Stage::Reviewed).is_err());
    }

    #[test]
    fn actions_for_follow_the_actors_roles_and_scope() {
        use crate::authz::{GrantScope, RoleGrant};
        use crate::ids::{StudentId, UnitId, UserId};
        let actor = |role, scope| Actor {
            user_id: UserId(1),
            username: "u".into(),
            display_name: "u".into(),
            grants: vec![RoleGrant { role, scope }],
        };
        let scope = Scope::Student {
            student: StudentId(7),
            unit: UnitId(1),
            group: None,
        };
        let incomplete = Facts {
            phase: BatchPhase::Open,
            unit_submitted: false,
            dossier_complete: false,
            refusal_heard: false,
        };
        let student = actor(Role::Student, GrantScope::Student(StudentId(7)));
        assert_eq!(
            actions_for(&student, scope, Stage::Filing, incomplete),
            vec![Action::EditAsStudent, Action::SyncManually, Action::Confirm]
        );
        let admin = actor(Role::UnitAdmin, GrantScope::Unit(UnitId(1)));
        assert!(actions_for(&admin, scope, Stage::Confirmed, incomplete)
            .contains(&Action::MarkReviewed));
        let other_unit = actor(Role::UnitAdmin, GrantScope::Unit(UnitId(2)));
        assert!(actions_for(&other_unit, scope, Stage::Confirmed, incomplete).is_empty());
        assert_eq!(Action::Confirm.acting_role(&admin, scope), None);
    }

    #[test]
    fn every_state_survives_storage() {
        for s in Stage::all() {
            let (p, sub, f) = s.stored_decisions();
            // A submitted or later application keeps its preliminary decision column.
            let stored = Stage::from_stored(
                s.stage(),
                p.map(Decision::as_str),
                sub.map(Decision::as_str),
                f.map(FinalDecision::as_str),
            );
            assert_eq!(stored, Some(s));
        }
        assert_eq!(Stage::from_stored("prelim_decided", None, None, None), None);
    }

    #[test]
    fn the_happy_path_reaches_a_certificate() {
        let mut s = Stage::NotApplied;
        let steps = [
            (BatchPhase::Open, Action::OpenFiling, Role::UnitAdmin),
            (BatchPhase::Open, Action::EditAsStudent, Role::Student),
            (BatchPhase::Open, Action::Confirm, Role::Student),
            (BatchPhase::Open, Action::MarkReviewed, Role::UnitAdmin),
            (
                BatchPhase::Open,
                Action::RecordPrelimDecision(Decision::Passed),
                Role::UnitAdmin,
            ),
            (BatchPhase::Open, Action::Submit, Role::UnitAdmin),
            (
                BatchPhase::SubcommitteeReview,
                Action::RecordSubcommitteeDecision(Decision::Passed),
                Role::Secretary,
            ),
            (
                BatchPhase::FinalReview,
                Action::RecordFinalDecision(FinalDecision::Conferred),
                Role::DegreeOffice,
            ),
            (
                BatchPhase::FinalReview,
                Action::IssueCertificate,
                Role::DegreeOffice,
            ),
        ];
        for (phase, action, role) in steps {
            s = apply(s, action, role, facts(phase, s)).unwrap_or_else(|e| {
                panic!("{action:?} by {role:?} in {s:?}: {e}");
            });
        }
        assert_eq!(s, Stage::CertificateIssued);
    }

    #[test]
    fn student_cannot_edit_after_confirmation_but_unit_can() {
        let f = facts(BatchPhase::Open, Stage::Confirmed);
        assert_eq!(
            apply(Stage::Confirmed, Action::EditAsStudent, Role::Student, f),
            Err(TransitionError::WrongState)
        );
        assert_eq!(
            apply(Stage::Confirmed, Action::EditAsUnit, Role::UnitAdmin, f),
            Ok(Stage::Confirmed)
        );
    }

    #[test]
    fn confirmation_needs_a_complete_dossier() {
        let f = Facts {
            phase: BatchPhase::Open,
            unit_submitted: false,
            dossier_complete: false,
            refusal_heard: false,
        };
        assert_eq!(
            apply(Stage::Filing, Action::Confirm, Role::Student, f),
            Err(TransitionError::DossierIncomplete)
        );
    }

    #[test]
    fn nothing_changes_after_submission_except_reopening_before_seal() {
        let s = Stage::Submitted(Decision::Passed);
        let open = facts(BatchPhase::Open, s);
        assert_eq!(
            allowed_actions(s, Role::UnitAdmin, open),
            Vec::<Action>::new()
        );
        assert_eq!(
            allowed_actions(s, Role::DegreeOffice, open),
            vec![Action::ReopenSubmission]
        );
        let sealed = facts(BatchPhase::Sealed, s);
        assert!(allowed_actions(s, Role::DegreeOffice, sealed).is_empty());
    }

    #[test]
    fn a_unit_submitted_after_reopening_can_not_open_new_filings_until_reopened() {
        let f = Facts {
            phase: BatchPhase::Open,
            unit_submitted: true,
            dossier_complete: true,
            refusal_heard: false,
        };
        assert_eq!(
            apply(Stage::NotApplied, Action::OpenFiling, Role::UnitAdmin, f),
            Err(TransitionError::UnitSubmitted)
        );
    }

    #[test]
    fn a_refusal_needs_the_hearing_recorded() {
        let s = Stage::SubcommitteeDecided(Decision::Failed);
        let unheard = Facts {
            refusal_heard: false,
            ..facts(BatchPhase::FinalReview, s)
        };
        let refuse = Action::RecordFinalDecision(FinalDecision::NotConferred);
        assert_eq!(
            apply(s, refuse, Role::DegreeOffice, unheard),
            Err(TransitionError::NotHeard)
        );
        assert!(apply(
            s,
            Action::RecordFinalDecision(FinalDecision::Deferred),
            Role::DegreeOffice,
            unheard
        )
        .is_ok());
        let heard = Facts {
            refusal_heard: true,
            ..unheard
        };
        assert_eq!(
            apply(s, refuse, Role::DegreeOffice, heard),
            Ok(Stage::FinalDecided(FinalDecision::NotConferred))
        );
    }

    #[test]
    fn refused_application_goes_to_final_review_without_subcommittee() {
        let s = Stage::Submitted(Decision::Failed);
        assert_eq!(
            apply(
                s,
                Action::RecordSubcommitteeDecision(Decision::Passed),
                Role::Secretary,
                facts(BatchPhase::SubcommitteeReview, s)
            ),
            Err(TransitionError::WrongState)
        );
        assert_eq!(
            apply(
                s,
                Action::RecordFinalDecision(FinalDecision::NotConferred),
                Role::DegreeOffice,
                facts(BatchPhase::FinalReview, s)
            ),
            Ok(Stage::FinalDecided(FinalDecision::NotConferred))
        );
    }
}
