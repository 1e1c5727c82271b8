//! Configuration: command-line flags, each also settable by environment.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Clone, Parser)]
#[command(name = "degree-server", about = "学位管理系统 server", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Run the server (the default).
    Serve,
    /// Write the OpenAPI document to a file (or stdout with `-`).
    Openapi {
        #[arg(default_value = "openapi/openapi.json")]
        out: PathBuf,
    },
    /// Write the upstream systems' contract (OpenAPI) to a file.
    UpstreamContract {
        #[arg(default_value = "openapi/upstream.json")]
        out: PathBuf,
    },
    /// Run the simulator of the four campus systems (development and tests).
    Simulator {
        #[arg(long, env = "DEGREE_SIM_BIND", default_value = "127.0.0.1:8081")]
        bind: String,
        /// Defaults: the demo university of `--demo`.
        #[arg(long, default_value_t = crate::simulator::data::Population::DEMO.seed)]
        seed: u64,
        #[arg(long, default_value_t = crate::simulator::data::Population::DEMO.units)]
        units: usize,
        #[arg(long, default_value_t = crate::simulator::data::Population::DEMO.students_per_unit)]
        students_per_unit: usize,
    },
}

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// `sqlite://path/to/file.db` (or a plain path) or `postgres://…`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/degree.db")]
    pub database_url: String,

    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "DEGREE_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// Production mode: requires a JWT secret, never creates demo data.
    #[arg(long, env = "DEGREE_PRODUCTION", default_value_t = false)]
    pub production: bool,

    /// Secret for signing access tokens (at least 32 bytes). Without it a
    /// random one is made at start (development only).
    #[arg(long, env = "DEGREE_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// Lifetime of an access token, in minutes.
    #[arg(long, env = "DEGREE_TOKEN_MINUTES", default_value_t = 480)]
    pub token_minutes: i64,

    /// Failed logins in a row before an account is locked for a while.
    #[arg(long, env = "DEGREE_MAX_FAILED_LOGINS", default_value_t = 5)]
    pub max_failed_logins: i32,

    /// How long an account stays locked after too many failures, in minutes.
    #[arg(long, env = "DEGREE_LOCKOUT_MINUTES", default_value_t = 15)]
    pub lockout_minutes: i64,

    /// Fill an empty database with generated demo data (not in production).
    #[arg(long, env = "DEGREE_DEMO", default_value_t = false)]
    pub demo: bool,

    /// With `--demo`: take the demo batch on to `subcommittee_review`,
    /// `final_review` or `degree_data` (学位终审 with every decision made),
    /// every earlier step done by its demo user.
    #[arg(long, env = "DEGREE_DEMO_STAGE", value_parser = parse_demo_stage)]
    pub demo_stage: Option<crate::demo::stages::DemoStage>,

    /// Password of every demo account.
    #[arg(
        long,
        env = "DEGREE_DEMO_PASSWORD",
        default_value = "Demo@2026",
        hide_env_values = true
    )]
    pub demo_password: String,

    /// On a database with no users, create this first `sysadmin` account.
    #[arg(long, env = "DEGREE_BOOTSTRAP_ADMIN")]
    pub bootstrap_admin: Option<String>,

    /// Password of the bootstrap admin (at least 10 characters).
    #[arg(long, env = "DEGREE_BOOTSTRAP_PASSWORD", hide_env_values = true)]
    pub bootstrap_password: Option<String>,

    /// Directory with the built SPA (index.html, pkg/).
    #[arg(long, env = "DEGREE_DIST_DIR", default_value = "frontend/dist")]
    pub dist_dir: PathBuf,

    /// Largest accepted JSON body, in bytes.
    #[arg(long, env = "DEGREE_JSON_LIMIT", default_value_t = 256 * 1024)]
    pub json_limit: usize,

    /// Base URL of the four campus systems (学籍, 教师, 教务, 培养), e.g. the
    /// bundled simulator's `http://127.0.0.1:8081`. Without it, sync is refused.
    #[arg(long, env = "DEGREE_UPSTREAM_URL")]
    pub upstream_url: Option<String>,

    /// Timeout of one upstream request, in milliseconds.
    #[arg(long, env = "DEGREE_UPSTREAM_TIMEOUT_MS", default_value_t = 5000)]
    pub upstream_timeout_ms: u64,

    /// Extra attempts after a failed upstream request that may pass.
    #[arg(long, env = "DEGREE_UPSTREAM_RETRIES", default_value_t = 2)]
    pub upstream_retries: u32,

    /// Times of the automatic student-records sync, Beijing time.
    #[arg(long, env = "DEGREE_SYNC_TIMES", default_value = "01:00,12:00")]
    pub sync_times: String,

    /// Database connections in the pool.
    #[arg(long, env = "DEGREE_DB_POOL", default_value_t = 8)]
    pub db_pool: u32,

    /// A directory whose CSV files replace the shipped national code
    /// tables, discipline catalogue, report template and university
    /// settings of the same name (see `backend/data/national/README.md`).
    #[arg(long, env = "DEGREE_NATIONAL_DATA_DIR")]
    pub national_data_dir: Option<PathBuf>,

    /// Base URL of the portal's single sign-on (CAS 3.0, e.g.
    /// `https://sep.example.edu.cn/cas`); without it only passwords sign in.
    #[arg(long, env = "DEGREE_PORTAL_URL")]
    pub portal_url: Option<String>,

    /// This server's address as browsers reach it (the portal sends them
    /// back to `<it>/login/portal`); by default `http://` and the bound
    /// address.
    #[arg(long, env = "DEGREE_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Registrations (备案) accepted from one client address per hour.
    #[arg(long, env = "DEGREE_REGISTRATIONS_PER_HOUR", default_value_t = 5)]
    pub registrations_per_hour: i64,
}

impl Config {
    /// A configuration for tests and tools: the defaults, then `f`.
    pub fn for_database(database_url: &str) -> Config {
        Config {
            database_url: database_url.to_owned(),
            bind: "127.0.0.1:0".to_owned(),
            production: false,
            jwt_secret: None,
            token_minutes: 480,
            max_failed_logins: 5,
            lockout_minutes: 15,
            demo: false,
            demo_stage: None,
            demo_password: "Demo@2026".to_owned(),
            bootstrap_admin: None,
            bootstrap_password: None,
            dist_dir: PathBuf::from("frontend/dist"),
            json_limit: 256 * 1024,
            upstream_url: None,
            upstream_timeout_ms: 5000,
            upstream_retries: 2,
            sync_times: "01:00,12:00".to_owned(),
            db_pool: 8,
            national_data_dir: None,
            portal_url: None,
            public_url: None,
            registrations_per_hour: 5,
        }
    }
}

fn parse_demo_stage(s: &str) -> Result<crate::demo::stages::DemoStage, String> {
    crate::demo::stages::parse(s)
        .ok_or_else(|| "expected subcommittee_review, final_review or degree_data".to_owned())
}
