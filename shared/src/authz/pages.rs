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
    Batches,
    Sync,
    Audit,
    Instructions,
}

impl Page {
    pub const ALL: [Page; 9] = [
        Page::Home,
        Page::MyRecord,
        Page::Confirm,
        Page::Roster,
        Page::Applications,
        Page::Batches,
        Page::Sync,
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
            Page::Batches => "/batches",
            Page::Sync => "/sync",
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
            Page::Batches => "评审批次",
            Page::Sync => "数据同步",
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
            Page::Batches => actor.can_somewhere(Permission::ManageBatches),
            Page::Sync => actor.can_somewhere(Permission::ViewSyncRuns),
            Page::Audit => actor.can_somewhere(Permission::ViewAudit),
            Page::Instructions => actor.can_somewhere(Permission::ViewInstructions),
        }
    }
}

/// The navigation for an actor, in display order.
pub fn navigation(actor: &Actor) -> Vec<Page> {
    Page::ALL.into_iter().filter(|p| p.allows(actor)).collect()
}
