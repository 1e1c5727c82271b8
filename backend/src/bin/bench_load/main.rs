//! Load benchmark (a documented command, not a test; see scripts/bench-load):
//! the real server (`degree-server`) and a bare actix-web + diesel server
//! (`degree-bench-bare`) on the same database, one after the other, each
//! under an outside load generator (wrk, 64 connections, 2 threads). Prints
//! requests/s, p50, p99 and errors per endpoint with the ratio to the
//! matching bare handler and the issue's target; then drives concurrent
//! dossier saves of many students of different units and checks that every
//! save is in the field history exactly once.
//!
//! `degree-bench-load [APPLICATIONS] [DATABASE_URL]`; `BENCH_SECONDS`
//! (default 8) is the measuring time of each endpoint.

mod outside;
mod writes;

use degree_backend::benchdata::{self, Lcg, Seeded, UNITS};
use degree_backend::db;
use degree_backend::token::TokenKeys;
use outside::{binary, measure, start, Measured};
use std::process::{Command, ExitCode};
use std::time::Instant;
use writes::{check_history, write_load};

const CONNECTIONS: usize = 64;
const THREADS: usize = 2;
const WARM_UP_SECONDS: u64 = 2;
const WRITERS: usize = 256;
const SECRET: &str = "bench-load-secret-of-at-least-32-bytes!";

#[tokio::main]
async fn main() -> ExitCode {
    match bench().await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("the write check failed (see above)");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("benchmark failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One measured endpoint: many paths of the same shape, requested in turn.
struct Endpoint {
    name: &'static str,
    paths: Vec<String>,
    /// The bare handler it is held against, and the target ratio.
    against: Option<(&'static str, f64)>,
    /// Target p99 in ms.
    p99_target: Option<f64>,
}

async fn bench() -> Result<bool, String> {
    let mut args = std::env::args().skip(1);
    let applications: usize = args
        .next()
        .map_or(Ok(20_000), |s| s.parse())
        .map_err(|e| format!("APPLICATIONS: {e}"))?;
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let dir = std::env::temp_dir().join(format!("degree-bench-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let url = args
        .next()
        .unwrap_or_else(|| format!("sqlite://{}", dir.join("bench.db").display()));
    let backend = db::Backend::of_url(&url).as_str();

    let seeding = Instant::now();
    let seeded: Seeded = {
        let url = url.clone();
        tokio::task::spawn_blocking(move || {
            let pool = db::connect(&url, 2).map_err(|e| e.to_string())?;
            let mut conn = pool.get().map_err(|e| e.to_string())?;
            benchdata::seed(&mut conn, applications, WRITERS).map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| e.to_string())??
    };
    println!(
        "load benchmark, {backend}: {} applications ({} students) over {UNITS} units, seeded in {:.1} s; \
         wrk {THREADS} threads, {CONNECTIONS} connections, {seconds} s per endpoint after {WARM_UP_SECONDS} s of warm-up",
        seeded.applications.len(),
        seeded.total_students,
        seeding.elapsed().as_secs_f64()
    );
    let keys = TokenKeys::new(SECRET.as_bytes(), chrono::Duration::hours(4));
    let (office, _) = keys.issue(seeded.office, 0).map_err(|e| e.to_string())?;

    let batch = seeded.batch.0;
    let mut rng = Lcg(2026);
    let ids: Vec<i64> = (0..2000)
        .map(|_| seeded.applications[rng.below(seeded.applications.len())].0)
        .collect();
    let units: Vec<i64> = (0..400)
        .map(|_| seeded.units[rng.below(seeded.units.len())].0)
        .collect();
    let pages = |f: &dyn Fn(usize, i64) -> String| -> Vec<String> {
        units.iter().enumerate().map(|(i, u)| f(i, *u)).collect()
    };
    let endpoints = vec![
        Endpoint {
            name: "档案 GET /applications/{id}",
            paths: ids
                .iter()
                .map(|id| format!("/api/v1/applications/{id}"))
                .collect(),
            against: Some(("row", 0.33)),
            p99_target: Some(40.0),
        },
        Endpoint {
            name: "申请学位学生 已确认, 50/页",
            paths: pages(&|i, u| {
                format!(
                    "/api/v1/units/{u}/applications?confirmed=true&per_page=50&page={}",
                    1 + i % 2
                )
            }),
            against: Some(("page", 0.5)),
            p99_target: Some(25.0),
        },
        Endpoint {
            name: "全部学生列表 已申请, 50/页",
            paths: pages(&|i, u| {
                format!(
                    "/api/v1/units/{u}/roster?applying=true&per_page=50&page={}",
                    1 + i % 4
                )
            }),
            against: Some(("page", 0.5)),
            p99_target: Some(25.0),
        },
        Endpoint {
            name: "GET /me",
            paths: vec!["/api/v1/me".to_owned()],
            against: Some(("row", 0.6)),
            p99_target: Some(25.0),
        },
        Endpoint {
            name: "同步记录 GET /sync/runs, 50/页",
            paths: (1..=6)
                .map(|p| format!("/api/v1/sync/runs?per_page=50&page={p}"))
                .collect(),
            against: Some(("page", 0.5)),
            p99_target: Some(25.0),
        },
    ];

    // BENCH_ONLY=text measures only the endpoints whose name contains it
    // (for profiling one of them).
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let endpoints: Vec<Endpoint> = endpoints
        .into_iter()
        .filter(|e| e.name.contains(&only))
        .collect();
    // The real server first, reads then writes.
    let mut command = Command::new(binary("degree-server")?);
    command
        .env("DATABASE_URL", &url)
        .env("DEGREE_JWT_SECRET", SECRET)
        .env("DEGREE_DIST_DIR", dir.join("no-spa"))
        .arg("--bind");
    let server = start(command, "/api/health", &dir.join("server.log")).await?;
    let health = measure(
        &server.address,
        &["/api/health".to_owned()],
        None,
        if only.is_empty() { seconds } else { 1 },
        &dir,
    )?;
    let mut real = Vec::new();
    for e in &endpoints {
        real.push(measure(
            &server.address,
            &e.paths,
            Some(&office),
            seconds,
            &dir,
        )?);
    }
    let writes = write_load(&server.address, &keys, &seeded.writers, seconds).await?;
    drop(server);

    let mut command = Command::new(binary("degree-bench-bare")?);
    command.arg(&url);
    let bare = start(command, &format!("/row/{}", ids[0]), &dir.join("bare.log")).await?;
    let bare_row = measure(
        &bare.address,
        &ids.iter()
            .map(|id| format!("/row/{id}"))
            .collect::<Vec<_>>(),
        None,
        seconds,
        &dir,
    )?;
    let bare_page = measure(
        &bare.address,
        &pages(&|i, u| format!("/page/{u}?batch={batch}&page={}", 1 + i % 2)),
        None,
        seconds,
        &dir,
    )?;
    drop(bare);

    println!(
        "  {:<32} {:>9} {:>8} {:>8} {:>7} {:>7} {:>8}",
        "endpoint", "req/s", "p50 ms", "p99 ms", "errors", "ratio", "target"
    );
    let row = |name: &str, m: &Measured, ratio: Option<(f64, f64)>, p99: Option<f64>| {
        let (ratio, target) = match ratio {
            Some((r, t)) => {
                let p99_ok = p99.is_none_or(|limit| m.p99_us / 1000.0 < limit);
                let ok = r >= t && p99_ok && m.errors == 0;
                (
                    format!("{:.0} %", r * 100.0),
                    format!(
                        "≥{:.0}%{} {}",
                        t * 100.0,
                        p99.map_or(String::new(), |l| format!(" p99<{l:.0}")),
                        if ok { "met" } else { "MISSED" }
                    ),
                )
            }
            None => (String::new(), String::new()),
        };
        println!(
            "  {:<32} {:>9.0} {:>8.2} {:>8.2} {:>7} {:>7} {}",
            name,
            m.rate(),
            m.p50_us / 1000.0,
            m.p99_us / 1000.0,
            m.errors,
            ratio,
            target
        );
    };
    row("bare: one row", &bare_row, None, None);
    row("bare: page of 50 by unit", &bare_page, None, None);
    row("GET /api/health (no auth, no DB)", &health, None, None);
    for (e, m) in endpoints.iter().zip(&real) {
        let ratio = e.against.map(|(base, target)| {
            let base = if base == "row" { &bare_row } else { &bare_page };
            (m.rate() / base.rate(), target)
        });
        row(e.name, m, ratio, e.p99_target);
    }

    let lost = check_history(&url, &writes.saved).await?;
    println!(
        "  dossier saves, {} students of {} units, {CONNECTIONS} at once: {} saves in {:.1} s = {:.0} saves/s, p50 {:.1} ms, p99 {:.1} ms, {} errors, {} lost or doubled",
        seeded.writers.len(),
        seeded.writer_units,
        writes.saves(),
        writes.seconds,
        writes.saves() as f64 / writes.seconds,
        writes.p50_ms,
        writes.p99_ms,
        writes.errors,
        lost
    );
    if std::env::var_os("BENCH_KEEP").is_some() {
        println!("  kept {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(writes.errors == 0 && lost == 0)
}
