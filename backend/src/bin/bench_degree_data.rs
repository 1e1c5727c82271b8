//! Benchmark of 学位终审数据管理 (a documented command, not a test): N
//! conferred applicants (default 20 000) over 100 units, each with a photo,
//! the batch in 学位终审 with the congress's meeting recorded. Times,
//! through the real HTTP API: 发放学位证书编号 for all of them (one request;
//! target < 2 s); the validation alone; the validated export of the `.xlsx`,
//! the `.csv` and the photos' `.zip` (one request; target < 5 s); and the
//! peak memory of the server process during the two (target < 300 MiB). A
//! second export must give byte-identical files. Prints each against its
//! target.
//!
//! `cargo run --release -p degree-backend --bin degree-bench-degree-data -- [APPLICATIONS] [DATABASE_URL]`
//! (see scripts/bench-degree-data, which runs both backends).

use actix_web::web;
use degree_backend::benchdata::{self, verdict};
use degree_backend::db;
use degree_backend::error::ApiError;
use degree_backend::{Application, Config};
use shared::dossier::FilledField;
use shared::dto::degree_data::{IssueOutcome, ReportCheck, ReportView};
use std::process::ExitCode;
use std::time::Instant;

#[actix_web::main]
async fn main() -> ExitCode {
    benchdata::exit(bench().await)
}

/// Every application conferred, with what the report needs that the
/// student-records seed lacks (advisor, thesis, the filled fields, a
/// photo); the batch in 学位终审 with the congress's meeting.
fn to_conferred(
    conn: &mut db::DbConn,
    batch: shared::ids::BatchId,
    office: shared::ids::UserId,
) -> Result<(), ApiError> {
    use db::schema::{applications, batches, students};
    use diesel::prelude::*;
    let filled: serde_json::Map<String, serde_json::Value> = FilledField::all()
        .map(|f| (f.as_str().to_owned(), f.sample_value().into()))
        .collect();
    let filled = serde_json::Value::Object(filled).to_string();
    db::transaction(conn, |conn| {
        diesel::update(applications::table.filter(applications::batch_id.eq(batch.0)))
            .set((
                applications::stage.eq("final_decided"),
                applications::prelim_decision.eq(Some("passed")),
                applications::subcommittee_decision.eq(Some("passed")),
                applications::final_decision.eq(Some("conferred")),
                applications::filled.eq(&filled),
            ))
            .execute(conn)?;
        diesel::update(students::table)
            .set((
                students::advisor_name.eq(Some("李强")),
                students::advisor_title.eq(Some("研究员")),
                students::thesis_title.eq(Some("图神经网络的表示学习研究")),
                students::thesis_keywords.eq(Some(r#"["图神经网络","表示学习","优化"]"#)),
            ))
            .execute(conn)?;
        let ids: Vec<i64> = applications::table
            .filter(applications::batch_id.eq(batch.0))
            .select(applications::id)
            .load(conn)?;
        for id in ids {
            db::photos::put(
                conn,
                shared::ids::ApplicationId(id),
                degree_backend::demo::DEMO_PHOTO,
                (300, 400),
            )?;
        }
        // The generated ID numbers repeat now and then (the validation
        // rejects those); give each repeat the next free sequence digits.
        let ids: Vec<(i64, Option<String>)> = students::table
            .select((students::id, students::id_number))
            .order(students::id)
            .load(conn)?;
        let mut seen = std::collections::HashSet::new();
        for (student, id) in ids {
            let Some(mut id) = id else { continue };
            let mut order = id[14..16].parse::<u32>().unwrap_or(0);
            let repeat = !seen.insert(id.clone());
            while seen.contains(&id) && repeat {
                order = (order + 1) % 100;
                let first17 = format!("{}{order:02}{}", &id[..14], &id[16..17]);
                let check = shared::domain::IdNumber::check_char(&first17).unwrap_or('0');
                id = format!("{first17}{check}");
            }
            if repeat {
                seen.insert(id.clone());
                diesel::update(students::table.find(student))
                    .set(students::id_number.eq(Some(&id)))
                    .execute(conn)?;
            }
        }
        diesel::update(batches::table.find(batch.0))
            .set(batches::phase.eq("final_review"))
            .execute(conn)?;
        let actor = db::users::actor(conn, office)?
            .ok_or_else(ApiError::not_found)?
            .1;
        degree_backend::committee::save_meeting(
            conn,
            &actor,
            degree_backend::committee::Seat::congress(),
            &shared::dto::committee::MeetingInput {
                held_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 20).unwrap_or_default(),
                place: "学术会堂".into(),
                attendance: shared::workflow::committee::Attendance {
                    members_total: 31,
                    members_present: 25,
                },
                minutes: "审议通过授予学位名单。".into(),
                resolution_no: Some("国科大学位〔2026〕12号".into()),
                version: None,
            },
        )?;
        Ok(())
    })
}

/// A field of `/proc/self/status`, in MiB.
fn status_mib(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// Samples the process's memory every 5 ms while the measured requests
/// run: the peak of its heap and other private memory (`RssAnon`), and of
/// its whole resident size (`VmRSS`, which also counts the pages of the
/// SQLite file it reads through `mmap`).
struct Sampler {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<(f64, f64)>,
}

impl Sampler {
    fn start() -> Sampler {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let (mut anon, mut rss) = (0.0f64, 0.0f64);
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                anon = anon.max(status_mib("RssAnon:").unwrap_or(0.0));
                rss = rss.max(status_mib("VmRSS:").unwrap_or(0.0));
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            (anon, rss)
        });
        Sampler { stop, thread }
    }

    fn peaks(self) -> (f64, f64) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.thread.join().unwrap_or((0.0, 0.0))
    }
}

async fn timed<T: serde::de::DeserializeOwned>(
    rb: reqwest::RequestBuilder,
) -> Result<(T, f64), String> {
    let started = Instant::now();
    let resp = rb.send().await.map_err(|e| e.to_string())?;
    let ok = resp.status().is_success();
    let bytes = resp.bytes().await.map_err(|e| e.to_string())?;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if !ok {
        return Err(String::from_utf8_lossy(&bytes).into_owned());
    }
    Ok((
        serde_json::from_slice(&bytes).map_err(|e| e.to_string())?,
        ms,
    ))
}

async fn bench() -> Result<usize, String> {
    let (applications, url, tmp) = benchdata::args("bench-degree-data")?;
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
    let (batch, office) = (seeded.batch, seeded.office);
    state
        .db(move |conn| to_conferred(conn, batch, office))
        .await
        .map_err(|e| e.to_string())?;
    let refresh = state.db(|conn| Ok(db::refresh_statistics(conn)?)).await;
    refresh.map_err(|e| e.to_string())?;
    let (token, _) = state
        .keys
        .issue(seeded.office, 0)
        .map_err(|e| e.to_string())?;
    println!(
        "学位终审数据管理 benchmark: {} conferred over {} units, each with a photo, {backend}; seeded in {:.1} s",
        seeded.applications.len(),
        seeded.units.len(),
        seeding.elapsed().as_secs_f64()
    );
    let base = format!("{address}/api/v1/batches/{}", batch.0);
    let mut missed = 0;
    let before = status_mib("RssAnon:").unwrap_or(0.0);
    let sampler = Sampler::start();

    let (issued, ms): (IssueOutcome, f64) = timed(
        http.post(format!("{base}/certificates"))
            .bearer_auth(&token),
    )
    .await?;
    missed += usize::from(ms > 2000.0);
    println!(
        "  发放学位证书编号 {} 个（{} 至 {}）  {ms:>8.1} ms  (target < 2 s: {})",
        issued.issued,
        issued.first.unwrap_or_default(),
        issued.last.unwrap_or_default(),
        verdict(ms, 2000.0)
    );
    let (again, _): (IssueOutcome, f64) = timed(
        http.post(format!("{base}/certificates"))
            .bearer_auth(&token),
    )
    .await?;
    println!(
        "  a second run issues {} (already numbered: {})",
        again.issued, again.already
    );

    let (check, ms): (ReportCheck, f64) =
        timed(http.get(format!("{base}/report/check")).bearer_auth(&token)).await?;
    println!(
        "  校验 {} records ({} rejected, {} problems)  {ms:>8.1} ms  (no target alone)",
        check.records,
        check.rejected,
        check.problems.len()
    );
    let (first, ms): (ReportView, f64) = timed(
        http.post(format!("{base}/report"))
            .bearer_auth(&token)
            .json(&serde_json::json!({ "partial": false })),
    )
    .await?;
    missed += usize::from(ms > 5000.0);
    let sizes: Vec<String> = first
        .files
        .iter()
        .map(|f| format!("{} {:.1} MiB", f.kind.as_str(), f.bytes as f64 / 1048576.0))
        .collect();
    println!(
        "  校验 + 生成 .xlsx/.csv/照片 .zip, {} records ({})  {ms:>8.1} ms  (target < 5 s: {})",
        first.records,
        sizes.join(", "),
        verdict(ms, 5000.0)
    );
    let (second, _): (ReportView, f64) = timed(
        http.post(format!("{base}/report"))
            .bearer_auth(&token)
            .json(&serde_json::json!({ "partial": false })),
    )
    .await?;
    let identical = first
        .files
        .iter()
        .zip(&second.files)
        .all(|(a, b)| a.sha256 == b.sha256);
    missed += usize::from(!identical);
    println!(
        "  a second export: {}",
        if identical {
            "byte-identical (same SHA-256 for each file)"
        } else {
            "DIFFERENT"
        }
    );
    let (anon, rss) = sampler.peaks();
    missed += usize::from(anon > 300.0);
    println!(
        "  peak memory during numbering and export: {anon:.0} MiB private (heap; {before:.0} MiB before)  (target < 300 MiB: {}); {rss:.0} MiB resident with the mapped database pages",
        verdict(anon, 300.0)
    );

    benchdata::remove_sqlite(&tmp);
    Ok(missed)
}
