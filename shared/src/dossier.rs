//! The dossier's synced part: which section each synced field belongs to and
//! which source system owns it. Synced fields are read-only in the degree
//! system (SPEC §2.3); the UI marks them with their source from this table.

use crate::dto::sync::SourceSystem;
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

/// The source system of a synced field; `None` for a filled (editable) one.
pub fn synced_source(field: &str) -> Option<SourceSystem> {
    SYNCED_FIELDS
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, s)| s.source())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_has_fields_and_one_source() {
        for section in DossierSection::ALL {
            assert!(
                SYNCED_FIELDS.iter().any(|(_, s)| *s == section),
                "{section:?}"
            );
            assert_eq!(DossierSection::parse(section.as_str()), Some(section));
        }
        assert_eq!(synced_source("id_number"), Some(SourceSystem::Records));
        assert_eq!(synced_source("advisor_name"), Some(SourceSystem::Teachers));
        assert_eq!(synced_source("mobile_phone"), None);
    }
}
