//! The national code tables, the discipline catalogue, the degree
//! categories and the report's column template, as the server loads them
//! from its data files (`backend/data/national/`, replaceable by an admin).

use crate::domain::{DegreeLevel, StudentKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One code with its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeEntry {
    pub code: String,
    pub name: String,
}

/// A code table (性别, 国家或地区, 民族 …), by its file's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeTable {
    /// The file's stem: `xb`, `gb`, `mz`, `zzmm`, `zjlx`, `xxxs`, `lwlx`,
    /// `lwxtly`, `lwzxyz`, `zslx`.
    pub id: String,
    pub title: String,
    pub entries: Vec<CodeEntry>,
}

impl CodeTable {
    pub fn name_of(&self, code: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.code == code)
            .map(|e| e.name.as_str())
    }

    pub fn code_of(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.code.as_str())
    }
}

/// The level of an entry of the 2022 catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DisciplineKind {
    /// 门类 (two digits).
    Category,
    /// 一级学科 (four digits).
    FirstLevel,
    /// 专业学位类别 (four digits, the third is `5` for most).
    Professional,
}

impl DisciplineKind {
    pub fn label(self) -> &'static str {
        match self {
            DisciplineKind::Category => "门类",
            DisciplineKind::FirstLevel => "一级学科",
            DisciplineKind::Professional => "专业学位类别",
        }
    }

    pub fn parse(s: &str) -> Option<DisciplineKind> {
        [
            DisciplineKind::Category,
            DisciplineKind::FirstLevel,
            DisciplineKind::Professional,
        ]
        .into_iter()
        .find(|k| k.label() == s)
    }
}

/// One entry of 《研究生教育学科专业目录（2022年）》.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Discipline {
    pub code: String,
    pub name: String,
    pub kind: DisciplineKind,
    /// The 门类 of a 一级学科 or 专业学位类别.
    pub parent: Option<String>,
    /// A 专业学位类别 that confers the doctorate too.
    pub doctor: bool,
}

/// A 学位类别 (XWLBM): its code and name, for a level and a basis — the
/// 门类 of an academic degree or the 专业学位类别 of a professional one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DegreeCategory {
    pub code: String,
    pub name: String,
    pub level: DegreeLevel,
    pub basis: String,
}

/// How a coded column is written: its code, or the code's name. (Named
/// `ColumnOutput` in the API document: `Output` is a research output's.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ColumnOutput))]
#[serde(rename_all = "snake_case")]
pub enum Output {
    Code,
    Name,
}

/// One column of the report template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportColumn {
    /// The field code, written as the header (XM, XBM …).
    pub code: String,
    pub name: String,
    pub required: bool,
    /// Longest value, in characters.
    pub max_len: Option<usize>,
    /// The code table its value must be in.
    pub table: Option<String>,
    pub output: Output,
    /// The student kinds whose report has this column; empty: every kind.
    pub kinds: Vec<StudentKind>,
}

impl ReportColumn {
    pub fn applies_to(&self, kind: StudentKind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }
}

/// The degree-granting unit as the report and the certificate name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct University {
    /// 学位授予单位码 (XWSYDWM), positions 1–5 of a certificate number.
    pub code: String,
    pub name: String,
    /// 学位评定委员会主席姓名 (ZXXM).
    pub chair_name: String,
    /// The six digits the unit assigns, e.g. `{seq:6}` or `{type:2}{seq:4}`.
    pub certificate_pattern: String,
}

/// Everything loaded from the data files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NationalData {
    pub university: University,
    pub tables: Vec<CodeTable>,
    pub disciplines: Vec<Discipline>,
    pub degree_categories: Vec<DegreeCategory>,
    pub columns: Vec<ReportColumn>,
}

impl NationalData {
    pub fn table(&self, id: &str) -> Option<&CodeTable> {
        self.tables.iter().find(|t| t.id == id)
    }

    pub fn discipline(&self, code: &str) -> Option<&Discipline> {
        self.disciplines.iter().find(|d| d.code == code)
    }

    /// The 学位类别 of `level` on `basis` (a 门类 or 专业学位类别 code).
    pub fn degree_category(&self, level: DegreeLevel, basis: &str) -> Option<&DegreeCategory> {
        self.degree_categories
            .iter()
            .find(|c| c.level == level && c.basis == basis)
    }

    /// Counts per catalogue level (for the admin's page and the tests).
    pub fn catalogue_counts(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for d in &self.disciplines {
            *m.entry(d.kind.label()).or_default() += 1;
        }
        m
    }
}
