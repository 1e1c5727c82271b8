//! Roles, scopes and the one permission check. The server calls [`check`]
//! in every handler; the SPA derives its navigation from the same rules.

use crate::ids::{GroupId, StudentId, UnitId, UserId};
use serde::{Deserialize, Serialize};

mod accounts;
mod pages;
pub use accounts::{account_unit, check_manage_account, REGISTRABLE, UNIT_GRANTABLE};
pub use pages::{navigation, Page};

/// The roles of SPEC §1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Sysadmin,
    DegreeOffice,
    UnitSysadmin,
    UnitAdmin,
    PrelimMember,
    Secretary,
    SubMember,
    NetworkCenter,
    Student,
}

/// What a role's grant is limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum GrantScope {
    Global,
    Unit(UnitId),
    Group(GroupId),
    Student(StudentId),
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Sysadmin,
        Role::DegreeOffice,
        Role::UnitSysadmin,
        Role::UnitAdmin,
        Role::PrelimMember,
        Role::Secretary,
        Role::SubMember,
        Role::NetworkCenter,
        Role::Student,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Sysadmin => "sysadmin",
            Role::DegreeOffice => "degree_office",
            Role::UnitSysadmin => "unit_sysadmin",
            Role::UnitAdmin => "unit_admin",
            Role::PrelimMember => "prelim_member",
            Role::Secretary => "secretary",
            Role::SubMember => "sub_member",
            Role::NetworkCenter => "network_center",
            Role::Student => "student",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Sysadmin => "系统管理员",
            Role::DegreeOffice => "国科大学位办",
            Role::UnitSysadmin => "培养单位系统管理员",
            Role::UnitAdmin => "教育管理干部",
            Role::PrelimMember => "学位初审委员",
            Role::Secretary => "学科群分会秘书处",
            Role::SubMember => "学科群分会委员",
            Role::NetworkCenter => "网络中心",
            Role::Student => "学生",
        }
    }

    /// Which kind of scope a grant of this role must carry.
    pub fn scope_kind(self) -> ScopeKind {
        match self {
            Role::Sysadmin | Role::DegreeOffice | Role::NetworkCenter => ScopeKind::Global,
            Role::UnitSysadmin | Role::UnitAdmin | Role::PrelimMember => ScopeKind::Unit,
            Role::Secretary | Role::SubMember => ScopeKind::Group,
            Role::Student => ScopeKind::Student,
        }
    }

    /// The permissions this role holds (within its grant's scope).
    /// This table is the single statement of who may do what.
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::Sysadmin => &[
                ViewBatches,
                ManageGroups,
                ViewAudit,
                ManageUnits,
                ManageUsers,
                ViewUnits,
                SyncStudent,
                SyncUnit,
                ViewSyncRuns,
                ViewDossier,
                ViewApplications,
                ViewInstructions,
            ],
            Role::DegreeOffice => &[
                ViewBatches,
                ManageBatches,
                ViewAudit,
                ViewUnits,
                SyncStudent,
                SyncUnit,
                ViewSyncRuns,
                ViewDossier,
                ViewApplications,
                ViewInstructions,
                ManageInstructions,
                ViewCommittee,
                ViewSubmissions,
                ManageCommitteeRules,
                VerifySubmissions,
                ViewFlags,
                ManageFlags,
                ViewCorrections,
                ManageGroups,
                ViewSubcommittee,
                FinalReview,
                ManageDegreeData,
                ViewDegreeNotices,
            ],
            Role::UnitSysadmin => &[ViewBatches, ManageUnitAccounts, ViewUnits, ViewInstructions],
            Role::UnitAdmin => &[
                ViewBatches,
                ViewUnits,
                SyncStudent,
                SyncUnit,
                ViewSyncRuns,
                ViewDossier,
                ViewApplications,
                ViewInstructions,
                ViewCommittee,
                ManageCommittee,
                ViewFlags,
                ViewCorrections,
                ViewDegreeNotices,
            ],
            Role::PrelimMember => &[ViewBatches, ViewInstructions, ReviewAsMember],
            Role::Secretary => &[
                ViewBatches,
                ViewUnits,
                ReviewSubmitted,
                ViewInstructions,
                VerifySubmissions,
                ViewFlags,
                ViewCorrections,
                ViewSubcommittee,
                ManageSubcommittee,
            ],
            Role::SubMember => &[
                ViewBatches,
                ReviewSubmitted,
                ViewInstructions,
                ViewCorrections,
                ReviewAsSubMember,
            ],
            Role::NetworkCenter => &[ViewBatches, ViewInstructions, ViewCorrections],
            Role::Student => &[
                ViewBatches,
                SyncStudent,
                ViewDossier,
                ViewInstructions,
                RespondHearing,
            ],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Global,
    Unit,
    Group,
    Student,
}

/// One role held by a user, limited to a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleGrant {
    pub role: Role,
    pub scope: GrantScope,
}

impl RoleGrant {
    /// A grant is well formed when its scope is of the kind its role needs.
    pub fn is_well_formed(&self) -> bool {
        matches!(
            (self.role.scope_kind(), self.scope),
            (ScopeKind::Global, GrantScope::Global)
                | (ScopeKind::Unit, GrantScope::Unit(_))
                | (ScopeKind::Group, GrantScope::Group(_))
                | (ScopeKind::Student, GrantScope::Student(_))
        )
    }

    /// Does this grant's scope cover the target?
    pub fn covers(&self, target: &Scope) -> bool {
        match (self.scope, target) {
            (GrantScope::Global, _) | (_, Scope::Shared) => true,
            (GrantScope::Unit(u), Scope::Unit(t)) => u == *t,
            (GrantScope::Unit(u), Scope::Student { unit, .. }) => u == *unit,
            (GrantScope::Group(g), Scope::Group(t)) => g == *t,
            (GrantScope::Group(g), Scope::Student { group, .. }) => Some(g) == *group,
            (GrantScope::Student(s), Scope::Student { student, .. }) => s == *student,
            _ => false,
        }
    }
}

/// What an operation acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Data every signed-in role may see (e.g. the batch calendar).
    Shared,
    /// University-wide data (batches, users, the audit log).
    Global,
    /// Data of one training unit.
    Unit(UnitId),
    /// Data of one discipline group.
    Group(GroupId),
    /// One student's record, which belongs to a unit and maybe a group.
    Student {
        student: StudentId,
        unit: UnitId,
        group: Option<GroupId>,
    },
}

/// Things an actor may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// See review batches and the current batch.
    ViewBatches,
    /// Open a batch and advance its phase.
    ManageBatches,
    /// Read the audit log.
    ViewAudit,
    /// Read the list of training units and discipline groups.
    ViewUnits,
    /// Create and edit training units and discipline groups.
    ManageUnits,
    /// Create users and grant roles university-wide.
    ManageUsers,
    /// Approve and manage the accounts of one unit.
    ManageUnitAccounts,
    /// “同步数据” for one student (their own record, or a student of the unit).
    SyncStudent,
    /// Sync a whole unit, or refresh its student list.
    SyncUnit,
    /// See sync runs and their failures.
    ViewSyncRuns,
    /// Read a student's dossier.
    ViewDossier,
    /// Read the dossier of an application its unit has submitted (数据上报):
    /// the discipline group's reviewers. When it applies is
    /// `shared::workflow::check_view_dossier`'s rule.
    ReviewSubmitted,
    /// List a unit's students and applications (全部学生列表, 申请学位学生).
    ViewApplications,
    /// Read the filling instructions (填报说明).
    ViewInstructions,
    /// Edit the filling instructions.
    ManageInstructions,
    /// Read a committee: its members, meeting record, opinions' tally and
    /// results (学位初审委员会 of a unit, for its unit admin and the office).
    ViewCommittee,
    /// Change a committee's members, portal rights, meeting record and
    /// results; submit the unit's data (数据上报).
    ManageCommittee,
    /// As a committee member: read the dossiers the committee reviews and
    /// give an online opinion (网上学位初审). When it applies is
    /// `shared::workflow::committee`'s rule.
    ReviewAsMember,
    /// See every unit's submission (数据上报) and reopen one.
    ViewSubmissions,
    /// Set the committees' decision rules.
    ManageCommitteeRules,
    /// 学位信息核查: list the submitted applications (of the discipline group,
    /// for its secretariat) and raise 核查意见 on them.
    VerifySubmissions,
    /// Read the 核查意见 (of the unit, the group, or all).
    ViewFlags,
    /// Resolve or dismiss 核查意见.
    ManageFlags,
    /// Read the 纸质修改申请 and their scans (of the unit, the group, or
    /// all). Who records, approves and applies them is
    /// `shared::workflow::verification`'s rule.
    ViewCorrections,
    /// Map majors to discipline groups and see who falls in none.
    ManageGroups,
    /// Read a 学科群分会: its members, meeting record, tally and results.
    ViewSubcommittee,
    /// Change a 学科群分会's members, portal rights, meeting and results,
    /// and notify its members (the group's secretariat).
    ManageSubcommittee,
    /// As a 学科群分会 member: read the group's dossiers and give an opinion.
    ReviewAsSubMember,
    /// 学位终审: the aggregated results, the congress's meeting, the final
    /// decisions and the hearings before a refusal.
    FinalReview,
    /// As the applicant: answer a proposed refusal (陈述、申辩) and see the
    /// final decision.
    RespondHearing,
    /// 学位终审数据管理: issue and revoke 学位证书编号, send the 学位授予通知,
    /// publish the 公告, validate and export the national report.
    ManageDegreeData,
    /// Read the 学位授予通知 (of the unit, or all).
    ViewDegreeNotices,
}

/// The signed-in user, as the server established it from the token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Actor {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub grants: Vec<RoleGrant>,
}

/// Why a check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("no role of the actor holds {0:?}")]
    MissingPermission(Permission),
    #[error("the actor holds {0:?} but not for this scope")]
    OutOfScope(Permission),
    #[error("the actor does not act as {0:?} for this scope")]
    NotActingAs(Role),
    #[error("one's own account is changed through one's own pages")]
    OwnAccount,
}

impl Actor {
    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    /// Holds the permission for at least one scope (used to draw navigation).
    pub fn can_somewhere(&self, perm: Permission) -> bool {
        self.grants
            .iter()
            .any(|g| g.role.permissions().contains(&perm))
    }

    /// The grants of a role, e.g. the units a unit admin works for.
    pub fn grants_of(&self, role: Role) -> impl Iterator<Item = &RoleGrant> {
        self.grants.iter().filter(move |g| g.role == role)
    }
}

/// The one permission check: some grant of the actor holds `perm` and its
/// scope covers `target`.
pub fn check(actor: &Actor, perm: Permission, target: Scope) -> Result<(), Denied> {
    let mut holds = false;
    for grant in actor
        .grants
        .iter()
        .filter(|g| g.role.permissions().contains(&perm))
    {
        holds = true;
        if grant.covers(&target) {
            return Ok(());
        }
    }
    Err(if holds {
        Denied::OutOfScope(perm)
    } else {
        Denied::MissingPermission(perm)
    })
}

/// The roles whose grants give the actor `perm` on `target` (empty: refused).
pub fn roles_holding(actor: &Actor, perm: Permission, target: Scope) -> Vec<Role> {
    let mut roles: Vec<Role> = actor
        .grants
        .iter()
        .filter(|g| g.role.permissions().contains(&perm) && g.covers(&target))
        .map(|g| g.role)
        .collect();
    roles.sort();
    roles.dedup();
    roles
}

/// Acting as a given role (used by workflow actions, whose performing roles
/// are stated in [`crate::workflow`]): the actor holds the role with a grant
/// covering the target.
pub fn check_role(actor: &Actor, role: Role, target: Scope) -> Result<(), Denied> {
    if actor.grants_of(role).any(|g| g.covers(&target)) {
        Ok(())
    } else {
        Err(Denied::NotActingAs(role))
    }
}

#[cfg(test)]
mod tests;
