//! The four campus systems the dossier's synced half comes from.

use serde::{Deserialize, Serialize};

/// The four source systems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SourceSystem {
    /// 学籍管理系统: identity and programme.
    Records,
    /// 教师系统: the advisor.
    Teachers,
    /// 教务系统: courses, credits and grades.
    Courses,
    /// 培养管理系统: research outputs, thesis, defence.
    Training,
}

impl SourceSystem {
    pub const ALL: [SourceSystem; 4] = [
        SourceSystem::Records,
        SourceSystem::Teachers,
        SourceSystem::Courses,
        SourceSystem::Training,
    ];

    /// The path prefix of the system upstream, e.g. `records`.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceSystem::Records => "records",
            SourceSystem::Teachers => "teachers",
            SourceSystem::Courses => "courses",
            SourceSystem::Training => "training",
        }
    }

    pub fn parse(s: &str) -> Option<SourceSystem> {
        SourceSystem::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            SourceSystem::Records => "学籍管理系统",
            SourceSystem::Teachers => "教师系统",
            SourceSystem::Courses => "教务系统",
            SourceSystem::Training => "培养管理系统",
        }
    }
}
