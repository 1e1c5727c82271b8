//! What every handler shares: the pool, the token keys and the configuration.

use crate::auth::{load_account, load_actor, AuthUser};
use crate::config::Config;
use crate::db::{Backend, DbConn, DbPool};
use crate::error::ApiError;
use crate::token::TokenKeys;
use actix_web::web;
use shared::authz::Actor;
use std::sync::{Arc, Mutex};

pub struct AppState {
    pub pool: DbPool,
    pub keys: TokenKeys,
    pub config: Config,
    pub backend: Backend,
    /// SQLite has one writer: write transactions of this process queue here
    /// instead of failing with SQLITE_BUSY when two upgrade their locks at
    /// once. PostgreSQL does not use it.
    pub sqlite_writer: Arc<Mutex<()>>,
    /// Connectors to the campus systems, if configured.
    pub upstream: Option<crate::sync::connector::Upstream>,
    /// The national code tables, catalogue and report template.
    pub national: Arc<crate::national::Loaded>,
    /// 统一身份认证 (CAS), if configured.
    pub portal: Option<crate::accounts::portal::Portal>,
    /// 备案 submissions per client address in the last hour.
    pub registration_attempts: crate::accounts::throttle::Attempts,
}

impl AppState {
    /// What a signed-in request does, in its one blocking hop: load the
    /// actor fresh (one statement; refused if disabled since the token was
    /// issued), then `f` with it, on one pooled connection.
    pub async fn read<T, F>(&self, user: &AuthUser, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn, &Actor) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let user = *user;
        self.db(move |conn| {
            let actor = load_actor(conn, user)?;
            f(conn, &actor)
        })
        .await
    }

    /// The same as [`read`](Self::read), all in one transaction: all of
    /// it happens or none.
    pub async fn write<T, F>(&self, user: &AuthUser, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn, &Actor) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let user = *user;
        self.tx(move |conn| {
            let actor = load_actor(conn, user)?;
            f(conn, &actor)
        })
        .await
    }

    /// The account's own requests (`/me`, the password change), in one
    /// transaction: allowed while a one-time password is still to be
    /// changed, which `f` is told.
    pub async fn account<T, F>(&self, user: &AuthUser, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn, &Actor, bool) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let user = *user;
        self.tx(move |conn| {
            let (actor, must_change) = load_account(conn, user)?;
            f(conn, &actor, must_change)
        })
        .await
    }

    /// Run blocking database work off the async executor (requests without
    /// a signed-in user, and background work).
    pub async fn db<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }

    /// The same, in one transaction: all of it happens or none.
    pub async fn tx<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let writer = (self.backend == Backend::Sqlite).then(|| self.sqlite_writer.clone());
        self.db(move |conn| {
            let _turn = writer
                .as_ref()
                .map(|w| w.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
            crate::db::transaction(conn, f)
        })
        .await
    }

    /// The campus-system connectors, or `upstream_not_configured`.
    pub fn upstream(&self) -> Result<&crate::sync::connector::Upstream, ApiError> {
        self.upstream
            .as_ref()
            .ok_or_else(|| ApiError::new(shared::error::ErrorCode::UpstreamNotConfigured))
    }
}
