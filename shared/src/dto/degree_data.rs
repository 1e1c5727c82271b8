//! 学位终审数据管理 (SPEC §2.10): certificate numbers, the 学位授予通知 per
//! unit, the public 公告, and the national report with its validation.

use crate::domain::StudentKind;
use crate::ids::{ApplicationId, BatchId, UnitId};
use crate::national::report::FieldProblem;
use crate::workflow::BatchPhase;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The batch's numbering: how many are conferred and numbered, and whether
/// numbers may be issued now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateOverview {
    pub batch_id: BatchId,
    pub batch_name: String,
    pub phase: BatchPhase,
    /// 学位授予单位代码 and the six-digit pattern.
    pub unit_code: String,
    pub pattern: String,
    /// The certificates' issue date: the congress's date.
    pub issue_date: NaiveDate,
    /// 授予学位 in this batch.
    pub conferred: i64,
    /// Of them, with a live number.
    pub numbered: i64,
    /// Numbers of this batch voided (never reused).
    pub revoked: i64,
    /// Applicants still without a final decision (numbering waits for them).
    pub undecided: i64,
    /// The office may issue numbers now; otherwise `blocked` says why.
    pub may_issue: bool,
    pub blocked: Option<String>,
    /// The first and last live numbers of the batch.
    pub first: Option<String>,
    pub last: Option<String>,
}

/// What one numbering run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssueOutcome {
    /// Numbers issued by this run (0 on a re-run).
    pub issued: i64,
    /// Conferred applicants that already had a number.
    pub already: i64,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// 作废学位证书编号 of one applicant, as of the `version` read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevokeInput {
    pub version: i32,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub reason: String,
}

/// A number ever issued, live or void.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateRecord {
    pub number: String,
    pub application_id: ApplicationId,
    pub student_no: String,
    pub issued_on: NaiveDate,
    pub issued_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_reason: Option<String>,
}

/// One conferred degree on a unit's 学位授予通知.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeRow {
    pub application_id: ApplicationId,
    pub student_no: String,
    pub name: String,
    pub kind: StudentKind,
    /// 学位 (the 学位类别's name, e.g. 工学博士).
    pub degree: String,
    pub major_code: String,
    pub major_name: String,
    pub certificate_no: Option<String>,
}

/// 学位授予通知 of one unit in one batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitNotice {
    pub batch_id: BatchId,
    pub batch_name: String,
    pub unit_id: UnitId,
    pub unit_code: String,
    pub unit_name: String,
    /// 获学位日期 and the certificates' issue date (the congress's date).
    pub conferred_on: NaiveDate,
    /// The congress's 决议编号.
    pub resolution_no: Option<String>,
    pub rows: Vec<NoticeRow>,
}

/// A unit's line in the office's list of notices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeSummary {
    pub unit_id: UnitId,
    pub unit_code: String,
    pub unit_name: String,
    pub conferred: i64,
    pub numbered: i64,
}

/// The office's view of the notices: every unit with conferred degrees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticesOverview {
    pub batch_id: BatchId,
    pub units: Vec<NoticeSummary>,
    /// When the units were last told.
    pub sent_at: Option<DateTime<Utc>>,
}

/// What sending the notices did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticesSent {
    pub units: i64,
    pub messages: i64,
}

/// One line of the 公告: no ID numbers, no birth dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnouncementRow {
    pub name: String,
    pub unit_name: String,
    pub degree: String,
    pub major_name: String,
}

/// A published 公告 of a batch's conferred degrees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Announcement {
    pub batch_id: BatchId,
    pub title: String,
    pub conferred_on: NaiveDate,
    pub published_at: DateTime<Utc>,
    pub rows: Vec<AnnouncementRow>,
}

/// A published 公告 in the public list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnouncementSummary {
    pub batch_id: BatchId,
    pub title: String,
    pub published_at: DateTime<Utc>,
    pub count: i64,
}

/// The office's view of a batch's 公告.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnouncementStatus {
    pub batch_id: BatchId,
    pub published: bool,
    pub title: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub unpublished_at: Option<DateTime<Utc>>,
    pub count: i64,
    /// The stable address of the public page.
    pub public_path: String,
    /// Send it back when publishing or unpublishing: a stale one is refused.
    pub version: i32,
}

/// Publish (again) or withdraw the 公告, as of the `version` read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnouncementInput {
    pub version: i32,
    /// The title; default 「<批次>学位授予公告」.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub title: Option<String>,
}

/// The validation of the national report: every failing field of every
/// record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportCheck {
    pub batch_id: BatchId,
    pub records: i64,
    /// Records without any problem.
    pub valid: i64,
    /// Records with at least one.
    pub rejected: i64,
    pub problems: Vec<FieldProblem>,
}

/// Make the report files: refused while any record fails, unless
/// `partial`, which writes the valid ones and lists the others.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRequest {
    #[serde(default)]
    pub partial: bool,
}

/// The kinds of report file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportFileKind {
    Xlsx,
    Csv,
    Photos,
}

impl ReportFileKind {
    pub const ALL: [ReportFileKind; 3] = [
        ReportFileKind::Xlsx,
        ReportFileKind::Csv,
        ReportFileKind::Photos,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportFileKind::Xlsx => "xlsx",
            ReportFileKind::Csv => "csv",
            ReportFileKind::Photos => "photos",
        }
    }

    pub fn parse(s: &str) -> Option<ReportFileKind> {
        ReportFileKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportFileKind::Xlsx => "学位授予信息（.xlsx）",
            ReportFileKind::Csv => "学位授予信息（.csv，UTF-8）",
            ReportFileKind::Photos => "照片（.zip，以证件号码命名）",
        }
    }
}

/// One file of a produced report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportFile {
    pub kind: ReportFileKind,
    pub file_name: String,
    pub bytes: i64,
    /// SHA-256 of the file, hex.
    pub sha256: String,
}

/// A produced report: its files and the records left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportView {
    pub batch_id: BatchId,
    pub produced_at: DateTime<Utc>,
    pub produced_by: String,
    pub records: i64,
    pub partial: bool,
    pub files: Vec<ReportFile>,
    /// The records left out (with `partial`), with every failing field.
    pub rejected: Vec<FieldProblem>,
}
