//! Refreshing a unit's student list (全部学生列表) from student records:
//! known students are updated like any sync, new ones are added with a
//! student account each.

use super::contract::{SourceSystem, StudentRecord};
use super::run::{ensure_sync_allowed, save_progress, ChunkOutcome, Job, Tally, WRITE_CHUNK};
use super::validate::{accept, student_no_of, Raw};
use crate::db::synced_columns::SyncedData;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::web;
use shared::error::ErrorCode;
use shared::ids::{StudentId, UnitId};
use std::collections::HashMap;

/// Refresh a unit's full student list (全部学生列表) from student records:
/// new students are added (with a student account), known ones updated.
pub(super) async fn refresh(
    state: &web::Data<AppState>,
    run_id: i64,
    job: &Job,
    tally: &mut Tally,
) -> Result<(), ApiError> {
    let upstream = state.upstream()?.clone();
    let unit_id = job.unit_id.ok_or_else(ApiError::not_found)?;
    let code = state
        .db(move |conn| Ok(db::units::code_of(conn, unit_id)?))
        .await?
        .ok_or_else(ApiError::not_found)?;
    let records = upstream
        .unit_all::<Raw>(SourceSystem::Records, &code)
        .await
        .map_err(|e| ApiError::with_message(ErrorCode::Unavailable, e.to_string()))?;
    tally.total = records.len() as i32;
    save_progress(state, run_id, tally, false).await;
    for chunk in records.chunks(WRITE_CHUNK) {
        let chunk = chunk.to_vec();
        let outcome = state
            .tx(move |conn| {
                ensure_sync_allowed(conn)?;
                let mut results: ChunkOutcome = Vec::new();
                let mut fetched = Vec::new();
                for value in chunk {
                    let no = student_no_of(&value);
                    let mut data = SyncedData::default();
                    match accept(&mut data, SourceSystem::Records, &value, &no) {
                        Ok(()) => fetched.push((no, data)),
                        Err(reason) => {
                            results.push((no, Err((Some(SourceSystem::Records), reason))))
                        }
                    }
                }
                results.extend(upsert_students(conn, unit_id, fetched)?);
                Ok(results)
            })
            .await?;
        tally.record(outcome);
        save_progress(state, run_id, tally, false).await;
    }
    Ok(())
}

/// Write a chunk of a unit's student list: known students updated, new
/// ones added with a student account each. A student whose write fails is
/// left untouched and named; the others go on.
fn upsert_students(
    conn: &mut DbConn,
    unit_id: UnitId,
    fetched: Vec<(String, SyncedData)>,
) -> Result<ChunkOutcome, ApiError> {
    let write_failed = |no: &str, e: &diesel::result::Error| {
        tracing::error!(student = %no, error = %e, "roster write");
        Err((Some(SourceSystem::Records), "写入数据库失败".to_owned()))
    };
    let numbers: Vec<&str> = fetched.iter().map(|(no, _)| no.as_str()).collect();
    let known = db::students::ids_by_no(conn, &numbers)?;
    let (old, new): (Vec<_>, Vec<_>) = fetched.iter().partition(|(no, _)| known.contains_key(no));
    let mut results = Vec::with_capacity(fetched.len());

    let items: Vec<(StudentId, &SyncedData)> = old
        .iter()
        .filter_map(|(no, data)| Some((*known.get(no)?, data)))
        .collect();
    let failed = db::synced::apply_synced_many(conn, &items)?;
    for (no, _) in &old {
        let error = known
            .get(no)
            .and_then(|id| failed.iter().find(|(f, _)| f == id));
        results.push((
            no.clone(),
            match error {
                Some((_, e)) => write_failed(no, e),
                None => Ok(()),
            },
        ));
    }

    // New students all at once; should that fail, one by one, so that only
    // the one at fault fails.
    let records: Vec<&StudentRecord> = new.iter().filter_map(|(_, d)| d.records.as_ref()).collect();
    if db::transaction(conn, |conn| add_students(conn, unit_id, &records)).is_ok() {
        results.extend(new.iter().map(|(no, _)| (no.clone(), Ok(()))));
    } else {
        for record in records {
            let one = db::transaction(conn, |conn| add_students(conn, unit_id, &[record]));
            results.push((
                record.student_no.clone(),
                one.or_else(|e| write_failed(&record.student_no, &e)),
            ));
        }
    }
    Ok(results)
}

/// New students from the records system, each with a student account.
fn add_students(
    conn: &mut DbConn,
    unit_id: UnitId,
    records: &[&StudentRecord],
) -> Result<(), diesel::result::Error> {
    let ids = db::students::insert_from_records(conn, unit_id, records)?;
    let names: HashMap<&str, &str> = records
        .iter()
        .map(|r| (r.student_no.as_str(), r.name.as_str()))
        .collect();
    let accounts: Vec<(StudentId, &str, &str)> = ids
        .iter()
        .map(|(id, no)| {
            (
                *id,
                no.as_str(),
                names.get(no.as_str()).copied().unwrap_or(no),
            )
        })
        .collect();
    db::users::insert_student_accounts(conn, &accounts)
}
