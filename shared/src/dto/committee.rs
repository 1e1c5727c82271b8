//! Committees (members, portal rights, online opinions, the meeting record,
//! results), the voting list, and the unit's submission (SPEC §2.5–2.6).

use crate::domain::StudentKind;
use crate::ids::{ApplicationId, BatchId, GroupId, UnitId};
use crate::workflow::committee::{
    Attendance, CommitteeKind, DecisionRule, Opinion, Position, Votes,
};
use crate::workflow::{Decision, Stage};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A committee member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub id: i64,
    pub name: String,
    /// 职称
    pub title: String,
    /// 工作单位
    pub affiliation: String,
    pub position: Position,
    /// 工号
    pub staff_no: Option<String>,
    /// 联系方式
    pub contact: Option<String>,
    /// The member's portal login, if one was ever granted.
    pub username: Option<String>,
    /// The login holds its rights now (授予信息门户权限, not withdrawn).
    pub portal_enabled: bool,
    pub version: i32,
}

/// A committee's members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Committee {
    pub kind: CommitteeKind,
    pub unit_id: Option<UnitId>,
    pub group_id: Option<GroupId>,
    /// The unit's (or group's) name.
    pub owner_name: String,
    pub members: Vec<Member>,
    /// The caller may change the members now (their role, and the unit has
    /// not submitted).
    pub editable: bool,
    /// Why not, when not editable for a reason other than the role.
    pub locked_reason: Option<String>,
}

/// A member as entered: add, or edit (with the version read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberInput {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 50))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 50))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub affiliation: String,
    pub position: Position,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 30))]
    pub staff_no: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub contact: Option<String>,
    /// The version read, when editing; ignored when adding.
    #[serde(default)]
    pub version: Option<i32>,
}

/// The version of a member read before removing it or changing its rights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberVersion {
    pub version: i32,
}

/// 授予信息门户权限: the login and its one-time initial password, shown
/// once; the member must change it at the first sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalGrant {
    pub member: Member,
    pub username: String,
    pub initial_password: String,
}

/// Filters of the 学位初审 list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ReviewQuery {
    /// Part of the name, or the start of the 学号.
    pub q: Option<String>,
    pub kind: Option<StudentKind>,
    /// Only applicants with (`true`) or without (`false`) a recorded result.
    pub decided: Option<bool>,
    /// Page number, from 1.
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub page: Option<i64>,
    /// Rows per page, 1 to 200.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub per_page: Option<i64>,
}

/// The online opinions on one applicant, as the manager sees them: counts,
/// and who has not yet given one. Members' names are never tied to their
/// opinions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    pub agree: u32,
    pub disagree: u32,
    pub abstain: u32,
    /// Members with portal rights who have not given an opinion.
    pub missing: Vec<String>,
}

/// A member's own opinion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpinionInput {
    pub opinion: Opinion,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub comment: String,
}

/// A recorded result of a committee's ballot on one applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultView {
    pub votes: Votes,
    pub decision: Decision,
    /// 缓议决议
    pub resolution: Option<String>,
    /// Why 未通过 or 缓议 against passing counts.
    pub reason: Option<String>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// One applicant of the committee's review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewRow {
    pub application_id: ApplicationId,
    pub version: i32,
    pub student_no: String,
    pub name: String,
    pub kind: StudentKind,
    pub major_name: Option<String>,
    pub thesis_title: Option<String>,
    pub advisor_name: Option<String>,
    pub state: Stage,
    /// The caller's own opinion (a member).
    pub my_opinion: Option<OpinionInput>,
    /// The caller may give or change an opinion now.
    pub may_give_opinion: bool,
    /// The caller may record (or change) this applicant's result now
    /// (`shared::workflow::apply` of the committee's record action).
    pub may_record: bool,
    /// The opinions so far (the manager and the degree office).
    pub tally: Option<Tally>,
    pub result: Option<ResultView>,
}

/// The 学位初审 list with what its page needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewPage {
    pub items: Vec<ReviewRow>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    /// Applicants of the unit's 申请学位学生 without a result (any page).
    pub undecided: i64,
    /// The caller may record results now (the committee's manager, while
    /// the unit has not submitted).
    pub may_record: bool,
    /// The last notice sent to the members (通知委员), if any.
    #[serde(default)]
    pub notice: Option<crate::dto::final_review::Notice>,
}

/// 学位初审信息: the meeting record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Meeting {
    pub held_on: NaiveDate,
    pub place: String,
    #[serde(flatten)]
    pub attendance: Attendance,
    /// 会议纪要
    pub minutes: String,
    /// 决议编号 (the congress's: the national report's JYBH).
    #[serde(default)]
    pub resolution_no: Option<String>,
    pub version: i32,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

/// The meeting record of a committee in the current batch, and its rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingView {
    pub batch_id: BatchId,
    pub meeting: Option<Meeting>,
    /// The committee's members now (to prefill 委员总数).
    pub members_now: u32,
    pub rule: RuleView,
    pub editable: bool,
    pub locked_reason: Option<String>,
}

/// The meeting record as entered (`version` of the record read; none for
/// the first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingInput {
    pub held_on: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub place: String,
    #[serde(flatten)]
    pub attendance: Attendance,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub minutes: String,
    /// 决议编号: required for the degree congress.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 50))]
    pub resolution_no: Option<String>,
    #[serde(default)]
    pub version: Option<i32>,
}

/// A committee kind's decision rule, as the degree office set it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleView {
    pub kind: CommitteeKind,
    pub rule: DecisionRule,
    /// The rule in words.
    pub description: String,
    pub version: i32,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

/// A new rule, with the version read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleUpdate {
    pub rule: DecisionRule,
    pub version: i32,
}

/// One result to record (学位初审结果): the ballot's counts and the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultInput {
    pub votes: Votes,
    pub decision: Decision,
    /// 缓议决议 (required for 缓议).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub resolution: Option<String>,
    /// Required for 未通过 or 缓议 when the counts pass.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub reason: Option<String>,
}

/// Results for several applicants: one by one (each with its version), or
/// the same counts and decision for many (bulk, as after a unanimous vote).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultsRequest {
    pub result: ResultInput,
    /// The applicants, each with the version read.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 2000))]
    pub applications: Vec<ApplicationVersion>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationVersion {
    pub id: ApplicationId,
    pub version: i32,
}

/// An applicant that stops the unit's submission (or the voting list), and
/// why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Blocker {
    pub application_id: ApplicationId,
    pub student_no: String,
    pub name: String,
    pub reason: String,
}

/// One row of 表决授予学位名单.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VotingListRow {
    /// 序号
    pub no: u32,
    pub student_no: String,
    pub name: String,
    pub kind: StudentKind,
    /// 学科专业 (code and name)
    pub major: String,
    pub thesis_title: String,
    pub advisor_name: String,
    pub votes: Votes,
    pub decision: Decision,
    pub resolution: Option<String>,
}

/// 表决授予学位名单: the page to print, sign and stamp.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VotingList {
    pub unit_name: String,
    pub batch_name: String,
    pub held_on: NaiveDate,
    #[serde(flatten)]
    pub attendance: Attendance,
    /// The committee's 主席, for the signature line.
    pub chair: Option<String>,
    pub rows: Vec<VotingListRow>,
}

/// One event of a unit's submission (数据上报) and its reopenings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionEvent {
    pub kind: SubmissionEventKind,
    pub by: String,
    pub at: DateTime<Utc>,
    /// The reopening's reason.
    pub reason: Option<String>,
    /// How many applications were submitted.
    pub applications: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubmissionEventKind {
    /// 数据上报
    Submitted,
    /// 退回培养单位修改
    Reopened,
}

impl SubmissionEventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionEventKind::Submitted => "submitted",
            SubmissionEventKind::Reopened => "reopened",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "submitted" => Some(SubmissionEventKind::Submitted),
            "reopened" => Some(SubmissionEventKind::Reopened),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SubmissionEventKind::Submitted => "数据上报",
            SubmissionEventKind::Reopened => "退回培养单位修改",
        }
    }
}

/// Counts of a unit's applications by 学位初审 result.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionCounts {
    pub applications: i64,
    pub passed: i64,
    pub failed: i64,
    pub deferred: i64,
    /// Without a result (not yet 已审核, or no 初审结果).
    pub undecided: i64,
}

/// A unit's submission in the current batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionStatus {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub batch_id: BatchId,
    pub batch_name: String,
    pub submitted: bool,
    pub submitted_at: Option<DateTime<Utc>>,
    /// The last reopening's reason, while the unit has not submitted again.
    pub reopen_reason: Option<String>,
    pub counts: DecisionCounts,
    /// What stops a submission now (empty: it may submit).
    pub blockers: Vec<Blocker>,
    pub history: Vec<SubmissionEvent>,
    /// The caller may submit now.
    pub may_submit: bool,
    /// The caller may reopen now.
    pub may_reopen: bool,
    pub version: i32,
}

/// 数据上报 or its reopening, with the version of the status read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionChange {
    pub version: i32,
    /// The reopening's reason (required to reopen).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub reason: Option<String>,
}

/// One unit in the degree office's overview of submissions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionOverviewRow {
    pub unit_id: UnitId,
    pub unit_code: String,
    pub unit_name: String,
    pub submitted: bool,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reopen_reason: Option<String>,
    pub counts: DecisionCounts,
}

/// The degree office's overview of the current batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionOverview {
    pub batch_id: BatchId,
    pub batch_name: String,
    pub units: Vec<SubmissionOverviewRow>,
    pub units_submitted: i64,
    pub totals: DecisionCounts,
}

/// A new password (the first sign-in of a member, or any time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    #[cfg_attr(feature = "openapi", schema(max_length = 128))]
    pub current_password: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 128))]
    pub new_password: String,
}
