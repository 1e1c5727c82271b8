//! The filled half: what each student kind must fill.

use super::photo::PHOTO_FIELD;
use crate::domain::{DegreeLevel, StudentKind};
use crate::error::FieldError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A field the student (or the unit admin on their behalf) fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FilledField {
    MobilePhone,
    Email,
    Address,
    ThesisTitleEn,
    ThesisType,
    /// 论文选题来源 (report LWXTLY).
    ThesisSource,
    /// 论文撰写语种 (report LWZXYZ).
    ThesisLanguage,
    ResearchDirection,
    /// Filled only when the training system has no keywords; the synced
    /// ones are `thesis_keywords`.
    #[serde(rename = "filled_keywords")]
    ThesisKeywords,
    PriorDegreeUnit,
    PriorDegreeMajor,
    PriorDegreeYear,
    PriorDegreeCertificateNo,
    Employer,
    EmployerAddress,
    ProfessionalCategory,
    Remarks,
}

/// When a filled field is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Every kind.
    Always,
    /// Every kind, unless the training system already supplied ≥ 3 keywords.
    UnlessSyncedKeywords,
    /// Masters: the bachelor's degree, always. Doctors: the master's degree
    /// "if any": all four or none.
    PriorDegree,
    /// 同等学力 always; 专业学位 when studying part-time.
    Employer,
    /// 专业学位 only.
    Professional,
    /// Never required.
    Optional,
}

/// The rule set of SPEC §2.3, as data: each filled field and when it is required.
pub const FILLED_FIELDS: &[(FilledField, Need)] = &[
    (FilledField::MobilePhone, Need::Always),
    (FilledField::Email, Need::Always),
    (FilledField::Address, Need::Optional),
    (FilledField::ThesisTitleEn, Need::Always),
    (FilledField::ThesisType, Need::Always),
    (FilledField::ThesisSource, Need::Always),
    (FilledField::ThesisLanguage, Need::Always),
    (FilledField::ResearchDirection, Need::Always),
    (FilledField::ThesisKeywords, Need::UnlessSyncedKeywords),
    (FilledField::PriorDegreeUnit, Need::PriorDegree),
    (FilledField::PriorDegreeMajor, Need::PriorDegree),
    (FilledField::PriorDegreeYear, Need::PriorDegree),
    (FilledField::PriorDegreeCertificateNo, Need::PriorDegree),
    (FilledField::Employer, Need::Employer),
    (FilledField::EmployerAddress, Need::Employer),
    (FilledField::ProfessionalCategory, Need::Professional),
    (FilledField::Remarks, Need::Optional),
];

/// 论文类型 (national report LWLX; the code list is an assumption of NATIONAL.md).
/// The names match `backend/data/national/lwlx.csv`, which gives the codes.
pub const THESIS_TYPES: &[&str] = &["基础研究", "应用研究", "综合研究", "其他"];

/// 论文选题来源 (report LWXTLY): the current names of NATIONAL.md; the codes
/// are in `backend/data/national/lwxtly.csv`.
pub const THESIS_SOURCES: &[&str] = &[
    "国家重点研发计划项目",
    "国家社科规划、基金项目",
    "中央、国家各部门项目",
    "教育部人文、社会科学研究项目",
    "省(自治区、直辖市)项目",
    "国家自然科学基金项目",
    "国际合作研究项目",
    "与港、澳、台合作研究项目",
    "企、事业单位委托项目",
    "外资项目",
    "国防项目",
    "学校自选项目",
    "非立项",
    "其他",
];

/// 论文撰写语种 (report LWZXYZ); the codes are in `lwzxyz.csv`.
pub const THESIS_LANGUAGES: &[&str] = &["中文", "英文", "日文", "俄文", "德文", "法文", "其他"];

/// 专业学位类别 of the 2022 catalogue most common at the university (code, name).
pub const PROFESSIONAL_CATEGORIES: &[(&str, &str)] = &[
    ("0251", "金融"),
    ("0351", "法律"),
    ("0551", "翻译"),
    ("0854", "电子信息"),
    ("0855", "机械"),
    ("0856", "材料与化工"),
    ("0857", "资源与环境"),
    ("0858", "能源动力"),
    ("0859", "土木水利"),
    ("0860", "生物与医药"),
    ("0861", "交通运输"),
    ("1051", "临床医学"),
    ("1251", "工商管理"),
    ("1252", "公共管理"),
];

/// 学习方式 code of part-time study, as the student-records system sends it.
pub const PART_TIME: &str = "2";

/// Longest value of any filled field, in characters; remarks may be longer.
pub(super) const MAX_LEN: usize = 200;
pub(super) const MAX_REMARKS_LEN: usize = 1000;

impl FilledField {
    pub fn all() -> impl Iterator<Item = FilledField> {
        FILLED_FIELDS.iter().map(|(f, _)| *f)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FilledField::MobilePhone => "mobile_phone",
            FilledField::Email => "email",
            FilledField::Address => "address",
            FilledField::ThesisTitleEn => "thesis_title_en",
            FilledField::ThesisType => "thesis_type",
            FilledField::ThesisSource => "thesis_source",
            FilledField::ThesisLanguage => "thesis_language",
            FilledField::ResearchDirection => "research_direction",
            FilledField::ThesisKeywords => "filled_keywords",
            FilledField::PriorDegreeUnit => "prior_degree_unit",
            FilledField::PriorDegreeMajor => "prior_degree_major",
            FilledField::PriorDegreeYear => "prior_degree_year",
            FilledField::PriorDegreeCertificateNo => "prior_degree_certificate_no",
            FilledField::Employer => "employer",
            FilledField::EmployerAddress => "employer_address",
            FilledField::ProfessionalCategory => "professional_category",
            FilledField::Remarks => "remarks",
        }
    }

    pub fn parse(s: &str) -> Option<FilledField> {
        FilledField::all().find(|f| f.as_str() == s)
    }

    /// The label beside the input (the seed manual's words).
    pub fn label(self) -> &'static str {
        match self {
            FilledField::MobilePhone => "手机号码",
            FilledField::Email => "电子邮箱",
            FilledField::Address => "通讯地址",
            FilledField::ThesisTitleEn => "论文英文题目",
            FilledField::ThesisType => "论文类型",
            FilledField::ThesisSource => "论文选题来源",
            FilledField::ThesisLanguage => "论文撰写语种",
            FilledField::ResearchDirection => "研究方向",
            FilledField::ThesisKeywords => "论文关键词",
            FilledField::PriorDegreeUnit => "前置学位授予单位",
            FilledField::PriorDegreeMajor => "前置学位专业",
            FilledField::PriorDegreeYear => "前置学位获得年份",
            FilledField::PriorDegreeCertificateNo => "前置学位证书编号",
            FilledField::Employer => "工作单位",
            FilledField::EmployerAddress => "工作单位地址",
            FilledField::ProfessionalCategory => "专业学位类别",
            FilledField::Remarks => "备注",
        }
    }

    /// A hint shown under the input.
    pub fn hint(self) -> Option<&'static str> {
        match self {
            FilledField::MobilePhone => Some("11 位手机号码"),
            FilledField::ThesisKeywords => {
                Some("至少 3 个，以逗号或分号分隔；已从培养系统同步的可不填")
            }
            FilledField::PriorDegreeUnit => Some("硕士填学士学位，博士填硕士学位（如有）"),
            FilledField::PriorDegreeYear => Some("四位年份，如 2020"),
            _ => None,
        }
    }

    pub fn need(self) -> Need {
        FILLED_FIELDS
            .iter()
            .find(|(f, _)| *f == self)
            .map_or(Need::Optional, |(_, n)| *n)
    }

    /// The fixed choices of a select input, if any: (stored value, shown text).
    pub fn choices(self) -> Option<Vec<(&'static str, String)>> {
        match self {
            FilledField::ThesisType => {
                Some(THESIS_TYPES.iter().map(|t| (*t, t.to_string())).collect())
            }
            FilledField::ThesisSource => {
                Some(THESIS_SOURCES.iter().map(|t| (*t, t.to_string())).collect())
            }
            FilledField::ThesisLanguage => Some(
                THESIS_LANGUAGES
                    .iter()
                    .map(|t| (*t, t.to_string()))
                    .collect(),
            ),
            FilledField::ProfessionalCategory => Some(
                PROFESSIONAL_CATEGORIES
                    .iter()
                    .map(|(code, name)| (*code, format!("{code} {name}")))
                    .collect(),
            ),
            _ => None,
        }
    }

    /// Is a textarea the right input?
    pub fn is_long(self) -> bool {
        matches!(
            self,
            FilledField::Remarks | FilledField::Address | FilledField::EmployerAddress
        )
    }
}

impl FilledField {
    /// A valid sample value (demo data and tests).
    pub fn sample_value(self) -> &'static str {
        match self {
            FilledField::MobilePhone => "13800138000",
            FilledField::Email => "student@ucas.ac.cn",
            FilledField::Address => "北京市石景山区玉泉路19号",
            FilledField::ThesisTitleEn => "On Quantum Walks on Graphs",
            FilledField::ThesisType => "基础研究",
            FilledField::ThesisSource => "国家自然科学基金项目",
            FilledField::ThesisLanguage => "中文",
            FilledField::ResearchDirection => "量子信息",
            FilledField::ThesisKeywords => "量子；纠缠；测量",
            FilledField::PriorDegreeUnit => "中国科学院大学",
            FilledField::PriorDegreeMajor => "物理学",
            FilledField::PriorDegreeYear => "2020",
            FilledField::PriorDegreeCertificateNo => "1443012020000123",
            FilledField::Employer => "中国科学院物理研究所",
            FilledField::EmployerAddress => "北京市海淀区中关村南三街8号",
            FilledField::ProfessionalCategory => "0854",
            FilledField::Remarks => "无",
        }
    }
}

/// The filled fields of one dossier: only non-empty values are present.
pub type FilledValues = BTreeMap<FilledField, String>;

/// What the requirement rules depend on besides the values themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DossierContext {
    pub kind: StudentKind,
    /// 学习方式 is part-time.
    pub part_time: bool,
    /// The training system supplied at least three thesis keywords.
    pub synced_keywords: bool,
    /// The degree photo (学位照片) is uploaded.
    pub has_photo: bool,
}

impl DossierContext {
    /// Is the field required for this student, given the other values?
    pub fn requires(&self, field: FilledField, values: &FilledValues) -> bool {
        match field.need() {
            Need::Always => true,
            Need::Optional => false,
            Need::UnlessSyncedKeywords => !self.synced_keywords,
            Need::PriorDegree => match self.kind.level() {
                DegreeLevel::Master => true,
                DegreeLevel::Doctor => FilledField::all()
                    .filter(|f| f.need() == Need::PriorDegree)
                    .any(|f| values.contains_key(&f)),
            },
            Need::Employer => {
                self.kind.is_equivalent() || (self.kind.is_professional() && self.part_time)
            }
            Need::Professional => self.kind.is_professional(),
        }
    }

    /// The fields required for this student now.
    pub fn required(&self, values: &FilledValues) -> Vec<FilledField> {
        FilledField::all()
            .filter(|f| self.requires(*f, values))
            .collect()
    }

    /// Every required field that is empty: what stands between the student
    /// and 信息确认.
    pub fn missing(&self, values: &FilledValues) -> Vec<FieldError> {
        let mut missing: Vec<FieldError> = self
            .required(values)
            .into_iter()
            .filter(|f| !values.contains_key(f))
            .map(|f| FieldError::new(f.as_str(), "required", format!("请填写{}", f.label())))
            .collect();
        // Every kind needs the photo (SPEC §2.3).
        if !self.has_photo {
            missing.push(FieldError::new(PHOTO_FIELD, "required", "请上传学位照片"));
        }
        missing
    }
}
