//! Test helpers: spawn the real application on port 0 with a fresh database
//! (SQLite by default, PostgreSQL when `DEGREE_TEST_PG_URL` names a server),
//! and typed actors to drive it through `shared::client`.

pub mod browser;
pub mod fixtures;

pub use fixtures::{Actor, Actors, Applicant, Fixture, Side, Student};

use backend::db::users::NewUser;
use backend::db::{self, DbConn};
use backend::password::hash_password;
use backend::simulator::{self, data::Population, SimState};
use backend::{Application, Config};
use rand::Rng;
use shared::authz::{GrantScope, Role, RoleGrant};
use shared::client::Client;
use shared::dto::auth::LoginRequest;
use shared::ids::{GroupId, StudentId, UnitId};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::OnceLock;

pub const PASSWORD: &str = "Correct-Horse-9";

/// A throwaway database.
pub struct TestDb {
    pub url: String,
    sqlite_file: Option<PathBuf>,
}

impl TestDb {
    pub fn create() -> TestDb {
        let tag: u64 = rand::thread_rng().gen();
        match std::env::var("DEGREE_TEST_PG_URL") {
            Ok(admin_url) if !admin_url.is_empty() => {
                use diesel::{Connection, PgConnection, RunQueryDsl};
                let name = format!("degree_test_{tag:016x}");
                let mut conn = PgConnection::establish(&admin_url).unwrap_or_else(|e| {
                    panic!("cannot reach the test PostgreSQL at {admin_url}: {e}")
                });
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .unwrap_or_else(|e| panic!("cannot create {name}: {e}"));
                let base = admin_url
                    .rsplit_once('/')
                    .map_or(admin_url.as_str(), |(b, _)| b);
                TestDb {
                    url: format!("{base}/{name}"),
                    sqlite_file: None,
                }
            }
            _ => {
                let file = std::env::temp_dir().join(format!("degree-test-{tag:016x}.db"));
                TestDb {
                    url: format!("sqlite://{}", file.display()),
                    sqlite_file: Some(file),
                }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.sqlite_file.is_none()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(file) = &self.sqlite_file {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
            }
        }
    }
}

/// The workspace's root directory.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// A running application with two units and two discipline groups.
pub struct TestApp {
    pub address: String,
    /// The simulated campus systems this app syncs from.
    pub sim: Arc<SimState>,
    pub sim_address: String,
    sim_server: actix_web::dev::ServerHandle,
    pub app: std::sync::Arc<backend::state::AppState>,
    pub units: [UnitId; 2],
    pub groups: [GroupId; 2],
    pub db: TestDb,
    fixtures: fixtures::Cache,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
        // The server's log, when asked for (e.g. `DEGREE_TEST_LOG=1 RUST_LOG=warn`).
        if std::env::var_os("DEGREE_TEST_LOG").is_some() {
            backend::telemetry::init();
        }
        let db = TestDb::create();
        let sim = SimState::new(Population {
            seed: 1,
            units: 2,
            students_per_unit: 12,
        });
        let listener =
            std::net::TcpListener::bind("127.0.0.1:0").expect("a port for the simulator");
        let sim_address = format!(
            "http://127.0.0.1:{}",
            listener.local_addr().expect("addr").port()
        );
        let sim_server = simulator::serve(sim.clone(), listener).expect("simulator");
        let sim_handle = sim_server.handle();
        tokio::spawn(sim_server);
        let mut config = Config::for_database(&db.url);
        config.dist_dir = workspace_root().join("frontend/dist");
        config.db_pool = 4;
        config.upstream_url = Some(sim_address.clone());
        config.upstream_timeout_ms = 1500;
        config.upstream_retries = 1;
        config.portal_url = Some(format!("{sim_address}/cas"));
        tweak(&mut config);
        let app = Application::build(config)
            .await
            .unwrap_or_else(|e| panic!("the app does not start: {e}"));
        let address = format!("http://127.0.0.1:{}", app.port());
        let state = app.state.clone().into_inner();
        tokio::spawn(app.run_until_stopped());
        let (units, groups) = {
            let mut conn = state.pool.get().unwrap_or_else(|e| panic!("{e}"));
            let u1 = db::units::insert_unit(&mut conn, "80001", "数学与系统科学研究院", "甲所长")
                .unwrap_or_else(|e| panic!("{e}"));
            let u2 = db::units::insert_unit(&mut conn, "80002", "物理研究所", "乙所长")
                .unwrap_or_else(|e| panic!("{e}"));
            let g1 = db::units::insert_group(&mut conn, "T01", "测试学科群一")
                .unwrap_or_else(|e| panic!("{e}"));
            let g2 = db::units::insert_group(&mut conn, "T02", "测试学科群二")
                .unwrap_or_else(|e| panic!("{e}"));
            ([u1, u2], [g1, g2])
        };
        TestApp {
            address,
            sim,
            sim_address,
            sim_server: sim_handle,
            app: state,
            units,
            groups,
            db,
            fixtures: fixtures::Cache::default(),
        }
    }

    /// Kill the simulated campus systems: open connections are dropped and
    /// new ones refused, as when their process dies.
    pub async fn kill_simulator(&self) {
        self.sim_server.stop(false).await;
    }

    /// A client that is not signed in.
    pub fn anonymous(&self) -> Client {
        Client::new(&self.address)
    }

    pub fn conn(&self) -> db::PooledConn {
        self.app.pool.get().unwrap_or_else(|e| panic!("{e}"))
    }

    /// Create a user holding `grants`; returns the user name.
    pub fn create_user(&self, username: &str, grants: &[RoleGrant]) -> shared::ids::UserId {
        let mut conn = self.conn();
        let id = db::users::insert(
            &mut conn,
            &NewUser::new(username, username, Some(password_hash())),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        for g in grants {
            db::users::add_grant(&mut conn, id, *g).unwrap_or_else(|e| panic!("{e}"));
        }
        id
    }

    /// A student record in `unit`, with its student account.
    pub fn create_student(&self, unit: UnitId, student_no: &str) -> StudentId {
        let mut conn = self.conn();
        let id = insert_student(&mut conn, unit, student_no);
        let uid = db::users::insert(
            &mut conn,
            &NewUser::new(student_no, student_no, Some(password_hash())),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        db::users::add_grant(
            &mut conn,
            uid,
            RoleGrant {
                role: Role::Student,
                scope: GrantScope::Student(id),
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
        id
    }

    pub async fn login(&self, username: &str) -> Client {
        let resp = self
            .anonymous()
            .login(&LoginRequest {
                username: username.to_owned(),
                password: PASSWORD.to_owned(),
            })
            .await
            .unwrap_or_else(|e| panic!("login as {username}: {e}"));
        self.anonymous().with_token(resp.token)
    }

    /// Signed in as `username` with this password.
    pub async fn login_with(&self, username: &str, password: &str) -> Client {
        let resp = self
            .anonymous()
            .login(&LoginRequest {
                username: username.to_owned(),
                password: password.to_owned(),
            })
            .await
            .unwrap_or_else(|e| panic!("login as {username}: {e}"));
        self.anonymous().with_token(resp.token)
    }

    /// Signed in as a fresh user holding one role; the scope is the first
    /// unit, first group or a new student of the first unit.
    pub async fn as_role(&self, role: Role) -> Client {
        self.as_role_in(role, 0).await
    }

    /// The same, scoped to the unit / group with index `which` (0 or 1).
    pub async fn as_role_in(&self, role: Role, which: usize) -> Client {
        let username = format!("{}_{which}", role.as_str());
        let scope = match role.scope_kind() {
            shared::authz::ScopeKind::Global => GrantScope::Global,
            shared::authz::ScopeKind::Unit => GrantScope::Unit(self.units[which]),
            shared::authz::ScopeKind::Group => GrantScope::Group(self.groups[which]),
            shared::authz::ScopeKind::Student => {
                let mut conn = self.conn();
                GrantScope::Student(insert_student(
                    &mut conn,
                    self.units[which],
                    &format!("S{which}{}", rand::thread_rng().gen::<u32>()),
                ))
            }
        };
        let exists = {
            let mut conn = self.conn();
            db::users::find_by_username(&mut conn, &username)
                .unwrap_or_else(|e| panic!("{e}"))
                .is_some()
        };
        if !exists {
            self.create_user(&username, &[RoleGrant { role, scope }]);
        }
        self.login(&username).await
    }

    pub async fn office(&self) -> Client {
        self.as_role(Role::DegreeOffice).await
    }

    /// A raw HTTP client for requests the typed client cannot make (bad input).
    pub fn raw(&self) -> reqwest::Client {
        reqwest::Client::new()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }
}

fn insert_student(conn: &mut DbConn, unit: UnitId, student_no: &str) -> StudentId {
    let at = db::now();
    let id = db::students::insert(
        conn,
        &db::students::NewStudent {
            student_no: student_no.to_owned(),
            name: format!("学生{student_no}"),
            name_pinyin: String::new(),
            kind: "academic_master".to_owned(),
            unit_id: unit.0,
            gender: None,
            birth_date: None,
            id_type: None,
            id_number: None,
            ethnicity: None,
            political_status: None,
            nationality: None,
            discipline_category: None,
            first_level_discipline: None,
            major_code: None,
            major_name: None,
            study_mode: None,
            entry_month: None,
            synced_at: None,
            created_at: at,
            updated_at: at,
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    id
}

/// Hashing is slow on purpose; the tests share one hash of [`PASSWORD`].
pub fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password(PASSWORD).unwrap_or_else(|e| panic!("{e}")))
}
