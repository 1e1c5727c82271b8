use super::*;
use crate::national::codes::*;

fn table(id: &str, rows: &[(&str, &str)]) -> CodeTable {
    CodeTable {
        id: id.to_owned(),
        title: id.to_owned(),
        entries: rows
            .iter()
            .map(|(c, n)| CodeEntry {
                code: (*c).to_owned(),
                name: (*n).to_owned(),
            })
            .collect(),
    }
}

fn col(code: &str, table: Option<&str>, max: Option<usize>) -> ReportColumn {
    ReportColumn {
        code: code.to_owned(),
        name: field_name(code).to_owned(),
        required: !matches!(code, "LWYJFX"),
        max_len: max,
        table: table.map(str::to_owned),
        output: Output::Code,
        kinds: Vec::new(),
    }
}

fn data() -> NationalData {
    let coded = [
        ("XBM", "xb"),
        ("GBM", "gb"),
        ("MZM", "mz"),
        ("ZJLXM", "zjlx"),
        ("LWLX", "lwlx"),
    ];
    let columns = FIELDS
        .iter()
        .map(|(c, _)| {
            let t = coded.iter().find(|(f, _)| f == c).map(|(_, t)| *t);
            col(c, t, (*c == "XM").then_some(40))
        })
        .collect();
    NationalData {
        university: University {
            code: "14430".into(),
            name: "中国科学院大学".into(),
            chair_name: "主席".into(),
            certificate_pattern: "{seq:6}".into(),
        },
        tables: vec![
            table("xb", &[("1", "男"), ("2", "女")]),
            table("gb", &[("156", "中国"), ("840", "美国")]),
            table("mz", &[("01", "汉族")]),
            table("zjlx", &[("01", "居民身份证"), ("93", "护照")]),
            table("lwlx", &[("1", "基础研究")]),
        ],
        disciplines: vec![
            Discipline {
                code: "08".into(),
                name: "工学".into(),
                kind: DisciplineKind::Category,
                parent: None,
                doctor: false,
            },
            Discipline {
                code: "0812".into(),
                name: "计算机科学与技术".into(),
                kind: DisciplineKind::FirstLevel,
                parent: Some("08".into()),
                doctor: false,
            },
            Discipline {
                code: "0854".into(),
                name: "电子信息".into(),
                kind: DisciplineKind::Professional,
                parent: Some("08".into()),
                doctor: true,
            },
        ],
        degree_categories: vec![DegreeCategory {
            code: "308".into(),
            name: "工学硕士".into(),
            level: DegreeLevel::Master,
            basis: "08".into(),
        }],
        columns,
    }
}

fn good(id: i64, no: &str) -> Source {
    Source {
        application_id: id,
        kind: Some(StudentKind::AcademicMaster),
        student_no: no.into(),
        name: "王伟".into(),
        name_pinyin: "Wang Wei".into(),
        gender: Some("1".into()),
        nationality: Some("156".into()),
        ethnicity: Some("01".into()),
        political_status: Some("13".into()),
        birth_date: NaiveDate::from_ymd_opt(1999, 3, 7),
        id_type: Some("01".into()),
        id_number: Some(id_for(19990307, id)),
        unit_code: "80001".into(),
        unit_name: "数学与系统科学研究院".into(),
        unit_head: "院长".into(),
        discipline_category: Some("08".into()),
        first_level: Some("0812".into()),
        major_code: Some("081202".into()),
        major_name: Some("计算机软件与理论".into()),
        professional_category: None,
        study_mode: Some("1".into()),
        entry_month: Some("202309".into()),
        conferred_on: NaiveDate::from_ymd_opt(2026, 6, 20),
        certificate_no: Some(format!("1443032026{:06}", id)),
        resolution_no: Some("学位〔2026〕5号".into()),
        advisor_name: Some("李强".into()),
        thesis_title: Some("图神经网络研究".into()),
        keywords: Some("图；神经网络；学习".into()),
        thesis_type: Some("基础研究".into()),
        thesis_source: Some("非立项".into()),
        thesis_language: Some("中文".into()),
        research_direction: Some("机器学习".into()),
        has_photo: true,
    }
}

/// A valid male resident ID with this birth date (yyyymmdd).
fn id_for(birth: i64, serial: i64) -> String {
    let first17 = format!("110105{birth}{:02}1", serial % 100);
    let c = IdNumber::check_char(&first17).expect("digits");
    format!("{first17}{c}")
}

/// A defect to inject.
type Spoil = Box<dyn Fn(&mut Source)>;

fn fields(p: &[FieldProblem]) -> Vec<&str> {
    p.iter().map(|p| p.field.as_str()).collect()
}

#[test]
fn a_good_record_maps_to_codes_and_passes() {
    let d = data();
    let (records, problems) = validate(&[good(1, "a")], &d);
    // Fields whose code tables this test data lacks (zzmm, xxxs …) are
    // plain here: only what is checked is coded.
    assert_eq!(problems, vec![], "{problems:#?}");
    let r = &records[0];
    assert_eq!(r.get("XWLBM"), "308");
    assert_eq!(r.get("ZYDM"), "081202");
    assert_eq!(r.get("LWLX"), "1");
    assert_eq!(r.get("LWGJC"), "图,神经网络,学习");
    assert_eq!(r.get("CSRQ"), "19990307");
    assert_eq!(r.get("HXWRQ"), "20260620");
    assert_eq!(r.get("ZP"), r.get("ZJHM"));
    assert_eq!(r.values.len(), FIELDS.len());
}

#[test]
fn every_kind_of_defect_is_named_by_field() {
    let d = data();
    let cases: Vec<(&str, Spoil)> = vec![
        ("XM", Box::new(|s| s.name = String::new())),
        ("XM", Box::new(|s| s.name = "名".repeat(41))),
        ("XBM", Box::new(|s| s.gender = Some("9".into()))),
        (
            "ZJHM",
            Box::new(|s| s.id_number = Some("110105199903070111".into())),
        ),
        (
            "CSRQ",
            Box::new(|s| s.birth_date = NaiveDate::from_ymd_opt(1999, 3, 8)),
        ),
        ("RXNY", Box::new(|s| s.entry_month = Some("202313".into()))),
        ("HXWRQ", Box::new(|s| s.entry_month = Some("202701".into()))),
        (
            "XWZSBH",
            Box::new(|s| s.certificate_no = Some("1443022026000001".into())),
        ),
        (
            "XWZSBH",
            Box::new(|s| s.certificate_no = Some("14430320260001".into())),
        ),
        ("ZYDM", Box::new(|s| s.major_code = Some("999901".into()))),
        (
            "XWLBM",
            Box::new(|s| s.discipline_category = Some("07".into())),
        ),
        ("LWGJC", Box::new(|s| s.keywords = Some("图,网络".into()))),
        ("LWLX", Box::new(|s| s.thesis_type = Some("猜想".into()))),
        ("ZP", Box::new(|s| s.has_photo = false)),
        ("MZM", Box::new(|s| s.ethnicity = None)),
    ];
    for (field, spoil) in cases {
        let mut s = good(1, "a");
        spoil(&mut s);
        let (_, problems) = validate(&[s, good(2, "b")], &d);
        assert!(fields(&problems).contains(&field), "{field}: {problems:#?}");
        assert!(
            problems.iter().all(|p| p.application_id == 1),
            "{field}: the good one stays good"
        );
    }
}

#[test]
fn a_foreign_national_reports_no_ethnicity_and_duplicates_are_named_on_both() {
    let d = data();
    let mut foreign = good(1, "a");
    foreign.nationality = Some("840".into());
    foreign.ethnicity = None;
    foreign.id_type = Some("93".into());
    foreign.id_number = Some("E12345678".into());
    let (records, problems) = validate(&[foreign], &d);
    assert_eq!(problems, vec![], "{problems:#?}");
    assert_eq!(records[0].get("MZM"), "");

    let mut twin = good(2, "a");
    twin.certificate_no = good(1, "a").certificate_no;
    let (_, problems) = validate(&[good(1, "a"), twin], &d);
    let xh: Vec<i64> = problems
        .iter()
        .filter(|p| p.field == "XH")
        .map(|p| p.application_id)
        .collect();
    assert_eq!(xh, vec![1, 2]);
    assert!(fields(&problems).contains(&"XWZSBH"));
}
