//! The sync engine: fetch from the campus systems with bounded concurrency,
//! validate, and write each student's synced fields in its own
//! (sub)transaction. A failure for one student changes nothing for that
//! student and is recorded; the others go on.

pub use super::run::{ensure_sync_allowed, Job};

use super::connector::Upstream;
use super::contract::SourceSystem;
use super::run::{save_progress, ChunkOutcome, Tally, WRITE_CHUNK};
use super::validate::{accept, student_no_of, Raw};
use crate::db::students::SyncTarget;
use crate::db::synced_columns::SyncedData;
use crate::db::{self, audit::Change, sync_runs};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::web;
use futures_util::stream::{self, StreamExt};
use shared::authz::Actor;
use shared::dto::sync::{SyncKind, SyncRun, SyncTrigger};
use shared::ids::{StudentId, UnitId};
use std::collections::HashMap;

/// Units fetched in parallel; per unit the four systems are fetched in parallel too.
const UNIT_CONCURRENCY: usize = 4;
/// Groups of at most this many students are fetched one by one instead of by unit page.
const SMALL_GROUP: usize = 3;
/// Record the run and start it in the background; returns the new run.
pub async fn start(state: web::Data<AppState>, job: Job) -> Result<SyncRun, ApiError> {
    let run_id = create_run(&state, &job).await?;
    let task_state = state.clone();
    tokio::spawn(async move {
        execute(task_state, run_id, job).await;
    });
    state
        .db(move |conn| sync_runs::find(conn, run_id)?.ok_or_else(ApiError::not_found))
        .await
}

/// Record the run and carry it out; returns the finished run.
pub async fn run(state: web::Data<AppState>, job: Job) -> Result<SyncRun, ApiError> {
    let run_id = create_run(&state, &job).await?;
    execute(state.clone(), run_id, job).await;
    state
        .db(move |conn| sync_runs::find(conn, run_id)?.ok_or_else(ApiError::not_found))
        .await
}

async fn create_run(state: &AppState, job: &Job) -> Result<i64, ApiError> {
    // Refuse before recording a run when nothing could be fetched.
    state.upstream()?;
    let job = job.clone();
    state
        .tx(move |conn| {
            ensure_sync_allowed(conn)?;
            let id = sync_runs::insert(
                conn,
                &sync_runs::NewRun {
                    kind: job.kind,
                    trigger: job.trigger,
                    systems: &job.systems,
                    started_by: job.actor.as_ref().map(|a| a.user_id.0),
                    started_by_name: job
                        .actor
                        .as_ref()
                        .map_or("系统", |a| a.display_name.as_str()),
                    unit_id: job.unit_id,
                    student_id: match job.students.as_slice() {
                        [one] => Some(*one),
                        _ => None,
                    },
                },
            )?;
            Ok(id)
        })
        .await
}

/// A run of this many students refreshes the planner statistics.
const STATISTICS_AFTER: i32 = 100;

async fn execute(state: web::Data<AppState>, run_id: i64, job: Job) {
    let mut tally = Tally {
        total: 0,
        succeeded: 0,
        failures: Vec::new(),
    };
    let outcome = match job.kind {
        SyncKind::Roster => super::roster::refresh(&state, run_id, &job, &mut tally).await,
        _ => students(&state, run_id, &job, &mut tally).await,
    };
    if let Err(e) = outcome {
        tally.fail("—", None, e.body.message.clone());
    }
    save_progress(&state, run_id, &tally, true).await;
    // Many rows may be new (a unit's first sync, the nightly run): keep the
    // planner's statistics true, so the lists stay on their indexes.
    if tally.total >= STATISTICS_AFTER {
        if let Err(e) = state.db(|conn| Ok(db::refresh_statistics(conn)?)).await {
            tracing::warn!(run_id, error = %e, "cannot refresh the planner statistics");
        }
    }
    let actor = job.actor.clone();
    let summary = serde_json::json!({
        "kind": job.kind, "trigger": job.trigger, "total": tally.total,
        "succeeded": tally.succeeded, "failed": tally.failures.len(),
    });
    let audited = state
        .tx(move |conn| {
            Ok(db::audit::record(
                conn,
                Change {
                    actor: actor.as_ref(),
                    entity: "sync_run",
                    entity_id: Some(run_id),
                    action: "sync",
                    before: None,
                    after: Some(summary),
                },
            )?)
        })
        .await;
    if let Err(e) = audited {
        tracing::error!(run_id, error = %e, "cannot audit sync run");
    }
}

async fn targets(
    state: &AppState,
    job: &Job,
) -> Result<(Vec<SyncTarget>, HashMap<UnitId, String>), ApiError> {
    let job = job.clone();
    state
        .db(move |conn| {
            let list = match job.kind {
                SyncKind::Student => db::students::find_targets(conn, &job.students)?,
                SyncKind::Unit => db::students::targets_of_unit(
                    conn,
                    job.unit_id.ok_or_else(ApiError::not_found)?,
                )?,
                SyncKind::Applicants => match db::batches::active(conn)? {
                    Some(b) => db::students::targets_of_batch(conn, b.id)?,
                    None => Vec::new(),
                },
                SyncKind::Roster => Vec::new(),
            };
            let codes = db::units::codes(conn)?.into_iter().collect();
            Ok((list, codes))
        })
        .await
}

/// Everything fetched for one student, or the first failure.
type Fetched = Result<SyncedData, (Option<SourceSystem>, String)>;

async fn students(
    state: &web::Data<AppState>,
    run_id: i64,
    job: &Job,
    tally: &mut Tally,
) -> Result<(), ApiError> {
    let upstream = state.upstream()?.clone();
    let (list, unit_codes) = targets(state, job).await?;
    tally.total = list.len() as i32;
    save_progress(state, run_id, tally, false).await;

    let mut groups: Vec<(String, Vec<SyncTarget>)> = Vec::new();
    for t in list {
        let code = unit_codes.get(&t.unit_id).cloned().unwrap_or_default();
        match groups.iter_mut().find(|(c, _)| *c == code) {
            Some((_, v)) => v.push(t),
            None => groups.push((code, vec![t])),
        }
    }
    let systems = job.systems.clone();
    // SQLite has one writer; PostgreSQL takes several chunks at once, which
    // hides the round trips of each.
    let write_concurrency = match state.backend {
        db::Backend::Sqlite => 1,
        db::Backend::Postgres => 4,
    };
    let mut written = stream::iter(groups)
        .map(|(code, group)| {
            let upstream = upstream.clone();
            let systems = systems.clone();
            async move { fetch_group(&upstream, &systems, &code, group).await }
        })
        .buffer_unordered(UNIT_CONCURRENCY)
        // Students of several units share a write: fewer, larger transactions.
        .flat_map(stream::iter)
        .ready_chunks(WRITE_CHUNK)
        .map(|chunk| {
            let state = state.clone();
            async move { write_chunk(&state, chunk).await }
        })
        .buffer_unordered(write_concurrency);
    while let Some(outcome) = written.next().await {
        tally.record(outcome?);
        save_progress(state, run_id, tally, false).await;
    }
    Ok(())
}

async fn fetch_group(
    upstream: &Upstream,
    systems: &[SourceSystem],
    unit_code: &str,
    group: Vec<SyncTarget>,
) -> Vec<(SyncTarget, Fetched)> {
    if group.len() <= SMALL_GROUP {
        let mut out = Vec::with_capacity(group.len());
        for t in group {
            let data = fetch_one(upstream, systems, &t.student_no).await;
            out.push((t, data));
        }
        return out;
    }
    // Whole unit pages: four requests per 500 students instead of four per student.
    let pages = systems.iter().map(|system| async move {
        let page = upstream.unit_all::<Raw>(*system, unit_code).await;
        let index = page
            .map(|items| {
                items
                    .into_iter()
                    .map(|v| (student_no_of(&v), v))
                    .collect::<HashMap<_, _>>()
            })
            .map_err(|e| e.to_string());
        (*system, index)
    });
    let maps = futures_util::future::join_all(pages).await;
    group
        .into_iter()
        .map(|t| {
            let mut data = SyncedData::default();
            for (system, map) in &maps {
                let value = match map {
                    Err(reason) => return (t, Err((Some(*system), reason.clone()))),
                    Ok(m) => match m.get(&t.student_no) {
                        Some(v) => v,
                        None => {
                            return (
                                t,
                                Err((Some(*system), format!("{} 中没有该学生", system.label()))),
                            )
                        }
                    },
                };
                if let Err(reason) = accept(&mut data, *system, value, &t.student_no) {
                    return (t, Err((Some(*system), reason)));
                }
            }
            (t, Ok(data))
        })
        .collect()
}

async fn fetch_one(upstream: &Upstream, systems: &[SourceSystem], student_no: &str) -> Fetched {
    let mut data = SyncedData::default();
    let fetches = systems
        .iter()
        .map(|s| async move { (*s, upstream.student::<Raw>(*s, student_no).await) });
    for (system, result) in futures_util::future::join_all(fetches).await {
        let value = result.map_err(|e| (Some(system), e.to_string()))?;
        accept(&mut data, system, &value, student_no).map_err(|r| (Some(system), r))?;
    }
    Ok(data)
}

/// Write a chunk in one transaction (a failing student is left untouched, see
/// `apply_synced_many`). Stops the
/// whole run if the batch was sealed meanwhile.
async fn write_chunk(
    state: &AppState,
    chunk: Vec<(SyncTarget, Fetched)>,
) -> Result<ChunkOutcome, ApiError> {
    state
        .tx(move |conn| {
            ensure_sync_allowed(conn)?;
            let mut results: ChunkOutcome = Vec::with_capacity(chunk.len());
            let mut fetched = Vec::new();
            for (target, data) in chunk {
                match data {
                    Ok(data) => fetched.push((target, data)),
                    Err(e) => results.push((target.student_no, Err(e))),
                }
            }
            let items: Vec<(StudentId, &SyncedData)> =
                fetched.iter().map(|(t, d)| (t.id, d)).collect();
            let failed = db::synced::apply_synced_many(conn, &items)?;
            for (target, _) in &fetched {
                let result = match failed.iter().find(|(id, _)| *id == target.id) {
                    Some((_, e)) => {
                        tracing::error!(student = %target.student_no, error = %e, "sync write");
                        Err((None, "写入数据库失败".to_owned()))
                    }
                    None => Ok(()),
                };
                results.push((target.student_no.clone(), result));
            }
            Ok(results)
        })
        .await
}

/// The immediate sync when a unit admin opens filing (SPEC §3): student
/// records of those students, at once. One student is synced before this
/// returns (the answer is the finished run); many are synced in the
/// background (the answer is the running run, to follow for progress).
pub async fn on_filing_opened(
    state: web::Data<AppState>,
    unit_id: UnitId,
    students: Vec<StudentId>,
    actor: Option<Actor>,
) -> Result<SyncRun, ApiError> {
    let job = Job {
        kind: SyncKind::Student,
        trigger: SyncTrigger::Filing,
        systems: vec![SourceSystem::Records],
        actor,
        unit_id: Some(unit_id),
        students,
    };
    if job.students.len() == 1 {
        run(state, job).await
    } else {
        start(state, job).await
    }
}
