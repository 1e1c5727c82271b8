//! 用户权限管理 (SPEC §1, §4): the staff's 备案 (registration) and its
//! approval, the accounts of a unit and of the university, the training
//! units and discipline groups, the system's settings, and the portal
//! sign-in (统一身份认证).

use crate::authz::{Role, RoleGrant};
use crate::dto::auth::GrantView;
use crate::ids::{GroupId, UnitId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A training unit as the public registration form lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicUnit {
    pub id: UnitId,
    pub code: String,
    pub name: String,
}

/// 备案: a unit's staff member registers and asks for a right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewRegistration {
    pub unit_id: UnitId,
    /// 姓名
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub name: String,
    /// 工号
    #[cfg_attr(feature = "openapi", schema(max_length = 30))]
    pub staff_no: String,
    /// 手机号码
    #[cfg_attr(feature = "openapi", schema(max_length = 20))]
    pub phone: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub email: String,
    /// 用户名 (letters, digits, `_`, `.`, `-`; 3 to 30)
    #[cfg_attr(feature = "openapi", schema(max_length = 30))]
    pub username: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 128))]
    pub password: String,
    /// The right asked for: `unit_admin` (教育管理干部).
    pub role: Role,
}

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Pending,
    Approved,
    Rejected,
}

impl RegistrationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Pending => "pending",
            RegistrationStatus::Approved => "approved",
            RegistrationStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Approved, Self::Rejected]
            .into_iter()
            .find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            RegistrationStatus::Pending => "待审核",
            RegistrationStatus::Approved => "已批准",
            RegistrationStatus::Rejected => "未批准",
        }
    }
}

/// What the registering person is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationReceipt {
    pub id: i64,
    pub status: RegistrationStatus,
    pub message: String,
}

/// A registration, as the unit's system administrator reviews it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Registration {
    pub id: i64,
    pub user_id: UserId,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub name: String,
    pub staff_no: String,
    pub phone: String,
    pub email: String,
    pub username: String,
    pub role: Role,
    pub status: RegistrationStatus,
    /// Why it was not approved.
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<String>,
}

/// Filter of a unit's registrations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RegistrationQuery {
    pub status: Option<RegistrationStatus>,
}

/// Approve a registration, or reject it with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationDecision {
    pub approve: bool,
    /// Required when rejecting; the applicant reads it when signing in.
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: Option<String>,
}

/// An account, as its administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub staff_no: Option<String>,
    pub active: bool,
    /// A one-time password is still to be changed.
    pub must_change_password: bool,
    /// Locked for a while after too many failed sign-ins.
    pub locked: bool,
    pub grants: Vec<GrantView>,
    /// The account's version: a change of its roles names it and is
    /// refused (`409 stale_version`) when the account changed meanwhile.
    pub version: i32,
}

/// Which accounts of a unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// The unit's staff (教育管理干部, 学位初审委员, 系统管理员).
    #[default]
    Staff,
    /// The unit's students.
    Student,
}

/// Search and paging of accounts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AccountQuery {
    /// Start of the user name, or part of the name.
    #[cfg_attr(feature = "openapi", param(max_length = 50))]
    pub q: Option<String>,
    /// A unit's accounts: its staff (default) or its students.
    pub kind: Option<AccountKind>,
    /// The whole university's accounts (the system administrator): those
    /// holding this role.
    pub role: Option<Role>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100000))]
    pub page: Option<i64>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub per_page: Option<i64>,
}

/// Disable or enable an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActiveInput {
    pub active: bool,
}

/// A password reset: the one-time password, shown once; the account must
/// change it at its next sign-in, and its open sessions end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OneTimePassword {
    pub user_id: UserId,
    pub username: String,
    pub password: String,
}

/// An account's roles within one unit (those its system administrator
/// may give: 教育管理干部, 学位初审委员).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitRoles {
    pub roles: Vec<Role>,
    /// The account's version these roles were chosen against.
    pub version: i32,
}

/// Every grant of an account (the system administrator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Grants {
    pub grants: Vec<RoleGrant>,
    /// The account's version these grants were chosen against.
    pub version: i32,
}

/// A training unit as the system administrator edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitInput {
    /// 培养单位代码 (5 digits)
    #[cfg_attr(feature = "openapi", schema(max_length = 5))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 60))]
    pub name: String,
    /// 单位负责人 (the national report's XZXM)
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub head_name: String,
    /// The version edited: required to change a unit (`409
    /// stale_version` when it changed meanwhile), absent to add one.
    #[serde(default)]
    pub version: Option<i32>,
}

/// A training unit with everything the administrator edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitDetail {
    pub id: UnitId,
    pub code: String,
    pub name: String,
    pub head_name: String,
    pub version: i32,
}

/// A discipline group as the system administrator edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupInput {
    #[cfg_attr(feature = "openapi", schema(max_length = 10))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 60))]
    pub name: String,
    /// The version edited: required to change a group (`409
    /// stale_version` when it changed meanwhile), absent to add one.
    #[serde(default)]
    pub version: Option<i32>,
}

/// A discipline group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupDetail {
    pub id: GroupId,
    pub code: String,
    pub name: String,
    pub version: i32,
}

/// The system's settings, read only (they come from the configuration).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemSettings {
    /// Base URL of the campus systems (学籍, 教师, 教务, 培养).
    pub upstream_url: Option<String>,
    pub upstream_timeout_ms: u64,
    pub upstream_retries: u32,
    /// The times of the automatic sync, Beijing time.
    pub sync_times: Vec<String>,
    pub last_sync_at: Option<DateTime<Utc>>,
    /// The next scheduled run; none when no campus systems are configured.
    pub next_sync_at: Option<DateTime<Utc>>,
    /// Base URL of the portal's single sign-on (CAS).
    pub portal_url: Option<String>,
    pub token_minutes: i64,
    pub max_failed_logins: i32,
    pub lockout_minutes: i64,
}

/// How one may sign in here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginMethods {
    /// 统一身份认证: where the browser goes to sign in at the portal, which
    /// sends it back to the SPA's `/login/portal` with a ticket.
    pub portal_login_url: Option<String>,
}

/// A portal's service ticket, for `POST /auth/portal`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalLogin {
    #[cfg_attr(feature = "openapi", schema(max_length = 256))]
    pub ticket: String,
}
