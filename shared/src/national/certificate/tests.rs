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
    /// Number, in this year, these new applicants (level, unit, student)
    /// and everyone whose number was revoked, as the office's action does.
    Issue(i32, Vec<(bool, u8, u16)>),
    /// Revoke the live number of the k-th numbered applicant (modulo).
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

/// An applicant of the model: who they are, and their live number.
struct Person {
    level: DegreeLevel,
    unit_code: String,
    student_no: String,
    live: Option<String>,
}

proptest! {
    /// Any applicants and any sequence of issue / revoke / issue: every
    /// number ever issued is distinct, well formed, and matches its record's
    /// level and year, including the new numbers of applicants whose number
    /// was revoked; a revoked applicant never gets their old number back.
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
        let type_of = |level: DegreeLevel| {
            typed.then(|| if level == DegreeLevel::Doctor { "01" } else { "02" }.to_owned())
        };
        let mut ever: BTreeSet<String> = BTreeSet::new();
        let mut all: Vec<(String, DegreeLevel, i32)> = Vec::new();
        let mut people: Vec<Person> = Vec::new();
        let mut revoked: Vec<(usize, String)> = Vec::new();
        for op in ops {
            match op {
                Op::Issue(year, new) => {
                    for (doctor, unit, no) in new {
                        let n = people.len();
                        people.push(Person {
                            level: if doctor { DegreeLevel::Doctor } else { DegreeLevel::Master },
                            unit_code: format!("8000{unit}"),
                            student_no: format!("{no:05}-{n}"),
                            live: None,
                        });
                    }
                    // Everyone without a live number: the new applicants and
                    // the revoked ones (the office's action skips the
                    // numbered, `national::issue`).
                    {
                        let c: Vec<Candidate<usize>> = people
                            .iter()
                            .enumerate()
                            .filter(|(_, p)| p.live.is_none())
                            .map(|(i, p)| Candidate {
                                key: i,
                                unit_code: p.unit_code.clone(),
                                student_no: p.student_no.clone(),
                                level: p.level,
                                type_code: type_of(p.level),
                            })
                            .collect();
                        let got = assign("14430", year, &pattern, &c, &ever).expect("room enough");
                        prop_assert_eq!(got.len(), c.len());
                        for (i, n) in got {
                            prop_assert!(ever.insert(n.clone()), "{} issued twice", n);
                            all.push((n.clone(), people[i].level, year));
                            people[i].live = Some(n);
                        }
                    }
                }
                Op::Revoke(k) => {
                    let numbered: Vec<usize> = (0..people.len())
                        .filter(|&i| people[i].live.is_some())
                        .collect();
                    if !numbered.is_empty() {
                        let i = numbered[k % numbered.len()];
                        if let Some(n) = people[i].live.take() {
                            revoked.push((i, n));
                        }
                    }
                }
            }
        }
        for (n, level, year) in &all {
            prop_assert_eq!(check(n, "14430", *level, *year), Ok(()));
        }
        prop_assert_eq!(all.len(), ever.len());
        for (i, old) in &revoked {
            prop_assert_ne!(people[*i].live.as_ref(), Some(old));
        }
    }
}
