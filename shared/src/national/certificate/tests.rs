use super::*;
use proptest::prelude::*;

fn cand(key: u32, unit: &str, no: &str, level: DegreeLevel, t: Option<&str>) -> Candidate<u32> {
    Candidate {
        key,
        unit_code: unit.to_owned(),
        student_no: no.to_owned(),
        level,
        type_code: t.map(str::to_owned),
    }
}

#[test]
fn patterns_parse_and_refuse_what_cannot_make_six_digits() {
    assert_eq!(
        SerialPattern::parse("{seq:6}"),
        Ok(SerialPattern::default())
    );
    let typed = SerialPattern::parse("{type:2}{seq:4}").expect("typed");
    assert_eq!(typed.type_width(), Some(2));
    assert_eq!(typed.to_string(), "{type:2}{seq:4}");
    assert!(SerialPattern::parse("9{seq:5}").is_ok());
    for bad in [
        "",
        "{seq:5}",
        "{seq:4}{type:2}",
        "{seq:3}{seq:3}",
        "ab{seq:4}",
        "{seq:7}",
        "{x:6}",
        "{seq6}",
        "{type:1}{type:1}{seq:4}",
    ] {
        assert!(SerialPattern::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn numbers_follow_the_rule_in_unit_then_student_order() {
    let c = [
        cand(1, "80002", "202628000200001", DegreeLevel::Master, None),
        cand(2, "80001", "202628000100002", DegreeLevel::Doctor, None),
        cand(3, "80001", "202628000100001", DegreeLevel::Master, None),
    ];
    let got = assign(
        "14430",
        2026,
        &SerialPattern::default(),
        &c,
        &BTreeSet::new(),
    )
    .expect("numbers");
    assert_eq!(
        got,
        vec![
            (3, "1443032026000001".to_owned()),
            (2, "1443022026000001".to_owned()),
            (1, "1443032026000002".to_owned()),
        ]
    );
    for (k, n) in &got {
        let level = c
            .iter()
            .find(|x| x.key == *k)
            .map(|x| x.level)
            .expect("known");
        assert_eq!(check(n, "14430", level, 2026), Ok(()));
    }
    assert!(check("1443032026000001", "14430", DegreeLevel::Doctor, 2026).is_err());
    assert!(check("1443032025000001", "14430", DegreeLevel::Master, 2026).is_err());
    assert!(check("1443032026000000", "14430", DegreeLevel::Master, 2026).is_err());
    assert!(check("144303202600001", "14430", DegreeLevel::Master, 2026).is_err());
}

#[test]
fn a_typed_pattern_counts_per_type_and_continues_after_what_was_issued() {
    let p = SerialPattern::parse("{type:2}{seq:4}").expect("typed");
    let ever: BTreeSet<String> = ["1443032026010007".to_owned()].into();
    let c = [
        cand(1, "80001", "a", DegreeLevel::Master, Some("01")),
        cand(2, "80001", "b", DegreeLevel::Master, Some("02")),
        cand(3, "80001", "c", DegreeLevel::Master, Some("01")),
    ];
    let got = assign("14430", 2026, &p, &c, &ever).expect("numbers");
    assert_eq!(got[0].1, "1443032026010008");
    assert_eq!(got[1].1, "1443032026020001");
    assert_eq!(got[2].1, "1443032026010009");
    let missing = [cand(1, "80001", "a", DegreeLevel::Master, None)];
    assert!(matches!(
        assign("14430", 2026, &p, &missing, &ever),
        Err(NumberingError::Pattern(_))
    ));
}

#[test]
fn an_exhausted_sequence_issues_nothing() {
    let p = SerialPattern::parse("9999{seq:2}").expect("short");
    let ever: BTreeSet<String> = ["1443032026999998".to_owned()].into();
    let c = [
        cand(1, "u", "a", DegreeLevel::Master, None),
        cand(2, "u", "b", DegreeLevel::Master, None),
    ];
    assert!(matches!(
        assign("14430", 2026, &p, &c, &ever),
        Err(NumberingError::Exhausted { .. })
    ));
}

#[derive(Debug, Clone)]
enum Op {
    /// Issue for these new applicants (level, unit, student) in this year.
    Issue(i32, Vec<(bool, u8, u16)>),
    /// Revoke the k-th live number (modulo how many are live).
    Revoke(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (
            2025..2028i32,
            prop::collection::vec((any::<bool>(), 0..4u8, 0..500u16), 0..30)
        )
            .prop_map(|(y, v)| Op::Issue(y, v)),
        any::<usize>().prop_map(Op::Revoke),
    ]
}

proptest! {
    /// Any applicants and any sequence of issue / revoke / issue: every
    /// number ever issued is distinct, well formed, and matches its record's
    /// level and year.
    #[test]
    fn issue_revoke_issue_never_repeats_a_number(
        ops in prop::collection::vec(op(), 1..12),
        typed in any::<bool>(),
    ) {
        let pattern = if typed {
            SerialPattern::parse("{type:2}{seq:4}").expect("typed")
        } else {
            SerialPattern::default()
        };
        let mut ever: BTreeSet<String> = BTreeSet::new();
        let mut all: Vec<(String, DegreeLevel, i32)> = Vec::new();
        let mut live: Vec<String> = Vec::new();
        let mut key = 0u32;
        for op in ops {
            match op {
                Op::Issue(year, people) => {
                    let c: Vec<Candidate<(u32, DegreeLevel)>> = people
                        .iter()
                        .map(|(doctor, unit, no)| {
                            key += 1;
                            let level = if *doctor { DegreeLevel::Doctor } else { DegreeLevel::Master };
                            Candidate {
                                key: (key, level),
                                unit_code: format!("8000{unit}"),
                                student_no: format!("{no:05}-{key}"),
                                level,
                                type_code: typed.then(|| if *doctor { "01" } else { "02" }.to_owned()),
                            }
                        })
                        .collect();
                    let got = assign("14430", year, &pattern, &c, &ever).expect("room enough");
                    prop_assert_eq!(got.len(), c.len());
                    for ((_, level), n) in got {
                        prop_assert!(ever.insert(n.clone()), "{} issued twice", n);
                        all.push((n.clone(), level, year));
                        live.push(n);
                    }
                }
                Op::Revoke(k) => {
                    if !live.is_empty() {
                        let k = k % live.len();
                        live.remove(k);
                    }
                }
            }
        }
        for (n, level, year) in &all {
            prop_assert_eq!(check(n, "14430", *level, *year), Ok(()));
        }
        prop_assert_eq!(all.len(), ever.len());
    }
}
