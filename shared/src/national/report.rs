//! 学位授予信息 (the national report): each conferred degree's record built
//! from the dossier — the one place where synced and filled values map to
//! the national codes — and checked field by field before any file is made.

use super::certificate;
use super::codes::{DisciplineKind, NationalData, Output};
use crate::domain::{DegreeLevel, IdNumber, StudentKind};
use crate::dossier::split_keywords;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Every field code the system can fill; a template column must be one.
pub const FIELDS: &[(&str, &str)] = &[
    ("XM", "姓名"),
    ("XMPY", "姓名拼音"),
    ("XBM", "性别码"),
    ("GBM", "国家或地区码"),
    ("MZM", "民族码"),
    ("ZZMMM", "政治面貌码"),
    ("CSRQ", "出生日期"),
    ("ZJLXM", "证件类型码"),
    ("ZJHM", "证件号码"),
    ("XWSYDWM", "学位授予单位码"),
    ("XWSYDW", "学位授予单位名称"),
    ("PYDWM", "培养单位码"),
    ("PYDW", "培养单位名称"),
    ("XZXM", "校长姓名"),
    ("ZXXM", "学位评定委员会主席姓名"),
    ("XWLBM", "学位类别码"),
    ("XWLB", "学位类别名称"),
    ("ZYDM", "专业代码"),
    ("ZYMC", "专业名称"),
    ("ZSZYMC", "证书上的专业名称"),
    ("XH", "学号"),
    ("RXNY", "入学年月"),
    ("BYNY", "毕业年月"),
    ("XXXSM", "学习形式码"),
    ("HXWRQ", "获学位日期"),
    ("XWZSBH", "学位证书编号"),
    ("JYBH", "决议编号"),
    ("DSXM", "导师姓名"),
    ("LWTM", "论文题目"),
    ("LWGJC", "论文关键词"),
    ("LWLX", "论文类型"),
    ("LWXTLY", "论文选题来源"),
    ("LWYJFX", "论文研究方向"),
    ("LWZXYZ", "论文撰写语种"),
    ("ZP", "照片文件名"),
];

/// The name of a field code.
pub fn field_name(code: &str) -> &'static str {
    FIELDS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("", |(_, n)| n)
}

/// What the dossier holds for one conferred applicant.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub application_id: i64,
    pub kind: Option<StudentKind>,
    pub student_no: String,
    pub name: String,
    pub name_pinyin: String,
    pub gender: Option<String>,
    pub nationality: Option<String>,
    pub ethnicity: Option<String>,
    pub political_status: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub id_type: Option<String>,
    pub id_number: Option<String>,
    pub unit_code: String,
    pub unit_name: String,
    pub unit_head: String,
    pub discipline_category: Option<String>,
    pub first_level: Option<String>,
    pub major_code: Option<String>,
    pub major_name: Option<String>,
    /// 专业学位类别, as filled.
    pub professional_category: Option<String>,
    pub study_mode: Option<String>,
    /// `YYYYMM`.
    pub entry_month: Option<String>,
    /// The congress's date: 获学位日期 and the certificate's issue date.
    pub conferred_on: Option<NaiveDate>,
    pub certificate_no: Option<String>,
    pub resolution_no: Option<String>,
    pub advisor_name: Option<String>,
    pub thesis_title: Option<String>,
    /// Synced keywords, or the filled ones when none were synced.
    pub keywords: Option<String>,
    /// 论文类型, 论文选题来源, 论文撰写语种 as filled (names).
    pub thesis_type: Option<String>,
    pub thesis_source: Option<String>,
    pub thesis_language: Option<String>,
    pub research_direction: Option<String>,
    pub has_photo: bool,
}

impl Source {
    pub fn level(&self) -> Option<DegreeLevel> {
        self.kind.map(StudentKind::level)
    }
}

/// One record as written: a value per template column, in template order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub application_id: i64,
    pub student_no: String,
    pub name: String,
    pub unit_name: String,
    pub values: Vec<(String, String)>,
}

impl Record {
    pub fn get(&self, code: &str) -> &str {
        self.values
            .iter()
            .find(|(c, _)| c == code)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// One failing field of one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldProblem {
    pub application_id: i64,
    pub student_no: String,
    pub name: String,
    pub unit_name: String,
    /// The field code (XM, ZJHM …).
    pub field: String,
    pub field_name: String,
    /// The value as it would be written.
    pub value: String,
    pub problem: String,
}

/// 专业代码: a unit's own six-digit sub-discipline as synced, or the
/// four-digit 一级学科 / 专业学位类别 (a six-digit code ending in `00`).
fn major_code(s: &Source) -> String {
    if s.kind.is_some_and(StudentKind::is_professional) {
        if let Some(p) = s.professional_category.as_deref().filter(|p| !p.is_empty()) {
            return p.to_owned();
        }
    }
    match s.major_code.as_deref() {
        Some(m) if m.len() == 6 && m.ends_with("00") => m[..4].to_owned(),
        Some(m) => m.to_owned(),
        None => s.first_level.clone().unwrap_or_default(),
    }
}

/// The 学位类别's basis: the 专业学位类别 of a professional degree, the 门类
/// of an academic one.
fn degree_basis(s: &Source, zydm: &str) -> String {
    if s.kind.is_some_and(StudentKind::is_professional) {
        zydm.get(..4).unwrap_or_default().to_owned()
    } else {
        s.discipline_category
            .clone()
            .filter(|c| c.len() == 2)
            .unwrap_or_else(|| zydm.get(..2).unwrap_or_default().to_owned())
    }
}

/// The value of field `code` for `s`, in code form (before `Output::Name`).
fn raw_value(code: &str, s: &Source, data: &NationalData) -> String {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let mainland = s.nationality.as_deref().is_none_or(|n| n == "156");
    let from_name = |table: &str, v: &Option<String>| -> String {
        let v = opt(v);
        data.table(table)
            .and_then(|t| t.code_of(&v).or_else(|| t.name_of(&v).map(|_| v.as_str())))
            .map_or(v.clone(), str::to_owned)
    };
    let zydm = major_code(s);
    let category = s
        .level()
        .and_then(|l| data.degree_category(l, &degree_basis(s, &zydm)));
    let date = |d: Option<NaiveDate>| {
        d.map(|d| d.format("%Y%m%d").to_string())
            .unwrap_or_default()
    };
    match code {
        "XM" => s.name.clone(),
        "XMPY" => s.name_pinyin.clone(),
        "XBM" => opt(&s.gender),
        "GBM" => opt(&s.nationality),
        "MZM" if mainland => opt(&s.ethnicity),
        "ZZMMM" if mainland => opt(&s.political_status),
        "MZM" | "ZZMMM" => String::new(),
        "CSRQ" => date(s.birth_date),
        "ZJLXM" => opt(&s.id_type),
        "ZJHM" => opt(&s.id_number),
        "XWSYDWM" => data.university.code.clone(),
        "XWSYDW" => data.university.name.clone(),
        "PYDWM" => s.unit_code.clone(),
        "PYDW" => s.unit_name.clone(),
        "XZXM" => s.unit_head.clone(),
        "ZXXM" => data.university.chair_name.clone(),
        "XWLBM" => category.map(|c| c.code.clone()).unwrap_or_default(),
        "XWLB" => category.map(|c| c.name.clone()).unwrap_or_default(),
        "ZYDM" => zydm,
        "ZYMC" => match data.discipline(&zydm) {
            Some(d) => d.name.clone(),
            None => opt(&s.major_name),
        },
        "ZSZYMC" => match data.discipline(&zydm) {
            Some(d) if s.major_name.as_deref().is_none_or(str::is_empty) => d.name.clone(),
            _ => opt(&s.major_name),
        },
        "XH" => s.student_no.clone(),
        "RXNY" => opt(&s.entry_month),
        "BYNY" => s
            .conferred_on
            .map(|d| d.format("%Y%m").to_string())
            .unwrap_or_default(),
        "XXXSM" => opt(&s.study_mode),
        "HXWRQ" => date(s.conferred_on),
        "XWZSBH" => opt(&s.certificate_no),
        "JYBH" => opt(&s.resolution_no),
        "DSXM" => opt(&s.advisor_name),
        "LWTM" => opt(&s.thesis_title),
        "LWGJC" => split_keywords(s.keywords.as_deref().unwrap_or_default()).join(","),
        "LWLX" => from_name("lwlx", &s.thesis_type),
        "LWXTLY" => from_name("lwxtly", &s.thesis_source),
        "LWYJFX" => opt(&s.research_direction),
        "LWZXYZ" => from_name("lwzxyz", &s.thesis_language),
        "ZP" if s.has_photo => opt(&s.id_number),
        _ => String::new(),
    }
}

/// The record of `s` under the template, values trimmed.
pub fn build(s: &Source, data: &NationalData) -> Record {
    let kind = s.kind.unwrap_or(StudentKind::AcademicMaster);
    let values = data
        .columns
        .iter()
        .filter(|c| c.applies_to(kind))
        .map(|c| {
            (
                c.code.clone(),
                raw_value(&c.code, s, data).trim().to_owned(),
            )
        })
        .collect();
    Record {
        application_id: s.application_id,
        student_no: s.student_no.clone(),
        name: s.name.clone(),
        unit_name: s.unit_name.clone(),
        values,
    }
}

/// The values as written to the files: coded columns whose template says
/// `name` get the code's name.
pub fn written(r: &Record, data: &NationalData) -> Vec<(String, String)> {
    r.values
        .iter()
        .map(|(code, v)| {
            let col = data.columns.iter().find(|c| &c.code == code);
            let v = match col.and_then(|c| c.table.as_deref().filter(|_| c.output == Output::Name))
            {
                Some(t) => data
                    .table(t)
                    .and_then(|t| t.name_of(v))
                    .map_or(v.clone(), str::to_owned),
                None => v.clone(),
            };
            (code.clone(), v)
        })
        .collect()
}

fn ymd(s: &str) -> Option<NaiveDate> {
    (s.len() == 8)
        .then(|| NaiveDate::parse_from_str(s, "%Y%m%d").ok())
        .flatten()
}

fn ym(s: &str) -> Option<NaiveDate> {
    (s.len() == 6)
        .then(|| NaiveDate::parse_from_str(&format!("{s}01"), "%Y%m%d").ok())
        .flatten()
}

/// Every problem of one record, alone (uniqueness is [`validate`]'s).
pub fn check_record(s: &Source, r: &Record, data: &NationalData) -> Vec<FieldProblem> {
    let mut out = Vec::new();
    let mut bad = |field: &str, problem: String| {
        out.push(FieldProblem {
            application_id: r.application_id,
            student_no: r.student_no.clone(),
            name: r.name.clone(),
            unit_name: r.unit_name.clone(),
            field: field.to_owned(),
            field_name: field_name(field).to_owned(),
            value: r.get(field).to_owned(),
            problem,
        });
    };
    let mainland = r.get("GBM") == "156";
    for c in data
        .columns
        .iter()
        .filter(|c| r.values.iter().any(|(k, _)| *k == c.code))
    {
        let v = r.get(&c.code);
        let needed = c.required && (mainland || !matches!(c.code.as_str(), "MZM" | "ZZMMM"));
        if v.is_empty() {
            if needed && c.code == "XWZSBH" {
                bad(&c.code, "尚未发放学位证书编号".to_owned());
            } else if needed && c.code == "XWLBM" {
                bad(&c.code, "学位类别码为必填项：学位类别表中没有该层次与学科门类（专业学位类别）的学位类别".to_owned());
            } else if needed {
                bad(&c.code, format!("{}为必填项", c.name));
            }
            continue;
        }
        if let Some(max) = c.max_len {
            let n = v.chars().count();
            if n > max {
                bad(
                    &c.code,
                    format!("{}不能超过 {max} 个字符（现为 {n} 个）", c.name),
                );
            }
        }
        if v.chars().any(char::is_control) {
            bad(&c.code, format!("{}含有控制字符", c.name));
        }
        if let Some(t) = &c.table {
            match data.table(t) {
                Some(table) if table.name_of(v).is_some() => {}
                Some(table) => bad(
                    &c.code,
                    format!("{} {v:?} 不在代码表“{}”中", c.name, table.title),
                ),
                None => bad(&c.code, format!("代码表 {t} 未加载")),
            }
        }
    }
    let csrq = ymd(r.get("CSRQ"));
    let rxny = ym(r.get("RXNY"));
    let byny = ym(r.get("BYNY"));
    let hxwrq = ymd(r.get("HXWRQ"));
    for (f, d, form) in [
        ("CSRQ", csrq, "YYYYMMDD"),
        ("RXNY", rxny, "YYYYMM"),
        ("BYNY", byny, "YYYYMM"),
        ("HXWRQ", hxwrq, "YYYYMMDD"),
    ] {
        if d.is_none() && !r.get(f).is_empty() {
            bad(f, format!("{}应为 {form} 格式的有效日期", field_name(f)));
        }
    }
    if let (Some(b), Some(e)) = (csrq, rxny) {
        if b >= e {
            bad("RXNY", "入学年月应晚于出生日期".to_owned());
        }
    }
    if let (Some(e), Some(h)) = (rxny, hxwrq) {
        if e > h {
            bad("HXWRQ", "获学位日期应晚于入学年月".to_owned());
        }
    }
    if let (Some(e), Some(g)) = (rxny, byny) {
        if e > g {
            bad("BYNY", "毕业年月不能早于入学年月".to_owned());
        }
    }
    if let (Some(b), Some(h)) = (csrq, hxwrq) {
        let age = h.years_since(b).unwrap_or(0);
        if !(16..=90).contains(&age) {
            bad("CSRQ", format!("出生日期不合理：获学位时 {age} 岁"));
        }
    }
    if r.get("ZJLXM") == "01" && !r.get("ZJHM").is_empty() {
        match IdNumber::parse(r.get("ZJHM")) {
            Ok(id) => {
                if csrq.is_some() && id.birth_date() != csrq {
                    bad("CSRQ", "出生日期与居民身份证号码不一致".to_owned());
                }
                if let Some(male) = match r.get("XBM") {
                    "1" => Some(true),
                    "2" => Some(false),
                    _ => None,
                } {
                    if id.is_male() != male {
                        bad("XBM", "性别与居民身份证号码不一致".to_owned());
                    }
                }
            }
            Err(e) => bad("ZJHM", format!("居民身份证号码无效：{e}")),
        }
    }
    let no = r.get("XWZSBH");
    if !no.is_empty() {
        match (s.level(), hxwrq) {
            (Some(level), Some(h)) => {
                if let Err(e) = certificate::check(no, &data.university.code, level, h.year()) {
                    bad("XWZSBH", e);
                }
            }
            _ => bad(
                "XWZSBH",
                "无法核对学位证书编号：缺少学位层次或获学位日期".to_owned(),
            ),
        }
    }
    let zydm = r.get("ZYDM");
    if !zydm.is_empty() {
        let head = zydm.get(..4).unwrap_or_default();
        let known = data
            .discipline(head)
            .filter(|d| d.kind != DisciplineKind::Category);
        let shape_ok =
            (zydm.len() == 4 || zydm.len() == 6) && zydm.bytes().all(|b| b.is_ascii_digit());
        match known {
            _ if !shape_ok => bad(
                "ZYDM",
                "专业代码应为 4 位（一级学科或专业学位类别）或 6 位（自设二级学科）数字".to_owned(),
            ),
            None => bad(
                "ZYDM",
                format!("专业代码 {head} 不在 2022 年学科专业目录中"),
            ),
            Some(d) => {
                let professional = s.kind.is_some_and(StudentKind::is_professional);
                if professional != (d.kind == DisciplineKind::Professional) {
                    bad(
                        "ZYDM",
                        format!("专业代码 {head} 是{}，与申请类别不符", d.kind.label()),
                    );
                } else if professional && s.level() == Some(DegreeLevel::Doctor) && !d.doctor {
                    bad("ZYDM", format!("专业学位类别 {head} 不授予博士专业学位"));
                }
            }
        }
    }
    let kw = split_keywords(r.get("LWGJC")).len();
    if !r.get("LWGJC").is_empty() && kw < 3 {
        bad("LWGJC", format!("论文关键词至少 3 个（现为 {kw} 个）"));
    }
    if !r.get("ZP").is_empty() && r.get("ZP") != r.get("ZJHM") {
        bad("ZP", "照片文件名应为证件号码".to_owned());
    }
    out
}

/// The validation of a whole report: every record's problems, then no
/// student, ID number or certificate number twice.
pub fn validate(sources: &[Source], data: &NationalData) -> (Vec<Record>, Vec<FieldProblem>) {
    let records: Vec<Record> = sources.iter().map(|s| build(s, data)).collect();
    let mut problems = Vec::new();
    for (s, r) in sources.iter().zip(&records) {
        problems.extend(check_record(s, r, data));
    }
    for field in ["XH", "ZJHM", "XWZSBH"] {
        let mut seen: HashMap<&str, &Record> = HashMap::new();
        for r in &records {
            let v = r.get(field);
            if v.is_empty() {
                continue;
            }
            if let Some(first) = seen.get(v) {
                for who in [*first, r] {
                    problems.push(FieldProblem {
                        application_id: who.application_id,
                        student_no: who.student_no.clone(),
                        name: who.name.clone(),
                        unit_name: who.unit_name.clone(),
                        field: field.to_owned(),
                        field_name: field_name(field).to_owned(),
                        value: v.to_owned(),
                        problem: format!(
                            "{}重复：{} 与 {}",
                            field_name(field),
                            first.student_no,
                            r.student_no
                        ),
                    });
                }
            } else {
                seen.insert(v, r);
            }
        }
    }
    problems.sort_by(|a, b| {
        (a.student_no.as_str(), a.application_id, a.field.as_str()).cmp(&(
            b.student_no.as_str(),
            b.application_id,
            b.field.as_str(),
        ))
    });
    problems.dedup();
    (records, problems)
}

#[cfg(test)]
mod tests;
