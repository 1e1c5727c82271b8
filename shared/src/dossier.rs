//! The dossier's two halves (SPEC §2.3). Synced fields: which section each
//! belongs to and which source system owns it; they are read-only in the
//! degree system and the UI marks them with their source from this table.
//! Filled fields: what each student kind must fill, and how each value is
//! checked. The server validates with these functions, the SPA shows the
//! same rules beside the inputs.

use crate::domain::{DegreeLevel, StudentKind};
use crate::dto::sync::SourceSystem;
use crate::error::FieldError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
pub const THESIS_TYPES: &[&str] = &["基础研究", "应用研究", "综合研究", "其他"];

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
const MAX_LEN: usize = 200;
const MAX_REMARKS_LEN: usize = 1000;

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

/// The degree photo's name among the dossier's fields (errors, history).
pub const PHOTO_FIELD: &str = "photo";
/// The photo's file, at most (SPEC §2.3: JPEG, size-checked).
pub const PHOTO_MAX_BYTES: usize = 300 * 1024;
/// The photo's file, at least: anything smaller is not a usable portrait.
pub const PHOTO_MIN_BYTES: usize = 2 * 1024;
/// Pixels, width × height: at least, and at most.
pub const PHOTO_MIN_PIXELS: (u32, u32) = (240, 320);
pub const PHOTO_MAX_PIXELS: (u32, u32) = (1200, 1600);

/// What the photo rules say to the user, e.g. beside the upload button.
pub fn photo_rule_text() -> String {
    format!(
        "JPEG 格式竖幅证件照，{}–{} KB，宽 {}–{}、高 {}–{} 像素",
        PHOTO_MIN_BYTES / 1024,
        PHOTO_MAX_BYTES / 1024,
        PHOTO_MIN_PIXELS.0,
        PHOTO_MAX_PIXELS.0,
        PHOTO_MIN_PIXELS.1,
        PHOTO_MAX_PIXELS.1
    )
}

/// Check an uploaded photo: its size in bytes (an oversized upload may be
/// read only in part), and its pixel size if it is a JPEG (`None`: not one).
/// A good photo's pixel size is returned.
pub fn check_photo(
    bytes: usize,
    jpeg_pixels: Option<(u32, u32)>,
) -> Result<(u32, u32), FieldError> {
    let fail = |code: &str, message: String| Err(FieldError::new(PHOTO_FIELD, code, message));
    if bytes > PHOTO_MAX_BYTES {
        return fail(
            "too_large",
            format!("照片文件不能超过 {} KB", PHOTO_MAX_BYTES / 1024),
        );
    }
    let Some((width, height)) = jpeg_pixels else {
        return fail("not_jpeg", "照片须为完整的 JPEG 文件（.jpg）".to_owned());
    };
    if bytes < PHOTO_MIN_BYTES {
        return fail(
            "too_small",
            format!("照片文件不能小于 {} KB", PHOTO_MIN_BYTES / 1024),
        );
    }
    let (min, max) = (PHOTO_MIN_PIXELS, PHOTO_MAX_PIXELS);
    if width < min.0 || height < min.1 || width > max.0 || height > max.1 {
        return fail(
            "bad_dimensions",
            format!(
                "照片为 {width}×{height} 像素，应为宽 {}–{}、高 {}–{} 像素",
                min.0, max.0, min.1, max.1
            ),
        );
    }
    if height <= width {
        return fail("not_portrait", "照片应为竖幅（高大于宽）".to_owned());
    }
    Ok((width, height))
}

/// Split a keyword list on Chinese or Latin commas and semicolons.
pub fn split_keywords(s: &str) -> Vec<&str> {
    s.split([',', '，', ';', '；', '、'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .collect()
}

/// Check one value's form (not whether it is required). `None`: fine.
pub fn check_value(field: FilledField, value: &str, this_year: i32) -> Option<FieldError> {
    let bad = |code: &str, msg: String| Some(FieldError::new(field.as_str(), code, msg));
    let max = if field == FilledField::Remarks {
        MAX_REMARKS_LEN
    } else {
        MAX_LEN
    };
    if value.chars().count() > max {
        return bad(
            "too_long",
            format!("{}不能超过 {max} 个字符", field.label()),
        );
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return bad("invalid", format!("{}含有不可见的控制字符", field.label()));
    }
    match field {
        FilledField::MobilePhone => {
            let ok = value.len() == 11
                && value.starts_with('1')
                && value.bytes().all(|b| b.is_ascii_digit());
            if !ok {
                return bad("invalid", "手机号码应为以 1 开头的 11 位数字".to_owned());
            }
        }
        FilledField::Email => {
            let ok = match value.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                        && !domain.contains('@')
                        && !value.contains(char::is_whitespace)
                }
                None => false,
            };
            if !ok {
                return bad("invalid", "电子邮箱格式不正确".to_owned());
            }
        }
        FilledField::ThesisTitleEn => {
            let has_latin = value.chars().any(|c| c.is_ascii_alphabetic());
            let has_cjk = value
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            if !has_latin || has_cjk {
                return bad("invalid", "论文英文题目应为英文，不含汉字".to_owned());
            }
        }
        FilledField::ThesisKeywords => {
            let n = split_keywords(value).len();
            if !(3..=10).contains(&n) {
                return bad("invalid", format!("论文关键词应为 3 至 10 个，当前 {n} 个"));
            }
        }
        FilledField::PriorDegreeYear => {
            let year = value.parse::<i32>().ok().filter(|_| value.len() == 4);
            if !year.is_some_and(|y| (1950..=this_year).contains(&y)) {
                return bad(
                    "invalid",
                    format!("请填写 1950 至 {this_year} 之间的四位年份"),
                );
            }
        }
        FilledField::ThesisType | FilledField::ProfessionalCategory => {
            let known = field
                .choices()
                .is_some_and(|c| c.iter().any(|(v, _)| *v == value));
            if !known {
                return bad("invalid", format!("请从列表中选择{}", field.label()));
            }
        }
        _ => {}
    }
    None
}

/// Check every given value; all failures at once.
pub fn check_values(values: &FilledValues, this_year: i32) -> Vec<FieldError> {
    values
        .iter()
        .filter_map(|(f, v)| check_value(*f, v, this_year))
        .collect()
}

/// Why a dossier cannot be confirmed: every missing or malformed field.
pub fn confirmation_problems(
    ctx: &DossierContext,
    values: &FilledValues,
    this_year: i32,
) -> Vec<FieldError> {
    let mut problems = ctx.missing(values);
    problems.extend(check_values(values, this_year));
    problems
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

    fn values(pairs: &[(FilledField, &str)]) -> FilledValues {
        pairs.iter().map(|(f, v)| (*f, v.to_string())).collect()
    }

    fn ctx(kind: StudentKind) -> DossierContext {
        DossierContext {
            kind,
            part_time: false,
            synced_keywords: true,
            has_photo: true,
        }
    }

    #[test]
    fn requirements_follow_the_kind() {
        use FilledField as F;
        let none = FilledValues::new();
        let academic_master = ctx(StudentKind::AcademicMaster).required(&none);
        assert!(academic_master.contains(&F::PriorDegreeUnit));
        assert!(!academic_master.contains(&F::Employer));
        assert!(!academic_master.contains(&F::ProfessionalCategory));
        assert!(!academic_master.contains(&F::ThesisKeywords));
        // A doctor without a master's degree needs none of the four; with one, all four.
        let doctor = ctx(StudentKind::AcademicDoctor);
        assert!(!doctor.required(&none).contains(&F::PriorDegreeYear));
        let partial = values(&[(F::PriorDegreeUnit, "中国科学院大学")]);
        assert!(doctor.required(&partial).contains(&F::PriorDegreeYear));
        assert!(ctx(StudentKind::EquivalentMaster)
            .required(&none)
            .contains(&F::Employer));
        let professional = ctx(StudentKind::ProfessionalMaster);
        assert!(professional
            .required(&none)
            .contains(&F::ProfessionalCategory));
        assert!(!professional.required(&none).contains(&F::Employer));
        let part_time = DossierContext {
            part_time: true,
            ..professional
        };
        assert!(part_time.required(&none).contains(&F::EmployerAddress));
        let no_keywords = DossierContext {
            synced_keywords: false,
            ..doctor
        };
        assert!(no_keywords.required(&none).contains(&F::ThesisKeywords));
    }

    #[test]
    fn every_kind_needs_the_photo_and_it_is_checked() {
        for kind in StudentKind::ALL {
            let without = DossierContext {
                has_photo: false,
                ..ctx(kind)
            };
            let missing = without.missing(&FilledValues::new());
            assert!(missing.iter().any(|e| e.field == PHOTO_FIELD), "{kind:?}");
            let with = ctx(kind).missing(&FilledValues::new());
            assert!(!with.iter().any(|e| e.field == PHOTO_FIELD), "{kind:?}");
        }
        let code = |bytes, pixels| check_photo(bytes, pixels).err().map(|e| e.code);
        assert_eq!(check_photo(50 * 1024, Some((480, 640))), Ok((480, 640)));
        assert_eq!(code(50 * 1024, None).as_deref(), Some("not_jpeg"));
        assert_eq!(
            code(PHOTO_MAX_BYTES + 1, Some((480, 640))).as_deref(),
            Some("too_large")
        );
        assert_eq!(
            check_photo(PHOTO_MAX_BYTES, Some((480, 640))),
            Ok((480, 640))
        );
        assert_eq!(code(1000, Some((480, 640))).as_deref(), Some("too_small"));
        assert_eq!(
            code(50 * 1024, Some((100, 140))).as_deref(),
            Some("bad_dimensions")
        );
        assert_eq!(
            code(50 * 1024, Some((2000, 3000))).as_deref(),
            Some("bad_dimensions")
        );
        assert_eq!(
            code(50 * 1024, Some((640, 480))).as_deref(),
            Some("not_portrait")
        );
    }

    #[test]
    fn values_are_checked_and_every_failure_reported() {
        use FilledField as F;
        let v = values(&[
            (F::MobilePhone, "1380013800"),
            (F::Email, "a@b"),
            (F::ThesisTitleEn, "量子"),
            (F::ThesisKeywords, "a，b"),
            (F::PriorDegreeYear, "2031"),
            (F::ThesisType, "随便"),
        ]);
        let errors = check_values(&v, 2026);
        assert_eq!(errors.len(), 6, "{errors:?}");
        let good = values(&[
            (F::MobilePhone, "13800138000"),
            (F::Email, "zhang.san@ucas.ac.cn"),
            (F::ThesisTitleEn, "On Quantum Walks"),
            (F::ThesisKeywords, "量子；行走，图"),
            (F::PriorDegreeYear, "2020"),
            (F::ThesisType, "基础研究"),
            (F::ProfessionalCategory, "0854"),
        ]);
        assert_eq!(check_values(&good, 2026), vec![]);
    }

    #[test]
    fn filled_and_synced_field_names_never_collide() {
        for (name, _) in SYNCED_FIELDS {
            assert_ne!(field_label(name), "其他", "{name} has no label");
        }
        for f in FilledField::all() {
            assert_eq!(synced_source(f.as_str()), None, "{f:?}");
            // The stored and wire name is the same as `as_str`.
            assert_eq!(
                serde_json::to_value(f).ok(),
                Some(serde_json::json!(f.as_str()))
            );
        }
    }

    #[test]
    fn sample_values_pass_the_checks() {
        for f in FilledField::all() {
            assert_eq!(check_value(f, f.sample_value(), 2026), None, "{f:?}");
        }
    }

    #[test]
    fn missing_lists_each_empty_required_field() {
        let missing = ctx(StudentKind::AcademicMaster).missing(&FilledValues::new());
        let names: Vec<_> = missing.iter().map(|e| e.field.as_str()).collect();
        assert!(names.contains(&"mobile_phone") && names.contains(&"prior_degree_unit"));
        assert!(missing.iter().all(|e| e.code == "required"));
        assert_eq!(FilledField::parse("email"), Some(FilledField::Email));
        assert_eq!(synced_source("email"), None);
    }
}
