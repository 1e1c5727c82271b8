//! How each filled value is checked, and what stands between a student and
//! 信息确认.

use super::filled::*;
use crate::error::FieldError;

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
        FilledField::ThesisType
        | FilledField::ThesisSource
        | FilledField::ThesisLanguage
        | FilledField::ProfessionalCategory => {
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
