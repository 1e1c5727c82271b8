//! Discipline groups and their majors, the notice to a committee's members,
//! 学位终审 (the aggregated results, the final decisions) and the hearing
//! before a refusal (SPEC §2.8–2.9).

use crate::domain::StudentKind;
use crate::ids::{ApplicationId, BatchId, GroupId, UnitId};
use crate::workflow::committee::Votes;
use crate::workflow::final_review::HearingStatus;
use crate::workflow::{BatchPhase, Decision, FinalDecision, Stage};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A major (专业) with the number of its applicants submitted in the
/// current batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MajorRow {
    pub major_code: String,
    pub major_name: String,
    pub applicants: i64,
}

/// A discipline group (学科群) with its majors and its secretariat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupView {
    pub id: GroupId,
    pub code: String,
    pub name: String,
    pub majors: Vec<MajorRow>,
    /// Its submitted applicants in the current batch.
    pub applicants: i64,
    /// The accounts of its 秘书处.
    pub secretaries: Vec<String>,
}

/// A submitted applicant whose major belongs to no group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unassigned {
    pub application_id: ApplicationId,
    pub student_no: String,
    pub name: String,
    pub unit_name: String,
    pub major_code: Option<String>,
    pub major_name: Option<String>,
}

/// The groups, and who falls in none (学科群管理).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupsOverview {
    pub groups: Vec<GroupView>,
    /// Majors of the current batch's applicants that no group reviews.
    pub unmapped_majors: Vec<MajorRow>,
    /// The applicants among them (at most 500; `unassigned_total` counts all).
    pub unassigned: Vec<Unassigned>,
    pub unassigned_total: i64,
    /// The caller may change the mapping now.
    pub editable: bool,
    pub locked_reason: Option<String>,
}

/// Put a major into a group (or, with `group_id` none, into no group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MajorAssignment {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 20))]
    pub major_code: String,
    pub group_id: Option<GroupId>,
}

/// 通知委员: tell the committee's members with portal rights to review, by
/// a deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeInput {
    pub deadline: NaiveDate,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub note: String,
}

/// A notice sent to the members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub deadline: NaiveDate,
    pub note: String,
    pub recipients: u32,
    pub sent_by: String,
    pub sent_at: DateTime<Utc>,
}

/// The counts of a set of applicants by their decisions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultCounts {
    pub applicants: i64,
    /// 学位初审 未通过 / 缓议 (not reviewed by the subcommittee)
    pub prelim_failed: i64,
    pub prelim_deferred: i64,
    /// 分会评审 通过 / 未通过 / 缓议, and not yet recorded
    pub sub_passed: i64,
    pub sub_failed: i64,
    pub sub_deferred: i64,
    pub sub_missing: i64,
    /// 学位终审: 授予 / 不授予 / 缓议, and not yet decided
    pub conferred: i64,
    pub not_conferred: i64,
    pub deferred: i64,
    pub undecided: i64,
}

/// One group's or unit's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AggregateRow {
    /// The group's or unit's id.
    pub id: i64,
    pub name: String,
    pub counts: ResultCounts,
}

/// 学位终审: the results aggregated per group and per unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FinalOverview {
    pub batch_id: BatchId,
    pub phase: BatchPhase,
    pub totals: ResultCounts,
    pub groups: Vec<AggregateRow>,
    pub units: Vec<AggregateRow>,
    /// Hearings awaiting the applicant or the office's record.
    pub open_hearings: i64,
}

/// Filters and paging of the final-review list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct FinalQuery {
    /// An earlier (completed) batch, to browse it; the current one by
    /// default.
    pub batch_id: Option<i64>,
    pub group_id: Option<i64>,
    pub unit_id: Option<i64>,
    /// 姓名 or 学号 prefix
    #[cfg_attr(feature = "openapi", param(max_length = 50))]
    pub q: Option<String>,
    /// With (true) or without (false) a final decision.
    pub decided: Option<bool>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100000))]
    pub page: Option<i64>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub per_page: Option<i64>,
}

/// What a final decision rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DecisionBasis {
    /// 采纳分会建议
    Recommendation,
    /// 改变建议 (with its reason)
    Override,
    /// 逐人表决 (the counts by the rule)
    Vote,
}

impl DecisionBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionBasis::Recommendation => "recommendation",
            DecisionBasis::Override => "override",
            DecisionBasis::Vote => "vote",
        }
    }

    pub fn parse(s: &str) -> Option<DecisionBasis> {
        [
            DecisionBasis::Recommendation,
            DecisionBasis::Override,
            DecisionBasis::Vote,
        ]
        .into_iter()
        .find(|b| b.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            DecisionBasis::Recommendation => "采纳建议",
            DecisionBasis::Override => "改变建议",
            DecisionBasis::Vote => "逐人表决",
        }
    }
}

/// A recorded final decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FinalDecisionView {
    pub decision: FinalDecision,
    pub basis: DecisionBasis,
    pub reason: Option<String>,
    pub votes: Option<Votes>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// The hearing before a refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HearingView {
    pub id: i64,
    pub application_id: ApplicationId,
    pub status: HearingStatus,
    /// What is proposed, with the facts and reasons, as the applicant was told.
    pub facts_and_reasons: String,
    pub deadline: DateTime<Utc>,
    /// The period has ended.
    pub period_over: bool,
    pub statement: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    /// The office's record of the hearing.
    pub record: Option<String>,
    pub proposed_by: String,
    pub proposed_at: DateTime<Utc>,
    pub recorded_by: Option<String>,
    pub recorded_at: Option<DateTime<Utc>>,
    pub version: i32,
}

/// One applicant in the final review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FinalRow {
    pub application_id: ApplicationId,
    pub version: i32,
    pub student_no: String,
    pub name: String,
    pub kind: StudentKind,
    pub unit_name: String,
    pub group_name: Option<String>,
    pub major_name: Option<String>,
    pub state: Stage,
    pub prelim: Option<Decision>,
    pub subcommittee: Option<Decision>,
    /// What the congress is recommended (none: the subcommittee has not decided).
    pub recommendation: Option<FinalDecision>,
    pub decision: Option<FinalDecisionView>,
    pub hearing: Option<HearingView>,
    /// The final decisions the office may record now.
    pub may_decide: Vec<FinalDecision>,
    /// A refusal may be proposed to the applicant now.
    pub may_propose_hearing: bool,
}

/// One page of the final-review list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FinalPage {
    pub items: Vec<FinalRow>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// A final decision on one applicant, as of the `version` read. Against
/// the recommendation it needs a reason; with `votes` it is checked by the
/// congress's rule against its meeting; 缓议 needs its resolution (reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FinalDecisionInput {
    pub decision: FinalDecision,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub reason: Option<String>,
    #[serde(default)]
    pub votes: Option<Votes>,
    pub version: i32,
}

/// Accept the recommendation for every applicant without a final decision
/// (of one group or unit, if given).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptRecommendations {
    #[serde(default)]
    pub group_id: Option<GroupId>,
    #[serde(default)]
    pub unit_id: Option<UnitId>,
}

/// 拟不授予学位: tell the applicant, with the facts and reasons, and the
/// period (days, default 5) for a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HearingProposal {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2000))]
    pub facts_and_reasons: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 60))]
    pub days: Option<u32>,
    /// The application's version read.
    pub version: i32,
}

/// The applicant's answer: a statement, or `waive`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HearingAnswer {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub statement: Option<String>,
    #[serde(default)]
    pub waive: bool,
    /// The hearing's version read.
    pub version: i32,
}

/// The office's record of the hearing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HearingRecordInput {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2000))]
    pub record: String,
    /// The hearing's version read.
    pub version: i32,
}

/// A hearing in the office's list, with its applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HearingRow {
    pub student_no: String,
    pub name: String,
    pub unit_name: String,
    pub hearing: HearingView,
}

/// The student's own decision (学位评定结果) and any hearing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyDecision {
    pub batch_name: String,
    pub state: Stage,
    /// 学位证书编号, once issued.
    #[serde(default)]
    pub certificate_no: Option<String>,
    /// The final decision, once recorded.
    pub decision: Option<FinalDecision>,
    /// Its reasons, for a refusal or a deferral.
    pub reasons: Option<String>,
    pub hearing: Option<HearingView>,
    /// The applicant may still answer the hearing.
    pub may_answer: bool,
}
