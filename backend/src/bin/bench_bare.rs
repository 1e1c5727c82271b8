//! The baseline of `scripts/bench-load`: a bare actix-web + diesel server
//! over the same database, with the same crates, features, connection pool
//! and thread settings as the real one, and nothing else — no authentication, no rules, no
//! middleware. What it answers is the floor the real endpoints are held
//! against:
//!
//! - `GET /row/{id}`: one application row, `SELECT … WHERE id = ?`;
//! - `GET /page/{unit}?batch=B&page=N`: a page of 50 applications of a unit
//!   in a batch, in id order (which its index gives without a sort).
//!
//! `degree-bench-bare DATABASE_URL BIND`

use actix_web::{get, web, App, HttpServer};
use degree_backend::db::schema::applications;
use degree_backend::db::{self, DbConn, DbPool};
use diesel::prelude::*;
use std::process::ExitCode;

#[derive(Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = applications)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct Row {
    id: i64,
    batch_id: i64,
    student_id: i64,
    unit_id: i64,
    stage: String,
    version: i32,
    filled: String,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
    confirmed_at: Option<chrono::NaiveDateTime>,
    reviewed_at: Option<chrono::NaiveDateTime>,
}

#[derive(serde::Deserialize)]
struct PageQuery {
    batch: i64,
    page: Option<i64>,
}

type Answer<T> = Result<web::Json<T>, actix_web::Error>;

fn failed(e: impl std::fmt::Display) -> actix_web::Error {
    actix_web::error::ErrorInternalServerError(e.to_string())
}

async fn query<T: Send + 'static>(
    pool: web::Data<DbPool>,
    f: impl FnOnce(&mut DbConn) -> QueryResult<T> + Send + 'static,
) -> Result<T, actix_web::Error> {
    web::block(move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        f(&mut conn).map_err(|e| e.to_string())
    })
    .await
    .map_err(failed)?
    .map_err(failed)
}

#[get("/row/{id}")]
async fn one_row(pool: web::Data<DbPool>, id: web::Path<i64>) -> Answer<Row> {
    let id = id.into_inner();
    let row = query(pool, move |conn| {
        applications::table
            .find(id)
            .select(Row::as_select())
            .get_result(conn)
    })
    .await?;
    Ok(web::Json(row))
}

#[get("/page/{unit}")]
async fn page_of_unit(
    pool: web::Data<DbPool>,
    unit: web::Path<i64>,
    q: web::Query<PageQuery>,
) -> Answer<Vec<Row>> {
    let unit = unit.into_inner();
    let offset = (q.page.unwrap_or(1).max(1) - 1) * 50;
    let batch = q.batch;
    let rows = query(pool, move |conn| {
        applications::table
            .filter(applications::batch_id.eq(batch))
            .filter(applications::unit_id.eq(unit))
            .order(applications::id)
            .limit(50)
            .offset(offset)
            .select(Row::as_select())
            .load(conn)
    })
    .await?;
    Ok(web::Json(rows))
}

#[actix_web::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(bind)) = (args.next(), args.next()) else {
        eprintln!("usage: degree-bench-bare DATABASE_URL BIND");
        return ExitCode::FAILURE;
    };
    // The same pool and thread settings as the real server.
    let pool_size = degree_backend::Config::for_database(&url).db_pool;
    let (workers, blocking_per_worker) = degree_backend::startup::threads(pool_size);
    let pool = match db::connect(&url, pool_size) {
        Ok(pool) => web::Data::new(pool),
        Err(e) => {
            eprintln!("degree-bench-bare: {e}");
            return ExitCode::FAILURE;
        }
    };
    let server = HttpServer::new(move || {
        App::new()
            .app_data(pool.clone())
            .service(one_row)
            .service(page_of_unit)
    })
    .workers(workers)
    .worker_max_blocking_threads(blocking_per_worker)
    .bind(&bind);
    match server {
        Ok(server) => match server.run().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("degree-bench-bare stopped: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("degree-bench-bare cannot listen on {bind}: {e}");
            ExitCode::FAILURE
        }
    }
}
