//! The degree application life cycle of SPEC §2: filing → confirmation →
//! unit review → preliminary review → unit submission (and reopening) →
//! seal → subcommittee review → final review → certificate.

use super::{BatchPhase, TransitionError};
use crate::authz::{check_role, Actor, Role, Scope};
use serde::{Deserialize, Serialize};

/// A committee's decision (学位初审 and 学科群分会评审).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// 通过
    Passed,
    /// 未通过
    Failed,
    /// 缓议
    Deferred,
}

/// The degree congress's decision (学位终审).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FinalDecision {
    /// 授予学位
    Conferred,
    /// 不授予学位
    NotConferred,
    /// 缓议
    Deferred,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::Passed, Decision::Failed, Decision::Deferred];

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Passed => "passed",
            Decision::Failed => "failed",
            Decision::Deferred => "deferred",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

impl FinalDecision {
    pub const ALL: [FinalDecision; 3] = [
        FinalDecision::Conferred,
        FinalDecision::NotConferred,
        FinalDecision::Deferred,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FinalDecision::Conferred => "conferred",
            FinalDecision::NotConferred => "not_conferred",
            FinalDecision::Deferred => "deferred",
        }
    }

    pub fn parse(s: &str) -> Option<FinalDecision> {
        FinalDecision::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "stage", content = "decision", rename_all = "snake_case")]
pub enum AppState {
    /// No application in this batch (never opened, or 申请学位 unticked).
    NotApplied,
    /// 申请学位 ticked: the student fills the dossier.
    Filing,
    /// 信息确认: the dossier is sealed for the student.
    Confirmed,
    /// 已审核 by the unit.
    Reviewed,
    /// 学位初审 result recorded.
    PrelimDecided(Decision),
    /// 数据上报: read-only for the unit.
    Submitted(Decision),
    /// 学科群分会评审 result recorded (only for applications passed at the preliminary review).
    SubcommitteeDecided(Decision),
    /// 学位终审 result recorded.
    FinalDecided(FinalDecision),
    /// 学位证书编号 issued.
    CertificateIssued,
}

/// Something a user asks to do to an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "action", content = "decision", rename_all = "snake_case")]
pub enum Action {
    /// 勾选“申请学位”.
    OpenFiling,
    /// 取消“申请学位” (until the student confirms).
    CancelFiling,
    /// The student edits filled fields.
    EditAsStudent,
    /// The unit admin edits on the student's behalf.
    EditAsUnit,
    /// “同步数据” by a user.
    SyncManually,
    /// 信息确认.
    Confirm,
    /// Untick 已确认: the student may edit again.
    ReopenForStudent,
    /// Tick 已审核.
    MarkReviewed,
    /// Untick 已审核.
    UnmarkReviewed,
    /// Untick 已确认 and 已审核: send the dossier back to the student.
    SendBack,
    /// Record the 学位初审 decision.
    RecordPrelimDecision(Decision),
    /// 数据上报 (per application, done for the whole unit at once).
    Submit,
    /// The degree office reopens a unit's submission (before 封网).
    ReopenSubmission,
    /// Record the 学科群分会 decision.
    RecordSubcommitteeDecision(Decision),
    /// Record the 学位终审 decision.
    RecordFinalDecision(FinalDecision),
    /// Assign the certificate number.
    IssueCertificate,
}

impl Action {
    /// Every action, with each decision variant spelled out.
    pub fn all() -> Vec<Action> {
        let mut v = vec![
            Action::OpenFiling,
            Action::CancelFiling,
            Action::EditAsStudent,
            Action::EditAsUnit,
            Action::SyncManually,
            Action::Confirm,
            Action::ReopenForStudent,
            Action::MarkReviewed,
            Action::UnmarkReviewed,
            Action::SendBack,
        ];
        v.extend(Decision::ALL.map(Action::RecordPrelimDecision));
        v.push(Action::Submit);
        v.push(Action::ReopenSubmission);
        v.extend(Decision::ALL.map(Action::RecordSubcommitteeDecision));
        v.extend(FinalDecision::ALL.map(Action::RecordFinalDecision));
        v.push(Action::IssueCertificate);
        v
    }

    /// The roles that perform the action. Scope (which unit, group or
    /// student) is checked by [`crate::authz::check_role`].
    pub fn performers(self) -> &'static [Role] {
        match self {
            Action::EditAsStudent | Action::Confirm => &[Role::Student],
            Action::SyncManually => &[Role::Student, Role::UnitAdmin],
            Action::OpenFiling
            | Action::CancelFiling
            | Action::EditAsUnit
            | Action::ReopenForStudent
            | Action::MarkReviewed
            | Action::UnmarkReviewed
            | Action::SendBack
            | Action::RecordPrelimDecision(_)
            | Action::Submit => &[Role::UnitAdmin],
            Action::ReopenSubmission
            | Action::RecordFinalDecision(_)
            | Action::IssueCertificate => &[Role::DegreeOffice],
            Action::RecordSubcommitteeDecision(_) => &[Role::Secretary],
        }
    }

    /// The phase the batch must be in.
    pub fn required_phase(self) -> BatchPhase {
        match self {
            Action::RecordSubcommitteeDecision(_) => BatchPhase::SubcommitteeReview,
            Action::RecordFinalDecision(_) | Action::IssueCertificate => BatchPhase::FinalReview,
            _ => BatchPhase::Open,
        }
    }
}

/// What else the rules depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub phase: BatchPhase,
    /// The application's unit has submitted (数据上报) and not been reopened.
    pub unit_submitted: bool,
    /// Every field the student's kind requires is filled and valid.
    pub dossier_complete: bool,
}

/// The one transition function: the new state, or why not.
pub fn apply(
    state: AppState,
    action: Action,
    role: Role,
    facts: Facts,
) -> Result<AppState, TransitionError> {
    use AppState as S;
    if !action.performers().contains(&role) {
        return Err(TransitionError::WrongRole);
    }
    if facts.phase != action.required_phase() {
        return Err(TransitionError::WrongPhase);
    }
    let unit_may_change = |next: AppState| {
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
        ) => Ok(S::FinalDecided(f)),
        (Action::IssueCertificate, S::FinalDecided(FinalDecision::Conferred)) => {
            Ok(S::CertificateIssued)
        }
        _ => Err(TransitionError::WrongState),
    }
}

impl Action {
    /// The role in which `actor` performs this action on `scope`, if any.
    pub fn acting_role(self, actor: &Actor, scope: Scope) -> Option<Role> {
        self.performers()
            .iter()
            .copied()
            .find(|role| check_role(actor, *role, scope).is_ok())
    }
}

/// What `actor` may do now to an application in `scope`: every action one of
/// their roles performs there and the rules allow. 信息确认 is offered while
/// the dossier is still incomplete too, so that trying it says what is missing.
pub fn actions_for(actor: &Actor, scope: Scope, state: AppState, facts: Facts) -> Vec<Action> {
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
pub fn allowed_actions(state: AppState, role: Role, facts: Facts) -> Vec<Action> {
    Action::all()
        .into_iter()
        .filter(|a| apply(state, *a, role, facts).is_ok())
        .collect()
}

impl AppState {
    /// Every state, with each decision variant spelled out.
    pub fn all() -> Vec<AppState> {
        let mut v = vec![
            AppState::NotApplied,
            AppState::Filing,
            AppState::Confirmed,
            AppState::Reviewed,
        ];
        v.extend(Decision::ALL.map(AppState::PrelimDecided));
        v.extend(Decision::ALL.map(AppState::Submitted));
        v.extend(Decision::ALL.map(AppState::SubcommitteeDecided));
        v.extend(FinalDecision::ALL.map(AppState::FinalDecided));
        v.push(AppState::CertificateIssued);
        v
    }

    /// Stored form: the stage name.
    pub fn stage(self) -> &'static str {
        match self {
            AppState::NotApplied => "not_applied",
            AppState::Filing => "filing",
            AppState::Confirmed => "confirmed",
            AppState::Reviewed => "reviewed",
            AppState::PrelimDecided(_) => "prelim_decided",
            AppState::Submitted(_) => "submitted",
            AppState::SubcommitteeDecided(_) => "subcommittee_decided",
            AppState::FinalDecided(_) => "final_decided",
            AppState::CertificateIssued => "certificate_issued",
        }
    }

    /// The decision columns as stored beside the stage: (学位初审, 分会, 终审).
    pub fn stored_decisions(self) -> (Option<Decision>, Option<Decision>, Option<FinalDecision>) {
        match self {
            AppState::PrelimDecided(d) | AppState::Submitted(d) => (Some(d), None, None),
            AppState::SubcommitteeDecided(d) => (None, Some(d), None),
            AppState::FinalDecided(f) => (None, None, Some(f)),
            _ => (None, None, None),
        }
    }

    /// Back from the stored stage and decision columns; `None` if they do
    /// not make a state.
    pub fn from_stored(
        stage: &str,
        prelim: Option<&str>,
        subcommittee: Option<&str>,
        final_decision: Option<&str>,
    ) -> Option<AppState> {
        let prelim = prelim.and_then(Decision::parse);
        Some(match stage {
            "not_applied" => AppState::NotApplied,
            "filing" => AppState::Filing,
            "confirmed" => AppState::Confirmed,
            "reviewed" => AppState::Reviewed,
            "prelim_decided" => AppState::PrelimDecided(prelim?),
            "submitted" => AppState::Submitted(prelim?),
            "subcommittee_decided" => {
                AppState::SubcommitteeDecided(subcommittee.and_then(Decision::parse)?)
            }
            "final_decided" => {
                AppState::FinalDecided(final_decision.and_then(FinalDecision::parse)?)
            }
            "certificate_issued" => AppState::CertificateIssued,
            _ => return None,
        })
    }

    /// Is the dossier confirmed (已确认) in this state?
    pub fn is_confirmed(self) -> bool {
        !matches!(self, AppState::NotApplied | AppState::Filing)
    }

    /// Has the unit reviewed it (已审核)?
    pub fn is_reviewed(self) -> bool {
        self.is_confirmed() && self != AppState::Confirmed
    }

    /// A short Chinese badge.
    pub fn label(self) -> &'static str {
        match self {
            AppState::NotApplied => "未申请",
            AppState::Filing => "填报中",
            AppState::Confirmed => "已确认",
            AppState::Reviewed => "已审核",
            AppState::PrelimDecided(Decision::Passed) => "初审通过",
            AppState::PrelimDecided(Decision::Failed) => "初审未通过",
            AppState::PrelimDecided(Decision::Deferred) => "初审缓议",
            AppState::Submitted(_) => "已上报",
            AppState::SubcommitteeDecided(Decision::Passed) => "分会评审通过",
            AppState::SubcommitteeDecided(Decision::Failed) => "分会评审未通过",
            AppState::SubcommitteeDecided(Decision::Deferred) => "分会评审缓议",
            AppState::FinalDecided(FinalDecision::Conferred) => "授予学位",
            AppState::FinalDecided(FinalDecision::NotConferred) => "不授予学位",
            AppState::FinalDecided(FinalDecision::Deferred) => "终审缓议",
            AppState::CertificateIssued => "已发证书编号",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    fn facts(phase: BatchPhase, state: AppState) -> Facts {
        Facts {
            phase,
            unit_submitted: matches!(state, AppState::Submitted(_)),
            dossier_complete: true,
        }
    }

    /// Every state × action × role × phase. The snapshot is the explicit
    /// table: a rule change shows up as a reviewable diff.
    #[test]
    fn transition_table() {
        let mut out = String::new();
        for phase in BatchPhase::ALL {
            for state in AppState::all() {
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
        };
        let student = actor(Role::Student, GrantScope::Student(StudentId(7)));
        assert_eq!(
            actions_for(&student, scope, AppState::Filing, incomplete),
            vec![Action::EditAsStudent, Action::SyncManually, Action::Confirm]
        );
        let admin = actor(Role::UnitAdmin, GrantScope::Unit(UnitId(1)));
        assert!(actions_for(&admin, scope, AppState::Confirmed, incomplete)
            .contains(&Action::MarkReviewed));
        let other_unit = actor(Role::UnitAdmin, GrantScope::Unit(UnitId(2)));
        assert!(actions_for(&other_unit, scope, AppState::Confirmed, incomplete).is_empty());
        assert_eq!(Action::Confirm.acting_role(&admin, scope), None);
    }

    #[test]
    fn every_state_survives_storage() {
        for s in AppState::all() {
            let (p, sub, f) = s.stored_decisions();
            // A submitted or later application keeps its preliminary decision column.
            let stored = AppState::from_stored(
                s.stage(),
                p.map(Decision::as_str),
                sub.map(Decision::as_str),
                f.map(FinalDecision::as_str),
            );
            assert_eq!(stored, Some(s));
        }
        assert_eq!(
            AppState::from_stored("prelim_decided", None, None, None),
            None
        );
    }

    #[test]
    fn the_happy_path_reaches_a_certificate() {
        let mut s = AppState::NotApplied;
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
        assert_eq!(s, AppState::CertificateIssued);
    }

    #[test]
    fn student_cannot_edit_after_confirmation_but_unit_can() {
        let f = facts(BatchPhase::Open, AppState::Confirmed);
        assert_eq!(
            apply(AppState::Confirmed, Action::EditAsStudent, Role::Student, f),
            Err(TransitionError::WrongState)
        );
        assert_eq!(
            apply(AppState::Confirmed, Action::EditAsUnit, Role::UnitAdmin, f),
            Ok(AppState::Confirmed)
        );
    }

    #[test]
    fn confirmation_needs_a_complete_dossier() {
        let f = Facts {
            phase: BatchPhase::Open,
            unit_submitted: false,
            dossier_complete: false,
        };
        assert_eq!(
            apply(AppState::Filing, Action::Confirm, Role::Student, f),
            Err(TransitionError::DossierIncomplete)
        );
    }

    #[test]
    fn nothing_changes_after_submission_except_reopening_before_seal() {
        let s = AppState::Submitted(Decision::Passed);
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
        };
        assert_eq!(
            apply(AppState::NotApplied, Action::OpenFiling, Role::UnitAdmin, f),
            Err(TransitionError::UnitSubmitted)
        );
    }

    #[test]
    fn refused_application_goes_to_final_review_without_subcommittee() {
        let s = AppState::Submitted(Decision::Failed);
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
            Ok(AppState::FinalDecided(FinalDecision::NotConferred))
        );
    }
}
