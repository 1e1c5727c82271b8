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

use degree_backend::benchdata::{self, Lcg, Seeded, UNITS};
use degree_backend::db::{self, schema};
use degree_backend::token::TokenKeys;
use diesel::prelude::*;
use shared::ids::{ApplicationId, UserId};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

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

/// What wrk measured.
#[derive(serde::Deserialize, Clone, Copy)]
struct Measured {
    requests: u64,
    duration_us: u64,
    p50_us: f64,
    p99_us: f64,
    errors: u64,
}

impl Measured {
    fn rate(&self) -> f64 {
        self.requests as f64 / (self.duration_us as f64 / 1e6)
    }
}

fn binary(name: &str) -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let path = exe.with_file_name(name);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!("{} is not built", path.display()))
    }
}

fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

/// A server process, stopped when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start(mut command: Command, ready_path: &str, log: &Path) -> Result<Server, String> {
    let port = free_port()?;
    let address = format!("127.0.0.1:{port}");
    let log = std::fs::File::create(log).map_err(|e| e.to_string())?;
    command
        .env("DEGREE_BIND", &address)
        .arg(&address)
        .stdout(Stdio::null())
        .stderr(log);
    let child = command.spawn().map_err(|e| e.to_string())?;
    let server = Server {
        child,
        address: format!("http://{address}"),
    };
    let http = reqwest::Client::new();
    for _ in 0..600 {
        if let Ok(r) = http
            .get(format!("{}{ready_path}", server.address))
            .send()
            .await
        {
            if r.status().is_success() {
                return Ok(server);
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("{:?} did not become ready", command.get_program()))
}

/// Run wrk over `paths` with `token`; the Lua script sends them in turn
/// and prints the summary as one JSON line.
fn wrk(
    address: &str,
    paths: &[String],
    token: Option<&str>,
    seconds: u64,
    dir: &Path,
) -> Result<Measured, String> {
    let list: Vec<String> = paths.iter().map(|p| format!("{p:?}")).collect();
    let header = token.map_or(String::new(), |t| {
        format!("wrk.headers[\"Authorization\"] = \"Bearer {t}\"\n")
    });
    let script = format!(
        r#"{header}local paths = {{{list}}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{{"requests":%d,"duration_us":%d,"p50_us":%f,"p99_us":%f,"errors":%d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"#,
        list = list.join(",")
    );
    let file = dir.join("bench-load.lua");
    std::fs::write(&file, script).map_err(|e| e.to_string())?;
    let out = Command::new("wrk")
        .args([
            format!("-t{THREADS}"),
            format!("-c{CONNECTIONS}"),
            format!("-d{seconds}s"),
            "--timeout".into(),
            "10s".into(),
            "-s".into(),
            file.display().to_string(),
            address.to_owned(),
        ])
        .output()
        .map_err(|e| format!("wrk: {e} (scripts/bench-load installs it)"))?;
    if !out.status.success() {
        return Err(format!("wrk: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .ok_or_else(|| format!("wrk printed no summary: {stdout}"))?;
    serde_json::from_str(line).map_err(|e| format!("wrk summary {line}: {e}"))
}

fn measure(
    address: &str,
    paths: &[String],
    token: Option<&str>,
    seconds: u64,
    dir: &Path,
) -> Result<Measured, String> {
    wrk(address, paths, token, WARM_UP_SECONDS, dir)?;
    wrk(address, paths, token, seconds, dir)
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
    let (office, _) = keys.issue(seeded.office).map_err(|e| e.to_string())?;

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

struct Writes {
    /// Per application: the values saved, in order.
    saved: HashMap<ApplicationId, Vec<String>>,
    errors: u64,
    seconds: f64,
    p50_ms: f64,
    p99_ms: f64,
}

impl Writes {
    fn saves(&self) -> usize {
        self.saved.values().map(Vec::len).sum()
    }
}

/// Every writer's own task saves their 通讯地址 again and again, each time
/// a new value with the version the last save answered; 64 tasks at once.
async fn write_load(
    address: &str,
    keys: &TokenKeys,
    writers: &[(UserId, ApplicationId)],
    seconds: u64,
) -> Result<Writes, String> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .build()
        .map_err(|e| e.to_string())?;
    let mut owned: Vec<Vec<(String, ApplicationId)>> = vec![Vec::new(); CONNECTIONS];
    for (i, (user, app)) in writers.iter().enumerate() {
        let (token, _) = keys.issue(*user).map_err(|e| e.to_string())?;
        owned[i % CONNECTIONS].push((token, *app));
    }
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for mine in owned {
        let http = http.clone();
        let address = address.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut versions: HashMap<ApplicationId, i64> = HashMap::new();
            let mut saved: HashMap<ApplicationId, Vec<String>> = HashMap::new();
            let mut latencies = Vec::new();
            let mut errors = 0u64;
            let mut n = 0usize;
            while Instant::now() < until && !mine.is_empty() {
                let (token, app) = &mine[n % mine.len()];
                n += 1;
                let url = format!("{address}/api/v1/applications/{}", app.0);
                let version = match versions.get(app) {
                    Some(v) => *v,
                    None => {
                        let r = http.get(&url).bearer_auth(token).send().await;
                        let body: serde_json::Value = match r {
                            Ok(r) if r.status().is_success() => r.json().await.unwrap_or_default(),
                            _ => {
                                errors += 1;
                                continue;
                            }
                        };
                        body["application"]["version"].as_i64().unwrap_or(0)
                    }
                };
                let value = format!("北京市海淀区中关村南二条{}号 第{n}次", app.0);
                let body =
                    serde_json::json!({ "version": version, "fields": { "address": value } });
                let at = Instant::now();
                let r = http
                    .put(format!("{url}/dossier"))
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status().is_success() => {
                        latencies.push(at.elapsed().as_secs_f64() * 1000.0);
                        let body: serde_json::Value = r.json().await.unwrap_or_default();
                        versions.insert(*app, body["application"]["version"].as_i64().unwrap_or(0));
                        saved.entry(*app).or_default().push(value);
                    }
                    Ok(r) => {
                        errors += 1;
                        let status = r.status();
                        let text = r.text().await.unwrap_or_default();
                        eprintln!("  save of {}: HTTP {status} {text}", app.0);
                        versions.remove(app);
                    }
                    Err(e) => {
                        errors += 1;
                        eprintln!("  save of {}: {e}", app.0);
                        versions.remove(app);
                    }
                }
            }
            (saved, latencies, errors)
        }));
    }
    let mut out = Writes {
        saved: HashMap::new(),
        errors: 0,
        seconds: 0.0,
        p50_ms: f64::NAN,
        p99_ms: f64::NAN,
    };
    let mut latencies = Vec::new();
    for t in tasks {
        let (saved, lat, errors) = t.await.map_err(|e| e.to_string())?;
        out.saved.extend(saved);
        latencies.extend(lat);
        out.errors += errors;
    }
    out.seconds = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let pick = |p: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or(f64::NAN)
    };
    out.p50_ms = pick(0.5);
    out.p99_ms = pick(0.99);
    Ok(out)
}

/// Saves missing from, or doubled in, the field history: each application's
/// 通讯地址 history must be exactly the values saved, in order.
async fn check_history(
    url: &str,
    saved: &HashMap<ApplicationId, Vec<String>>,
) -> Result<usize, String> {
    let url = url.to_owned();
    let saved = saved.clone();
    tokio::task::spawn_blocking(move || {
        use schema::dossier_history as h;
        let pool = db::connect(&url, 1).map_err(|e| e.to_string())?;
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let mut wrong = 0;
        for (app, values) in &saved {
            let history: Vec<Option<String>> = h::table
                .filter(h::application_id.eq(app.0))
                .filter(h::field.eq("address"))
                .order(h::id)
                .select(h::new_value)
                .load(&mut *conn)
                .map_err(|e| e.to_string())?;
            let history: Vec<String> = history.into_iter().flatten().collect();
            if &history != values {
                wrong += history.len().abs_diff(values.len()).max(1);
                eprintln!(
                    "  application {}: {} saves answered, {} in the history",
                    app.0,
                    values.len(),
                    history.len()
                );
            }
        }
        Ok(wrong)
    })
    .await
    .map_err(|e| e.to_string())?
}
