//! Benchmark of the filing lists (a documented command, not a test): with
//! N applications over 100 units, the server time of a page of 50 of
//! 全部学生列表 and 申请学位学生 with a filter, as the server reports it in
//! its `Server-Timing` header. Prints median and p99 per query.
//!
//! `cargo run --release -p degree-backend --bin degree-bench-lists -- [APPLICATIONS] [DATABASE_URL]`
//! (see scripts/bench-lists, which runs both backends).

use actix_web::web;
use degree_backend::benchdata::{self, percentile, Lcg, UNITS};
use degree_backend::{Application, Config};
use shared::domain::StudentKind;
use shared::dto::application::{ApplicationQuery, RosterQuery, StudentSort};
use std::process::ExitCode;

const REQUESTS: usize = 400;

#[actix_web::main]
async fn main() -> ExitCode {
    match bench().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("benchmark failed: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn bench() -> Result<(), String> {
    let (applications, url, tmp) = benchdata::args("bench-lists")?;
    let mut config = Config::for_database(&url);
    config.db_pool = 8;
    let app = Application::build(config)
        .await
        .map_err(|e| e.to_string())?;
    let address = format!("http://127.0.0.1:{}", app.port());
    let state: web::Data<_> = app.state.clone();
    let backend = state.backend.as_str();
    tokio::spawn(app.run_until_stopped());

    let seeding = std::time::Instant::now();
    let seeded = state
        .db(move |conn| benchdata::seed(conn, applications, 0))
        .await
        .map_err(|e| e.to_string())?;
    let unit_ids = seeded.units;
    let (token, _) = state
        .keys
        .issue(seeded.office, 0)
        .map_err(|e| e.to_string())?;
    println!(
        "list benchmark: {} applications ({} students) over {UNITS} units, {backend}; seeded in {:.1} s",
        seeded.applications.len(),
        seeded.total_students,
        seeding.elapsed().as_secs_f64()
    );

    let http = reqwest::Client::new();
    let mut rng = Lcg(2026);
    let surnames = ["张", "王", "李", "刘", "陈"];
    let kinds = StudentKind::ALL;
    type Query = Box<dyn Fn(&mut Lcg, i64) -> (String, String)>;
    let queries: Vec<(&str, Query)> = vec![
        (
            "申请学位学生 已确认=是",
            Box::new(|r, unit| {
                let q = ApplicationQuery {
                    confirmed: Some(true),
                    page: Some(1 + r.below(2) as i64),
                    per_page: Some(50),
                    ..Default::default()
                };
                (format!("/api/v1/units/{unit}/applications"), encode(&q))
            }),
        ),
        (
            "申请学位学生 姓名含某姓，按拼音",
            Box::new(move |r, unit| {
                let q = ApplicationQuery {
                    name: Some(surnames[r.below(surnames.len())].to_owned()),
                    sort: Some(StudentSort::Name),
                    per_page: Some(50),
                    ..Default::default()
                };
                (format!("/api/v1/units/{unit}/applications"), encode(&q))
            }),
        ),
        (
            "申请学位学生 类别+未审核",
            Box::new(move |r, unit| {
                let q = ApplicationQuery {
                    kind: Some(kinds[r.below(kinds.len())]),
                    reviewed: Some(false),
                    per_page: Some(50),
                    ..Default::default()
                };
                (format!("/api/v1/units/{unit}/applications"), encode(&q))
            }),
        ),
        (
            "全部学生列表 未申请",
            Box::new(|r, unit| {
                let q = RosterQuery {
                    applying: Some(false),
                    page: Some(1 + r.below(2) as i64),
                    per_page: Some(50),
                    ..Default::default()
                };
                (format!("/api/v1/units/{unit}/roster"), encode(&q))
            }),
        ),
        (
            "全部学生列表 已申请，第 2–4 页",
            Box::new(|r, unit| {
                let q = RosterQuery {
                    applying: Some(true),
                    page: Some(2 + r.below(3) as i64),
                    per_page: Some(50),
                    ..Default::default()
                };
                (format!("/api/v1/units/{unit}/roster"), encode(&q))
            }),
        ),
    ];
    println!("  {REQUESTS} requests per query, page of 50; server time (Server-Timing):");
    for (name, make) in &queries {
        let mut times = Vec::with_capacity(REQUESTS);
        let mut rows = 0usize;
        for i in 0..REQUESTS + 20 {
            let unit = unit_ids[rng.below(unit_ids.len())];
            let (path, query) = make(&mut rng, unit.0);
            let resp = http
                .get(format!("{address}{path}?{query}"))
                .bearer_auth(&token)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if !resp.status().is_success() {
                return Err(format!("{path}?{query}: HTTP {}", resp.status()));
            }
            let ms = server_time(&resp).ok_or("no Server-Timing header")?;
            let body: serde_json::Value = resp.json().await.map_err(|e| e.to_string())?;
            rows += body["items"].as_array().map_or(0, Vec::len);
            // The first requests warm the caches and are not counted.
            if i >= 20 {
                times.push(ms);
            }
        }
        times.sort_by(f64::total_cmp);
        println!(
            "    {name:<28} median {:>6.2} ms   p99 {:>6.2} ms   max {:>6.2} ms   ({:.0} rows/page)",
            percentile(&times, 50.0),
            percentile(&times, 99.0),
            times.last().copied().unwrap_or(f64::NAN),
            rows as f64 / (REQUESTS + 20) as f64
        );
    }
    benchdata::remove_sqlite(&tmp);
    Ok(())
}

fn encode<T: serde::Serialize>(q: &T) -> String {
    serde_urlencoded::to_string(q).unwrap_or_default()
}

fn server_time(resp: &reqwest::Response) -> Option<f64> {
    let header = resp.headers().get("server-timing")?.to_str().ok()?;
    header.split("dur=").nth(1)?.trim().parse().ok()
}
