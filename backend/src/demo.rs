//! Generated, deterministic demo data (never in production): five training
//! units, three discipline groups, one account per role and a few dozen
//! students of all six kinds.

use crate::auth::hash_password;
use crate::db::students::NewStudent;
use crate::db::users::NewUser;
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use shared::authz::{GrantScope, Role, RoleGrant};
use shared::domain::{IdNumber, StudentKind};
use shared::ids::{GroupId, StudentId, UnitId};

/// A demo account as printed at start-up.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub username: String,
    pub role: Role,
    pub scope: String,
}

const UNITS: [(&str, &str, &str); 5] = [
    ("80001", "数学与系统科学研究院", "张明远"),
    ("80002", "物理研究所", "李光华"),
    ("80003", "化学研究所", "王立新"),
    ("80004", "计算技术研究所", "赵振国"),
    ("80005", "计算机科学与技术学院", "陈建平"),
];

const GROUPS: [(&str, &str); 3] = [
    ("G01", "数理学科群"),
    ("G02", "化学化工学科群"),
    ("G03", "信息技术学科群"),
];

/// (unit index, group index)
const UNIT_GROUPS: [(usize, usize); 5] = [(0, 0), (1, 0), (2, 1), (3, 2), (4, 2)];

/// (major code, name, group index), 2022 catalogue.
const MAJORS: [(&str, &str, usize); 6] = [
    ("070101", "基础数学", 0),
    ("070201", "理论物理", 0),
    ("070301", "无机化学", 1),
    ("081201", "计算机系统结构", 2),
    ("081202", "计算机软件与理论", 2),
    ("085400", "电子信息", 2),
];

const SURNAMES: [(&str, &str); 12] = [
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
];

const GIVEN: [(&str, &str); 16] = [
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
];

/// Region codes (first six digits of an ID number).
const REGIONS: [&str; 4] = ["110105", "310104", "420106", "510107"];

const STUDENTS_PER_UNIT: usize = 8;

/// Fill an empty database. Returns the demo accounts, or `None` when the
/// database already has data (the demo is never applied twice).
pub fn seed(conn: &mut DbConn, password: &str) -> Result<Option<Vec<DemoAccount>>, ApiError> {
    if db::units::count_units(conn)? > 0 || db::users::count(conn)? > 0 {
        return Ok(None);
    }
    // One hash for every demo account: hashing dozens of times would only slow the start.
    let hash = hash_password(password)?;
    db::transaction(conn, |conn| {
        let mut rng = StdRng::seed_from_u64(20261127);
        let mut accounts = Vec::new();

        let mut unit_ids = Vec::new();
        for (code, name, head) in UNITS {
            unit_ids.push(db::units::insert_unit(conn, code, name, head)?);
        }
        let mut group_ids = Vec::new();
        for (code, name) in GROUPS {
            group_ids.push(db::units::insert_group(conn, code, name)?);
        }
        for (u, g) in UNIT_GROUPS {
            db::units::map_unit_to_group(conn, unit_ids[u], group_ids[g])?;
        }
        for (code, _, g) in MAJORS {
            db::units::map_major_to_group(conn, code, group_ids[g])?;
        }

        let staff: [(&str, &str, Role, GrantScope, String); 10] = [
            (
                "admin",
                "系统管理员",
                Role::Sysadmin,
                GrantScope::Global,
                "全校".into(),
            ),
            (
                "office",
                "学位办 孙老师",
                Role::DegreeOffice,
                GrantScope::Global,
                "全校".into(),
            ),
            (
                "netcenter",
                "网络中心 周工",
                Role::NetworkCenter,
                GrantScope::Global,
                "全校".into(),
            ),
            (
                "unit1_sys",
                "数学院 系统管理员",
                Role::UnitSysadmin,
                GrantScope::Unit(UnitId(unit_ids[0])),
                UNITS[0].1.into(),
            ),
            (
                "unit1_admin",
                "数学院 教育干部 吴老师",
                Role::UnitAdmin,
                GrantScope::Unit(UnitId(unit_ids[0])),
                UNITS[0].1.into(),
            ),
            (
                "unit2_admin",
                "物理所 教育干部 郑老师",
                Role::UnitAdmin,
                GrantScope::Unit(UnitId(unit_ids[1])),
                UNITS[1].1.into(),
            ),
            (
                "prelim1",
                "数学院 初审委员 钱教授",
                Role::PrelimMember,
                GrantScope::Unit(UnitId(unit_ids[0])),
                UNITS[0].1.into(),
            ),
            (
                "secretary1",
                "数理分会 秘书",
                Role::Secretary,
                GrantScope::Group(GroupId(group_ids[0])),
                GROUPS[0].1.into(),
            ),
            (
                "member1",
                "数理分会 委员 冯教授",
                Role::SubMember,
                GrantScope::Group(GroupId(group_ids[0])),
                GROUPS[0].1.into(),
            ),
            (
                "member3",
                "信息分会 委员 蒋教授",
                Role::SubMember,
                GrantScope::Group(GroupId(group_ids[2])),
                GROUPS[2].1.into(),
            ),
        ];
        for (username, display, role, scope, scope_name) in staff {
            let id = db::users::insert(conn, &NewUser::new(username, display, Some(&hash)))?;
            db::users::add_grant(conn, id, RoleGrant { role, scope })?;
            accounts.push(DemoAccount {
                username: username.to_owned(),
                role,
                scope: scope_name,
            });
        }

        let mut serial = 0;
        for (ui, unit_id) in unit_ids.iter().enumerate() {
            for _ in 0..STUDENTS_PER_UNIT {
                let kind = StudentKind::ALL[serial % StudentKind::ALL.len()];
                let student = demo_student(&mut rng, serial, ui, *unit_id, kind);
                let name = student.name.clone();
                let student_no = student.student_no.clone();
                let sid = db::students::insert(conn, &student)?;
                let mut user = NewUser::new(&student_no, &name, Some(&hash));
                user.student_id = Some(sid);
                let uid = db::users::insert(conn, &user)?;
                db::users::add_grant(
                    conn,
                    uid,
                    RoleGrant {
                        role: Role::Student,
                        scope: GrantScope::Student(StudentId(sid)),
                    },
                )?;
                if serial < 2 {
                    accounts.push(DemoAccount {
                        username: student_no,
                        role: Role::Student,
                        scope: format!("{name}（{}）", kind.label()),
                    });
                }
                serial += 1;
            }
        }
        db::audit::record(
            conn,
            Change {
                actor: None,
                entity: "system",
                entity_id: None,
                action: "demo_data",
                before: None,
                after: Some(serde_json::json!({
                    "units": UNITS.len(),
                    "groups": GROUPS.len(),
                    "students": serial,
                })),
            },
        )?;
        Ok(Some(accounts))
    })
}

fn demo_student(
    rng: &mut StdRng,
    serial: usize,
    unit_index: usize,
    unit_id: i64,
    kind: StudentKind,
) -> NewStudent {
    let (surname, surname_py) = SURNAMES[rng.gen_range(0..SURNAMES.len())];
    let (given, given_py) = GIVEN[rng.gen_range(0..GIVEN.len())];
    let male = rng.gen_bool(0.5);
    let birth = NaiveDate::from_ymd_opt(
        rng.gen_range(1988..=2001),
        rng.gen_range(1..=12),
        rng.gen_range(1..=28),
    )
    .unwrap_or_default();
    let region = REGIONS[rng.gen_range(0..REGIONS.len())];
    let seq: u32 = rng.gen_range(10..99);
    let sex_digit = if male {
        2 * rng.gen_range(0..5) + 1
    } else {
        2 * rng.gen_range(0..5)
    };
    let first17 = format!("{region}{}{seq:02}{sex_digit}", birth.format("%Y%m%d"));
    let id_number = IdNumber::check_char(&first17)
        .map(|c| format!("{first17}{c}"))
        .and_then(|s| IdNumber::parse(&s).ok());
    let (major_code, major_name) = if kind.is_professional() {
        ("085400", "电子信息")
    } else {
        let (code, name, _) = MAJORS[(unit_index * 2 + serial) % (MAJORS.len() - 1)];
        (code, name)
    };
    let entry_year = if kind.level() == shared::domain::DegreeLevel::Doctor {
        2021
    } else {
        2023
    };
    let at = db::now();
    NewStudent {
        student_no: format!("{entry_year}{:02}{:05}", unit_index + 1, serial + 1),
        name: format!("{surname}{given}"),
        name_pinyin: format!("{surname_py} {given_py}"),
        kind: kind.as_str().to_owned(),
        unit_id,
        gender: Some(if male { "1" } else { "2" }.to_owned()),
        birth_date: Some(birth),
        id_type: Some("01".to_owned()),
        id_number: id_number.map(String::from),
        nationality: Some("156".to_owned()),
        major_code: Some(major_code.to_owned()),
        major_name: Some(major_name.to_owned()),
        entry_month: Some(format!("{entry_year}09")),
        created_at: at,
        updated_at: at,
    }
}

/// Create the first `sysadmin` on a database with no users.
pub fn bootstrap_admin(
    conn: &mut DbConn,
    username: &str,
    password: &str,
) -> Result<bool, ApiError> {
    if db::users::count(conn)? > 0 {
        return Ok(false);
    }
    let hash = hash_password(password)?;
    db::transaction(conn, |conn| {
        let id = db::users::insert(conn, &NewUser::new(username, "系统管理员", Some(&hash)))?;
        db::users::add_grant(
            conn,
            id,
            RoleGrant {
                role: Role::Sysadmin,
                scope: GrantScope::Global,
            },
        )?;
        db::audit::record(
            conn,
            Change {
                actor: None,
                entity: "user",
                entity_id: Some(id.0),
                action: "bootstrap_admin",
                before: None,
                after: Some(serde_json::json!({ "username": username, "role": "sysadmin" })),
            },
        )?;
        Ok(true)
    })
}
