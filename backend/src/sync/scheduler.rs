//! The automatic sync: every day at 01:00 and 12:00 Beijing time (configurable),
//! the student-records data of every applicant of the open batch. With several
//! server instances, the first to claim a slot in the database runs it; the
//! others skip it. Times are computed in UTC+8 (China has no daylight saving),
//! so the server's own time zone never matters.

use super::engine::{self, Job};
use crate::clock::beijing;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::web;
use chrono::{DateTime, Days, NaiveTime, TimeZone, Utc};
use shared::dto::sync::{SourceSystem, SyncKind, SyncRun, SyncTrigger};

/// The clock, injectable for tests.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// Parse `01:00,12:00`.
pub fn parse_times(s: &str) -> Result<Vec<NaiveTime>, String> {
    let mut times = s
        .split(',')
        .map(|t| NaiveTime::parse_from_str(t.trim(), "%H:%M").map_err(|e| format!("{t:?}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    if times.is_empty() {
        return Err("no times".to_owned());
    }
    times.sort();
    times.dedup();
    Ok(times)
}

/// The first slot strictly after `after`.
pub fn next_slot(after: DateTime<Utc>, times: &[NaiveTime]) -> Option<DateTime<Utc>> {
    let tz = beijing();
    let local_day = after.with_timezone(&tz).date_naive();
    [local_day, local_day.checked_add_days(Days::new(1))?]
        .into_iter()
        .flat_map(|day| times.iter().map(move |t| day.and_time(*t)))
        .filter_map(|naive| tz.from_local_datetime(&naive).single())
        .map(|t| t.with_timezone(&Utc))
        .find(|t| *t > after)
}

/// The claim key of a slot, e.g. `2026-11-27T01:00+08:00`.
pub fn slot_key(slot: DateTime<Utc>) -> String {
    slot.with_timezone(&beijing())
        .format("%Y-%m-%dT%H:%M%:z")
        .to_string()
}

/// Run one slot: nothing without an open batch (sealed or later phases
/// included), nothing if another instance claimed the slot.
pub async fn run_slot(
    state: web::Data<AppState>,
    slot: DateTime<Utc>,
) -> Result<Option<SyncRun>, ApiError> {
    let key = slot_key(slot);
    let claimed = state
        .tx(move |conn| {
            let open = db::batches::active(conn)?.is_some_and(|b| b.phase.sync_allowed());
            if !open {
                return Ok(false);
            }
            Ok(db::sync_runs::claim_slot(conn, &key)?)
        })
        .await?;
    if !claimed {
        return Ok(None);
    }
    let run = engine::run(
        state,
        Job {
            kind: SyncKind::Applicants,
            trigger: SyncTrigger::Scheduled,
            systems: vec![SourceSystem::Records],
            actor: None,
            unit_id: None,
            students: Vec::new(),
        },
    )
    .await?;
    Ok(Some(run))
}

/// Sleep until each slot and run it, forever.
pub fn spawn(state: web::Data<AppState>, times: Vec<NaiveTime>, clock: impl Clock) {
    tokio::spawn(async move {
        loop {
            let now = clock.now();
            let Some(slot) = next_slot(now, &times) else {
                return;
            };
            let wait = (slot - now).to_std().unwrap_or_default();
            tokio::time::sleep(wait).await;
            match run_slot(state.clone(), slot).await {
                Ok(Some(run)) => {
                    tracing::info!(run = run.id, slot = %slot_key(slot), "scheduled sync ran")
                }
                Ok(None) => tracing::info!(slot = %slot_key(slot), "scheduled sync skipped"),
                Err(e) => {
                    tracing::warn!(slot = %slot_key(slot), error = %e, "scheduled sync failed")
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn slots_are_at_one_and_twelve_beijing_time() {
        let times = parse_times("12:00, 01:00").unwrap_or_default();
        // 00:30 Beijing → 01:00 Beijing (17:00 UTC the day before).
        assert_eq!(
            next_slot(utc("2026-11-26T16:30:00Z"), &times),
            Some(utc("2026-11-26T17:00:00Z"))
        );
        // Exactly at a slot → the next one, 12:00 Beijing.
        assert_eq!(
            next_slot(utc("2026-11-26T17:00:00Z"), &times),
            Some(utc("2026-11-27T04:00:00Z"))
        );
        // After 12:00 Beijing → 01:00 the next day.
        assert_eq!(
            next_slot(utc("2026-11-27T05:00:00Z"), &times),
            Some(utc("2026-11-27T17:00:00Z"))
        );
        assert_eq!(
            slot_key(utc("2026-11-27T04:00:00Z")),
            "2026-11-27T12:00+08:00"
        );
    }

    #[test]
    fn bad_times_are_refused() {
        assert!(parse_times("25:00").is_err());
        assert!(parse_times("").is_err());
    }
}
