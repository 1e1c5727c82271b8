//! Garbage from upstream is rejected with a clear reason, never stored.

use super::contract::{
    AdvisorRecord, SourceSystem, StudentRecord, TrainingRecord, TranscriptRecord,
};
use crate::db::synced_columns::SyncedData;
use serde_json::value::RawValue;
use shared::domain::{IdNumber, StudentKind};

fn yyyymm(s: &str) -> bool {
    s.len() == 6
        && s.chars().all(|c| c.is_ascii_digit())
        && s[4..].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
}

pub fn record(r: &StudentRecord, expected_no: &str) -> Result<(), String> {
    if r.student_no != expected_no {
        return Err(format!(
            "学号不符：请求 {expected_no}，返回 {}",
            r.student_no
        ));
    }
    if r.name.trim().is_empty() || r.name.chars().count() > 40 {
        return Err("姓名为空或超过 40 个字".to_owned());
    }
    if !matches!(r.gender.as_str(), "1" | "2") {
        return Err(format!("性别码无效：{:?}", r.gender));
    }
    if StudentKind::parse(&r.student_kind).is_none() {
        return Err(format!("学生类别无效：{:?}", r.student_kind));
    }
    if r.id_type == "01" {
        let id = IdNumber::parse(&r.id_number)
            .map_err(|e| format!("证件号码无效（{}）：{e}", r.id_number))?;
        if id.birth_date() != Some(r.birth_date) {
            return Err("出生日期与证件号码不符".to_owned());
        }
    } else if r.id_number.trim().is_empty() || r.id_number.chars().count() > 18 {
        return Err("证件号码为空或过长".to_owned());
    }
    if !yyyymm(&r.entry_month) {
        return Err(format!("入学年月格式无效：{:?}", r.entry_month));
    }
    if r.major_code.len() != 6 || !r.major_code.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("专业代码无效：{:?}", r.major_code));
    }
    Ok(())
}

pub fn advisor(a: &AdvisorRecord, expected_no: &str) -> Result<(), String> {
    if a.student_no != expected_no {
        return Err(format!("教师系统返回的学号不符：{}", a.student_no));
    }
    if a.advisor_name.trim().is_empty() {
        return Err("导师姓名为空".to_owned());
    }
    Ok(())
}

pub fn transcript(t: &TranscriptRecord, expected_no: &str) -> Result<(), String> {
    if t.student_no != expected_no {
        return Err(format!("教务系统返回的学号不符：{}", t.student_no));
    }
    if t.courses
        .iter()
        .any(|c| c.code.trim().is_empty() || !c.credits.is_finite() || c.credits < 0.0)
    {
        return Err("课程代码为空或学分无效".to_owned());
    }
    if !t.total_credits.is_finite() || t.total_credits < 0.0 {
        return Err("总学分无效".to_owned());
    }
    Ok(())
}

pub fn training(t: &TrainingRecord, expected_no: &str) -> Result<(), String> {
    if t.student_no != expected_no {
        return Err(format!("培养系统返回的学号不符：{}", t.student_no));
    }
    if t.thesis_keywords.iter().any(|k| k.trim().is_empty()) {
        return Err("论文关键词含空值".to_owned());
    }
    Ok(())
}

/// One record as it came over the wire; parsed into its type only once.
pub type Raw = Box<RawValue>;

/// The 学号 of a raw record (empty when it has none), to index a unit page.
pub fn student_no_of(raw: &RawValue) -> String {
    #[derive(serde::Deserialize)]
    struct Key {
        student_no: String,
    }
    serde_json::from_str::<Key>(raw.get())
        .map(|k| k.student_no)
        .unwrap_or_default()
}

/// Parse and validate one system's JSON for a student into `data`.
pub fn accept(
    data: &mut SyncedData,
    system: SourceSystem,
    value: &RawValue,
    student_no: &str,
) -> Result<(), String> {
    let garbage = |e: serde_json::Error| format!("{} 返回的数据无法识别：{e}", system.label());
    match system {
        SourceSystem::Records => {
            let r: StudentRecord = serde_json::from_str(value.get()).map_err(garbage)?;
            record(&r, student_no)?;
            data.records = Some(r);
        }
        SourceSystem::Teachers => {
            let a: AdvisorRecord = serde_json::from_str(value.get()).map_err(garbage)?;
            advisor(&a, student_no)?;
            data.advisor = Some(a);
        }
        SourceSystem::Courses => {
            let t: TranscriptRecord = serde_json::from_str(value.get()).map_err(garbage)?;
            transcript(&t, student_no)?;
            data.transcript = Some(t);
        }
        SourceSystem::Training => {
            let t: TrainingRecord = serde_json::from_str(value.get()).map_err(garbage)?;
            training(&t, student_no)?;
            data.training = Some(t);
        }
    }
    Ok(())
}
