//! Deterministic generated campus data: every record is a pure function of
//! (seed, unit index, serial), so 60 000 students cost no memory and the
//! same seed always serves the same university.

use crate::sync::contract::{
    AdvisorRecord, CourseResult, Defense, ResearchOutput, StudentRecord, TrainingRecord,
    TranscriptRecord, UnitRecord,
};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use shared::domain::{DegreeLevel, IdNumber, StudentKind};

/// Shape of the generated university.
#[derive(Debug, Clone, Copy)]
pub struct Population {
    pub seed: u64,
    pub units: usize,
    pub students_per_unit: usize,
}

impl Population {
    /// The demo university: the one `--demo` seeds and the bundled
    /// simulator serves with its default flags, so syncing the demo changes
    /// nothing surprising.
    pub const DEMO: Population = Population {
        seed: 20261127,
        units: 5,
        students_per_unit: 12,
    };
}

const UNIT_NAMES: [&str; 20] = [
    "数学与系统科学研究院",
    "物理研究所",
    "化学研究所",
    "计算技术研究所",
    "计算机科学与技术学院",
    "生物物理研究所",
    "地质与地球物理研究所",
    "大气物理研究所",
    "自动化研究所",
    "软件研究所",
    "半导体研究所",
    "力学研究所",
    "声学研究所",
    "理论物理研究所",
    "高能物理研究所",
    "微电子研究所",
    "电子学研究所",
    "心理研究所",
    "遗传与发育生物学研究所",
    "经济与管理学院",
];

const HEADS: [&str; 8] = [
    "张明远",
    "李光华",
    "王立新",
    "赵振国",
    "陈建平",
    "刘德胜",
    "杨志强",
    "黄文斌",
];

/// (category, first-level, major code, major name) — 学科专业目录(2022).
const MAJORS: [(&str, &str, &str, &str); 10] = [
    ("07", "0701", "070101", "基础数学"),
    ("07", "0702", "070201", "理论物理"),
    ("07", "0703", "070301", "无机化学"),
    ("07", "0710", "071009", "细胞生物学"),
    ("07", "0709", "070904", "构造地质学"),
    ("08", "0812", "081201", "计算机系统结构"),
    ("08", "0812", "081202", "计算机软件与理论"),
    ("08", "0811", "081101", "控制理论与控制工程"),
    ("08", "0801", "080103", "流体力学"),
    ("12", "1201", "120100", "管理科学与工程"),
];

/// Professional degree categories (the third digit is 5).
const PROFESSIONAL: [(&str, &str, &str, &str); 3] = [
    ("08", "0854", "085400", "电子信息"),
    ("08", "0856", "085600", "材料与化工"),
    ("08", "0860", "086000", "生物与医药"),
];

const SURNAMES: [(&str, &str); 16] = [
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("黄", "Huang"),
    ("赵", "Zhao"),
    ("吴", "Wu"),
    ("周", "Zhou"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("马", "Ma"),
    ("朱", "Zhu"),
    ("胡", "Hu"),
    ("欧阳", "Ouyang"),
];

const GIVEN: [(&str, &str); 24] = [
    ("伟", "Wei"),
    ("芳", "Fang"),
    ("娜", "Na"),
    ("敏", "Min"),
    ("静", "Jing"),
    ("磊", "Lei"),
    ("洋", "Yang"),
    ("艳", "Yan"),
    ("勇", "Yong"),
    ("军", "Jun"),
    ("杰", "Jie"),
    ("涛", "Tao"),
    ("明", "Ming"),
    ("超", "Chao"),
    ("秀英", "Xiuying"),
    ("晓东", "Xiaodong"),
    ("思远", "Siyuan"),
    ("雨桐", "Yutong"),
    ("子涵", "Zihan"),
    ("浩然", "Haoran"),
    ("欣怡", "Xinyi"),
    ("宇轩", "Yuxuan"),
    ("嘉怡", "Jiayi"),
    ("俊杰", "Junjie"),
];

const REGIONS: [&str; 6] = ["110105", "310104", "420106", "510107", "440106", "320102"];
const TITLES: [&str; 4] = ["研究员", "教授", "副研究员", "副教授"];
const COURSES: [(&str, &str, f64); 10] = [
    ("MAT101", "矩阵分析", 3.0),
    ("MAT102", "随机过程", 3.0),
    ("PHY201", "高等量子力学", 4.0),
    ("CS301", "高级算法设计与分析", 3.0),
    ("CS302", "分布式系统", 2.0),
    ("ENG001", "学术英语写作", 2.0),
    ("POL001", "中国特色社会主义理论与实践研究", 2.0),
    ("POL002", "自然辩证法概论", 1.0),
    ("SCI010", "科学伦理与学术规范", 1.0),
    ("CS303", "机器学习", 3.0),
];
const TOPICS: [&str; 8] = [
    "图神经网络",
    "拓扑绝缘体",
    "催化反应机理",
    "分布式存储",
    "湍流建模",
    "蛋白质折叠",
    "非线性控制",
    "地震波反演",
];
const ASPECTS: [&str; 6] = [
    "理论分析",
    "算法研究",
    "实验研究",
    "性能优化",
    "建模与仿真",
    "应用研究",
];
const KEYWORDS: [&str; 12] = [
    "深度学习",
    "数值模拟",
    "第一性原理",
    "优化算法",
    "稳定性",
    "高性能计算",
    "机理分析",
    "数据驱动",
    "多尺度",
    "鲁棒性",
    "实验验证",
    "表征",
];
const VENUES: [&str; 5] = [
    "中国科学",
    "物理学报",
    "计算机学报",
    "Physical Review B",
    "Nature Communications",
];

impl Population {
    pub fn total(&self) -> usize {
        self.units * self.students_per_unit
    }

    pub fn unit_code(index: usize) -> String {
        format!("{:05}", 80001 + index)
    }

    pub fn unit(&self, index: usize) -> Option<UnitRecord> {
        (index < self.units).then(|| UnitRecord {
            code: Self::unit_code(index),
            name: unit_name(index),
        })
    }

    pub fn unit_head(index: usize) -> &'static str {
        HEADS[index % HEADS.len()]
    }

    pub fn unit_index(&self, code: &str) -> Option<usize> {
        let n: usize = code.parse().ok()?;
        let index = n.checked_sub(80001)?;
        (index < self.units && Self::unit_code(index) == code).then_some(index)
    }

    fn rng(&self, unit: usize, serial: usize, salt: u64) -> StdRng {
        StdRng::seed_from_u64(
            self.seed
                ^ ((unit as u64) << 40)
                ^ ((serial as u64) << 8)
                ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15),
        )
    }

    fn kind(serial: usize) -> StudentKind {
        StudentKind::ALL[serial % StudentKind::ALL.len()]
    }

    fn entry_year(kind: StudentKind) -> i32 {
        if kind.level() == DegreeLevel::Doctor {
            2021
        } else {
            2023
        }
    }

    /// 学号: entry year (4) + unit code (5) + serial (5).
    pub fn student_no(unit: usize, serial: usize) -> String {
        format!(
            "{}{}{:05}",
            Self::entry_year(Self::kind(serial)),
            Self::unit_code(unit),
            serial + 1
        )
    }

    /// The (unit, serial) a 学号 stands for, if it is one of ours.
    pub fn locate(&self, student_no: &str) -> Option<(usize, usize)> {
        if student_no.len() != 14 || !student_no.is_ascii() {
            return None;
        }
        let unit = self.unit_index(&student_no[4..9])?;
        let serial = student_no[9..].parse::<usize>().ok()?.checked_sub(1)?;
        (serial < self.students_per_unit && Self::student_no(unit, serial) == student_no)
            .then_some((unit, serial))
    }

    /// When the record last changed: spread over the past 30 days.
    pub fn updated_at(&self, unit: usize, serial: usize) -> DateTime<Utc> {
        let base = Utc
            .with_ymd_and_hms(2026, 10, 1, 0, 0, 0)
            .single()
            .unwrap_or_default();
        let mut rng = self.rng(unit, serial, 99);
        base + Duration::minutes(rng.gen_range(0..30 * 24 * 60))
    }

    pub fn record(&self, unit: usize, serial: usize) -> StudentRecord {
        let kind = Self::kind(serial);
        let mut rng = self.rng(unit, serial, 1);
        let (surname, surname_py) = SURNAMES[rng.gen_range(0..SURNAMES.len())];
        let (given, given_py) = GIVEN[rng.gen_range(0..GIVEN.len())];
        let male = rng.gen_bool(0.5);
        let year = if kind.level() == DegreeLevel::Doctor {
            rng.gen_range(1988..=1997)
        } else {
            rng.gen_range(1996..=2002)
        };
        let birth = NaiveDate::from_ymd_opt(year, rng.gen_range(1..=12), rng.gen_range(1..=28))
            .unwrap_or_default();
        let region = REGIONS[rng.gen_range(0..REGIONS.len())];
        let order: u32 = rng.gen_range(10..99);
        let sex_digit = 2 * rng.gen_range(0..5) + u32::from(male);
        let first17 = format!("{region}{}{order:02}{sex_digit}", birth.format("%Y%m%d"));
        let id_number = IdNumber::check_char(&first17)
            .map(|c| format!("{first17}{c}"))
            .unwrap_or(first17);
        let (category, first_level, major_code, major_name) = if kind.is_professional() {
            PROFESSIONAL[(unit + serial) % PROFESSIONAL.len()]
        } else {
            MAJORS[(unit * 3 + serial) % MAJORS.len()]
        };
        let entry = Self::entry_year(kind);
        StudentRecord {
            student_no: Self::student_no(unit, serial),
            name: format!("{surname}{given}"),
            name_pinyin: format!("{surname_py} {given_py}"),
            gender: if male { "1" } else { "2" }.to_owned(),
            birth_date: birth,
            id_type: "01".to_owned(),
            id_number,
            ethnicity: if rng.gen_bool(0.9) { "01" } else { "03" }.to_owned(),
            political_status: ["01", "03", "13"][rng.gen_range(0..3)].to_owned(),
            nationality: "156".to_owned(),
            unit_code: Self::unit_code(unit),
            unit_name: unit_name(unit),
            student_kind: kind.as_str().to_owned(),
            discipline_category: category.to_owned(),
            first_level_discipline: first_level.to_owned(),
            major_code: major_code.to_owned(),
            major_name: major_name.to_owned(),
            study_mode: if kind.is_equivalent() { "2" } else { "1" }.to_owned(),
            entry_month: format!("{entry}09"),
            updated_at: self.updated_at(unit, serial),
        }
    }

    pub fn advisor(&self, unit: usize, serial: usize) -> AdvisorRecord {
        let mut rng = self.rng(unit, serial, 2);
        let (surname, _) = SURNAMES[rng.gen_range(0..SURNAMES.len())];
        let (given, _) = GIVEN[rng.gen_range(0..GIVEN.len())];
        AdvisorRecord {
            student_no: Self::student_no(unit, serial),
            advisor_id: format!("T{:05}{:03}", 80001 + unit, rng.gen_range(1..200)),
            advisor_name: format!("{surname}{given}"),
            advisor_title: TITLES[rng.gen_range(0..TITLES.len())].to_owned(),
            updated_at: self.updated_at(unit, serial),
        }
    }

    pub fn transcript(&self, unit: usize, serial: usize) -> TranscriptRecord {
        let mut rng = self.rng(unit, serial, 3);
        let count = rng.gen_range(6..=9);
        let start = rng.gen_range(0..COURSES.len());
        let year = Self::entry_year(Self::kind(serial));
        let courses: Vec<CourseResult> = (0..count)
            .map(|k| {
                let (code, name, credits) = COURSES[(start + k) % COURSES.len()];
                CourseResult {
                    code: code.to_owned(),
                    name: name.to_owned(),
                    credits,
                    grade: if code.starts_with("POL") && k % 2 == 0 {
                        "通过".to_owned()
                    } else {
                        rng.gen_range(70..=98).to_string()
                    },
                    term: format!(
                        "{}{}",
                        year + (k as i32) / 4,
                        if k % 2 == 0 { "秋" } else { "春" }
                    ),
                }
            })
            .collect();
        let total_credits = courses.iter().map(|c| c.credits).sum();
        TranscriptRecord {
            student_no: Self::student_no(unit, serial),
            courses,
            total_credits,
            updated_at: self.updated_at(unit, serial),
        }
    }

    pub fn training(&self, unit: usize, serial: usize) -> TrainingRecord {
        let mut rng = self.rng(unit, serial, 4);
        let topic = TOPICS[rng.gen_range(0..TOPICS.len())];
        let aspect = ASPECTS[rng.gen_range(0..ASPECTS.len())];
        let n_kw = rng.gen_range(3..=5);
        let first_kw = rng.gen_range(0..KEYWORDS.len());
        let mut keywords = vec![topic.to_owned()];
        keywords
            .extend((0..n_kw - 1).map(|k| KEYWORDS[(first_kw + k) % KEYWORDS.len()].to_owned()));
        let outputs = (0..rng.gen_range(0..=3))
            .map(|k| ResearchOutput {
                kind: if k == 2 { "patent" } else { "paper" }.to_owned(),
                title: format!("{topic}的{aspect}（{}）", k + 1),
                venue: VENUES[rng.gen_range(0..VENUES.len())].to_owned(),
                year: 2024 + k,
            })
            .collect();
        let defense = rng.gen_bool(0.9).then(|| Defense {
            date: NaiveDate::from_ymd_opt(2026, 11, rng.gen_range(1..=25)).unwrap_or_default(),
            result: "passed".to_owned(),
            committee: (0..5)
                .map(|_| {
                    let (s, _) = SURNAMES[rng.gen_range(0..SURNAMES.len())];
                    let (g, _) = GIVEN[rng.gen_range(0..GIVEN.len())];
                    format!("{s}{g}")
                })
                .collect(),
        });
        TrainingRecord {
            student_no: Self::student_no(unit, serial),
            thesis_title: format!("{topic}的{aspect}"),
            thesis_keywords: keywords,
            outputs,
            defense,
            updated_at: self.updated_at(unit, serial),
        }
    }
}

fn unit_name(index: usize) -> String {
    let base = UNIT_NAMES[index % UNIT_NAMES.len()];
    match index / UNIT_NAMES.len() {
        0 => base.to_owned(),
        n => format!("{base}（第{}分部）", n + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_deterministic_valid_and_locatable() {
        let pop = Population {
            seed: 7,
            units: 100,
            students_per_unit: 600,
        };
        assert_eq!(pop.total(), 60_000);
        for (u, s) in [(0, 0), (57, 311), (99, 599)] {
            let r = pop.record(u, s);
            assert_eq!(r, pop.record(u, s));
            assert!(IdNumber::parse(&r.id_number).is_ok(), "{}", r.id_number);
            assert_eq!(pop.locate(&r.student_no), Some((u, s)));
            assert!(pop.training(u, s).thesis_keywords.len() >= 3);
        }
        assert_eq!(pop.locate("20230000100001"), None);
        let kinds: std::collections::HashSet<_> =
            (0..6).map(|s| pop.record(0, s).student_kind).collect();
        assert_eq!(kinds.len(), 6);
    }
}
