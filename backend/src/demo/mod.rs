//! Generated, deterministic demo data (never in production): five training
//! units, three discipline groups, one account per role and a few dozen
//! students of all six kinds. The open batch has a unit at each point of
//! the first stages: the first unit filing and reviewing, the second with
//! every applicant reviewed and a 学位初审委员会 whose meeting is recorded
//! (ready for 学位初审结果 and 数据上报), the third already submitted.

mod committees;
pub mod stages;

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

/// Fill an empty database, with the batch taken on to `stage` if given
/// (`--demo-stage`, see [`stages`]). Returns the demo accounts, or `None`
/// when the database already has data (the demo is never applied twice).
pub fn seed(
    conn: &mut DbConn,
    national: &crate::national::Loaded,
    password: &str,
    stage: Option<stages::DemoStage>,
) -> Result<Option<Vec<DemoAccount>>, ApiError> {
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

        let staff: [(&str, &str, Role, GrantScope, String); 14] = [
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
                "unit3_admin",
                "化学所 教育干部 王老师",
                Role::UnitAdmin,
                GrantScope::Unit(unit_ids[2]),
                unit_name(2),
            ),
            (
                "prelim1",
                "钱教授",
                Role::PrelimMember,
                GrantScope::Unit(unit_ids[0]),
                unit_name(0),
            ),
            (
                "prelim2",
                "李研究员",
                Role::PrelimMember,
                GrantScope::Unit(unit_ids[1]),
                unit_name(1),
            ),
            (
                "secretary1",
                "数理分会 秘书",
                Role::Secretary,
                GrantScope::Group(group_ids[0]),
                GROUPS[0].1.into(),
            ),
            (
                "secretary2",
                "化学化工分会 秘书",
                Role::Secretary,
                GrantScope::Group(group_ids[1]),
                GROUPS[1].1.into(),
            ),
            (
                "secretary3",
                "信息分会 秘书",
                Role::Secretary,
                GrantScope::Group(group_ids[2]),
                GROUPS[2].1.into(),
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

        // A 备案 awaiting 数学院's system administrator (账号管理), when the
        // demo password passes the password policy.
        if shared::domain::password::check(password, "unit1_new").is_ok() {
            crate::accounts::registration::register(
                conn,
                &shared::dto::account::NewRegistration {
                    unit_id: unit_ids[0],
                    name: "钱新来".into(),
                    staff_no: "E0001".into(),
                    phone: "13800138000".into(),
                    email: "qian@example.edu.cn".into(),
                    username: "unit1_new".into(),
                    password: password.to_owned(),
                    role: Role::UnitAdmin,
                },
                "demo",
                i64::MAX,
            )?;
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
        let applications = demo_applications(conn, &unit_ids)?;
        if let Some(to) = stage {
            let unit_groups: Vec<_> = UNIT_GROUPS
                .iter()
                .map(|(u, g)| (unit_ids[*u], group_ids[*g]))
                .collect();
            stages::fast_forward(conn, national, &unit_ids, &group_ids, &unit_groups, to)?;
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
pub const DEMO_PHOTO: &[u8] = include_bytes!("../../assets/demo-photo.jpg");

/// An open batch; in the first unit a few applications at each stage of
/// filing: the first printed student can fill in at once, the second is
/// left for the unit admin to open, the next ones are filling, confirmed
/// and reviewed (with complete sample dossiers), and `prelim1` sits on its
/// committee. The second unit's six applicants are all reviewed, its
/// committee (`prelim2` among the members) has met: its admin records the
/// results and submits. The third unit has submitted: the office sees it
/// in 上报情况 and may reopen it.
fn demo_applications(conn: &mut DbConn, units: &[UnitId]) -> Result<usize, ApiError> {
    use shared::workflow::{Decision, Stage};
    let batch = db::batches::insert_open(conn, &batch())?;
    let mut opened = open_applications(
        conn,
        &batch,
        units[0],
        &[
            (0, Stage::Filing, false),
            (2, Stage::Filing, true),
            (3, Stage::Confirmed, true),
            (4, Stage::Confirmed, true),
            (5, Stage::Reviewed, true),
        ],
    )?;
    let reviewed: Vec<(usize, Stage, bool)> = (0..6).map(|i| (i, Stage::Reviewed, true)).collect();
    let second = open_applications(conn, &batch, units[1], &reviewed)?;
    let third = open_applications(conn, &batch, units[2], &reviewed)?;
    let count = opened.len() + second.len() + third.len();
    opened.extend(second.iter().copied());
    opened.extend(third.iter().copied());
    if let Some(text) = shared::workflow::Action::OpenFiling.student_notice(&batch.name) {
        db::messages::to_students(conn, &opened, &text)?;
    }

    committees::seat_committee(conn, units[0], 5, &["prelim1"])?;
    committees::seat_committee(conn, units[1], 7, &["prelim2"])?;
    committees::seat_committee(conn, units[2], 5, &[])?;
    // The third unit's results (4 passed, 1 failed, 1 deferred) and its
    // submission, by its admin through the workflow.
    let admin = committees::actor_of(conn, "unit3_admin")?;
    let seat = crate::committee::Seat::prelim(units[2]);
    let decide = |decision: Decision,
                  votes: (u32, u32, u32),
                  apps: &[(shared::ids::StudentId, shared::ids::ApplicationId)]| {
        shared::dto::committee::ResultsRequest {
            result: shared::dto::committee::ResultInput {
                votes: shared::workflow::committee::Votes {
                    yes: votes.0,
                    no: votes.1,
                    abstain: votes.2,
                },
                decision,
                resolution: (decision == Decision::Deferred)
                    .then(|| "学位论文需补充实验数据，下次会议再议".to_owned()),
                reason: None,
            },
            applications: apps
                .iter()
                .map(|(_, id)| shared::dto::committee::ApplicationVersion {
                    id: *id,
                    version: 0,
                })
                .collect(),
        }
    };
    for (decision, votes, range) in [
        (Decision::Passed, (5, 0, 0), 0..4),
        (Decision::Failed, (1, 4, 0), 4..5),
        (Decision::Deferred, (2, 2, 1), 5..6),
    ] {
        let mut req = decide(decision, votes, &third[range]);
        for a in &mut req.applications {
            a.version = db::applications::find(conn, a.id)?
                .ok_or_else(ApiError::not_found)?
                .version;
        }
        crate::committee::record_results(conn, &admin, seat, &req)?;
    }
    crate::workflow::submission::submit(conn, &admin, units[2], 0)?;
    Ok(count)
}

/// Open filing for the students at these indexes of the unit, bring each to
/// its stage (with a complete sample dossier and photo when `filled`).
/// The advisor and the thesis as the teachers' and training systems have
/// them (the demo does not sync them), for the dossier and the report.
fn training_of(conn: &mut DbConn, student: &db::students::SyncTarget) -> Result<(), ApiError> {
    use crate::db::schema::students;
    use diesel::prelude::*;
    let Some((unit, serial)) = POPULATION.locate(&student.student_no) else {
        return Ok(());
    };
    let advisor = POPULATION.advisor(unit, serial);
    let training = POPULATION.training(unit, serial);
    diesel::update(students::table.find(student.id.0))
        .set((
            students::advisor_name.eq(Some(advisor.advisor_name)),
            students::advisor_title.eq(Some(advisor.advisor_title)),
            students::thesis_title.eq(Some(training.thesis_title)),
            students::thesis_keywords.eq(Some(db::synced_columns::json_list(
                &training.thesis_keywords,
            ))),
        ))
        .execute(conn)?;
    Ok(())
}

fn open_applications(
    conn: &mut DbConn,
    batch: &shared::dto::batch::Batch,
    unit: UnitId,
    stages: &[(usize, shared::workflow::Stage, bool)],
) -> Result<Vec<(shared::ids::StudentId, shared::ids::ApplicationId)>, ApiError> {
    use shared::dossier::{DossierContext, FilledValues};
    use shared::workflow::Stage;
    let students = db::students::targets_of_unit(conn, unit)?;
    let mut opened = Vec::new();
    for &(index, state, filled) in stages {
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
            training_of(conn, student)?;
        }
        if state != Stage::Filing {
            let app = db::applications::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            db::applications::set_state(conn, &app, app.version, state)?;
        }
        opened.push((student.id, id));
    }
    Ok(opened)
}
