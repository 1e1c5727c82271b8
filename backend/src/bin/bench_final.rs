//! Benchmark of 学位终审 (a documented command, not a test): N applications
//! (default 20 000) over 100 units and 10 discipline groups, every one
//! submitted and decided by its subcommittee (a few refused or deferred, a
//! few failed at the 学位初审), the batch in `final_review`. Times, through
//! the real HTTP API, the final-review aggregate (`GET /final-review`, p99
//! server time; target < 50 ms), a page of the applicant list, and the bulk
//! acceptance of every recommendation (one request; target < 2 s). Prints
//! each against its target.
//!
//! `cargo run --release -p degree-backend --bin degree-bench-final -- [APPLICATIONS] [DATABASE_URL]`
//! (see scripts/bench-final, which runs both backends).

use actix_web::web;
use degree_backend::benchdata::{self, percentile, server_ms, verdict};
use degree_backend::db;
use degree_backend::error::ApiError;
use degree_backend::{Application, Config};
use shared::dto::application::BulkOutcome;
use std::process::ExitCode;
use std::time::Instant;

const GROUPS: usize = 10;
const REQUESTS: usize = 400;

#[actix_web::main]
async fn main() -> ExitCode {
    benchdata::exit(bench().await)
}

/// Ten groups taking the majors round-robin; every application submitted
/// and decided by its subcommittee (every 50th refused, every 40th
/// deferred), every 97th failed at the 学位初审; the batch in 学位终审.
fn to_final_review(conn: &mut db::DbConn, batch: shared::ids::BatchId) -> Result<(), ApiError> {
    use db::schema::{batches, students};
    use diesel::prelude::*;
    db::transaction(conn, |conn| {
        let mut groups = Vec::new();
        for g in 0..GROUPS {
            groups.push(db::units::insert_group(
                conn,
                &format!("B{g:02}"),
                &format!("学科群{}", g + 1),
            )?);
        }
        let majors: Vec<Option<String>> = students::table
            .select(students::major_code)
            .distinct()
            .load(conn)?;
        for (i, m) in majors.into_iter().flatten().enumerate() {
            db::units::map_major_to_group(conn, &m, groups[i % GROUPS])?;
        }
        diesel::sql_query(
            "UPDATE applications SET \
               stage = CASE WHEN id % 97 = 0 THEN 'submitted' ELSE 'subcommittee_decided' END, \
               prelim_decision = CASE WHEN id % 97 = 0 THEN 'failed' ELSE 'passed' END, \
               subcommittee_decision = CASE WHEN id % 97 = 0 THEN NULL \
                 WHEN id % 50 = 0 THEN 'failed' WHEN id % 40 = 0 THEN 'deferred' ELSE 'passed' END",
        )
        .execute(conn)?;
        diesel::update(batches::table.find(batch.0))
            .set(batches::phase.eq("final_review"))
            .execute(conn)?;
        Ok(())
    })
}

async fn bench() -> Result<usize, String> {
    let (applications, url, tmp) = benchdata::args("bench-final")?;
    let mut config = Config::for_database(&url);
    config.db_pool = 8;
    let app = Application::build(config)
        .await
        .map_err(|e| e.to_string())?;
    let http = reqwest::Client::new();
    let address = format!("http://127.0.0.1:{}", app.port());
    let state: web::Data<_> = app.state.clone();
    let backend = state.backend.as_str();
    tokio::spawn(app.run_until_stopped());

    let seeding = Instant::now();
    let seeded = state
        .db(move |conn| benchdata::seed(conn, applications, 0))
        .await
        .map_err(|e| e.to_string())?;
    let batch = seeded.batch;
    state
        .db(move |conn| to_final_review(conn, batch))
        .await
        .map_err(|e| e.to_string())?;
    let refresh = state.db(|conn| Ok(db::refresh_statistics(conn)?)).await;
    refresh.map_err(|e| e.to_string())?;
    let (token, _) = state
        .keys
        .issue(seeded.office, 0)
        .map_err(|e| e.to_string())?;
    println!(
        "学位终审 benchmark: {} applicants over {} units and {GROUPS} groups, {backend}; seeded in {:.1} s",
        seeded.applications.len(),
        seeded.units.len(),
        seeding.elapsed().as_secs_f64()
    );

    let mut missed = 0;
    for (what, path, target) in [
        (
            "学位终审 汇总（按学科群、培养单位）",
            "/api/v1/final-review".to_owned(),
            Some(50.0),
        ),
        (
            "学位终审 名单 page of 50",
            "/api/v1/final-review/applicants?per_page=50&page=7".to_owned(),
            None,
        ),
    ] {
        let mut times = Vec::with_capacity(REQUESTS);
        for i in 0..REQUESTS + 20 {
            let resp = http
                .get(format!("{address}{path}"))
                .bearer_auth(&token)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if !resp.status().is_success() {
                return Err(format!("{path}: HTTP {}", resp.status()));
            }
            let ms = server_ms(&resp)?;
            resp.bytes().await.map_err(|e| e.to_string())?;
            if i >= 20 {
                times.push(ms);
            }
        }
        times.sort_by(f64::total_cmp);
        let p99 = percentile(&times, 99.0);
        let judged = match target {
            Some(t) => {
                missed += usize::from(p99 > t);
                format!("(target p99 < {t} ms: {})", verdict(p99, t))
            }
            None => "(no target)".to_owned(),
        };
        println!(
            "  {what:<28} median {:>6.2} ms  p99 {:>6.2} ms  {judged}",
            percentile(&times, 50.0),
            p99
        );
    }

    let started = Instant::now();
    let resp = http
        .post(format!("{address}/api/v1/final-review/accept"))
        .bearer_auth(&token)
        .json(&serde_json::json!({}))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let ok = resp.status().is_success();
    let bytes = resp.bytes().await.map_err(|e| e.to_string())?;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if !ok {
        return Err(format!("accept: {}", String::from_utf8_lossy(&bytes)));
    }
    let outcome: BulkOutcome = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    missed += usize::from(ms > 2000.0);
    println!(
        "  采纳分会建议 {} 人（{} 人待陈述申辩，跳过）  {ms:>8.1} ms  (target < 2 s: {})",
        outcome.done,
        outcome.skipped.len(),
        verdict(ms, 2000.0)
    );

    benchdata::remove_sqlite(&tmp);
    Ok(missed)
}
