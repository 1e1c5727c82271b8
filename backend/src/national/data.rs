//! The national code tables, the 2022 discipline catalogue, the degree
//! categories, the report's column template and the university's settings,
//! loaded from CSV files. The shipped files (`backend/data/national/`) are
//! built in; a file of the same name in the configured directory
//! (`--national-data-dir`) replaces one. Everything is checked at start-up:
//! a broken file stops the server with the file and line named.

use shared::domain::{DegreeLevel, StudentKind};
use shared::national::certificate::SerialPattern;
use shared::national::codes::{
    CodeEntry, CodeTable, DegreeCategory, Discipline, DisciplineKind, NationalData, Output,
    ReportColumn, University,
};
use shared::national::report::FIELDS;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// A certificate type for the `{type:N}` part of the number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateType {
    pub code: String,
    pub kinds: Vec<StudentKind>,
    /// `None`: any study mode.
    pub study_mode: Option<String>,
}

/// Everything loaded, with the certificate types beside the shared part.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub data: NationalData,
    pub pattern: SerialPattern,
    pub certificate_types: Vec<CertificateType>,
}

impl Loaded {
    /// The certificate type code of an applicant, for `{type:N}`.
    pub fn certificate_type(&self, kind: StudentKind, study_mode: Option<&str>) -> Option<String> {
        self.certificate_types
            .iter()
            .find(|t| {
                t.kinds.contains(&kind)
                    && t.study_mode
                        .as_deref()
                        .is_none_or(|m| Some(m) == study_mode)
            })
            .map(|t| t.code.clone())
    }
}

/// The code tables: file stem and title.
pub const TABLES: &[(&str, &str)] = &[
    ("xb", "性别（GB/T 2261）"),
    ("gb", "国家或地区（GB/T 2659）"),
    ("mz", "民族（GB/T 3304）"),
    ("zzmm", "政治面貌（GB/T 4762）"),
    ("zjlx", "证件类型"),
    ("xxxs", "学习形式"),
    ("lwlx", "论文类型"),
    ("lwxtly", "论文选题来源"),
    ("lwzxyz", "论文撰写语种"),
];

macro_rules! shipped {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../data/national/", $name)))),*]
    };
}

/// The shipped files, built in.
const SHIPPED: &[(&str, &str)] = shipped!(
    "xb.csv",
    "gb.csv",
    "mz.csv",
    "zzmm.csv",
    "zjlx.csv",
    "xxxs.csv",
    "lwlx.csv",
    "lwxtly.csv",
    "lwzxyz.csv",
    "disciplines.csv",
    "xwlb.csv",
    "report_fields.csv",
    "university.csv",
    "zslx.csv",
);

/// The text of a data file: the configured directory's, or the shipped one.
fn text(dir: Option<&Path>, name: &str) -> Result<String, String> {
    if let Some(dir) = dir {
        let path = dir.join(name);
        if path.exists() {
            return std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()));
        }
    }
    SHIPPED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| (*t).to_owned())
        .ok_or_else(|| format!("{name}: no such data file"))
}

/// The rows of a CSV file with exactly these header columns.
fn rows(dir: Option<&Path>, name: &str, header: &[&str]) -> Result<Vec<Vec<String>>, String> {
    let text = text(dir, name)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let got: Vec<String> = reader
        .headers()
        .map_err(|e| format!("{name}: {e}"))?
        .iter()
        .map(str::to_owned)
        .collect();
    if got != header {
        return Err(format!("{name}: the header should be {}", header.join(",")));
    }
    let mut out = Vec::new();
    for (i, r) in reader.records().enumerate() {
        let r = r.map_err(|e| format!("{name}, line {}: {e}", i + 2))?;
        out.push(r.iter().map(str::to_owned).collect());
    }
    Ok(out)
}

fn level(name: &str, line: usize, s: &str) -> Result<DegreeLevel, String> {
    match s {
        "doctor" => Ok(DegreeLevel::Doctor),
        "master" => Ok(DegreeLevel::Master),
        _ => Err(format!(
            "{name}, line {line}: level {s:?} (doctor or master)"
        )),
    }
}

fn kinds(name: &str, line: usize, s: &str) -> Result<Vec<StudentKind>, String> {
    s.split(';')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(|k| {
            StudentKind::parse(k).ok_or_else(|| format!("{name}, line {line}: unknown kind {k:?}"))
        })
        .collect()
}

/// Load and check every file.
pub fn load(dir: Option<&Path>) -> Result<Loaded, String> {
    let mut tables = Vec::new();
    for (id, title) in TABLES {
        let name = format!("{id}.csv");
        let mut seen = HashSet::new();
        let mut entries = Vec::new();
        for (i, r) in rows(dir, &name, &["code", "name"])?.into_iter().enumerate() {
            if r[0].is_empty() || r[1].is_empty() || !seen.insert(r[0].clone()) {
                return Err(format!("{name}, line {}: empty or repeated code", i + 2));
            }
            entries.push(CodeEntry {
                code: r[0].clone(),
                name: r[1].clone(),
            });
        }
        tables.push(CodeTable {
            id: (*id).to_owned(),
            title: (*title).to_owned(),
            entries,
        });
    }

    let name = "disciplines.csv";
    let mut disciplines = Vec::new();
    let mut codes = HashSet::new();
    for (i, r) in rows(dir, name, &["code", "name", "kind", "parent", "doctor"])?
        .into_iter()
        .enumerate()
    {
        let line = i + 2;
        let kind = DisciplineKind::parse(&r[2])
            .ok_or_else(|| format!("{name}, line {line}: kind {:?}", r[2]))?;
        let width = if kind == DisciplineKind::Category {
            2
        } else {
            4
        };
        if r[0].len() != width
            || !r[0].bytes().all(|b| b.is_ascii_digit())
            || !codes.insert(r[0].clone())
        {
            return Err(format!("{name}, line {line}: code {:?}", r[0]));
        }
        let parent = (!r[3].is_empty()).then(|| r[3].clone());
        if kind != DisciplineKind::Category && parent.as_deref() != r[0].get(..2) {
            return Err(format!("{name}, line {line}: parent {:?}", r[3]));
        }
        disciplines.push(Discipline {
            code: r[0].clone(),
            name: r[1].clone(),
            kind,
            parent,
            doctor: r[4] == "1",
        });
    }

    let name = "xwlb.csv";
    let mut degree_categories = Vec::new();
    for (i, r) in rows(dir, name, &["code", "name", "level", "basis"])?
        .into_iter()
        .enumerate()
    {
        degree_categories.push(DegreeCategory {
            code: r[0].clone(),
            name: r[1].clone(),
            level: level(name, i + 2, &r[2])?,
            basis: r[3].clone(),
        });
    }

    let name = "report_fields.csv";
    let mut columns = Vec::new();
    for (i, r) in rows(
        dir,
        name,
        &[
            "code", "name", "required", "max_len", "table", "output", "kinds",
        ],
    )?
    .into_iter()
    .enumerate()
    {
        let line = i + 2;
        if !FIELDS.iter().any(|(c, _)| *c == r[0]) {
            return Err(format!("{name}, line {line}: unknown field {:?}", r[0]));
        }
        let table = (!r[4].is_empty()).then(|| r[4].clone());
        if let Some(t) = &table {
            if !TABLES.iter().any(|(id, _)| id == t) {
                return Err(format!("{name}, line {line}: unknown table {t:?}"));
            }
        }
        columns.push(ReportColumn {
            code: r[0].clone(),
            name: r[1].clone(),
            required: r[2] == "1",
            max_len: if r[3].is_empty() {
                None
            } else {
                Some(
                    r[3].parse()
                        .map_err(|_| format!("{name}, line {line}: max_len {:?}", r[3]))?,
                )
            },
            table,
            output: match r[5].as_str() {
                "code" | "" => Output::Code,
                "name" => Output::Name,
                o => return Err(format!("{name}, line {line}: output {o:?} (code or name)")),
            },
            kinds: kinds(name, line, &r[6])?,
        });
    }
    if columns.is_empty() {
        return Err(format!("{name}: no columns"));
    }

    let name = "university.csv";
    let settings: BTreeMap<String, String> = rows(dir, name, &["key", "value"])?
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let setting = |k: &str| {
        settings
            .get(k)
            .cloned()
            .ok_or_else(|| format!("{name}: no {k}"))
    };
    let university = University {
        code: setting("code")?,
        name: setting("name")?,
        chair_name: setting("chair_name")?,
        certificate_pattern: setting("certificate_pattern")?,
    };
    if university.code.len() != 5 || !university.code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{name}: code {:?} should be five digits",
            university.code
        ));
    }
    let pattern = SerialPattern::parse(&university.certificate_pattern)
        .map_err(|e| format!("{name}: certificate_pattern: {e}"))?;

    let name = "zslx.csv";
    let mut certificate_types = Vec::new();
    for (i, r) in rows(dir, name, &["code", "name", "kinds", "study_mode"])?
        .into_iter()
        .enumerate()
    {
        certificate_types.push(CertificateType {
            code: r[0].clone(),
            kinds: kinds(name, i + 2, &r[2])?,
            study_mode: (!r[3].is_empty()).then(|| r[3].clone()),
        });
    }
    if let Some(n) = pattern.type_width() {
        if let Some(t) = certificate_types.iter().find(|t| t.code.len() != n) {
            return Err(format!("{name}: code {:?} should have {n} digits", t.code));
        }
    }

    Ok(Loaded {
        data: NationalData {
            university,
            tables,
            disciplines,
            degree_categories,
            columns,
        },
        pattern,
        certificate_types,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_files_load_and_the_catalogue_has_its_counts() {
        let l = load(None).expect("shipped data");
        let counts = l.data.catalogue_counts();
        assert_eq!(counts.get("门类"), Some(&14));
        assert_eq!(counts.get("一级学科"), Some(&117));
        assert_eq!(counts.get("专业学位类别"), Some(&67));
        let doctoral = l
            .data
            .disciplines
            .iter()
            .filter(|d| d.kind == DisciplineKind::Professional && d.doctor)
            .count();
        assert_eq!(doctoral, 36);
        assert_eq!(l.data.table("mz").map(|t| t.entries.len()), Some(58));
        assert_eq!(
            l.data.table("gb").and_then(|t| t.name_of("156")),
            Some("中国")
        );
        assert_eq!(l.data.table("zzmm").map(|t| t.entries.len()), Some(13));
        assert_eq!(l.data.university.code, "14430");
        assert_eq!(l.data.columns.len(), FIELDS.len());
        // Every 门类 has its academic degree at both levels, and every
        // professional category its master's (and doctor's where allowed).
        for d in &l.data.disciplines {
            let basis = &d.code;
            match d.kind {
                DisciplineKind::Category => {
                    assert!(l.data.degree_category(DegreeLevel::Doctor, basis).is_some());
                    assert!(l.data.degree_category(DegreeLevel::Master, basis).is_some());
                }
                DisciplineKind::Professional => {
                    assert!(l.data.degree_category(DegreeLevel::Master, basis).is_some());
                    assert_eq!(
                        l.data.degree_category(DegreeLevel::Doctor, basis).is_some(),
                        d.doctor,
                        "{basis}"
                    );
                }
                DisciplineKind::FirstLevel => {}
            }
        }
    }

    #[test]
    fn a_replaced_file_is_checked() {
        let dir = std::env::temp_dir().join(format!("national-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(
            dir.join("university.csv"),
            "key,value\ncode,14430\nname,x\nchair_name,y\ncertificate_pattern,{type:2}{seq:4}\n",
        )
        .expect("write");
        let l = load(Some(&dir)).expect("typed pattern");
        assert_eq!(l.pattern.type_width(), Some(2));
        assert_eq!(
            l.certificate_type(StudentKind::ProfessionalMaster, Some("2"))
                .as_deref(),
            Some("03")
        );
        std::fs::write(
            dir.join("report_fields.csv"),
            "code,name,required,max_len,table,output,kinds\nNOPE,x,1,,,code,\n",
        )
        .expect("write");
        let e = load(Some(&dir)).expect_err("unknown field");
        assert!(e.contains("report_fields.csv, line 2"), "{e}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
