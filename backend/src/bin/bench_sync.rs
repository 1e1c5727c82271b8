//! Benchmark of the sync engine (a documented command, not a test):
//! full four-system sync of N applicants from the bundled simulator on this
//! machine, on SQLite or PostgreSQL. Prints students per second, total time
//! and peak memory (of this process, which also runs the simulator).
//!
//! `cargo run --release -p degree-backend --bin degree-bench-sync -- [STUDENTS] [DATABASE_URL]`
//! (see scripts/bench-sync, which runs both backends).

use actix_web::web;
use degree_backend::db;
use degree_backend::simulator::{self, data::Population, SimState};
use degree_backend::sync::engine::{self, Job};
use degree_backend::{Application, Config};
use shared::dto::sync::{SourceSystem, SyncKind, SyncTrigger};
use std::process::ExitCode;
use std::time::Instant;

fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

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
    let mut args = std::env::args().skip(1);
    let students: usize = args
        .next()
        .map_or(Ok(20_000), |s| s.parse())
        .map_err(|e| format!("STUDENTS: {e}"))?;
    let tmp = std::env::temp_dir().join(format!("degree-bench-{}.db", std::process::id()));
    let url = args
        .next()
        .unwrap_or_else(|| format!("sqlite://{}", tmp.display()));
    let units = 100;
    let population = Population {
        seed: 42,
        units,
        students_per_unit: students.div_ceil(units),
    };

    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let sim_url = format!(
        "http://127.0.0.1:{}",
        listener.local_addr().map_err(|e| e.to_string())?.port()
    );
    let sim = SimState::new(population);
    tokio::spawn(simulator::serve(sim, listener).map_err(|e| e.to_string())?);

    let mut config = Config::for_database(&url);
    config.upstream_url = Some(sim_url);
    config.upstream_timeout_ms = 30_000;
    config.db_pool = 8;
    let app = Application::build(config)
        .await
        .map_err(|e| e.to_string())?;
    let state: web::Data<_> = app.state.clone();
    let backend = state.backend.as_str();
    println!(
        "sync benchmark: {} applicants, {units} units, {backend}",
        population.total()
    );

    // The units, then every unit's student list from student records.
    state
        .tx(move |conn| {
            for i in 0..units {
                if let Some(u) = population.unit(i) {
                    db::units::insert_unit(conn, &u.code, &u.name, Population::unit_head(i))?;
                }
            }
            Ok(())
        })
        .await
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    let unit_ids = state
        .db(|conn| Ok(db::units::codes(conn)?))
        .await
        .map_err(|e| e.to_string())?;
    for (id, _) in &unit_ids {
        let job = Job {
            kind: SyncKind::Roster,
            trigger: SyncTrigger::Manual,
            systems: vec![SourceSystem::Records],
            actor: None,
            unit_id: Some(*id),
            students: Vec::new(),
        };
        let run = engine::run(state.clone(), job)
            .await
            .map_err(|e| e.to_string())?;
        if run.failed > 0 {
            return Err(format!("roster of unit {id}: {:?}", run.failures.first()));
        }
    }
    let roster_secs = started.elapsed().as_secs_f64();

    // An open batch with every student applying.
    state
        .tx(|conn| {
            let batch = db::batches::insert_open(conn, &degree_backend::demo::batch())?;
            let mut all = Vec::new();
            for (unit, _) in db::units::codes(conn)? {
                all.extend(
                    db::students::targets_of_unit(conn, unit)?
                        .into_iter()
                        .map(|t| (t.id, t.unit_id)),
                );
            }
            db::applications::open_filing_bulk(conn, batch.id, &all)?;
            Ok(())
        })
        .await
        .map_err(|e| e.to_string())?;

    println!(
        "  student lists (学籍, {} students): {roster_secs:.2} s",
        population.total()
    );
    // The first sync fills every section (and writes a field-history row for
    // each value that arrives); the second finds nothing changed, as the
    // daily syncs mostly do.
    for pass in ["first full sync", "again, nothing changed"] {
        let started = Instant::now();
        let job = Job {
            kind: SyncKind::Applicants,
            trigger: SyncTrigger::Manual,
            systems: SourceSystem::ALL.to_vec(),
            actor: None,
            unit_id: None,
            students: Vec::new(),
        };
        let run = engine::run(state.clone(), job)
            .await
            .map_err(|e| e.to_string())?;
        let secs = started.elapsed().as_secs_f64();
        if run.failed > 0 {
            return Err(format!(
                "{} students failed, e.g. {:?}",
                run.failed,
                run.failures.first()
            ));
        }
        println!(
            "  {pass}, four systems: {} students in {secs:.2} s = {:.0} students/s",
            run.succeeded,
            f64::from(run.succeeded) / secs
        );
    }
    let history = state
        .db(|conn| {
            use diesel::prelude::*;
            Ok(db::schema::dossier_history::table
                .count()
                .get_result::<i64>(conn)?)
        })
        .await
        .map_err(|e| e.to_string())?;
    println!("  field-history rows written by the syncs: {history}");
    if let Some(peak) = peak_memory_mib() {
        println!("  peak memory (server + simulator in one process): {peak:.0} MiB");
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
    }
    Ok(())
}
