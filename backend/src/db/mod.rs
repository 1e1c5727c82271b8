//! Storage: one code base over SQLite (embedded default) and PostgreSQL,
//! chosen by the URL scheme. Queries live with their table, one module each.
//!
//! How a query stays cheap (measured with scripts/bench-load):
//! - One statement where one will do: joins, not follow-up lookups.
//! - Static DSL queries (not `into_boxed`, not `sql_query`), so diesel keeps
//!   them prepared per connection; boxed only where filters are optional.
//! - A lookup by key ends in `.get_result`, not `.first`: `first` binds
//!   `LIMIT ?`, and SQLite re-prepares a cached statement with a joined,
//!   bound LIMIT at every execution (a third of a dossier read).

pub mod accounts;
pub mod application_lists;
pub mod applications;
pub mod audit;
pub mod batches;
pub mod bulk;
pub mod committee_records;
pub mod committees;
pub mod corrections;
pub mod degree_data;
pub mod dossier;
pub mod final_review;
pub mod flags;
pub mod groups;
pub mod hearings;
pub mod history;
pub mod instructions;
pub mod messages;
pub mod photos;
pub mod schema;
pub mod students;
pub mod submissions;
pub mod sync_history;
pub mod sync_runs;
pub mod synced;
pub mod synced_columns;
pub mod units;
pub mod users;
pub mod verification;

pub(crate) use bulk::{insert_many, insert_returning_all, insert_returning_id};

use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, Pool, PooledConnection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, PgConnection, RunQueryDsl};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

pub type DbPool = Pool<ConnectionManager<DbConn>>;
pub type PooledConn = PooledConnection<ConnectionManager<DbConn>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("cannot create the database directory {0}: {1}")]
    Directory(String, std::io::Error),
    #[error("cannot open the database: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("cannot apply migrations: {0}")]
    Migrations(String),
}

/// Per-connection settings. SQLite: wait on locks instead of failing,
/// enforce foreign keys, use WAL so readers do not block the writer, read
/// the file through a memory map (no copy per page from the OS cache), and
/// give the query planner statistics where they are missing or stale
/// (`PRAGMA optimize` as SQLite advises for a newly opened connection).
/// PostgreSQL: price a random page read as the cached or SSD-backed read
/// it is (`random_page_cost` 1.1 instead of the spinning-disk 4), or the
/// planner reads all applications to find one unit's 220 (4 ms instead of
/// 1 ms for 全部学生列表).
#[derive(Debug)]
struct ConnectionSettings;

impl diesel::r2d2::CustomizeConnection<DbConn, diesel::r2d2::Error> for ConnectionSettings {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), diesel::r2d2::Error> {
        let sql = match conn {
            DbConn::Sqlite(_) => "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA mmap_size = 268435456; PRAGMA optimize = 0x10002;",
            DbConn::Pg(_) => "SET random_page_cost = 1.1",
        };
        // batch_execute: a prepared statement would run only the first of
        // several (until this was found, the SQLite pragmas after
        // busy_timeout never ran: no WAL, no mmap).
        conn.batch_execute(sql)
            .map_err(diesel::r2d2::Error::QueryError)
    }
}

/// Open a pool on `url` and apply the embedded migrations.
pub fn connect(url: &str, max_size: u32) -> Result<DbPool, DbSetupError> {
    let backend = Backend::of_url(url);
    let url = match backend {
        Backend::Sqlite => {
            let path = url.strip_prefix("sqlite://").unwrap_or(url);
            if let Some(dir) = std::path::Path::new(path).parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| DbSetupError::Directory(dir.display().to_string(), e))?;
                }
            }
            path.to_owned()
        }
        Backend::Postgres => url.to_owned(),
    };
    let manager = ConnectionManager::<DbConn>::new(url);
    // No `SELECT 1` before every checkout (r2d2's default): a request would
    // pay a round trip for it. A connection that breaks is dropped by the
    // pool when it comes back (diesel reports it broken), so the next
    // request gets a fresh one.
    let builder = Pool::builder().max_size(max_size).test_on_check_out(false);
    let pool = builder
        .connection_customizer(Box::new(ConnectionSettings))
        .build(manager)?;
    let mut conn = pool.get()?;
    run_migrations(&mut conn)?;
    Ok(pool)
}

pub fn run_migrations(conn: &mut DbConn) -> Result<(), DbSetupError> {
    let result = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
        DbConn::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| DbSetupError::Migrations(e.to_string()))
}

/// Bring the query planner's statistics up to date after many rows changed
/// (a sync run, the benchmark's data). Without them SQLite, for one, reads
/// a whole batch to count one unit's 全部学生列表 (7 ms instead of 0.2 ms).
pub fn refresh_statistics(conn: &mut DbConn) -> diesel::QueryResult<()> {
    let sql = match conn {
        DbConn::Sqlite(_) => "PRAGMA optimize",
        DbConn::Pg(_) => "ANALYZE students, student_sync, applications, dossier_history",
    };
    diesel::sql_query(sql).execute(conn).map(|_| ())
}

/// Is the database reachable?
pub fn ping(conn: &mut DbConn) -> diesel::QueryResult<()> {
    diesel::sql_query("SELECT 1").execute(conn).map(|_| ())
}

/// The current time as stored: UTC without zone.
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// Run `f` in a transaction.
pub fn transaction<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    conn.transaction(f)
}
