//! Data sync with the four campus systems (数据同步).

use crate::ids::{StudentId, UnitId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::domain::SourceSystem;

/// What a run synced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SyncKind {
    /// One student, all four systems.
    Student,
    /// Every student of a unit.
    Unit,
    /// Every applicant of the open batch (student records only).
    Applicants,
    /// A unit's full student list (全部学生列表) from student records.
    Roster,
}

/// What started a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SyncTrigger {
    /// “同步数据” by a user.
    Manual,
    /// Opening filing for a student.
    Filing,
    /// The daily schedule (01:00 and 12:00 Beijing time).
    Scheduled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SyncStatus {
    Running,
    /// Every student synced.
    Succeeded,
    /// Some students failed; see `failures`.
    Partial,
    /// No student synced.
    Failed,
}

impl SyncStatus {
    pub fn label(self) -> &'static str {
        match self {
            SyncStatus::Running => "进行中",
            SyncStatus::Succeeded => "成功",
            SyncStatus::Partial => "部分失败",
            SyncStatus::Failed => "失败",
        }
    }
}

/// One student a run could not sync, and why. Nothing of that student changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncFailure {
    pub student_no: String,
    pub system: Option<SourceSystem>,
    pub reason: String,
}

/// A sync run: what, who, how far, what failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncRun {
    pub id: i64,
    pub kind: SyncKind,
    pub trigger: SyncTrigger,
    pub systems: Vec<SourceSystem>,
    pub started_by_name: String,
    pub unit_id: Option<UnitId>,
    pub student_id: Option<StudentId>,
    pub status: SyncStatus,
    pub total: i32,
    pub done: i32,
    pub succeeded: i32,
    pub failed: i32,
    pub failures: Vec<SyncFailure>,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// Filters for the list of runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct SyncRunQuery {
    /// Only runs for this unit.
    pub unit_id: Option<i64>,
    /// Page number, from 1.
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub page: Option<i64>,
    /// Rows per page, 1 to 200 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub per_page: Option<i64>,
}

/// When a dossier section was last synced, and from which system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SectionSync {
    pub section: crate::dossier::DossierSection,
    pub source: SourceSystem,
    pub synced_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Course {
    pub code: String,
    pub name: String,
    pub credits: f64,
    pub grade: String,
    pub term: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Output {
    pub kind: String,
    pub title: String,
    pub venue: String,
    pub year: i32,
}

/// The synced (read-only) part of a student's dossier, with provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncedDossier {
    pub student_id: StudentId,
    pub student_no: String,
    pub name: String,
    pub name_pinyin: String,
    pub kind: crate::domain::StudentKind,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub gender: Option<String>,
    pub birth_date: Option<chrono::NaiveDate>,
    pub id_type: Option<String>,
    pub id_number: Option<String>,
    pub ethnicity: Option<String>,
    pub political_status: Option<String>,
    pub nationality: Option<String>,
    pub discipline_category: Option<String>,
    pub first_level_discipline: Option<String>,
    pub major_code: Option<String>,
    pub major_name: Option<String>,
    pub study_mode: Option<String>,
    pub entry_month: Option<String>,
    pub advisor_name: Option<String>,
    pub advisor_title: Option<String>,
    pub total_credits: Option<f64>,
    pub courses: Vec<Course>,
    pub outputs: Vec<Output>,
    pub thesis_title: Option<String>,
    pub thesis_keywords: Vec<String>,
    pub defense_date: Option<chrono::NaiveDate>,
    pub defense_result: Option<String>,
    pub defense_committee: Vec<String>,
    /// Per section: when it was last synced and from which system.
    pub sections: Vec<SectionSync>,
}
