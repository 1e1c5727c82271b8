//! Data sync from the (simulated) campus systems: triggers, faults, seal,
//! scoping, and truthful run records.

use backend::simulator::Faults;
use backend::sync::contract::SourceSystem as Sys;
use degree_tests::TestApp;
use diesel::prelude::*;
use shared::authz::Role;
use shared::client::Client;
use shared::dto::batch::AdvanceBatch;
use shared::dto::sync::{SyncKind, SyncRun, SyncRunQuery, SyncStatus, SyncTrigger};
use shared::error::ErrorCode;
use shared::ids::{StudentId, UnitId};
use shared::workflow::BatchPhase;

async fn wait(client: &Client, run: SyncRun) -> SyncRun {
    let mut run = run;
    for _ in 0..200 {
        if run.status != SyncStatus::Running {
            return run;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        run = client.sync_run(run.id).await.expect("run");
    }
    panic!("run {} never finished: {run:?}", run.id);
}

/// Refresh the first unit's student list; returns its student ids.
async fn roster(app: &TestApp) -> Vec<(i64, String)> {
    let office = app.office().await;
    let run = office.sync_roster(app.units[0]).await.expect("roster");
    assert_eq!(run.kind, SyncKind::Roster);
    let run = wait(&office, run).await;
    assert_eq!(
        (run.status, run.total, run.succeeded),
        (SyncStatus::Succeeded, 12, 12),
        "{run:?}"
    );
    use backend::db::schema::students;
    students::table
        .filter(students::unit_id.eq(app.units[0].0))
        .order(students::student_no)
        .select((students::id, students::student_no))
        .load(&mut *app.conn())
        .expect("students")
}

/// Everything stored for a student, to compare before and after a failed sync.
fn snapshot(app: &TestApp, id: i64) -> String {
    use backend::db::schema::{student_sync, students};
    let mut conn = app.conn();
    type Student = (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<chrono::NaiveDateTime>,
    );
    let row: Student = students::table
        .find(id)
        .select((
            students::name,
            students::id_number,
            students::advisor_name,
            students::thesis_title,
            students::major_code,
            students::synced_at,
        ))
        .first(&mut *conn)
        .expect("student");
    type State = (
        Option<chrono::NaiveDateTime>,
        Option<chrono::NaiveDateTime>,
        Option<chrono::NaiveDateTime>,
        Option<String>,
        Option<String>,
    );
    let state: Option<State> = student_sync::table
        .find(id)
        .select((
            student_sync::teachers_at,
            student_sync::courses_at,
            student_sync::training_at,
            student_sync::courses,
            student_sync::outputs,
        ))
        .first(&mut *conn)
        .optional()
        .expect("sync state");
    format!("{row:?} {state:?}")
}

#[tokio::test]
async fn the_student_list_comes_from_student_records_with_accounts() {
    let app = TestApp::spawn().await;
    let students = roster(&app).await;
    assert_eq!(students.len(), 12);
    // Every new student has a student account scoped to their own record.
    let mut conn = app.conn();
    let user = backend::db::users::find_by_username(&mut conn, &students[0].1)
        .expect("q")
        .expect("account");
    let grants =
        backend::db::users::grants(&mut conn, shared::ids::UserId(user.id)).expect("grants");
    assert_eq!(grants[0].role, Role::Student);
    // A second refresh changes nothing but the sync time.
    drop(conn);
    assert_eq!(roster(&app).await, students);
}

#[tokio::test]
async fn a_student_that_cannot_be_added_fails_alone_in_the_student_list() {
    let app = TestApp::spawn().await;
    // An account already holds the 学号 of the unit's fourth student.
    let taken = backend::simulator::data::Population::student_no(0, 3);
    app.create_user(&taken, &[]);
    let office = app.office().await;
    let run = office.sync_roster(app.units[0]).await.expect("roster");
    let run = wait(&office, run).await;
    assert_eq!(
        (run.status, run.total, run.succeeded, run.failed),
        (SyncStatus::Partial, 12, 11, 1),
        "{run:?}"
    );
    assert_eq!(run.failures[0].student_no, taken);
    assert_eq!(run.failures[0].reason, "写入数据库失败");
    use backend::db::schema::students;
    let added: Vec<(i64, String)> = students::table
        .filter(students::unit_id.eq(app.units[0].0))
        .select((students::id, students::student_no))
        .load(&mut *app.conn())
        .expect("students");
    assert_eq!(added.len(), 11);
    assert!(
        added.iter().all(|(_, no)| *no != taken),
        "nothing of it is kept"
    );
    // The others each have their account, scoped to their own record.
    let mut conn = app.conn();
    for (id, no) in &added {
        let user = backend::db::users::find_by_username(&mut conn, no)
            .expect("q")
            .expect("account");
        let grants =
            backend::db::users::grants(&mut conn, shared::ids::UserId(user.id)).expect("grants");
        assert_eq!(
            grants,
            [shared::authz::RoleGrant {
                role: Role::Student,
                scope: shared::authz::GrantScope::Student(StudentId(*id)),
            }]
        );
    }
}

#[tokio::test]
async fn a_unit_sync_fills_every_section_with_its_source_and_time() {
    let app = TestApp::spawn().await;
    let students = roster(&app).await;
    let admin = app.as_role(Role::UnitAdmin).await;
    let run = wait(&admin, admin.sync_unit(app.units[0]).await.expect("start")).await;
    assert_eq!(
        (run.status, run.total, run.succeeded, run.failed),
        (SyncStatus::Succeeded, 12, 12, 0)
    );
    assert_eq!(run.systems.len(), 4);
    use backend::db::schema::students as st;
    let mut conn = app.conn();
    let (advisor, thesis, keywords): (Option<String>, Option<String>, Option<String>) = st::table
        .find(students[0].0)
        .select((st::advisor_name, st::thesis_title, st::thesis_keywords))
        .first(&mut *conn)
        .expect("student");
    drop(conn);
    assert!(advisor.is_some() && thesis.is_some());
    let keywords: Vec<String> = serde_json::from_str(&keywords.expect("keywords")).expect("json");
    assert!(keywords.len() >= 3);
    let dossier = app
        .office()
        .await
        .synced_dossier(StudentId(students[0].0))
        .await
        .expect("dossier");
    // The lists arrive whole and in order.
    let transcript = app.sim.population.transcript(0, 0);
    assert!(transcript.courses.len() >= 6);
    // Same fields, same values, same order.
    let json = |v: serde_json::Result<serde_json::Value>| v.expect("json");
    assert_eq!(
        json(serde_json::to_value(&dossier.courses)),
        json(serde_json::to_value(&transcript.courses))
    );
    let training = app.sim.population.training(0, 0);
    assert_eq!(
        json(serde_json::to_value(&dossier.outputs)),
        json(serde_json::to_value(&training.outputs))
    );
    let sources: Vec<(&str, &str)> = dossier
        .sections
        .iter()
        .map(|s| (s.section.as_str(), s.source.as_str()))
        .collect();
    let expected = [
        ("identity", "records"),
        ("programme", "records"),
        ("advisor", "teachers"),
        ("courses", "courses"),
        ("outputs", "training"),
        ("thesis", "training"),
        ("defense", "training"),
    ];
    assert_eq!(sources, expected);
}

#[tokio::test]
async fn the_student_records_system_correcting_a_name_reaches_the_dossier() {
    let app = TestApp::spawn().await;
    let students = roster(&app).await;
    let mut record = app.sim.population.record(0, 0);
    record.name = "更正后".into();
    app.sim.edit_record(record);
    let office = app.office().await;
    let run = office
        .sync_student(StudentId(students[0].0))
        .await
        .expect("sync");
    assert_eq!(run.status, SyncStatus::Succeeded);
    assert!(snapshot(&app, students[0].0).contains("更正后"));
}

#[tokio::test]
async fn every_fault_leaves_the_student_unchanged_and_the_run_says_why() {
    let app = TestApp::spawn().await;
    let students = roster(&app).await;
    let (id, no) = students[1].clone();
    let office = app.office().await;
    let cases: Vec<(Sys, Faults, &str)> = vec![
        (
            Sys::Courses,
            Faults {
                error_every: 1,
                ..Default::default()
            },
            "HTTP 500",
        ),
        (
            Sys::Teachers,
            Faults {
                malformed_every: 1,
                ..Default::default()
            },
            "无法识别",
        ),
        (
            Sys::Training,
            Faults {
                wrong_type_every: 1,
                ..Default::default()
            },
            "无法识别",
        ),
        (
            Sys::Records,
            Faults {
                bad_id_every: 1,
                ..Default::default()
            },
            "证件号码无效",
        ),
        (
            Sys::Records,
            Faults {
                down: true,
                ..Default::default()
            },
            "HTTP 503",
        ),
        (
            Sys::Courses,
            Faults {
                hang: true,
                ..Default::default()
            },
            "超时",
        ),
    ];
    let before = snapshot(&app, id);
    for (system, faults, reason) in cases {
        app.sim.clear_faults();
        app.sim.set_faults(system, faults.clone());
        let run = office
            .sync_student(StudentId(id))
            .await
            .expect("the run is recorded");
        assert_eq!(
            (run.status, run.succeeded, run.failed),
            (SyncStatus::Failed, 0, 1),
            "{faults:?}"
        );
        let failure = &run.failures[0];
        assert_eq!(failure.student_no, no);
        assert_eq!(failure.system, Some(system), "{faults:?}");
        assert!(
            failure.reason.contains(reason),
            "{faults:?}: {}",
            failure.reason
        );
        assert_eq!(snapshot(&app, id), before, "{faults:?} changed the student");
        // The stored run says the same.
        assert_eq!(office.sync_run(run.id).await.expect("run"), run);
    }
    app.sim.clear_faults();
    assert_eq!(
        office
            .sync_student(StudentId(id))
            .await
            .expect("sync")
            .status,
        SyncStatus::Succeeded
    );
    assert_ne!(snapshot(&app, id), before);
}

#[tokio::test]
async fn a_transient_error_is_retried() {
    let app = TestApp::spawn().await;
    let students = roster(&app).await;
    // Every second request fails; one retry gets through.
    app.sim.set_faults(
        Sys::Courses,
        Faults {
            error_every: 2,
            ..Default::default()
        },
    );
    let run = app
        .office()
        .await
        .sync_student(StudentId(students[0].0))
        .await
        .expect("sync");
    assert_eq!(run.status, SyncStatus::Succeeded, "{run:?}");
}

#[tokio::test]
async fn an_unreachable_system_is_a_clear_failure() {
    let app = TestApp::spawn_with(|c| c.upstream_url = Some("http://127.0.0.1:9".into())).await;
    let sid = app.create_student(app.units[0], "20238000100001");
    let run = app
        .office()
        .await
        .sync_student(sid)
        .await
        .expect("recorded");
    assert_eq!(run.status, SyncStatus::Failed);
    assert!(
        run.failures[0].reason.contains("无法连接"),
        "{}",
        run.failures[0].reason
    );
}

#[tokio::test]
async fn one_bad_record_fails_only_that_student_in_a_unit_sync() {
    let app = TestApp::spawn().await;
    let students = roster(&app).await;
    let before: Vec<String> = students.iter().map(|(id, _)| snapshot(&app, *id)).collect();
    app.sim.set_faults(
        Sys::Records,
        Faults {
            bad_id_every: 4,
            ..Default::default()
        },
    );
    let office = app.office().await;
    let run = wait(
        &office,
        office.sync_unit(app.units[0]).await.expect("start"),
    )
    .await;
    assert_eq!(
        (run.status, run.total, run.succeeded, run.failed),
        (SyncStatus::Partial, 12, 9, 3),
        "{run:?}"
    );
    for (i, (id, no)) in students.iter().enumerate() {
        let failed = run.failures.iter().any(|f| &f.student_no == no);
        // The simulator corrupts every fourth record of the unit, by serial.
        let serial: usize = no[9..].parse().expect("serial");
        assert_eq!(failed, serial.is_multiple_of(4), "{no}");
        if failed {
            assert_eq!(snapshot(&app, *id), before[i], "{no} must be unchanged");
        } else {
            assert_ne!(snapshot(&app, *id), before[i], "{no} must be synced");
        }
    }
}

#[tokio::test]
async fn killing_the_campus_systems_mid_run_leaves_clean_data_and_a_truthful_run() {
    let app = TestApp::spawn().await;
    let students = roster(&app).await;
    let before: Vec<String> = students.iter().map(|(id, _)| snapshot(&app, *id)).collect();
    // Every answer takes a while, so the run can be caught in the middle.
    app.sim.set_faults(
        Sys::Records,
        Faults {
            latency_ms: 400,
            ..Faults::default()
        },
    );
    let state = actix_web::web::Data::from(app.app.clone());
    let ids = vec![StudentId(students[0].0), StudentId(students[1].0)];
    let run = backend::sync::engine::on_filing_opened(state, app.units[0], ids, None)
        .await
        .expect("start");
    assert_eq!(run.status, SyncStatus::Running);
    // Two students are fetched one after the other: once the second one's
    // request has arrived, the first one's answer is in hand. Kill then.
    for _ in 0..500 {
        if app.sim.requests(Sys::Records) >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(app.sim.requests(Sys::Records), 2);
    app.kill_simulator().await;

    let run = wait(&app.office().await, run).await;
    assert_eq!(
        (run.status, run.total, run.succeeded, run.failed),
        (SyncStatus::Partial, 2, 1, 1)
    );
    assert_eq!(run.failures.len(), 1);
    assert_eq!(run.failures[0].student_no, students[1].1);
    assert_eq!(run.failures[0].system, Some(Sys::Records));
    assert!(
        run.failures[0].reason.contains("无法连接"),
        "{}",
        run.failures[0].reason
    );
    assert!(run.finished_at.is_some());
    assert_ne!(
        snapshot(&app, students[0].0),
        before[0],
        "the first is synced"
    );
    for (i, (id, no)) in students.iter().enumerate().skip(1) {
        assert_eq!(snapshot(&app, *id), before[i], "{no} must be unchanged");
    }
}

async fn open_batch(office: &Client) -> shared::dto::batch::Batch {
    office
        .create_batch(&backend::demo::batch())
        .await
        .expect("open")
}

async fn open_and_seal(app: &TestApp) {
    let office = app.office().await;
    let b = open_batch(&office).await;
    office
        .advance_batch(
            b.id,
            &AdvanceBatch {
                to: BatchPhase::Sealed,
                version: b.version,
            },
        )
        .await
        .expect("seal");
}

#[tokio::test]
async fn after_the_seal_every_kind_of_sync_is_refused() {
    let app = TestApp::spawn().await;
    let students = roster(&app).await;
    open_and_seal(&app).await;
    let office = app.office().await;
    let sealed = Some(ErrorCode::SyncSealed);
    assert_eq!(
        office
            .sync_student(StudentId(students[0].0))
            .await
            .expect_err("refused")
            .code(),
        sealed
    );
    assert_eq!(
        office
            .sync_unit(app.units[0])
            .await
            .expect_err("refused")
            .code(),
        sealed
    );
    assert_eq!(
        office
            .sync_roster(app.units[0])
            .await
            .expect_err("refused")
            .code(),
        sealed
    );
    let state = actix_web::web::Data::from(app.app.clone());
    let err = backend::sync::engine::on_filing_opened(
        state.clone(),
        app.units[0],
        vec![StudentId(students[0].0)],
        None,
    )
    .await
    .expect_err("refused");
    assert_eq!(err.code(), ErrorCode::SyncSealed);
    let slot = chrono::Utc::now();
    assert!(backend::sync::scheduler::run_slot(state, slot)
        .await
        .expect("no error")
        .is_none());
    let runs = office
        .sync_runs(&SyncRunQuery::default())
        .await
        .expect("runs");
    assert_eq!(runs.total, 1, "only the roster refresh ran");
}

#[tokio::test]
async fn the_scheduled_sync_runs_once_per_slot_for_the_open_batch_applicants() {
    let app = TestApp::spawn().await;
    let students = roster(&app).await;
    let office = app.office().await;
    let batch = open_batch(&office).await;
    {
        use backend::db::schema::applications as a;
        let mut conn = app.conn();
        for (id, _) in students.iter().take(3) {
            let now = backend::db::now();
            diesel::insert_into(a::table)
                .values((
                    a::batch_id.eq(batch.id.0),
                    a::student_id.eq(id),
                    a::unit_id.eq(app.units[0].0),
                    a::stage.eq("filing"),
                    a::version.eq(1),
                    a::created_at.eq(now),
                    a::updated_at.eq(now),
                ))
                .execute(&mut *conn)
                .expect("application");
        }
    }
    let state = actix_web::web::Data::from(app.app.clone());
    let slot = chrono::DateTime::parse_from_rfc3339("2026-11-26T17:00:00Z")
        .expect("t")
        .with_timezone(&chrono::Utc);
    let run = backend::sync::scheduler::run_slot(state.clone(), slot)
        .await
        .expect("ran")
        .expect("a run");
    assert_eq!(
        (run.kind, run.trigger, run.total, run.succeeded),
        (SyncKind::Applicants, SyncTrigger::Scheduled, 3, 3)
    );
    assert_eq!(run.systems, vec![Sys::Records]);
    assert_eq!(run.started_by_name, "系统");
    // Another instance (or a restart) asking for the same slot does nothing.
    assert!(backend::sync::scheduler::run_slot(state, slot)
        .await
        .expect("no error")
        .is_none());
}

#[tokio::test]
async fn opening_filing_syncs_that_student_from_student_records_at_once() {
    let app = TestApp::spawn().await;
    let students = roster(&app).await;
    let state = actix_web::web::Data::from(app.app.clone());
    let run = backend::sync::engine::on_filing_opened(
        state,
        app.units[0],
        vec![StudentId(students[2].0)],
        None,
    )
    .await
    .expect("sync");
    assert_eq!(
        (run.kind, run.trigger, run.status),
        (
            SyncKind::Student,
            SyncTrigger::Filing,
            SyncStatus::Succeeded
        )
    );
    assert_eq!(run.systems, vec![Sys::Records]);
}

#[tokio::test]
async fn sync_is_scoped_to_the_own_record_or_unit() {
    let app = TestApp::spawn().await;
    let students = roster(&app).await;
    // A student syncs their own record only.
    app.create_user(
        "stu",
        &[shared::authz::RoleGrant {
            role: Role::Student,
            scope: shared::authz::GrantScope::Student(StudentId(students[0].0)),
        }],
    );
    let stu = app.login("stu").await;
    // A student syncs only once their filing is opened.
    assert_eq!(
        stu.sync_student(StudentId(students[0].0))
            .await
            .expect_err("not opened")
            .code(),
        Some(ErrorCode::FilingNotOpened)
    );
    open_batch(&app.office().await).await;
    app.as_role(Role::UnitAdmin)
        .await
        .save_filing(
            app.units[0],
            &shared::dto::application::FilingChange {
                open: vec![StudentId(students[0].0)],
                cancel: vec![],
            },
        )
        .await
        .expect("filing");
    assert_eq!(
        stu.sync_student(StudentId(students[0].0))
            .await
            .expect("own")
            .status,
        SyncStatus::Succeeded
    );
    let forbidden = Some(ErrorCode::Forbidden);
    assert_eq!(
        stu.sync_student(StudentId(students[1].0))
            .await
            .expect_err("other")
            .code(),
        forbidden
    );
    assert_eq!(
        stu.sync_unit(app.units[0]).await.expect_err("unit").code(),
        forbidden
    );
    assert_eq!(
        stu.sync_runs(&SyncRunQuery::default())
            .await
            .expect_err("runs")
            .code(),
        forbidden
    );
    // A unit admin of the other unit can do nothing here.
    let other = app.as_role_in(Role::UnitAdmin, 1).await;
    assert_eq!(
        other
            .sync_student(StudentId(students[0].0))
            .await
            .expect_err("other unit")
            .code(),
        forbidden
    );
    assert_eq!(
        other
            .sync_unit(app.units[0])
            .await
            .expect_err("other unit")
            .code(),
        forbidden
    );
    assert_eq!(
        other
            .sync_roster(app.units[0])
            .await
            .expect_err("other unit")
            .code(),
        forbidden
    );
    let q = |u: UnitId| SyncRunQuery {
        unit_id: Some(u.0),
        ..Default::default()
    };
    assert_eq!(
        other
            .sync_runs(&q(app.units[0]))
            .await
            .expect_err("other unit")
            .code(),
        forbidden
    );
    assert_eq!(
        other
            .sync_runs(&SyncRunQuery::default())
            .await
            .expect_err("all units")
            .code(),
        forbidden
    );
    let first = app
        .office()
        .await
        .sync_runs(&SyncRunQuery::default())
        .await
        .expect("runs")
        .items[0]
        .id;
    assert_eq!(
        other.sync_run(first).await.expect_err("other unit").code(),
        forbidden
    );
    // Their own unit's runs they see.
    assert!(other
        .sync_runs(&q(app.units[1]))
        .await
        .expect("own unit")
        .items
        .is_empty());
    // Roles without sync rights are refused.
    for role in [
        Role::UnitSysadmin,
        Role::PrelimMember,
        Role::Secretary,
        Role::SubMember,
        Role::NetworkCenter,
    ] {
        let c = app.as_role(role).await;
        assert_eq!(
            c.sync_unit(app.units[0]).await.expect_err("refused").code(),
            forbidden,
            "{role:?}"
        );
        assert_eq!(
            c.sync_student(StudentId(students[0].0))
                .await
                .expect_err("refused")
                .code(),
            forbidden,
            "{role:?}"
        );
    }
    assert_eq!(
        app.anonymous()
            .sync_unit(app.units[0])
            .await
            .expect_err("401")
            .code(),
        Some(ErrorCode::Unauthenticated)
    );
}

#[tokio::test]
async fn without_upstream_addresses_sync_is_refused_clearly() {
    let app = TestApp::spawn_with(|c| c.upstream_url = None).await;
    let err = app
        .office()
        .await
        .sync_roster(app.units[0])
        .await
        .expect_err("refused");
    assert_eq!(err.code(), Some(ErrorCode::UpstreamNotConfigured));
}

#[tokio::test]
async fn unknown_units_and_students_are_404() {
    let app = TestApp::spawn().await;
    let office = app.office().await;
    assert_eq!(
        office.sync_unit(UnitId(999)).await.expect_err("404").code(),
        Some(ErrorCode::NotFound)
    );
    assert_eq!(
        office
            .sync_student(StudentId(999))
            .await
            .expect_err("404")
            .code(),
        Some(ErrorCode::NotFound)
    );
    assert_eq!(
        office.sync_run(999).await.expect_err("404").code(),
        Some(ErrorCode::NotFound)
    );
}

#[test]
fn the_committed_upstream_contract_equals_the_generated_one() {
    let generated = backend::openapi::upstream_json().expect("render");
    let committed =
        std::fs::read_to_string(degree_tests::workspace_root().join("openapi/upstream.json"))
            .unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/upstream.json is out of date; regenerate it with `cargo run -p degree-backend -- upstream-contract`"
    );
}

#[tokio::test]
async fn the_dossier_shows_synced_sections_with_source_and_time_to_those_in_scope() {
    let app = TestApp::spawn().await;
    let students = roster(&app).await;
    let office = app.office().await;
    let sid = StudentId(students[0].0);
    office.sync_student(sid).await.expect("sync");
    app.create_user(
        "own",
        &[shared::authz::RoleGrant {
            role: Role::Student,
            scope: shared::authz::GrantScope::Student(sid),
        }],
    );
    let own = app.login("own").await;
    let dossier = own.synced_dossier(sid).await.expect("own dossier");
    assert_eq!(dossier.student_no, students[0].1);
    assert_eq!(dossier.unit_name, "数学与系统科学研究院");
    assert!(dossier.thesis_keywords.len() >= 3 && !dossier.courses.is_empty());
    assert_eq!(dossier.sections.len(), 7);
    for s in &dossier.sections {
        assert_eq!(s.source, s.section.source(), "{s:?}");
    }
    let admin = app.as_role(Role::UnitAdmin).await;
    assert_eq!(
        admin.synced_dossier(sid).await.expect("unit admin"),
        dossier
    );
    let forbidden = Some(ErrorCode::Forbidden);
    assert_eq!(
        own.synced_dossier(StudentId(students[1].0))
            .await
            .expect_err("other")
            .code(),
        forbidden
    );
    let other = app.as_role_in(Role::UnitAdmin, 1).await;
    assert_eq!(
        other
            .synced_dossier(sid)
            .await
            .expect_err("other unit")
            .code(),
        forbidden
    );
    for role in [Role::PrelimMember, Role::NetworkCenter, Role::UnitSysadmin] {
        let c = app.as_role(role).await;
        assert_eq!(
            c.synced_dossier(sid).await.expect_err("refused").code(),
            forbidden,
            "{role:?}"
        );
    }
    assert_eq!(
        office
            .synced_dossier(StudentId(999))
            .await
            .expect_err("404")
            .code(),
        Some(ErrorCode::NotFound)
    );
}

#[tokio::test]
async fn staff_list_the_units_and_others_are_refused() {
    let app = TestApp::spawn().await;
    let units = app
        .as_role(Role::UnitAdmin)
        .await
        .units()
        .await
        .expect("units");
    let codes: Vec<_> = units.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(codes, ["80001", "80002"]);
    for role in [
        Role::Student,
        Role::PrelimMember,
        Role::SubMember,
        Role::NetworkCenter,
    ] {
        let err = app.as_role(role).await.units().await.expect_err("refused");
        assert_eq!(err.code(), Some(ErrorCode::Forbidden), "{role:?}");
    }
}
