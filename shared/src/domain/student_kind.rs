//! The six kinds of degree applicant (degree level × programme type).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DegreeLevel {
    Doctor,
    Master,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StudentKind {
    /// 学历博士
    AcademicDoctor,
    /// 学历硕士
    AcademicMaster,
    /// 同等学力博士
    EquivalentDoctor,
    /// 同等学力硕士
    EquivalentMaster,
    /// 专业学位博士
    ProfessionalDoctor,
    /// 专业学位硕士
    ProfessionalMaster,
}

impl StudentKind {
    pub const ALL: [StudentKind; 6] = [
        StudentKind::AcademicDoctor,
        StudentKind::AcademicMaster,
        StudentKind::EquivalentDoctor,
        StudentKind::EquivalentMaster,
        StudentKind::ProfessionalDoctor,
        StudentKind::ProfessionalMaster,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StudentKind::AcademicDoctor => "academic_doctor",
            StudentKind::AcademicMaster => "academic_master",
            StudentKind::EquivalentDoctor => "equivalent_doctor",
            StudentKind::EquivalentMaster => "equivalent_master",
            StudentKind::ProfessionalDoctor => "professional_doctor",
            StudentKind::ProfessionalMaster => "professional_master",
        }
    }

    pub fn parse(s: &str) -> Option<StudentKind> {
        StudentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            StudentKind::AcademicDoctor => "学历博士",
            StudentKind::AcademicMaster => "学历硕士",
            StudentKind::EquivalentDoctor => "同等学力博士",
            StudentKind::EquivalentMaster => "同等学力硕士",
            StudentKind::ProfessionalDoctor => "专业学位博士",
            StudentKind::ProfessionalMaster => "专业学位硕士",
        }
    }

    pub fn level(self) -> DegreeLevel {
        match self {
            StudentKind::AcademicDoctor
            | StudentKind::EquivalentDoctor
            | StudentKind::ProfessionalDoctor => DegreeLevel::Doctor,
            _ => DegreeLevel::Master,
        }
    }

    /// 同等学力 applicants need employer and prior degree.
    pub fn is_equivalent(self) -> bool {
        matches!(
            self,
            StudentKind::EquivalentDoctor | StudentKind::EquivalentMaster
        )
    }

    /// 专业学位 applicants need the professional degree category.
    pub fn is_professional(self) -> bool {
        matches!(
            self,
            StudentKind::ProfessionalDoctor | StudentKind::ProfessionalMaster
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_levels_split_evenly() {
        for k in StudentKind::ALL {
            assert_eq!(StudentKind::parse(k.as_str()), Some(k));
        }
        let doctors = StudentKind::ALL
            .iter()
            .filter(|k| k.level() == DegreeLevel::Doctor)
            .count();
        assert_eq!(doctors, 3);
    }
}
