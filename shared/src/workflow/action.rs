//! What users ask to do to an application, and every word about each
//! action: its stable name, label, confirmation warning and message to the
//! student. Adding an action touches this file and the rules in
//! [`super::application`].

use super::{BatchPhase, Decision, FinalDecision};
use crate::authz::{check_role, Actor, Role, Scope};
use serde::{Deserialize, Serialize};

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
    /// Void an issued number (it is never reused); a new one is issued
    /// with the next numbering.
    RevokeCertificate,
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
        v.push(Action::RevokeCertificate);
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
            | Action::IssueCertificate
            | Action::RevokeCertificate => &[Role::DegreeOffice],
            Action::RecordSubcommitteeDecision(_) => &[Role::Secretary],
        }
    }

    /// The phase the batch must be in.
    pub fn required_phase(self) -> BatchPhase {
        match self {
            Action::RecordSubcommitteeDecision(_) => BatchPhase::SubcommitteeReview,
            Action::RecordFinalDecision(_)
            | Action::IssueCertificate
            | Action::RevokeCertificate => BatchPhase::FinalReview,
            _ => BatchPhase::Open,
        }
    }
}

impl Action {
    /// The action's stable name: its audit-log action, DOM ids, logs.
    /// Decisions carry their outcome (`record_prelim_decision.passed`).
    pub fn name(self) -> &'static str {
        match self {
            Action::OpenFiling => "open_filing",
            Action::CancelFiling => "cancel_filing",
            Action::EditAsStudent => "edit_as_student",
            Action::EditAsUnit => "edit_as_unit",
            Action::SyncManually => "sync_manually",
            Action::Confirm => "confirm",
            Action::ReopenForStudent => "reopen_for_student",
            Action::MarkReviewed => "mark_reviewed",
            Action::UnmarkReviewed => "unmark_reviewed",
            Action::SendBack => "send_back",
            Action::RecordPrelimDecision(Decision::Passed) => "record_prelim_decision.passed",
            Action::RecordPrelimDecision(Decision::Failed) => "record_prelim_decision.failed",
            Action::RecordPrelimDecision(Decision::Deferred) => "record_prelim_decision.deferred",
            Action::Submit => "submit",
            Action::ReopenSubmission => "reopen_submission",
            Action::RecordSubcommitteeDecision(Decision::Passed) => {
                "record_subcommittee_decision.passed"
            }
            Action::RecordSubcommitteeDecision(Decision::Failed) => {
                "record_subcommittee_decision.failed"
            }
            Action::RecordSubcommitteeDecision(Decision::Deferred) => {
                "record_subcommittee_decision.deferred"
            }
            Action::RecordFinalDecision(FinalDecision::Conferred) => {
                "record_final_decision.conferred"
            }
            Action::RecordFinalDecision(FinalDecision::NotConferred) => {
                "record_final_decision.not_conferred"
            }
            Action::RecordFinalDecision(FinalDecision::Deferred) => {
                "record_final_decision.deferred"
            }
            Action::IssueCertificate => "issue_certificate",
            Action::RevokeCertificate => "revoke_certificate",
        }
    }

    /// The name as a DOM id fragment (`record-prelim-decision-passed`).
    pub fn dom_id(self) -> String {
        self.name().replace(['_', '.'], "-")
    }

    /// The button's Chinese label, in the manual's words.
    pub fn label(self) -> &'static str {
        match self {
            Action::OpenFiling => "申请学位",
            Action::CancelFiling => "取消申请学位",
            Action::EditAsStudent => "填写学位信息",
            Action::EditAsUnit => "代学生修改学位信息",
            Action::SyncManually => "同步数据",
            Action::Confirm => "信息确认",
            Action::ReopenForStudent => "重新开放学生修改",
            Action::MarkReviewed => "审核通过（已审核）",
            Action::UnmarkReviewed => "取消已审核",
            Action::SendBack => "退回学生修改",
            Action::RecordPrelimDecision(Decision::Passed) => "学位初审通过",
            Action::RecordPrelimDecision(Decision::Failed) => "学位初审未通过",
            Action::RecordPrelimDecision(Decision::Deferred) => "学位初审缓议",
            Action::Submit => "数据上报",
            Action::ReopenSubmission => "退回培养单位修改",
            Action::RecordSubcommitteeDecision(Decision::Passed) => "分会评审通过",
            Action::RecordSubcommitteeDecision(Decision::Failed) => "分会评审未通过",
            Action::RecordSubcommitteeDecision(Decision::Deferred) => "分会评审缓议",
            Action::RecordFinalDecision(FinalDecision::Conferred) => "授予学位",
            Action::RecordFinalDecision(FinalDecision::NotConferred) => "不授予学位",
            Action::RecordFinalDecision(FinalDecision::Deferred) => "终审缓议",
            Action::IssueCertificate => "发放学位证书编号",
            Action::RevokeCertificate => "作废学位证书编号",
        }
    }

    /// What the confirmation dialog says will be locked or undone; `None`:
    /// the step is taken without asking.
    pub fn confirm_warning(self) -> Option<&'static str> {
        match self {
            Action::Confirm => Some("确认后你的学位信息将封存，你将不能再修改。确定要确认吗？"),
            Action::SendBack => {
                Some("将去除“已确认”和“已审核”，学生会收到消息，可以重新填写并确认。")
            }
            Action::ReopenForStudent => Some("将去除“已确认”，学生可以再次修改并重新确认。"),
            Action::CancelFiling => Some("将取消该学生本批次的学位申请，学生不能再填报。"),
            Action::Submit => {
                Some("上报后本单位的申请学位学生信息将变为只读，只有国科大学位办可以退回。")
            }
            Action::ReopenSubmission => {
                Some("将退回培养单位的上报数据，培养单位可以修改后重新上报。")
            }
            Action::IssueCertificate => Some("学位证书编号一经发放不能收回或重复使用。"),
            Action::RevokeCertificate => {
                Some("作废的学位证书编号永不再用；重新编号时该申请人将获得新的编号。")
            }
            _ => None,
        }
    }

    /// The message the student gets after the step, if any; `batch` is the
    /// review batch's name.
    pub fn student_notice(self, batch: &str) -> Option<String> {
        match self {
            Action::OpenFiling => Some(format!(
                "培养单位已为你开通“{batch}”学位申请，请在“学位信息”中同步数据、填写并确认。"
            )),
            Action::SendBack => Some("培养单位已将你的学位信息退回，请修改后重新确认。".to_owned()),
            Action::ReopenForStudent => {
                Some("培养单位已重新开放你的学位信息填报，请修改后重新确认。".to_owned())
            }
            _ => None,
        }
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
