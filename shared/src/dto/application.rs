//! Filing, the dossier, confirmation and unit review (SPEC §2.2–2.4).

use crate::domain::StudentKind;
use crate::dossier::{FilledField, FilledValues};
use crate::dto::sync::SyncedDossier;
use crate::error::FieldError;
use crate::ids::{ApplicationId, BatchId, StudentId, UnitId};
use crate::workflow::{Action, Stage};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Sort orders of the student lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StudentSort {
    #[default]
    StudentNo,
    StudentNoDesc,
    Name,
    NameDesc,
    Kind,
}

impl StudentSort {
    pub const ALL: [StudentSort; 5] = [
        StudentSort::StudentNo,
        StudentSort::StudentNoDesc,
        StudentSort::Name,
        StudentSort::NameDesc,
        StudentSort::Kind,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StudentSort::StudentNo => "student_no",
            StudentSort::StudentNoDesc => "student_no_desc",
            StudentSort::Name => "name",
            StudentSort::NameDesc => "name_desc",
            StudentSort::Kind => "kind",
        }
    }
}

/// Filters of 全部学生列表.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct RosterQuery {
    /// Part of the name.
    pub name: Option<String>,
    /// Start of the 学号.
    pub student_no: Option<String>,
    pub kind: Option<StudentKind>,
    /// Only students applying (`true`) or not applying (`false`) in the current batch.
    pub applying: Option<bool>,
    pub sort: Option<StudentSort>,
    /// Page number, from 1.
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub page: Option<i64>,
    /// Rows per page, 1 to 200.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub per_page: Option<i64>,
}

/// One row of 全部学生列表.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterEntry {
    pub student_id: StudentId,
    pub student_no: String,
    pub name: String,
    pub kind: StudentKind,
    pub major_name: Option<String>,
    /// The student's application in the current batch, if any was ever opened.
    pub application_id: Option<ApplicationId>,
    /// Where that application stands (`not_applied` when never opened or unticked).
    pub state: Stage,
    /// What the caller may do to this row now (申请学位 / 取消申请学位), from
    /// `shared::workflow` with the real facts.
    pub allowed_actions: Vec<Action>,
}

/// Tick or untick 申请学位 for several students at once (“保存”).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilingChange {
    /// Students to open filing for.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 2000))]
    pub open: Vec<StudentId>,
    /// Students whose filing is withdrawn (only before they confirm).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 2000))]
    pub cancel: Vec<StudentId>,
}

/// One student a bulk operation left alone, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Skipped {
    pub student_no: String,
    pub name: String,
    pub reason: String,
}

/// What “保存” did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilingOutcome {
    pub opened: u32,
    pub cancelled: u32,
    pub skipped: Vec<Skipped>,
    /// The immediate sync of the newly opened students (student records);
    /// follow it at `/api/v1/sync/runs/{id}`. `None` when nothing was opened
    /// or no campus system is configured.
    pub sync_run: Option<crate::dto::sync::SyncRun>,
}

/// Filters of 申请学位学生.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ApplicationQuery {
    /// An earlier (completed) batch, to browse it; the current one by
    /// default.
    pub batch_id: Option<i64>,
    /// Part of the name.
    pub name: Option<String>,
    /// Start of the 学号.
    pub student_no: Option<String>,
    pub kind: Option<StudentKind>,
    /// 已确认 or not.
    pub confirmed: Option<bool>,
    /// 已审核 or not.
    pub reviewed: Option<bool>,
    pub sort: Option<StudentSort>,
    /// Page number, from 1.
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub page: Option<i64>,
    /// Rows per page, 1 to 200.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub per_page: Option<i64>,
}

/// One row of 申请学位学生.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationRow {
    pub id: ApplicationId,
    pub version: i32,
    pub student_id: StudentId,
    pub student_no: String,
    pub name: String,
    pub kind: StudentKind,
    pub major_name: Option<String>,
    pub state: Stage,
    /// 已确认.
    pub confirmed: bool,
    /// 已审核 (the UI shows the 学号 in red).
    pub reviewed: bool,
    pub updated_at: DateTime<Utc>,
    /// What the caller may do to this application now (from
    /// `shared::workflow`, computed by the server with the real facts).
    pub allowed_actions: Vec<Action>,
}

/// The application part of a dossier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationInfo {
    pub id: ApplicationId,
    pub batch_id: BatchId,
    pub unit_id: UnitId,
    /// Send it back with every change: a stale version is refused with 409.
    pub version: i32,
    pub state: Stage,
    pub confirmed: bool,
    pub reviewed: bool,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// The whole dossier of one application: synced part, filled part, and what
/// the caller may do with it now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dossier {
    pub application: ApplicationInfo,
    pub synced: SyncedDossier,
    /// The filled fields that have a value.
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, String>))]
    pub filled: FilledValues,
    /// The filled fields this student must fill.
    pub required: Vec<FilledField>,
    /// What stands between the student and 信息确认 (empty: complete).
    pub problems: Vec<FieldError>,
    /// What the caller may do now (from `shared::workflow`).
    pub allowed_actions: Vec<Action>,
    /// The caller may edit the filled fields now.
    pub editable: bool,
    /// The degree photo (学位照片), if uploaded; its bytes are at
    /// `GET /applications/{id}/photo`.
    pub photo: Option<PhotoInfo>,
}

/// An uploaded degree photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoInfo {
    /// File size in bytes.
    pub bytes: i32,
    pub width: i32,
    pub height: i32,
    pub uploaded_at: DateTime<Utc>,
}

/// A save of filled fields. Keys are field names; an empty string or `null`
/// clears a field. A synced field name is refused with `synced_field_read_only`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierUpdate {
    /// The version the change is based on.
    pub version: i32,
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, Option<String>>))]
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// A workflow step on one application (信息确认, 已审核 …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationStep {
    /// The version the step is based on.
    pub version: i32,
    pub action: Action,
}

/// The same step on many applications of a unit (bulk 已审核).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkStep {
    pub action: Action,
    /// At most 2000 applications.
    #[cfg_attr(feature = "openapi", schema(max_items = 2000))]
    pub ids: Vec<ApplicationId>,
}

/// What a bulk step did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkOutcome {
    pub done: u32,
    pub skipped: Vec<Skipped>,
}

/// Who changed a dossier field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeSource {
    /// The student.
    Student,
    /// The unit admin, on the student's behalf.
    Unit,
    /// A sync from a campus system.
    Sync,
    /// A 纸质修改申请 applied by the network center after the final review.
    Correction,
}

impl ChangeSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeSource::Student => "student",
            ChangeSource::Unit => "unit",
            ChangeSource::Sync => "sync",
            ChangeSource::Correction => "correction",
        }
    }

    pub fn parse(s: &str) -> Option<ChangeSource> {
        [
            ChangeSource::Student,
            ChangeSource::Unit,
            ChangeSource::Sync,
            ChangeSource::Correction,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ChangeSource::Student => "学生本人",
            ChangeSource::Unit => "培养单位代为修改",
            ChangeSource::Sync => "数据同步",
            ChangeSource::Correction => "修改申请",
        }
    }
}

/// One change of one dossier field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub id: i64,
    /// The field's wire name (filled or synced).
    pub field: String,
    pub source: ChangeSource,
    /// For a sync: the campus system.
    pub system: Option<crate::dto::sync::SourceSystem>,
    pub actor_name: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub at: DateTime<Utc>,
    /// For a correction: the request's number (修改申请 #n).
    #[serde(default)]
    pub correction: Option<i64>,
}

/// An in-app message to a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    pub id: i64,
    pub text: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// 填报说明: Markdown as written by the degree office, and the sanitized HTML
/// the SPA shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Instructions {
    pub markdown: String,
    /// Rendered and sanitized on the server: safe to insert as HTML.
    pub html: String,
    pub version: i32,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

/// A new text of 填报说明.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstructionsUpdate {
    pub version: i32,
    /// Markdown, not blank, at most [`MAX_INSTRUCTIONS_LEN`] characters.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 50000, pattern = r"[^\s\u0085]")
    )]
    pub markdown: String,
}

/// Longest 填报说明 accepted, in characters.
pub const MAX_INSTRUCTIONS_LEN: usize = 50_000;
