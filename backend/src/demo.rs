//! Generated, deterministic demo data (never in production): five training
//! units, three discipline groups, one account per role and a few dozen
//! students of all six kinds.

use crate::db::users::NewUser;
use crate::db::{self, audit::Change, DbConn};
use crate::error::ApiError;
use crate::password::hash_password;
use crate::simulator::data::Population;
use shared::authz::{GrantScope, Role, RoleGrant};
use shared::domain::StudentKind;
use shared::ids::UnitId;

/// A demo account as printed at start-up.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub username: String,
    pub role: Role,
    pub scope: String,
}

/// The demo university (see [`Population::DEMO`]).
pub const POPULATION: Population = Population::DEMO;

const GROUPS: [(&str, &str); 3] = [
    ("G01", "数理学科群"),
    ("G02", "化学化工学科群"),
    ("G03", "信息技术学科群"),
];

/// (unit index, group index)
const UNIT_GROUPS: [(usize, usize); 5] = [(0, 0), (1, 0), (2, 1), (3, 2), (4, 2)];

/// (major code, group index), 2022 catalogue.
const MAJORS: [(&str, usize); 8] = [
    ("070101", 0),
    ("070201", 0),
    ("070301", 1),
    ("081201", 2),
    ("081202", 2),
    ("081101", 2),
    ("085400", 2),
    ("085600", 1),
];

/// Fill an empty database. Returns the demo accounts, or `None` when the
/// database already has data (the demo is never applied twice).
pub fn seed(conn: &mut DbConn, password: &str) -> Result<Option<Vec<DemoAccount>>, ApiError> {
    if db::units::count_units(conn)? > 0 || db::users::count(conn)? > 0 {
        return Ok(None);
    }
    // One hash for every demo account: hashing dozens of times would only slow the start.
    let hash = hash_password(password)?;
    db::transaction(conn, |conn| {
        let mut accounts = Vec::new();

        let mut unit_ids = Vec::new();
        for index in 0..POPULATION.units {
            let unit = POPULATION
                .unit(index)
                .ok_or_else(|| ApiError::internal("demo unit"))?;
            unit_ids.push(db::units::insert_unit(
                conn,
                &unit.code,
                &unit.name,
                Population::unit_head(index),
            )?);
        }
        let unit_name = |i: usize| POPULATION.unit(i).map(|u| u.name).unwrap_or_default();
        let mut group_ids = Vec::new();
        for (code, name) in GROUPS {
            group_ids.push(db::units::insert_group(conn, code, name)?);
        }
        for (u, g) in UNIT_GROUPS {
            db::units::map_unit_to_group(conn, unit_ids[u], group_ids[g])?;
        }
        for (code, g) in MAJORS {
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
                GrantScope::Unit(unit_ids[0]),
                unit_name(0),
            ),
            (
                "unit1_admin",
                "数学院 教育干部 吴老师",
                Role::UnitAdmin,
                GrantScope::Unit(unit_ids[0]),
                unit_name(0),
            ),
            (
                "unit2_admin",
                "物理所 教育干部 郑老师",
                Role::UnitAdmin,
                GrantScope::Unit(unit_ids[1]),
                unit_name(1),
            ),
            (
                "prelim1",
                "数学院 初审委员 钱教授",
                Role::PrelimMember,
                GrantScope::Unit(unit_ids[0]),
                unit_name(0),
            ),
            (
                "secretary1",
                "数理分会 秘书",
                Role::Secretary,
                GrantScope::Group(group_ids[0]),
                GROUPS[0].1.into(),
            ),
            (
                "member1",
                "数理分会 委员 冯教授",
                Role::SubMember,
                GrantScope::Group(group_ids[0]),
                GROUPS[0].1.into(),
            ),
            (
                "member3",
                "信息分会 委员 蒋教授",
                Role::SubMember,
                GrantScope::Group(group_ids[2]),
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

        let mut students = 0;
        for (ui, unit_id) in unit_ids.iter().enumerate() {
            for serial in 0..POPULATION.students_per_unit {
                let record = POPULATION.record(ui, serial);
                let sid = db::students::insert_from_record(conn, *unit_id, &record)?;
                let mut user = NewUser::new(&record.student_no, &record.name, Some(&hash));
                user.student_id = Some(sid.0);
                let uid = db::users::insert(conn, &user)?;
                db::users::add_grant(
                    conn,
                    uid,
                    RoleGrant {
                        role: Role::Student,
                        scope: GrantScope::Student(sid),
                    },
                )?;
                if ui == 0 && serial < 2 {
                    let kind =
                        StudentKind::parse(&record.student_kind).map_or("", StudentKind::label);
                    accounts.push(DemoAccount {
                        username: record.student_no.clone(),
                        role: Role::Student,
                        scope: format!(
                            "{}（{kind}，{}）",
                            record.name,
                            if serial == 0 {
                                "已开通学位申请"
                            } else {
                                "尚未开通学位申请"
                            }
                        ),
                    });
                }
                students += 1;
            }
        }
        let applications = demo_applications(conn, unit_ids[0])?;
        db::audit::record(
            conn,
            Change {
                actor: None,
                entity: "system",
                entity_id: None,
                action: "demo_data",
                before: None,
                after: Some(serde_json::json!({
                    "units": POPULATION.units,
                    "groups": GROUPS.len(),
                    "students": students,
                    "applications": applications,
                })),
            },
        )?;
        Ok(Some(accounts))
    })
}

/// The demo's batch (also used by the benchmarks and the tests).
pub fn batch() -> shared::dto::batch::NewBatch {
    shared::dto::batch::NewBatch {
        name: "2026年冬季".into(),
        season: shared::dto::batch::Season::Winter,
        year: 2026,
        congress_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 20).unwrap_or_default(),
    }
}

/// The degree photo of the sample dossiers: a neutral 300×400 silhouette.
pub const DEMO_PHOTO: &[u8] = include_bytes!("../assets/demo-photo.jpg");

/// An open batch, and in the first unit a few applications at each stage
/// of filing: the first printed student can fill in at once, the second is
/// left for the unit admin to open, the next ones are filling, confirmed
/// and reviewed (with complete sample dossiers).
fn demo_applications(conn: &mut DbConn, unit: UnitId) -> Result<usize, ApiError> {
    use shared::dossier::{DossierContext, FilledValues};
    use shared::workflow::Stage;
    let batch = db::batches::insert_open(conn, &batch())?;
    let students = db::students::targets_of_unit(conn, unit)?;
    let stages = [
        (0, Stage::Filing, false),
        (2, Stage::Filing, true),
        (3, Stage::Confirmed, true),
        (4, Stage::Confirmed, true),
        (5, Stage::Reviewed, true),
    ];
    let mut opened = Vec::new();
    for (index, state, filled) in stages {
        let Some(student) = students.get(index) else {
            continue;
        };
        let id = db::applications::insert_filing(conn, batch.id, student.id, unit)?;
        if filled {
            db::photos::put(conn, id, DEMO_PHOTO, (300, 400))?;
            let ctx: DossierContext = db::dossier::surroundings(conn, id)?
                .ok_or_else(ApiError::not_found)?
                .context;
            // Doctors fill their master's degree too, so every sample is complete.
            let values: FilledValues = shared::dossier::FilledField::all()
                .filter(|f| {
                    ctx.requires(*f, &FilledValues::new())
                        || f.need() == shared::dossier::Need::PriorDegree
                })
                .map(|f| (f, f.sample_value().to_owned()))
                .collect();
            db::applications::save_filled(conn, id, 1, &values)?;
        }
        if state != Stage::Filing {
            let app = db::applications::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            db::applications::set_state(conn, &app, app.version, state)?;
        }
        opened.push((student.id, id));
    }
    if let Some(text) = shared::workflow::Action::OpenFiling.student_notice(&batch.name) {
        db::messages::to_students(conn, &opened, &text)?;
    }
    Ok(opened.len())
}
