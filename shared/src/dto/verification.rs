//! 学位信息核查 (the submitted applications and their 核查意见), 封网 and the
//! 纸质修改申请 after it (SPEC §2.7).

use crate::domain::StudentKind;
use crate::dto::committee::ResultView;
use crate::dto::PageQuery;
use crate::ids::{ApplicationId, UnitId};
use crate::workflow::verification::{CorrectionStatus, FlagStatus};
use crate::workflow::{Decision, Stage};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Filters of the 核查 list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct VerificationQuery {
    pub unit_id: Option<UnitId>,
    pub kind: Option<StudentKind>,
    /// 专业代码
    pub major: Option<String>,
    /// 学位初审结论
    pub prelim: Option<Decision>,
    /// Only those with (`true`) or without (`false`) an open 核查意见.
    pub flagged: Option<bool>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows per page, 1 to 200 (default 20).
    pub per_page: Option<i64>,
}

impl VerificationQuery {
    pub fn paging(&self) -> PageQuery {
        PageQuery {
            page: self.page,
            per_page: self.per_page,
        }
    }
}

/// One submitted application in the 核查 list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerificationRow {
    pub application_id: ApplicationId,
    pub student_no: String,
    pub name: String,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub kind: StudentKind,
    pub major_code: Option<String>,
    pub major_name: Option<String>,
    pub state: Stage,
    pub prelim_decision: Option<Decision>,
    /// 核查意见 still open.
    pub open_flags: i64,
    /// The caller may raise a 核查意见 on it now.
    pub may_flag: bool,
}

/// Counts over the whole filtered list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerificationCounts {
    pub applications: i64,
    pub passed: i64,
    pub failed: i64,
    pub deferred: i64,
    /// With at least one open 核查意见.
    pub flagged: i64,
}

/// A page of the 核查 list with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerificationPage {
    pub items: Vec<VerificationRow>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub counts: VerificationCounts,
}

/// A new 核查意见.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlagInput {
    /// A dossier field's wire name, or `general`.
    #[cfg_attr(feature = "openapi", schema(max_length = 64))]
    pub field: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub message: String,
}

/// A 核查意见 and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Flag {
    pub id: i64,
    pub application_id: ApplicationId,
    pub student_no: String,
    pub name: String,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub field: String,
    pub field_label: String,
    pub message: String,
    /// The field's value when the flag was raised.
    pub value_then: Option<String>,
    pub raised_by: String,
    pub raised_at: DateTime<Utc>,
    pub status: FlagStatus,
    /// The office's note, or how it was resolved.
    pub note: Option<String>,
    pub closed_by: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i32,
}

/// Filters of the 核查意见 list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct FlagQuery {
    pub status: Option<FlagStatus>,
    pub unit_id: Option<UnitId>,
    pub application_id: Option<ApplicationId>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl FlagQuery {
    pub fn paging(&self) -> PageQuery {
        PageQuery {
            page: self.page,
            per_page: self.per_page,
        }
    }
}

/// How the office closes a 核查意见.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FlagOutcome {
    Resolved,
    Dismissed,
}

/// The office closes a 核查意见.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlagClose {
    pub outcome: FlagOutcome,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub note: String,
    pub version: i32,
}

/// A new 纸质修改申请.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CorrectionInput {
    /// A correctable field's wire name
    /// (`shared::workflow::verification::correctable`).
    #[cfg_attr(feature = "openapi", schema(max_length = 64))]
    pub field: String,
    /// The value as the record has it now (must match).
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub current_value: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub requested_value: Option<String>,
    /// 情况说明
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1000))]
    pub explanation: String,
}

/// A request's scanned attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentInfo {
    /// `application/pdf` or `image/jpeg`, as read from the file itself.
    pub content_type: String,
    pub bytes: i64,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
}

/// A 纸质修改申请 and its path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Correction {
    /// Its number: the field history says "修改申请 #id".
    pub id: i64,
    pub application_id: ApplicationId,
    pub student_no: String,
    pub name: String,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub field: String,
    pub field_label: String,
    pub current_value: Option<String>,
    pub requested_value: Option<String>,
    pub explanation: String,
    pub status: CorrectionStatus,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    pub attachment: Option<AttachmentInfo>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    pub applied_by: Option<String>,
    pub applied_at: Option<DateTime<Utc>>,
    /// The record still holds `current_value` (for a request not applied
    /// yet): `false` means applying it is refused until a person looks.
    pub still_current: bool,
    pub version: i32,
}

/// Filters of the 纸质修改申请 list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct CorrectionQuery {
    pub status: Option<CorrectionStatus>,
    pub unit_id: Option<UnitId>,
    pub application_id: Option<ApplicationId>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl CorrectionQuery {
    pub fn paging(&self) -> PageQuery {
        PageQuery {
            page: self.page,
            per_page: self.per_page,
        }
    }
}

/// The degree office's decision on a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CorrectionDecision {
    pub approve: bool,
    /// Required when rejecting.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub note: String,
    pub version: i32,
}

/// The version a single step is based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionOnly {
    pub version: i32,
}

/// Apply many approved requests at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplyCorrections {
    /// Request ids (at most 2000).
    pub ids: Vec<i64>,
}

/// A request that was not applied, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotApplied {
    pub id: i64,
    pub student_no: String,
    pub reason: String,
}

/// What applying many requests did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppliedCorrections {
    pub applied: u32,
    pub skipped: Vec<NotApplied>,
}

/// What a reviewer reads beside a dossier: its 学位初审 record, its
/// 核查意见 and its 纸质修改申请.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewRecord {
    pub application_id: ApplicationId,
    pub prelim: Option<ResultView>,
    pub flags: Vec<Flag>,
    pub corrections: Vec<Correction>,
    /// The caller may raise a 核查意见 now.
    pub may_flag: bool,
    /// The caller may record a 纸质修改申请 now.
    pub may_request_correction: bool,
    /// The fields a correction may name.
    pub correctable_fields: Vec<FieldChoice>,
}

/// A dossier field to choose, with its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChoice {
    pub field: String,
    pub label: String,
}
