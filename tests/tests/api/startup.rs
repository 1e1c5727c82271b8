use backend::{Application, Config};
use degree_tests::TestDb;
use shared::authz::Role;
use shared::dto::auth::LoginRequest;

fn config(db: &TestDb) -> Config {
    Config::for_database(&db.url)
}

#[tokio::test]
async fn production_mode_refuses_to_start_without_a_secret() {
    let db = TestDb::create();
    let mut c = config(&db);
    c.production = true;
    let err = Application::build(c).await.err().expect("refused");
    assert!(err.to_string().contains("DEGREE_JWT_SECRET"), "{err}");
}

#[tokio::test]
async fn a_short_secret_is_refused() {
    let db = TestDb::create();
    let mut c = config(&db);
    c.jwt_secret = Some("short".into());
    assert!(Application::build(c).await.is_err());
}

#[tokio::test]
async fn production_mode_never_creates_demo_data() {
    let db = TestDb::create();
    let mut c = config(&db);
    c.production = true;
    c.jwt_secret = Some("x".repeat(40));
    c.demo = true;
    let err = Application::build(c).await.err().expect("refused");
    assert!(err.to_string().contains("demo"), "{err}");
}

#[tokio::test]
async fn the_first_sysadmin_comes_from_the_bootstrap_flag_and_no_default_password_exists() {
    let db = TestDb::create();
    let mut c = config(&db);
    c.bootstrap_admin = Some("root".into());
    c.bootstrap_password = Some("short".into());
    assert!(
        Application::build(c.clone()).await.is_err(),
        "a short password is refused"
    );

    c.bootstrap_password = Some("Long-Enough-Pass".into());
    let app = Application::build(c).await.expect("start");
    let addr = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = shared::client::Client::new(&addr);
    let resp = client
        .login(&LoginRequest {
            username: "root".into(),
            password: "Long-Enough-Pass".into(),
        })
        .await
        .expect("login");
    assert_eq!(resp.me.grants[0].role, Role::Sysadmin);
    for (user, pw) in [("admin", "admin"), ("admin", "Demo@2026"), ("root", "root")] {
        let denied = client
            .login(&LoginRequest {
                username: user.into(),
                password: pw.into(),
            })
            .await;
        assert!(denied.is_err(), "{user}/{pw} must not work");
    }
}

#[tokio::test]
async fn demo_data_has_every_role_all_six_kinds_and_is_deterministic() {
    let mut names = Vec::new();
    for _ in 0..2 {
        let db = TestDb::create();
        let mut c = config(&db);
        c.demo = true;
        let app = Application::build(c).await.expect("start");
        let roles: std::collections::HashSet<_> =
            app.demo_accounts.iter().map(|a| a.role).collect();
        assert_eq!(roles.len(), Role::ALL.len(), "one account per role");
        let mut conn = app.state.pool.get().expect("conn");
        use backend::db::schema::{discipline_groups, students, units};
        use diesel::prelude::*;
        let kinds: Vec<String> = students::table
            .select(students::kind)
            .distinct()
            .load(&mut *conn)
            .expect("kinds");
        assert_eq!(kinds.len(), 6);
        assert_eq!(
            units::table
                .count()
                .get_result::<i64>(&mut *conn)
                .expect("units"),
            5
        );
        assert_eq!(
            discipline_groups::table
                .count()
                .get_result::<i64>(&mut *conn)
                .expect("groups"),
            3
        );
        let n: Vec<(String, Option<String>)> = students::table
            .order(students::student_no)
            .select((students::name, students::id_number))
            .load(&mut *conn)
            .expect("names");
        assert!(n.len() >= 24);
        for (_, id) in &n {
            let id = id.as_deref().expect("an ID number");
            shared::domain::IdNumber::parse(id).expect("a valid ID number");
        }
        names.push(n);
        // An open batch with applications at each stage, and complete
        // sample dossiers where the student has confirmed.
        use backend::db::schema::applications;
        let mut stages: Vec<String> = applications::table
            .select(applications::stage)
            .load(&mut *conn)
            .expect("applications");
        stages.sort();
        // The first unit at each stage of filing; the second with six
        // reviewed applicants and a committee that has met; the third
        // submitted.
        let mut want = vec!["confirmed"; 2];
        want.extend(["filing"; 2]);
        want.extend(["reviewed"; 7]);
        want.extend(["submitted"; 6]);
        assert_eq!(stages, want);
        use shared::workflow::committee::CommitteeKind;
        let batch = backend::db::batches::active(&mut conn)
            .expect("batch")
            .expect("open");
        let unit_ids: Vec<i64> = units::table
            .order(units::id)
            .select(units::id)
            .load(&mut *conn)
            .expect("units");
        for (i, size) in [(0, 5), (1, 7), (2, 5)] {
            let unit = shared::ids::UnitId(unit_ids[i]);
            let committee = backend::db::committees::find(
                &mut conn,
                CommitteeKind::Prelim,
                backend::db::committees::Owner::Unit(unit),
            )
            .expect("committee")
            .expect("a committee");
            assert_eq!(
                backend::db::committees::members(&mut conn, committee)
                    .expect("members")
                    .len(),
                size
            );
            assert!(
                backend::db::committees::meeting(&mut conn, committee, batch.id)
                    .expect("meeting")
                    .is_some()
            );
        }
        let third =
            backend::db::submissions::status(&mut conn, batch.id, shared::ids::UnitId(unit_ids[2]))
                .expect("status");
        assert!(third.submitted);
        let prelim2 = backend::db::users::find_by_username(&mut conn, "prelim2")
            .expect("user")
            .expect("prelim2");
        assert!(backend::db::committees::member_of_user(
            &mut conn,
            shared::ids::UserId(prelim2.id)
        )
        .expect("seat")
        .is_some());
        for id in applications::table
            .filter(applications::stage.ne("filing"))
            .select(applications::id)
            .load::<i64>(&mut *conn)
            .expect("ids")
        {
            let app = backend::db::applications::find(&mut conn, shared::ids::ApplicationId(id))
                .expect("find")
                .expect("app");
            let ctx = backend::db::dossier::surroundings(&mut conn, app.id)
                .expect("ctx")
                .expect("student")
                .context;
            assert_eq!(
                shared::dossier::confirmation_problems(&ctx, &app.filled, 2026),
                vec![]
            );
        }
        // A second start on the same database does not add demo data again.
        drop(conn);
        let mut again = config(&db);
        again.demo = true;
        let second = Application::build(again).await.expect("restart");
        assert!(second.demo_accounts.is_empty());
    }
    assert_eq!(names[0], names[1]);
}

#[tokio::test]
async fn a_demo_stage_takes_the_batch_on_through_the_real_steps() {
    use backend::db::schema::{applications, batches};
    use backend::demo::stages::DemoStage;
    use diesel::prelude::*;
    for (stage, sub_open) in [
        (DemoStage::SubcommitteeReview, true),
        (DemoStage::FinalReview, false),
        (DemoStage::DegreeData, false),
    ] {
        let db = TestDb::create();
        let mut c = config(&db);
        c.demo = true;
        c.demo_stage = Some(stage);
        let app = Application::build(c).await.expect("start");
        let mut conn = app.state.pool.get().expect("conn");
        let phase: String = batches::table
            .select(batches::phase)
            .first(&mut *conn)
            .expect("batch");
        assert_eq!(phase, stage.phase().as_str());
        let stages: Vec<String> = applications::table
            .select(applications::stage)
            .load(&mut *conn)
            .expect("applications");
        if stage == DemoStage::DegreeData {
            // Every submitted applicant decided, the refusal heard first:
            // the numbers can be issued.
            let batch = backend::db::batches::active(&mut conn)
                .expect("batch")
                .expect("active");
            assert_eq!(
                backend::db::degree_data::undecided(&mut conn, batch.id).expect("undecided"),
                0
            );
            assert!(stages.iter().any(|s| s == "final_decided"));
            let heard = backend::db::schema::hearings::table
                .filter(backend::db::schema::hearings::status.eq("recorded"))
                .count()
                .get_result::<i64>(&mut *conn)
                .expect("hearings");
            let refused = applications::table
                .filter(applications::final_decision.eq("not_conferred"))
                .count()
                .get_result::<i64>(&mut *conn)
                .expect("refusals");
            assert!(heard > 0);
            assert_eq!(heard, refused, "each refusal heard first");
            continue;
        }
        // Nothing left half-way: filed ones were withdrawn or submitted.
        assert!(stages
            .iter()
            .all(|s| ["not_applied", "submitted", "subcommittee_decided"].contains(&s.as_str())));
        assert!(
            stages.iter().any(|s| s == "submitted"),
            "the 学位初审's failed and deferred stay submitted"
        );
        let waiting = applications::table
            .filter(applications::stage.eq("submitted"))
            .filter(applications::prelim_decision.eq("passed"))
            .count()
            .get_result::<i64>(&mut *conn)
            .expect("count");
        assert_eq!(
            waiting > 0,
            sub_open,
            "数理学科群's applicants await secretary1"
        );
        let refused = applications::table
            .filter(applications::subcommittee_decision.eq("failed"))
            .count()
            .get_result::<i64>(&mut *conn)
            .expect("count");
        assert_eq!(refused, 1, "one refusal to hear");
        let approved = backend::db::schema::correction_requests::table
            .filter(backend::db::schema::correction_requests::status.eq("approved"))
            .count()
            .get_result::<i64>(&mut *conn)
            .expect("corrections");
        assert_eq!(approved, 1, "a 纸质修改申请 for the network center");
    }
}

/// Every pooled SQLite connection gets all of its settings (they are
/// several statements; a prepared statement would run only the first).
#[test]
fn sqlite_connections_run_in_wal_mode_with_a_busy_timeout() {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Mode {
        #[diesel(sql_type = diesel::sql_types::Text)]
        journal_mode: String,
    }
    #[derive(diesel::QueryableByName)]
    struct Timeout {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        timeout: i64,
    }
    let file = std::env::temp_dir().join(format!("degree-pragmas-{}.db", std::process::id()));
    let pool = backend::db::connect(&format!("sqlite://{}", file.display()), 2).expect("pool");
    let mut conn = pool.get().expect("connection");
    let mode: Mode = diesel::sql_query("PRAGMA journal_mode")
        .get_result(&mut *conn)
        .expect("journal_mode");
    assert_eq!(mode.journal_mode, "wal");
    let timeout: Timeout = diesel::sql_query("PRAGMA busy_timeout")
        .get_result(&mut *conn)
        .expect("busy_timeout");
    assert_eq!(timeout.timeout, 10_000);
    drop(conn);
    drop(pool);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
}
