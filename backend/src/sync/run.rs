//! A sync run: what it is asked to do, and its record while it goes on.

use super::contract::SourceSystem;
use crate::db::{self, sync_runs, DbConn};
use crate::error::ApiError;
use crate::state::AppState;
use shared::authz::Actor;
use shared::dto::sync::{SyncFailure, SyncKind, SyncStatus, SyncTrigger};
use shared::error::ErrorCode;
use shared::ids::{StudentId, UnitId};

/// What to sync, and who asked.
#[derive(Debug, Clone)]
pub struct Job {
    pub kind: SyncKind,
    pub trigger: SyncTrigger,
    pub systems: Vec<SourceSystem>,
    pub actor: Option<Actor>,
    pub unit_id: Option<UnitId>,
    /// For [`SyncKind::Student`]: the students to sync (one, or the
    /// students whose filing was just opened).
    pub students: Vec<StudentId>,
}

/// Students written per transaction (each in its own savepoint).
pub const WRITE_CHUNK: usize = 1000;

/// Refuse any sync once the current batch is sealed (封网).
pub fn ensure_sync_allowed(conn: &mut DbConn) -> Result<(), ApiError> {
    match db::batches::active(conn)? {
        Some(b) if !b.phase.sync_allowed() => Err(ApiError::new(ErrorCode::SyncSealed)),
        _ => Ok(()),
    }
}

/// What became of each student of a written chunk, by 学号.
pub type ChunkOutcome = Vec<(String, Result<(), (Option<SourceSystem>, String)>)>;

/// The counters of a run in progress.
pub struct Tally {
    pub total: i32,
    pub succeeded: i32,
    pub failures: Vec<SyncFailure>,
}

impl Tally {
    pub fn fail(&mut self, student_no: &str, system: Option<SourceSystem>, reason: String) {
        self.failures.push(SyncFailure {
            student_no: student_no.to_owned(),
            system,
            reason,
        });
    }

    pub fn record(&mut self, outcome: ChunkOutcome) {
        for (student_no, result) in outcome {
            match result {
                Ok(()) => self.succeeded += 1,
                Err((system, reason)) => self.fail(&student_no, system, reason),
            }
        }
    }

    pub fn status(&self, finished: bool) -> SyncStatus {
        if !finished {
            SyncStatus::Running
        } else if self.failures.is_empty() {
            SyncStatus::Succeeded
        } else if self.succeeded == 0 {
            SyncStatus::Failed
        } else {
            SyncStatus::Partial
        }
    }
}

pub async fn save_progress(state: &AppState, run_id: i64, tally: &Tally, finished: bool) {
    let total = tally.total;
    let succeeded = tally.succeeded;
    let failures = tally.failures.clone();
    let status = tally.status(finished);
    // A write: it queues with the other SQLite writers like every write.
    let saved = state
        .tx(move |conn| {
            Ok(sync_runs::update(
                conn,
                run_id,
                &sync_runs::Progress {
                    total,
                    succeeded,
                    failures: &failures,
                    status,
                },
            )?)
        })
        .await;
    if let Err(e) = saved {
        tracing::error!(run_id, error = %e, "cannot record sync progress");
    }
}
