//! The contract of the four upstream campus systems (学籍, 教师, 教务, 培养):
//! paths and JSON shapes. The connectors parse these; the bundled simulator
//! serves them; `openapi/upstream.json` documents them (generated from here).
//!
//! Every system offers the same three reads under its own prefix:
//! - `GET /{system}/v1/students/{student_no}`: one student;
//! - `GET /{system}/v1/units/{unit_code}/students?page=&per_page=`: a page of
//!   a training unit's students (1-based pages, at most 500 per page);
//! - `GET /{system}/v1/changes?since=RFC3339&page=&per_page=`: what changed
//!   after a time, oldest change first.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use shared::dto::sync::SourceSystem;

/// A page of records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UpstreamPage<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// 学籍: identity and programme of one student.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StudentRecord {
    /// 学号
    pub student_no: String,
    /// 姓名
    pub name: String,
    /// 姓名拼音, e.g. `Zhang San`.
    pub name_pinyin: String,
    /// GB/T 2261: `1` male, `2` female.
    pub gender: String,
    pub birth_date: NaiveDate,
    /// `01` resident ID card, …
    pub id_type: String,
    pub id_number: String,
    /// GB/T 3304, two digits; empty for foreign nationals.
    pub ethnicity: String,
    /// GB/T 4762, two digits.
    pub political_status: String,
    /// GB/T 2659 numeric, `156` China.
    pub nationality: String,
    /// 培养单位码
    pub unit_code: String,
    pub unit_name: String,
    /// One of the six kinds: `academic_doctor`, `academic_master`,
    /// `equivalent_doctor`, `equivalent_master`, `professional_doctor`,
    /// `professional_master`.
    pub student_kind: String,
    /// 学科门类, two digits.
    pub discipline_category: String,
    /// 一级学科, four digits.
    pub first_level_discipline: String,
    /// 专业代码, six digits (2022 catalogue).
    pub major_code: String,
    pub major_name: String,
    /// `1` full-time, `2` part-time.
    pub study_mode: String,
    /// 入学年月 `YYYYMM`.
    pub entry_month: String,
    pub updated_at: DateTime<Utc>,
}

/// 教师: the student's advisor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AdvisorRecord {
    pub student_no: String,
    pub advisor_id: String,
    /// 导师姓名
    pub advisor_name: String,
    /// e.g. 研究员, 教授.
    pub advisor_title: String,
    pub updated_at: DateTime<Utc>,
}

/// One course with its result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CourseResult {
    pub code: String,
    pub name: String,
    /// Credits, e.g. `2.0`.
    pub credits: f64,
    /// Score 0–100, or a grade such as `通过`.
    pub grade: String,
    /// e.g. `2024秋`.
    pub term: String,
}

/// 教务: courses, credits and grades.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TranscriptRecord {
    pub student_no: String,
    pub courses: Vec<CourseResult>,
    pub total_credits: f64,
    pub updated_at: DateTime<Utc>,
}

/// One research output (paper, patent, award).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ResearchOutput {
    /// `paper`, `patent`, `award`, …
    pub kind: String,
    pub title: String,
    pub venue: String,
    pub year: i32,
}

/// A thesis defence (学位论文答辩).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Defense {
    pub date: NaiveDate,
    /// `passed` or `failed`.
    pub result: String,
    /// Names of the committee members, chair first.
    pub committee: Vec<String>,
}

/// 培养: research outputs, thesis and defence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TrainingRecord {
    pub student_no: String,
    pub thesis_title: String,
    pub thesis_keywords: Vec<String>,
    pub outputs: Vec<ResearchOutput>,
    pub defense: Option<Defense>,
    pub updated_at: DateTime<Utc>,
}

/// A training unit as the student-records system knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UnitRecord {
    pub code: String,
    pub name: String,
}

/// Error body of an upstream system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UpstreamError {
    pub error: String,
}
