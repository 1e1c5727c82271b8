//! The dossier's two halves (SPEC §2.3). Synced fields: which section each
//! belongs to and which source system owns it; they are read-only in the
//! degree system and the UI marks them with their source from this table.
//! Filled fields: what each student kind must fill, and how each value is
//! checked. The server validates with these functions, the SPA shows the
//! same rules beside the inputs.

mod checks;
mod filled;
mod photo;

pub use checks::*;
pub use filled::*;
pub use photo::*;

use crate::domain::SourceSystem;
use serde::{Deserialize, Serialize};

/// A section of the synced dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DossierSection {
    Identity,
    Programme,
    Advisor,
    Courses,
    Outputs,
    Thesis,
    Defense,
}

impl DossierSection {
    pub const ALL: [DossierSection; 7] = [
        DossierSection::Identity,
        DossierSection::Programme,
        DossierSection::Advisor,
        DossierSection::Courses,
        DossierSection::Outputs,
        DossierSection::Thesis,
        DossierSection::Defense,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DossierSection::Identity => "identity",
            DossierSection::Programme => "programme",
            DossierSection::Advisor => "advisor",
            DossierSection::Courses => "courses",
            DossierSection::Outputs => "outputs",
            DossierSection::Thesis => "thesis",
            DossierSection::Defense => "defense",
        }
    }

    pub fn parse(s: &str) -> Option<DossierSection> {
        DossierSection::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            DossierSection::Identity => "个人情况",
            DossierSection::Programme => "培养信息",
            DossierSection::Advisor => "导师信息",
            DossierSection::Courses => "课程与成绩",
            DossierSection::Outputs => "科研成果",
            DossierSection::Thesis => "学位论文",
            DossierSection::Defense => "论文答辩",
        }
    }

    /// The one system that owns the section.
    pub fn source(self) -> SourceSystem {
        match self {
            DossierSection::Identity | DossierSection::Programme => SourceSystem::Records,
            DossierSection::Advisor => SourceSystem::Teachers,
            DossierSection::Courses => SourceSystem::Courses,
            DossierSection::Outputs | DossierSection::Thesis | DossierSection::Defense => {
                SourceSystem::Training
            }
        }
    }
}

/// Every synced field, by its wire name, with its section.
pub const SYNCED_FIELDS: &[(&str, DossierSection)] = &[
    ("student_no", DossierSection::Identity),
    ("name", DossierSection::Identity),
    ("name_pinyin", DossierSection::Identity),
    ("gender", DossierSection::Identity),
    ("birth_date", DossierSection::Identity),
    ("id_type", DossierSection::Identity),
    ("id_number", DossierSection::Identity),
    ("ethnicity", DossierSection::Identity),
    ("political_status", DossierSection::Identity),
    ("nationality", DossierSection::Identity),
    ("unit", DossierSection::Programme),
    ("kind", DossierSection::Programme),
    ("discipline_category", DossierSection::Programme),
    ("first_level_discipline", DossierSection::Programme),
    ("major_code", DossierSection::Programme),
    ("major_name", DossierSection::Programme),
    ("study_mode", DossierSection::Programme),
    ("entry_month", DossierSection::Programme),
    ("advisor_name", DossierSection::Advisor),
    ("advisor_title", DossierSection::Advisor),
    ("courses", DossierSection::Courses),
    ("total_credits", DossierSection::Courses),
    ("outputs", DossierSection::Outputs),
    ("thesis_title", DossierSection::Thesis),
    ("thesis_keywords", DossierSection::Thesis),
    ("defense_date", DossierSection::Defense),
    ("defense_result", DossierSection::Defense),
    ("defense_committee", DossierSection::Defense),
];

/// The label of any dossier field, synced or filled, by wire name.
pub fn field_label(field: &str) -> &'static str {
    if let Some(f) = FilledField::parse(field) {
        return f.label();
    }
    match field {
        "student_no" => "学号",
        "name" => "姓名",
        "name_pinyin" => "姓名拼音",
        "gender" => "性别",
        "birth_date" => "出生日期",
        "id_type" => "证件类型",
        "id_number" => "证件号码",
        "ethnicity" => "民族",
        "political_status" => "政治面貌",
        "nationality" => "国籍",
        "unit" => "培养单位",
        "kind" => "学生类别",
        "discipline_category" => "学科门类",
        "first_level_discipline" => "一级学科",
        "major_code" => "专业代码",
        "major_name" => "专业名称",
        "study_mode" => "学习方式",
        "entry_month" => "入学年月",
        "advisor_name" => "导师姓名",
        "advisor_title" => "导师职称",
        "courses" => "课程与成绩",
        "total_credits" => "总学分",
        "outputs" => "科研成果",
        "thesis_title" => "论文题目",
        "thesis_keywords" => "论文关键词（同步）",
        "defense_date" => "答辩日期",
        "defense_result" => "答辩结果",
        "defense_committee" => "答辩委员会",
        PHOTO_FIELD => "学位照片",
        _ => "其他",
    }
}

/// The source system of a synced field; `None` for a filled (editable) one.
pub fn synced_source(field: &str) -> Option<SourceSystem> {
    SYNCED_FIELDS
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, s)| s.source())
}

#[cfg(test)]
mod tests;
