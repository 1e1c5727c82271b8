//! The pages of the SPA, their paths and labels, and who may use each.

use super::{Actor, Permission, Role};
use serde::{Deserialize, Serialize};

/// The pages of the SPA and who may use each. The navigation shows exactly
/// the pages the actor may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Page {
    Home,
    MyRecord,
    Confirm,
    Roster,
    Applications,
    Committee,
    PrelimReview,
    PrelimMeeting,
    PrelimResults,
    Submission,
    FinalCheck,
    Submissions,
    Verification,
    Flags,
    Corrections,
    Groups,
    Subcommittee,
    SubReview,
    SubMeeting,
    SubResults,
    FinalReview,
    Hearings,
    MyDecision,
    DegreeData,
    DegreeNotice,
    Batches,
    CommitteeRules,
    Sync,
    UnitAccounts,
    Users,
    Units,
    Settings,
    Audit,
    Instructions,
}

impl Page {
    pub const ALL: [Page; 34] = [
        Page::Home,
        Page::MyRecord,
        Page::Confirm,
        Page::Roster,
        Page::Applications,
        Page::Committee,
        Page::PrelimReview,
        Page::PrelimMeeting,
        Page::PrelimResults,
        Page::Submission,
        Page::FinalCheck,
        Page::Submissions,
        Page::Verification,
        Page::Flags,
        Page::Corrections,
        Page::Groups,
        Page::Subcommittee,
        Page::SubReview,
        Page::SubMeeting,
        Page::SubResults,
        Page::FinalReview,
        Page::Hearings,
        Page::MyDecision,
        Page::DegreeData,
        Page::DegreeNotice,
        Page::Batches,
        Page::CommitteeRules,
        Page::Sync,
        Page::UnitAccounts,
        Page::Users,
        Page::Units,
        Page::Settings,
        Page::Audit,
        Page::Instructions,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Page::Home => "/",
            Page::MyRecord => "/my-record",
            Page::Confirm => "/confirm",
            Page::Roster => "/roster",
            Page::Applications => "/applications",
            Page::Committee => "/committee",
            Page::PrelimReview => "/prelim-review",
            Page::PrelimMeeting => "/prelim-meeting",
            Page::PrelimResults => "/prelim-results",
            Page::Submission => "/submission",
            Page::FinalCheck => "/final-check",
            Page::Submissions => "/submissions",
            Page::Verification => "/verification",
            Page::Flags => "/flags",
            Page::Corrections => "/corrections",
            Page::Groups => "/groups",
            Page::Subcommittee => "/subcommittee",
            Page::SubReview => "/sub-review",
            Page::SubMeeting => "/sub-meeting",
            Page::SubResults => "/sub-results",
            Page::FinalReview => "/final-review",
            Page::Hearings => "/hearings",
            Page::MyDecision => "/my-decision",
            Page::DegreeData => "/degree-data",
            Page::DegreeNotice => "/degree-notice",
            Page::Batches => "/batches",
            Page::CommitteeRules => "/committee-rules",
            Page::Sync => "/sync",
            Page::UnitAccounts => "/unit-accounts",
            Page::Users => "/users",
            Page::Units => "/units",
            Page::Settings => "/settings",
            Page::Audit => "/audit",
            Page::Instructions => "/instructions",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Page::Home => "首页",
            Page::MyRecord => "学位信息",
            Page::Confirm => "信息确认",
            Page::Roster => "全部学生列表",
            Page::Applications => "申请学位学生",
            Page::Committee => "学位初审委员会",
            Page::PrelimReview => "网上学位初审",
            Page::PrelimMeeting => "学位初审信息",
            Page::PrelimResults => "学位初审结果",
            Page::Submission => "数据上报",
            Page::FinalCheck => "终审审核",
            Page::Submissions => "上报情况",
            Page::Verification => "学位信息核查",
            Page::Flags => "核查意见",
            Page::Corrections => "纸质修改申请",
            Page::Groups => "学科群管理",
            Page::Subcommittee => "学科群分会",
            Page::SubReview => "学科群分会评审",
            Page::SubMeeting => "分会评审信息",
            Page::SubResults => "分会评审结果",
            Page::FinalReview => "学位终审",
            Page::Hearings => "陈述申辩",
            Page::MyDecision => "学位评定结果",
            Page::DegreeData => "学位终审数据管理",
            Page::DegreeNotice => "学位授予通知",
            Page::Batches => "评审批次",
            Page::CommitteeRules => "表决规则",
            Page::Sync => "数据同步",
            Page::UnitAccounts => "账号管理",
            Page::Users => "用户管理",
            Page::Units => "培养单位与学科群",
            Page::Settings => "系统设置",
            Page::Audit => "审计日志",
            Page::Instructions => "填报说明",
        }
    }

    pub fn allows(self, actor: &Actor) -> bool {
        match self {
            Page::Home => true,
            Page::MyRecord | Page::Confirm => actor.has_role(Role::Student),
            // Opening filing is the unit admin's own work (see `workflow`).
            Page::Roster => actor.has_role(Role::UnitAdmin),
            Page::Applications => actor.can_somewhere(Permission::ViewApplications),
            Page::Committee | Page::PrelimMeeting | Page::PrelimResults => {
                actor.can_somewhere(Permission::ViewCommittee)
            }
            // Members give opinions there; the unit admin and the office
            // see the tally.
            Page::PrelimReview => {
                actor.can_somewhere(Permission::ReviewAsMember)
                    || actor.can_somewhere(Permission::ViewCommittee)
            }
            // 数据上报 and its read-only view are the unit admin's own work.
            Page::Submission | Page::FinalCheck => actor.has_role(Role::UnitAdmin),
            Page::Submissions => actor.can_somewhere(Permission::ViewSubmissions),
            Page::CommitteeRules => actor.can_somewhere(Permission::ManageCommitteeRules),
            Page::Verification => actor.can_somewhere(Permission::VerifySubmissions),
            Page::Flags => actor.can_somewhere(Permission::ViewFlags),
            Page::Corrections => actor.can_somewhere(Permission::ViewCorrections),
            Page::Groups => actor.can_somewhere(Permission::ManageGroups),
            Page::Subcommittee | Page::SubMeeting | Page::SubResults => {
                actor.can_somewhere(Permission::ViewSubcommittee)
            }
            Page::SubReview => {
                actor.can_somewhere(Permission::ReviewAsSubMember)
                    || actor.can_somewhere(Permission::ViewSubcommittee)
            }
            Page::FinalReview | Page::Hearings => actor.can_somewhere(Permission::FinalReview),
            Page::MyDecision => actor.can_somewhere(Permission::RespondHearing),
            Page::DegreeData => actor.can_somewhere(Permission::ManageDegreeData),
            Page::DegreeNotice => actor.can_somewhere(Permission::ViewDegreeNotices),
            Page::Batches => actor.can_somewhere(Permission::ManageBatches),
            Page::Sync => actor.can_somewhere(Permission::ViewSyncRuns),
            // A unit's registrations and accounts are its system
            // administrator's work.
            Page::UnitAccounts => actor.has_role(Role::UnitSysadmin),
            Page::Users | Page::Settings => actor.can_somewhere(Permission::ManageUsers),
            Page::Units => actor.can_somewhere(Permission::ManageUnits),
            Page::Audit => actor.can_somewhere(Permission::ViewAudit),
            Page::Instructions => actor.can_somewhere(Permission::ViewInstructions),
        }
    }
}

/// The navigation for an actor, in display order.
pub fn navigation(actor: &Actor) -> Vec<Page> {
    Page::ALL.into_iter().filter(|p| p.allows(actor)).collect()
}
