//! 学位证书编号 (学位〔2015〕18号): 16 digits — the degree-granting unit's
//! five-digit code, the level digit (`2` doctor, `3` master), the four-digit
//! year of conferral, and six digits the unit assigns.
//!
//! The six digits follow a configured [`SerialPattern`]: by default a plain
//! sequence per (level, year) from `000001`; a pattern such as
//! `{type:2}{seq:4}` puts a two-digit certificate type (from the `zslx` code
//! table) in front of a four-digit sequence. A sequence counts per everything
//! the number fixes before it, and always continues after the highest number
//! ever issued with the same start: a number is never issued twice, not even
//! after a revocation.
//!
//! [`assign`] numbers a batch in a documented, deterministic order: by the
//! training unit's code, then the 学号.

use crate::domain::DegreeLevel;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Length of a certificate number.
pub const LEN: usize = 16;
/// Length of the part the unit assigns.
pub const SERIAL_LEN: usize = 6;

/// The level digit of position 6.
pub fn level_digit(level: DegreeLevel) -> char {
    match level {
        DegreeLevel::Doctor => '2',
        DegreeLevel::Master => '3',
    }
}

/// One piece of the six-digit part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Fixed digits.
    Literal(String),
    /// The certificate type's code, this many digits.
    Type(usize),
    /// The running sequence, this many digits, from 1.
    Seq(usize),
}

/// The configured composition of the six digits the unit assigns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerialPattern {
    pieces: Vec<Piece>,
}

impl Default for SerialPattern {
    fn default() -> Self {
        SerialPattern {
            pieces: vec![Piece::Seq(SERIAL_LEN)],
        }
    }
}

impl SerialPattern {
    /// Parse `{seq:6}`, `{type:2}{seq:4}`, `9{seq:5}` …: digits, at most one
    /// `{type:N}` and exactly one `{seq:N}`, which comes last, six digits in all.
    pub fn parse(s: &str) -> Result<SerialPattern, String> {
        let mut pieces = Vec::new();
        let mut rest = s.trim();
        while !rest.is_empty() {
            if let Some(body) = rest.strip_prefix('{') {
                let (inner, after) = body
                    .split_once('}')
                    .ok_or_else(|| format!("证书编号规则 {s:?} 的花括号不成对"))?;
                let (name, n) = inner
                    .split_once(':')
                    .ok_or_else(|| format!("证书编号规则 {s:?} 中 {{{inner}}} 缺少位数"))?;
                let n: usize = n
                    .trim()
                    .parse()
                    .ok()
                    .filter(|n| (1..=SERIAL_LEN).contains(n))
                    .ok_or_else(|| format!("证书编号规则 {s:?} 中 {{{inner}}} 的位数无效"))?;
                pieces.push(match name.trim() {
                    "seq" => Piece::Seq(n),
                    "type" => Piece::Type(n),
                    other => return Err(format!("证书编号规则 {s:?} 中 {other:?} 未知")),
                });
                rest = after;
            } else {
                let end = rest.find('{').unwrap_or(rest.len());
                let lit = &rest[..end];
                if !lit.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!(
                        "证书编号规则 {s:?} 只能含数字、{{type:N}} 和 {{seq:N}}"
                    ));
                }
                pieces.push(Piece::Literal(lit.to_owned()));
                rest = &rest[end..];
            }
        }
        let width: usize = pieces
            .iter()
            .map(|p| match p {
                Piece::Literal(l) => l.len(),
                Piece::Type(n) | Piece::Seq(n) => *n,
            })
            .sum();
        let seqs = pieces.iter().filter(|p| matches!(p, Piece::Seq(_))).count();
        let types = pieces
            .iter()
            .filter(|p| matches!(p, Piece::Type(_)))
            .count();
        if width != SERIAL_LEN {
            return Err(format!(
                "证书编号规则 {s:?} 应为 {SERIAL_LEN} 位，实为 {width} 位"
            ));
        }
        if seqs != 1 || !matches!(pieces.last(), Some(Piece::Seq(_))) {
            return Err(format!("证书编号规则 {s:?} 应以唯一的 {{seq:N}} 结尾"));
        }
        if types > 1 {
            return Err(format!("证书编号规则 {s:?} 至多含一个 {{type:N}}"));
        }
        Ok(SerialPattern { pieces })
    }

    /// The width of the type code, if the pattern has one.
    pub fn type_width(&self) -> Option<usize> {
        self.pieces.iter().find_map(|p| match p {
            Piece::Type(n) => Some(*n),
            _ => None,
        })
    }

    fn seq_width(&self) -> usize {
        self.pieces
            .iter()
            .find_map(|p| match p {
                Piece::Seq(n) => Some(*n),
                _ => None,
            })
            .unwrap_or(SERIAL_LEN)
    }

    /// The digits before the sequence, for a certificate type code.
    fn prefix(&self, type_code: Option<&str>) -> Result<String, String> {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Literal(l) => out.push_str(l),
                Piece::Type(n) => {
                    let code = type_code.unwrap_or_default();
                    if code.len() != *n || !code.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(format!("证书类型代码 {code:?} 应为 {n} 位数字"));
                    }
                    out.push_str(code);
                }
                Piece::Seq(_) => {}
            }
        }
        Ok(out)
    }
}

impl std::fmt::Display for SerialPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for p in &self.pieces {
            match p {
                Piece::Literal(l) => write!(f, "{l}")?,
                Piece::Type(n) => write!(f, "{{type:{n}}}")?,
                Piece::Seq(n) => write!(f, "{{seq:{n}}}")?,
            }
        }
        Ok(())
    }
}

/// Is `no` a well-formed number of `unit` for `level` and `year`? The
/// reason it is not, in the office's words.
pub fn check(no: &str, unit: &str, level: DegreeLevel, year: i32) -> Result<(), String> {
    if no.len() != LEN || !no.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("学位证书编号应为 {LEN} 位数字"));
    }
    if &no[..5] != unit {
        return Err(format!("学位证书编号前 5 位应为学位授予单位代码 {unit}"));
    }
    if no.as_bytes()[5] as char != level_digit(level) {
        return Err(format!(
            "学位证书编号第 6 位应为 {}（{}）",
            level_digit(level),
            match level {
                DegreeLevel::Doctor => "博士",
                DegreeLevel::Master => "硕士",
            }
        ));
    }
    if no[6..10] != year.to_string() {
        return Err(format!("学位证书编号第 7–10 位应为授予年度 {year}"));
    }
    if no[10..].bytes().all(|b| b == b'0') {
        return Err("学位证书编号末 6 位不能全为 0".to_owned());
    }
    Ok(())
}

/// One conferred applicant waiting for a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate<K> {
    pub key: K,
    pub unit_code: String,
    pub student_no: String,
    pub level: DegreeLevel,
    /// The certificate type code, when the pattern has `{type:N}`.
    pub type_code: Option<String>,
}

/// Why a batch cannot be numbered; nothing is issued then.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberingError {
    #[error("{0}")]
    Pattern(String),
    #[error("学位授予单位代码 {0:?} 应为 5 位数字")]
    Unit(String),
    #[error("授予年度 {0} 无效")]
    Year(i32),
    #[error("以 {prefix} 开头的学位证书编号已用尽（{width} 位序号）")]
    Exhausted { prefix: String, width: usize },
}

/// Numbers for `candidates`, in the order unit code then 学号, each
/// sequence continuing after the highest of `ever_issued` (every number the
/// unit ever issued, revoked ones included) that shares its start.
pub fn assign<K: Clone>(
    unit: &str,
    year: i32,
    pattern: &SerialPattern,
    candidates: &[Candidate<K>],
    ever_issued: &BTreeSet<String>,
) -> Result<Vec<(K, String)>, NumberingError> {
    if unit.len() != 5 || !unit.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberingError::Unit(unit.to_owned()));
    }
    if !(1000..=9999).contains(&year) {
        return Err(NumberingError::Year(year));
    }
    let width = pattern.seq_width();
    let mut order: Vec<&Candidate<K>> = candidates.iter().collect();
    order.sort_by(|a, b| {
        (a.unit_code.as_str(), a.student_no.as_str())
            .cmp(&(b.unit_code.as_str(), b.student_no.as_str()))
    });
    let mut next: HashMap<String, u64> = HashMap::new();
    let mut out = Vec::with_capacity(order.len());
    for c in order {
        let start = format!(
            "{unit}{}{year}{}",
            level_digit(c.level),
            pattern
                .prefix(c.type_code.as_deref())
                .map_err(NumberingError::Pattern)?
        );
        let seq = next
            .entry(start.clone())
            .or_insert_with(|| highest(ever_issued, &start) + 1);
        let limit = 10u64.pow(width as u32);
        if *seq >= limit {
            return Err(NumberingError::Exhausted {
                prefix: start,
                width,
            });
        }
        out.push((c.key.clone(), format!("{start}{:0width$}", *seq)));
        *seq += 1;
    }
    Ok(out)
}

/// The highest sequence value among the numbers starting with `start`.
fn highest(ever_issued: &BTreeSet<String>, start: &str) -> u64 {
    ever_issued
        .range(start.to_owned()..)
        .take_while(|n| n.starts_with(start))
        .filter(|n| n.len() == LEN)
        .filter_map(|n| n[start.len()..].parse::<u64>().ok())
        .max()
        .unwrap_or(0)
}

/// How many numbers each (level digit, year) start has used, for display.
pub fn usage(ever_issued: &BTreeSet<String>) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for n in ever_issued.iter().filter(|n| n.len() == LEN) {
        *m.entry(n[5..10].to_owned()).or_default() += 1;
    }
    m
}

/// The configured numbering shown to the office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NumberingRule {
    /// 学位授予单位代码 (positions 1–5).
    pub unit_code: String,
    /// The six-digit part, e.g. `{seq:6}` or `{type:2}{seq:4}`.
    pub pattern: String,
}

#[cfg(test)]
mod tests;
