//! Build the application from its configuration and run it.

use crate::config::Config;
use crate::db::{self, Backend};
use crate::demo::{self, DemoAccount};
use crate::edges::{fallback, whole_numbers, ApiMethods};
use crate::error::{extractors, ApiError};
use crate::state::AppState;
use crate::sync::connector::{Upstream, UpstreamConfig};
use crate::token::TokenKeys;
use actix_web::dev::Server;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::{from_fn, Compress, DefaultHeaders};
use actix_web::{web, App, HttpServer};
use rand::RngCore;
use std::net::TcpListener;
use utoipa_actix_web::{scope, AppExt};
use utoipa_swagger_ui::SwaggerUi;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("production mode needs DEGREE_JWT_SECRET (at least 32 bytes)")]
    MissingSecret,
    #[error("DEGREE_JWT_SECRET must be at least 32 bytes")]
    ShortSecret,
    #[error("demo data is never created in production mode")]
    DemoInProduction,
    #[error("the bootstrap admin needs DEGREE_BOOTSTRAP_PASSWORD of at least 10 characters")]
    BootstrapPassword,
    #[error(transparent)]
    Database(#[from] db::DbSetupError),
    #[error("cannot prepare the database: {0}")]
    Seed(String),
    #[error("cannot listen on {0}: {1}")]
    Bind(String, std::io::Error),
}

pub struct Application {
    server: Server,
    port: u16,
    /// Demo accounts created at this start (empty if none were).
    pub demo_accounts: Vec<DemoAccount>,
    pub state: web::Data<AppState>,
}

impl Application {
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        let secret = match (&config.jwt_secret, config.production) {
            (Some(s), _) if s.len() >= 32 => s.as_bytes().to_vec(),
            (Some(_), _) => return Err(StartupError::ShortSecret),
            (None, true) => return Err(StartupError::MissingSecret),
            (None, false) => {
                let mut bytes = vec![0u8; 32];
                rand::thread_rng().fill_bytes(&mut bytes);
                bytes
            }
        };
        if config.production && config.demo {
            return Err(StartupError::DemoInProduction);
        }
        let backend = Backend::of_url(&config.database_url);
        let national = std::sync::Arc::new(
            crate::national::data::load(config.national_data_dir.as_deref())
                .map_err(|e| StartupError::Seed(format!("national data: {e}")))?,
        );
        let (pool, demo_accounts) = {
            let config = config.clone();
            let national = national.clone();
            web::block(move || prepare_database(&config, &national))
                .await
                .map_err(|e| StartupError::Seed(e.to_string()))??
        };
        let upstream = match &config.upstream_url {
            Some(url) => Some(
                Upstream::new(UpstreamConfig::single(
                    url,
                    std::time::Duration::from_millis(config.upstream_timeout_ms.max(1)),
                    config.upstream_retries,
                ))
                .map_err(|e| StartupError::Seed(format!("upstream client: {e}")))?,
            ),
            None => None,
        };
        let sync_times = crate::sync::scheduler::parse_times(&config.sync_times)
            .map_err(|e| StartupError::Seed(format!("DEGREE_SYNC_TIMES: {e}")))?;
        let keys = TokenKeys::new(
            &secret,
            chrono::Duration::minutes(config.token_minutes.max(1)),
        );
        let listener = TcpListener::bind(&config.bind)
            .map_err(|e| StartupError::Bind(config.bind.clone(), e))?;
        let port = listener
            .local_addr()
            .map_err(|e| StartupError::Bind(config.bind.clone(), e))?
            .port();
        let portal = match &config.portal_url {
            Some(base) => {
                let public = config.public_url.clone().unwrap_or_else(|| {
                    let host = config.bind.rsplit_once(':').map_or("127.0.0.1", |(h, _)| h);
                    let host = if host == "0.0.0.0" || host.is_empty() {
                        "127.0.0.1"
                    } else {
                        host
                    };
                    format!("http://{host}:{port}")
                });
                Some(
                    crate::accounts::portal::Portal::new(base, &public)
                        .map_err(|e| StartupError::Seed(format!("portal client: {e}")))?,
                )
            }
            None => None,
        };
        let state = web::Data::new(AppState {
            pool,
            keys,
            config,
            backend,
            sqlite_writer: Default::default(),
            upstream,
            national,
            portal,
            registration_attempts: crate::accounts::throttle::Attempts::new(
                std::time::Duration::from_secs(3600),
            ),
        });
        if state.upstream.is_some() {
            crate::sync::scheduler::spawn(
                state.clone(),
                sync_times,
                crate::sync::scheduler::SystemClock,
            );
        }
        let api_doc = crate::openapi::document();
        let api_methods = web::Data::new(ApiMethods::of(&api_doc));
        let server_state = state.clone();
        let (workers, blocking_per_worker) = threads(state.config.db_pool);
        let server = HttpServer::new(move || {
            let state = server_state.clone();
            let dist = state.config.dist_dir.clone();
            let json_limit = state.config.json_limit;
            let json_cfg = web::JsonConfig::default()
                .limit(state.config.json_limit)
                .error_handler(extractors::json);
            // The explorer is registered before the `/api` scope, which
            // would otherwise claim every path below it.
            let (app, _) = App::new()
                .service(
                    SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", api_doc.clone()),
                )
                .into_utoipa_app()
                .app_data(state)
                .app_data(api_methods.clone())
                .app_data(json_cfg)
                .app_data(web::QueryConfig::default().error_handler(extractors::query))
                .app_data(web::PathConfig::default().error_handler(extractors::path))
                .service(scope("/api").configure(crate::routes::configure))
                .split_for_parts();
            let app = app.wrap(from_fn(move |req, next| {
                whole_numbers(req, next, json_limit)
            }));
            // Server-Timing: the time spent in the handler (and below), for
            // browsers' developer tools and the list benchmark.
            app.wrap_fn(|req, srv| {
                use actix_web::dev::Service as _;
                let started = std::time::Instant::now();
                let response = srv.call(req);
                async move {
                    let mut res = response.await?;
                    let ms = started.elapsed().as_secs_f64() * 1000.0;
                    if let Ok(v) = HeaderValue::from_str(&format!("app;dur={ms:.3}")) {
                        res.headers_mut()
                            .insert(HeaderName::from_static("server-timing"), v);
                    }
                    Ok(res)
                }
            })
            .wrap(Compress::default())
            .wrap(DefaultHeaders::new().add(("X-Content-Type-Options", "nosniff")))
            .wrap(tracing_actix_web::TracingLogger::<
                crate::telemetry::RequestSpan,
            >::new())
            .configure(|cfg| crate::spa::configure(cfg, &dist))
            .default_service(web::to(fallback))
        })
        // As many blocking threads as pooled connections: a request beyond
        // them waits in the executor's queue, not as a thread parked on the
        // pool (64 parked threads cost a tenth of the time in switches).
        .workers(workers)
        .worker_max_blocking_threads(blocking_per_worker)
        .listen(listener)
        .map_err(|e| StartupError::Bind("listener".into(), e))?
        .run();
        Ok(Self {
            server,
            port,
            demo_accounts,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Workers (one per core) and the blocking threads of each: together as
/// many as there are pooled connections, so a request beyond them waits in
/// the executor's queue, not as a thread parked on the pool.
pub fn threads(db_pool: u32) -> (usize, usize) {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    (workers, (db_pool as usize).div_ceil(workers).max(1))
}

/// Connect, migrate, and create the demo data or the bootstrap admin.
fn prepare_database(
    config: &Config,
    national: &crate::national::Loaded,
) -> Result<(db::DbPool, Vec<DemoAccount>), StartupError> {
    let pool = db::connect(&config.database_url, config.db_pool)?;
    let mut conn = pool.get().map_err(db::DbSetupError::from)?;
    let seed_err = |e: ApiError| StartupError::Seed(e.to_string());
    let mut accounts = Vec::new();
    if config.demo {
        accounts = demo::seed(
            &mut conn,
            national,
            &config.demo_password,
            config.demo_stage,
        )
        .map_err(seed_err)?
        .unwrap_or_default();
    }
    if let Some(username) = &config.bootstrap_admin {
        let password = config
            .bootstrap_password
            .as_deref()
            .filter(|p| p.chars().count() >= 10)
            .ok_or(StartupError::BootstrapPassword)?;
        if crate::accounts::bootstrap_admin(&mut conn, username, password).map_err(seed_err)? {
            tracing::info!(%username, "created the first sysadmin");
        }
    }
    if db::users::count(&mut conn).map_err(|e| seed_err(e.into()))? == 0 {
        tracing::warn!(
            "the database has no users: start once with --bootstrap-admin NAME and DEGREE_BOOTSTRAP_PASSWORD to create the first sysadmin"
        );
    }
    drop(conn);
    Ok((pool, accounts))
}
