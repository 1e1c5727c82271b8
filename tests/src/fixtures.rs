//! Stepping stones: any test starts from an application at a given stage, a
//! unit with N of them, or one signed-in actor of every role, in one line.
//!
//! ```ignore
//! let app = TestApp::spawn().await;
//! let a = app.application(0, StudentKind::AcademicMaster, Fixture::Confirmed).await;
//! let many = app.unit_with(1, 5, Fixture::Reviewed).await;
//! let actors = app.actors().await.owned_by(&a);
//! ```
//!
//! Every stage the API can reach is reached through the API, as the users
//! would: the office opens the batch, the unit admin opens filing, the student
//! fills a complete dossier (with the degree photo) and confirms, the unit
//! admin marks it reviewed; a committee and its results come from
//! [`TestApp::prelim_committee`] and [`TestApp::record_prelim`]. A single
//! submitted application in a unit with others still at earlier stages is
//! written to the database directly (see [`Fixture::Submitted`]).

use crate::TestApp;
use backend::db;
use backend::db::schema::{major_groups, students, unit_submissions, users};
use diesel::prelude::*;
use shared::authz::{Role, ScopeKind};
use shared::client::Client;
use shared::domain::StudentKind;
use shared::dossier::FilledField;
use shared::dto::application::{ApplicationStep, Dossier, DossierUpdate, FilingChange};
use shared::dto::batch::Batch;
use shared::dto::committee::{
    ApplicationVersion, MeetingInput, Member, MemberInput, ResultInput, ResultsRequest,
};
use shared::dto::sync::{SyncRun, SyncStatus};
use shared::ids::{ApplicationId, StudentId, UnitId};
use shared::workflow::committee::{Attendance, Position, Votes};
use shared::workflow::{Action, Decision, Stage};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// What the fixtures remember per app: signed-in clients (a login costs a
/// password check) and the units whose students are already synced.
#[derive(Default)]
pub(crate) struct Cache {
    sessions: Mutex<HashMap<String, Client>>,
    synced_units: Mutex<HashSet<usize>>,
}

/// The stage a fixture application is brought to, in workflow order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fixture {
    /// 申请学位 ticked by the unit admin; nothing filled.
    Filing,
    /// Still filing, with a complete dossier and the degree photo.
    Filled,
    /// 信息确认 by the student.
    Confirmed,
    /// 已审核 by the unit admin.
    Reviewed,
    /// 数据上报 with 学位初审 passed. The real submission is unit-wide and
    /// needs every applicant of the unit decided (see `tests/api/prelim.rs`);
    /// a fixture that leaves other applications of the unit at earlier
    /// stages writes this one's stage (`Submitted(Passed)`) and the unit's
    /// submission (`unit_submissions`) to the database directly. The whole
    /// unit then counts as submitted: its other applications are read-only
    /// for the unit admin too.
    Submitted,
}

impl Fixture {
    pub const ALL: [Fixture; 5] = [
        Fixture::Filing,
        Fixture::Filled,
        Fixture::Confirmed,
        Fixture::Reviewed,
        Fixture::Submitted,
    ];

    /// The workflow stage a fixture at this step is in.
    pub fn stage(self) -> Stage {
        match self {
            Fixture::Filing | Fixture::Filled => Stage::Filing,
            Fixture::Confirmed => Stage::Confirmed,
            Fixture::Reviewed => Stage::Reviewed,
            Fixture::Submitted => Stage::Submitted(Decision::Passed),
        }
    }
}

/// A student of the simulated campus systems, synced into the app.
#[derive(Debug, Clone)]
pub struct Student {
    pub id: StudentId,
    pub student_no: String,
    pub kind: StudentKind,
    pub major_code: Option<String>,
}

/// A fixture application and its student, signed in.
#[derive(Debug, Clone)]
pub struct Applicant {
    pub application: ApplicationId,
    pub student: StudentId,
    pub student_no: String,
    pub kind: StudentKind,
    pub unit: UnitId,
    pub major_code: Option<String>,
    /// Signed in as the student.
    pub client: Client,
}

/// Whose scope an actor's grant covers, relative to the fixtures: the first
/// unit / group (`Own`, index 0) or the second (`Other`, index 1). Global
/// roles have only `Own`. For students `Own` is the fixture's student and
/// `Other` another student of the first unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Own,
    Other,
}

/// One signed-in actor (`role: None`: anonymous).
#[derive(Debug, Clone)]
pub struct Actor {
    pub role: Option<Role>,
    pub side: Side,
    pub client: Client,
}

impl Actor {
    /// `anonymous`, `degree_office`, `unit_admin own`, `secretary other`, …
    pub fn label(&self) -> String {
        match self.role {
            None => "anonymous".to_owned(),
            Some(r) if r.scope_kind() == ScopeKind::Global => r.as_str().to_owned(),
            Some(r) => {
                let side = if self.side == Side::Own {
                    "own"
                } else {
                    "other"
                };
                format!("{} {side}", r.as_str())
            }
        }
    }
}

/// Anonymous, then every role of [`Role::ALL`] with its own scope and, for
/// scoped roles, the other scope.
#[derive(Debug, Clone)]
pub struct Actors(pub Vec<Actor>);

impl Actors {
    pub fn get(&self, role: Role, side: Side) -> &Client {
        self.0
            .iter()
            .find(|a| a.role == Some(role) && a.side == side)
            .map(|a| &a.client)
            .unwrap_or_else(|| panic!("no {role:?} {side:?} actor"))
    }

    /// The same actors with `applicant` as the own student.
    pub fn owned_by(&self, applicant: &Applicant) -> Actors {
        let mut actors = self.clone();
        for a in &mut actors.0 {
            if a.role == Some(Role::Student) && a.side == Side::Own {
                a.client = applicant.client.clone();
            }
        }
        actors
    }

    pub fn iter(&self) -> impl Iterator<Item = &Actor> {
        self.0.iter()
    }
}

fn fail<T, E: std::fmt::Display>(what: &str) -> impl FnOnce(E) -> T + '_ {
    move |e| panic!("{what}: {e}")
}

impl TestApp {
    /// Signed in as `username` (password [`crate::PASSWORD`]), reusing the
    /// session of an earlier call.
    pub async fn signed_in(&self, username: &str) -> Client {
        if let Some(c) = self.lock_sessions().get(username) {
            return c.clone();
        }
        let client = self.login(username).await;
        self.lock_sessions()
            .insert(username.to_owned(), client.clone());
        client
    }

    fn lock_sessions(&self) -> std::sync::MutexGuard<'_, HashMap<String, Client>> {
        self.fixtures
            .sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// [`TestApp::as_role_in`], signed in once per app.
    pub async fn staff(&self, role: Role, which: usize) -> Client {
        let key = format!("{}_{which}", role.as_str());
        if let Some(c) = self.lock_sessions().get(&key) {
            return c.clone();
        }
        let client = self.as_role_in(role, which).await;
        self.lock_sessions().insert(key, client.clone());
        client
    }

    /// The open batch (`backend::demo::batch()`, opened by the office if
    /// none is active).
    pub async fn open_batch(&self) -> Batch {
        let office = self.staff(Role::DegreeOffice, 0).await;
        let current = office.current_batch().await.unwrap_or_else(fail("batch"));
        match current.batch {
            Some(b) => b,
            None => office
                .create_batch(&backend::demo::batch())
                .await
                .unwrap_or_else(fail("open the batch")),
        }
    }

    /// Wait until a sync run has finished; returns it.
    pub async fn finished(&self, run: SyncRun) -> SyncRun {
        let office = self.staff(Role::DegreeOffice, 0).await;
        let mut run = run;
        while run.status == SyncStatus::Running {
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            run = office.sync_run(run.id).await.unwrap_or_else(fail("run"));
        }
        run
    }

    /// The students of unit `unit` (index) from the simulated student
    /// records (12, two of each kind), by 学号; the first call syncs the
    /// unit's student list and gives every student account [`crate::PASSWORD`].
    pub async fn students(&self, unit: usize) -> Vec<Student> {
        let synced = self
            .fixtures
            .synced_units
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&unit);
        if !synced {
            let office = self.staff(Role::DegreeOffice, 0).await;
            let run = office
                .sync_roster(self.units[unit])
                .await
                .unwrap_or_else(fail("roster sync"));
            let run = self.finished(run).await;
            assert_eq!(run.status, SyncStatus::Succeeded, "{run:?}");
            let mut conn = self.conn();
            let numbers = students::table
                .filter(students::unit_id.eq(self.units[unit].0))
                .select(students::student_no);
            diesel::update(users::table.filter(users::username.eq_any(numbers)))
                .set(users::password_hash.eq(Some(crate::password_hash())))
                .execute(&mut *conn)
                .unwrap_or_else(fail("passwords"));
            self.fixtures
                .synced_units
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(unit);
        }
        let mut conn = self.conn();
        students::table
            .filter(students::unit_id.eq(self.units[unit].0))
            .filter(students::synced_at.is_not_null())
            .order(students::student_no)
            .select((
                students::id,
                students::student_no,
                students::kind,
                students::major_code,
            ))
            .load::<(i64, String, String, Option<String>)>(&mut *conn)
            .unwrap_or_else(fail("students"))
            .into_iter()
            .map(|(id, student_no, kind, major_code)| Student {
                id: StudentId(id),
                student_no,
                kind: StudentKind::parse(&kind).unwrap_or_else(|| panic!("kind {kind}")),
                major_code,
            })
            .collect()
    }

    /// Students of the unit with no live application in the open batch.
    async fn free_students(&self, unit: usize) -> Vec<Student> {
        let batch = self.open_batch().await;
        let all = self.students(unit).await;
        let ids: Vec<StudentId> = all.iter().map(|s| s.id).collect();
        let taken: HashSet<StudentId> =
            db::applications::of_students(&mut self.conn(), batch.id, &ids)
                .unwrap_or_else(fail("applications"))
                .into_iter()
                .filter(|a| a.state != Stage::NotApplied)
                .map(|a| a.student_id)
                .collect();
        all.into_iter().filter(|s| !taken.contains(&s.id)).collect()
    }

    /// An application of a student of `kind` in unit `unit` (index 0 or 1)
    /// at `stage`; opens the batch if none is.
    /// `app.application(0, StudentKind::AcademicDoctor, Fixture::Reviewed).await`
    pub async fn application(&self, unit: usize, kind: StudentKind, stage: Fixture) -> Applicant {
        let student = self
            .free_students(unit)
            .await
            .into_iter()
            .find(|s| s.kind == kind)
            .unwrap_or_else(|| panic!("no free {kind:?} student left in unit {unit}"));
        let a = self
            .open_filing(unit, &[student])
            .await
            .pop()
            .unwrap_or_else(|| panic!("filing not opened"));
        self.bring_to(&a, stage).await;
        a
    }

    /// `n` applications in unit `unit` (students in 学号 order, all kinds),
    /// each at `stage`; filing is opened for all of them in one save.
    pub async fn unit_with(&self, unit: usize, n: usize, stage: Fixture) -> Vec<Applicant> {
        let free: Vec<Student> = self.free_students(unit).await.into_iter().take(n).collect();
        assert_eq!(
            free.len(),
            n,
            "unit {unit} has fewer than {n} free students"
        );
        let applicants = self.open_filing(unit, &free).await;
        for a in &applicants {
            self.bring_to(a, stage).await;
        }
        applicants
    }

    /// 申请学位 for these students, by the unit admin, waiting for the sync it starts.
    async fn open_filing(&self, unit: usize, chosen: &[Student]) -> Vec<Applicant> {
        let batch = self.open_batch().await;
        let admin = self.staff(Role::UnitAdmin, unit).await;
        let outcome = admin
            .save_filing(
                self.units[unit],
                &FilingChange {
                    open: chosen.iter().map(|s| s.id).collect(),
                    cancel: vec![],
                },
            )
            .await
            .unwrap_or_else(fail("open filing"));
        assert_eq!(outcome.opened as usize, chosen.len(), "{outcome:?}");
        if let Some(run) = outcome.sync_run {
            self.finished(run).await;
        }
        let ids: Vec<StudentId> = chosen.iter().map(|s| s.id).collect();
        let apps = db::applications::of_students(&mut self.conn(), batch.id, &ids)
            .unwrap_or_else(fail("applications"));
        let mut out = Vec::new();
        for s in chosen {
            let app = apps
                .iter()
                .find(|a| a.student_id == s.id)
                .unwrap_or_else(|| panic!("no application for {}", s.student_no));
            out.push(Applicant {
                application: app.id,
                student: s.id,
                student_no: s.student_no.clone(),
                kind: s.kind,
                unit: self.units[unit],
                major_code: s.major_code.clone(),
                client: self.signed_in(&s.student_no).await,
            });
        }
        out
    }

    /// Move a fixture application forward to `stage` (never back), the way
    /// its users would where the API allows it.
    pub async fn bring_to(&self, a: &Applicant, stage: Fixture) {
        let unit = usize::from(a.unit != self.units[0]);
        if stage >= Fixture::Filled && self.stage_of(a.application) == Stage::Filing {
            fill_complete(&a.client, a.application).await;
        }
        if stage >= Fixture::Confirmed && self.stage_of(a.application) == Stage::Filing {
            let d = a
                .client
                .dossier(a.application)
                .await
                .unwrap_or_else(fail("d"));
            a.client
                .step(a.application, &step(&d, Action::Confirm))
                .await
                .unwrap_or_else(fail("confirm"));
        }
        if stage >= Fixture::Reviewed && self.stage_of(a.application) == Stage::Confirmed {
            let admin = self.staff(Role::UnitAdmin, unit).await;
            let d = admin.dossier(a.application).await.unwrap_or_else(fail("d"));
            admin
                .step(a.application, &step(&d, Action::MarkReviewed))
                .await
                .unwrap_or_else(fail("mark reviewed"));
        }
        if stage >= Fixture::Submitted && self.stage_of(a.application) == Stage::Reviewed {
            self.set_stage(a.application, Fixture::Submitted.stage());
            self.record_unit_submission(a.unit);
        }
        assert_eq!(self.stage_of(a.application), stage.stage(), "{a:?}");
    }

    /// The application's stage, from the database.
    pub fn stage_of(&self, id: ApplicationId) -> Stage {
        self.stored(id).state
    }

    /// The application's current version, from the database.
    pub fn version_of(&self, id: ApplicationId) -> i32 {
        self.stored(id).version
    }

    fn stored(&self, id: ApplicationId) -> db::applications::StoredApplication {
        db::applications::find(&mut self.conn(), id)
            .unwrap_or_else(fail("find"))
            .unwrap_or_else(|| panic!("no application {id}"))
    }

    /// Write the stage directly (no rules, no audit): for stages without an
    /// endpoint yet, and to put a fixture back after a test step moved it.
    pub fn set_stage(&self, id: ApplicationId, stage: Stage) {
        let app = self.stored(id);
        let ok = db::applications::set_state(&mut self.conn(), &app, app.version, stage)
            .unwrap_or_else(fail("set state"));
        assert!(ok, "application {id} changed meanwhile");
    }

    /// The office advances the current batch to `to`, through the API.
    pub async fn advance(
        &self,
        to: shared::workflow::BatchPhase,
    ) -> Result<(), shared::client::ClientError> {
        let office = self.staff(Role::DegreeOffice, 0).await;
        let b = office
            .current_batch()
            .await
            .unwrap_or_else(fail("batch"))
            .batch
            .unwrap_or_else(|| panic!("no active batch"));
        office
            .advance_batch(
                b.id,
                &shared::dto::batch::AdvanceBatch {
                    to,
                    version: b.version,
                },
            )
            .await
            .map(|_| ())
    }

    /// Put the latest batch straight into `phase`, whatever stands in the
    /// way (the refusal matrix's rows after 封网 and after the final review).
    pub fn set_phase(&self, phase: shared::workflow::BatchPhase) {
        use backend::db::schema::batches;
        let mut conn = self.conn();
        let (id, version) = batches::table
            .order(batches::id.desc())
            .select((batches::id, batches::version))
            .first::<(i64, i32)>(&mut *conn)
            .unwrap_or_else(fail("batch"));
        let ok = db::batches::set_phase(&mut conn, shared::ids::BatchId(id), version, phase)
            .unwrap_or_else(fail("set phase"));
        assert!(ok, "the batch changed meanwhile");
    }

    /// The unit's 数据上报 in the open batch, written directly (see
    /// [`Fixture::Submitted`]).
    fn record_unit_submission(&self, unit: UnitId) {
        let batch = db::batches::active(&mut self.conn())
            .unwrap_or_else(fail("batch"))
            .unwrap_or_else(|| panic!("no open batch"));
        let mut conn = self.conn();
        let key = (batch.id.0, unit.0);
        let exists = unit_submissions::table
            .find(key)
            .select(unit_submissions::batch_id)
            .first::<i64>(&mut *conn)
            .optional()
            .unwrap_or_else(fail("submission"))
            .is_some();
        if exists {
            diesel::update(unit_submissions::table.find(key))
                .set(unit_submissions::submitted.eq(true))
                .execute(&mut *conn)
                .unwrap_or_else(fail("submission"));
        } else {
            diesel::insert_into(unit_submissions::table)
                .values((
                    unit_submissions::batch_id.eq(batch.id.0),
                    unit_submissions::unit_id.eq(unit.0),
                    unit_submissions::submitted.eq(true),
                    unit_submissions::submitted_at.eq(Some(db::now())),
                    unit_submissions::version.eq(1),
                ))
                .execute(&mut *conn)
                .unwrap_or_else(fail("submission"));
        }
    }

    /// Map the applicant's major to discipline group `group` (index), so that
    /// the group's secretary and members have them in scope.
    pub fn map_to_group(&self, a: &Applicant, group: usize) {
        let major = a
            .major_code
            .as_deref()
            .unwrap_or_else(|| panic!("{} has no major", a.student_no));
        let mut conn = self.conn();
        diesel::delete(major_groups::table.filter(major_groups::major_code.eq(major)))
            .execute(&mut *conn)
            .unwrap_or_else(fail("unmap"));
        db::units::map_major_to_group(&mut conn, major, self.groups[group])
            .unwrap_or_else(fail("map major"));
    }

    /// Anonymous and one signed-in actor per role and scope (see [`Side`]):
    /// own = units[0] / groups[0] / a student of units[0], other = units[1] /
    /// groups[1] / another student of units[0]. Use [`Actors::owned_by`] to
    /// make a fixture's student the own student.
    pub async fn actors(&self) -> Actors {
        let mut out = vec![Actor {
            role: None,
            side: Side::Own,
            client: self.anonymous(),
        }];
        for role in Role::ALL {
            out.push(Actor {
                role: Some(role),
                side: Side::Own,
                client: self.staff(role, 0).await,
            });
            let other = match role.scope_kind() {
                ScopeKind::Global => continue,
                ScopeKind::Student => {
                    let username = "S0OTHER";
                    if db::users::find_by_username(&mut self.conn(), username)
                        .unwrap_or_else(fail("user"))
                        .is_none()
                    {
                        self.create_student(self.units[0], username);
                    }
                    self.signed_in(username).await
                }
                _ => self.staff(role, 1).await,
            };
            out.push(Actor {
                role: Some(role),
                side: Side::Other,
                client: other,
            });
        }
        Actors(out)
    }
}

impl TestApp {
    /// A 学位初审委员会 of `members` for unit `unit` (index), the first its
    /// 主席, by the unit admin, and the meeting record of the open batch
    /// with all of them present.
    pub async fn prelim_committee(&self, unit: usize, members: u32) -> Vec<Member> {
        let admin = self.staff(Role::UnitAdmin, unit).await;
        let mut out = Vec::new();
        for i in 0..members {
            let m = admin
                .add_member(
                    self.units[unit],
                    &MemberInput {
                        name: format!("委员{}", i + 1),
                        title: "教授".into(),
                        affiliation: "测试研究所".into(),
                        position: if i == 0 {
                            Position::Chair
                        } else {
                            Position::Member
                        },
                        staff_no: None,
                        contact: None,
                        version: None,
                    },
                )
                .await
                .unwrap_or_else(fail("add member"));
            out.push(m);
        }
        let meeting = admin
            .committee_meeting(self.units[unit])
            .await
            .unwrap_or_else(fail("meeting"));
        admin
            .save_committee_meeting(
                self.units[unit],
                &MeetingInput {
                    resolution_no: None,
                    held_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default(),
                    place: "学术会议室".into(),
                    attendance: Attendance {
                        members_total: members,
                        members_present: members,
                    },
                    minutes: "会议按议程进行。".into(),
                    version: meeting.meeting.map(|m| m.version),
                },
            )
            .await
            .unwrap_or_else(fail("save meeting"));
        out
    }

    /// Record a 学位初审 result for these (reviewed) applicants of one unit:
    /// unanimous for 通过, none for 未通过, 缓议 with its resolution.
    pub async fn record_prelim(&self, applicants: &[&Applicant], decision: Decision) {
        let unit = usize::from(applicants[0].unit != self.units[0]);
        let admin = self.staff(Role::UnitAdmin, unit).await;
        let present = admin
            .committee_meeting(self.units[unit])
            .await
            .unwrap_or_else(fail("meeting"))
            .meeting
            .map(|m| m.attendance.members_present)
            .unwrap_or_else(|| panic!("record the meeting first"));
        let votes = match decision {
            Decision::Passed => Votes {
                yes: present,
                no: 0,
                abstain: 0,
            },
            _ => Votes {
                yes: 0,
                no: present,
                abstain: 0,
            },
        };
        admin
            .record_committee_results(
                self.units[unit],
                &ResultsRequest {
                    result: ResultInput {
                        votes,
                        decision,
                        resolution: (decision == Decision::Deferred)
                            .then(|| "补充材料后再议".to_owned()),
                        reason: None,
                    },
                    applications: applicants
                        .iter()
                        .map(|a| ApplicationVersion {
                            id: a.application,
                            version: self.version_of(a.application),
                        })
                        .collect(),
                },
            )
            .await
            .unwrap_or_else(fail("record results"));
    }
}

fn step(d: &Dossier, action: Action) -> ApplicationStep {
    ApplicationStep {
        version: d.application.version,
        action,
    }
}

/// Fill every required field with its sample value (again while filling
/// makes more fields required) and upload the demo photo.
async fn fill_complete(client: &Client, id: ApplicationId) -> Dossier {
    let mut d = client.dossier(id).await.unwrap_or_else(fail("dossier"));
    for _ in 0..4 {
        let missing: Vec<FilledField> = d
            .required
            .iter()
            .filter(|f| !d.filled.contains_key(f))
            .copied()
            .collect();
        if missing.is_empty() {
            break;
        }
        let update = DossierUpdate {
            version: d.application.version,
            fields: missing
                .iter()
                .map(|f| (f.as_str().to_owned(), f.sample_value().into()))
                .collect(),
        };
        d = client
            .update_dossier(id, &update)
            .await
            .unwrap_or_else(fail("fill"));
    }
    if d.photo.is_none() {
        d = client
            .upload_photo(
                id,
                d.application.version,
                backend::demo::DEMO_PHOTO.to_vec(),
            )
            .await
            .unwrap_or_else(fail("photo"));
    }
    assert!(d.problems.is_empty(), "incomplete: {:?}", d.problems);
    d
}

impl TestApp {
    /// Applicants conferred in 学位终审, `n` of each `(unit index, n)`:
    /// submitted, synced from all four campus systems (the report needs the
    /// thesis and the advisor), the batch put in 学位终审, each decided 授予
    /// 学位, and the congress's meeting recorded with its 决议编号.
    pub async fn conferred(&self, per_unit: &[(usize, usize)]) -> Vec<Applicant> {
        let mut apps = Vec::new();
        let office = self.staff(Role::DegreeOffice, 0).await;
        for (unit, n) in per_unit {
            let of_unit = self.unit_with(*unit, *n, Fixture::Filing).await;
            for a in &of_unit {
                let run = a
                    .client
                    .sync_student(a.student)
                    .await
                    .unwrap_or_else(fail("sync"));
                let run = self.finished(run).await;
                assert_eq!(run.failed, 0, "{run:?}");
                self.bring_to(a, Fixture::Reviewed).await;
            }
            for a in &of_unit {
                self.set_stage(a.application, Fixture::Submitted.stage());
                self.record_unit_submission(a.unit);
            }
            apps.extend(of_unit);
        }
        let batch = db::batches::active(&mut self.conn())
            .unwrap_or_else(fail("batch"))
            .unwrap_or_else(|| panic!("no open batch"));
        if batch.phase != shared::workflow::BatchPhase::FinalReview {
            self.set_phase(shared::workflow::BatchPhase::FinalReview);
        }
        for a in &apps {
            self.set_stage(
                a.application,
                Stage::FinalDecided(shared::workflow::FinalDecision::Conferred),
            );
        }
        let meeting = office
            .congress_meeting()
            .await
            .unwrap_or_else(fail("meeting"));
        if meeting.meeting.is_none() {
            office
                .save_congress_meeting(&MeetingInput {
                    held_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 20).unwrap_or_default(),
                    place: "学术会堂".into(),
                    attendance: Attendance {
                        members_total: 31,
                        members_present: 25,
                    },
                    minutes: "审议通过授予学位名单。".into(),
                    resolution_no: Some("国科大学位〔2026〕12号".into()),
                    version: None,
                })
                .await
                .unwrap_or_else(fail("congress meeting"));
        }
        apps
    }
}
