//! Storage: one code base over SQLite (embedded default) and PostgreSQL,
//! chosen by the URL scheme. Queries live with their table, one module each.

pub mod application_lists;
pub mod applications;
pub mod audit;
pub mod batches;
pub mod bulk;
pub mod dossier;
pub mod history;
pub mod instructions;
pub mod messages;
pub mod photos;
pub mod schema;
pub mod students;
pub mod sync_history;
pub mod sync_runs;
pub mod synced;
pub mod synced_columns;
pub mod units;
pub mod users;

pub(crate) use bulk::{insert_many, insert_returning_all, insert_returning_id};

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

/// Per-connection settings for SQLite: wait on locks instead of failing,
/// enforce foreign keys, and use WAL so readers do not block the writer.
#[derive(Debug)]
struct SqliteSettings;

impl diesel::r2d2::CustomizeConnection<DbConn, diesel::r2d2::Error> for SqliteSettings {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), diesel::r2d2::Error> {
        if let DbConn::Sqlite(c) = conn {
            diesel::sql_query(
                "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
            )
            .execute(c)
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
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
    let builder = Pool::builder().max_size(max_size);
    let pool = match backend {
        Backend::Sqlite => builder.connection_customizer(Box::new(SqliteSettings)),
        Backend::Postgres => builder,
    }
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
