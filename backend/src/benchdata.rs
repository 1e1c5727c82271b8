//! The data of the benchmarks (`scripts/bench-lists`, `scripts/bench-load`):
//! N applications over 100 units in an open batch, a realistic mix of
//! stages, a degree-office account, student accounts of many units, and a
//! history of sync runs. Deterministic, so runs are comparable.

use crate::db::{self, sync_runs, DbConn};
use crate::error::ApiError;
use crate::simulator::data::Population;
use shared::authz::{GrantScope, Role, RoleGrant};
use shared::dto::sync::{SourceSystem, SyncKind, SyncStatus, SyncTrigger};
use shared::ids::{ApplicationId, BatchId, StudentId, UnitId, UserId};
use shared::workflow::Stage;

pub const UNITS: usize = 100;

/// A small deterministic generator, so runs are comparable.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// The `p`th percentile of sorted samples (nearest rank).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// A benchmark's command line, `[APPLICATIONS] [DATABASE_URL]`: the number
/// of applications (default 20 000), the database (default a throwaway
/// SQLite file named after `name`), and that file, for [`remove_sqlite`].
pub fn args(name: &str) -> Result<(usize, String, std::path::PathBuf), String> {
    let mut args = std::env::args().skip(1);
    let applications: usize = args
        .next()
        .map_or(Ok(20_000), |s| s.parse())
        .map_err(|e| format!("APPLICATIONS: {e}"))?;
    let tmp = std::env::temp_dir().join(format!("degree-{name}-{}.db", std::process::id()));
    let url = args
        .next()
        .unwrap_or_else(|| format!("sqlite://{}", tmp.display()));
    Ok((applications, url, tmp))
}

/// Remove a throwaway SQLite database with its WAL files.
pub fn remove_sqlite(file: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
}

/// What a benchmark needs to address the seeded data.
pub struct Seeded {
    pub batch: BatchId,
    pub units: Vec<UnitId>,
    /// A 研究生院学位办 account: reads every list and dossier.
    pub office: UserId,
    /// Every application, in id order.
    pub applications: Vec<ApplicationId>,
    /// Student accounts whose dossier is still open for filling, spread over
    /// the units: (user, their application).
    pub writers: Vec<(UserId, ApplicationId)>,
    /// How many units the writers are of.
    pub writer_units: usize,
    pub total_students: usize,
}

/// Seed `applications` applications (and a tenth more students who do not
/// apply, so both roster filters have rows), `writers` student accounts
/// and 300 finished sync runs, in one transaction.
pub fn seed(conn: &mut DbConn, applications: usize, writers: usize) -> Result<Seeded, ApiError> {
    let per_unit = applications.div_ceil(UNITS);
    let population = Population {
        seed: 7,
        units: UNITS,
        students_per_unit: per_unit + per_unit / 10,
    };
    db::transaction(conn, |conn| {
        let mut units = Vec::new();
        for u in 0..UNITS {
            let Some(unit) = population.unit(u) else {
                continue;
            };
            let id = db::units::insert_unit(conn, &unit.code, &unit.name, "所长")?;
            units.push(id);
            let records: Vec<_> = (0..population.students_per_unit)
                .map(|serial| population.record(u, serial))
                .collect();
            for record in &records {
                db::students::insert_from_record(conn, id, record)?;
            }
        }
        let batch = db::batches::insert_open(conn, &crate::demo::batch())?;
        let mut applying = Vec::new();
        for id in &units {
            applying.extend(
                db::students::targets_of_unit(conn, *id)?
                    .into_iter()
                    .take(per_unit)
                    .map(|t| (t.id, t.unit_id, t.student_no)),
            );
        }
        let pairs: Vec<(StudentId, UnitId)> = applying.iter().map(|(s, u, _)| (*s, *u)).collect();
        db::applications::open_filing_bulk(conn, batch.id, &pairs)?;
        // A realistic mix: a third confirmed, half of those reviewed.
        use diesel::RunQueryDsl as _;
        diesel::sql_query(
            "UPDATE applications SET stage = CASE WHEN id % 6 = 0 THEN 'reviewed' \
             WHEN id % 3 = 0 THEN 'confirmed' ELSE stage END",
        )
        .execute(conn)?;
        let office = db::users::insert(conn, &db::users::NewUser::new("bench", "bench", None))?;
        db::users::add_grant(
            conn,
            office,
            RoleGrant {
                role: Role::DegreeOffice,
                scope: GrantScope::Global,
            },
        )?;
        use crate::db::schema::applications as a;
        use diesel::prelude::*;
        let apps: Vec<(i64, i64, i64, String)> = a::table
            .filter(a::batch_id.eq(batch.id.0))
            .order(a::id)
            .select((a::id, a::student_id, a::unit_id, a::stage))
            .load(conn)?;
        // Writers: students still filling, taken round-robin over the units.
        let mut open: Vec<Vec<(StudentId, ApplicationId)>> = vec![Vec::new(); units.len()];
        for (id, student, unit, stage) in &apps {
            if stage == Stage::Filing.stage() {
                if let Some(i) = units.iter().position(|u| u.0 == *unit) {
                    open[i].push((StudentId(*student), ApplicationId(*id)));
                }
            }
        }
        let writer_units = open.iter().filter(|u| !u.is_empty()).count().min(writers);
        let mut chosen = Vec::new();
        'pick: for round in 0.. {
            let mut any = false;
            for unit in &open {
                if let Some(pick) = unit.get(round) {
                    any = true;
                    chosen.push(*pick);
                    if chosen.len() == writers {
                        break 'pick;
                    }
                }
            }
            if !any {
                break;
            }
        }
        let numbers: std::collections::HashMap<StudentId, String> =
            applying.iter().map(|(s, _, no)| (*s, no.clone())).collect();
        let accounts: Vec<(StudentId, &str, &str)> = chosen
            .iter()
            .filter_map(|(s, _)| numbers.get(s).map(|no| (*s, no.as_str(), "考生")))
            .collect();
        db::users::insert_student_accounts(conn, &accounts)?;
        let mut writer_accounts = Vec::new();
        for (student, app) in &chosen {
            let Some(no) = numbers.get(student) else {
                continue;
            };
            if let Some(user) = db::users::find_by_username(conn, no)? {
                writer_accounts.push((UserId(user.id), *app));
            }
        }
        for i in 0..300 {
            let unit = units.get(i % units.len()).copied();
            let run = sync_runs::insert(
                conn,
                &sync_runs::NewRun {
                    kind: SyncKind::Unit,
                    trigger: SyncTrigger::Manual,
                    systems: &SourceSystem::ALL,
                    started_by: Some(office.0),
                    started_by_name: "bench",
                    unit_id: unit,
                    student_id: None,
                },
            )?;
            sync_runs::update(
                conn,
                run,
                &sync_runs::Progress {
                    total: per_unit as i32,
                    succeeded: per_unit as i32,
                    failures: &[],
                    status: SyncStatus::Succeeded,
                },
            )?;
        }
        db::refresh_statistics(conn)?;
        Ok(Seeded {
            batch: batch.id,
            units,
            office,
            applications: apps.iter().map(|(id, ..)| ApplicationId(*id)).collect(),
            writers: writer_accounts,
            writer_units,
            total_students: population.total(),
        })
    })
}

/// `met` or `MISSED`: a measured time against its target.
pub fn verdict(ms: f64, target: f64) -> &'static str {
    if ms <= target {
        "met"
    } else {
        "MISSED"
    }
}

/// The exit of a benchmark: a missed target is a figure to read, not a
/// failed run; an error is.
pub fn exit(outcome: Result<usize, String>) -> std::process::ExitCode {
    match outcome {
        Ok(0) => std::process::ExitCode::SUCCESS,
        Ok(missed) => {
            eprintln!("{missed} target(s) missed");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("benchmark failed: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The server's own time of a response (its `Server-Timing` header), in ms.
pub fn server_ms(resp: &reqwest::Response) -> Result<f64, String> {
    resp.headers()
        .get("server-timing")
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.split("dur=").nth(1))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .ok_or_else(|| "no Server-Timing header".to_owned())
}
