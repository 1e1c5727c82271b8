//! The field-history diff of a sync: the synced values before the write,
//! compared with what the sync wrote, one history row per changed value.

use super::dossier::{self, DossierRow};
use super::history::{self, Author, FieldEdit};
use super::synced_columns::{written, SyncedData, SYNCED_COLUMNS};
use super::DbConn;
use crate::sync::contract::SourceSystem;
use diesel::QueryResult;
use shared::dto::application::ChangeSource;
use shared::ids::{ApplicationId, StudentId};
use std::collections::{BTreeMap, HashMap};

/// The synced values of students before a write, as text, in
/// [`SYNCED_COLUMNS`] order.
pub type Snapshot = HashMap<StudentId, Vec<Option<String>>>;

/// The stored values, read typed and formatted in Rust, so that old and
/// new values (see [`written`]) always compare alike.
pub fn snapshot(conn: &mut DbConn, ids: &[StudentId]) -> QueryResult<Snapshot> {
    Ok(dossier::rows(conn, ids)?
        .into_iter()
        .map(|r: DossierRow| {
            let values = SYNCED_COLUMNS.iter().map(|c| r.text(c.name)).collect();
            (StudentId(r.id), values)
        })
        .collect())
}

/// A history row, by the source system, for every synced value that the
/// write of `written_to` changed from `before`.
pub fn record(
    conn: &mut DbConn,
    before: &Snapshot,
    written_to: &[(StudentId, &SyncedData)],
) -> QueryResult<()> {
    let mut by_system: BTreeMap<SourceSystem, Vec<(StudentId, Option<ApplicationId>, FieldEdit)>> =
        BTreeMap::new();
    for (id, data) in written_to {
        let Some(old_values) = before.get(id) else {
            continue;
        };
        for (column, old) in SYNCED_COLUMNS.iter().zip(old_values) {
            let Some(new) = written(data, column.name) else {
                continue;
            };
            if *old == new {
                continue;
            }
            by_system.entry(column.system).or_default().push((
                *id,
                None,
                FieldEdit {
                    field: column.name.to_owned(),
                    old_value: old.clone(),
                    new_value: new,
                },
            ));
        }
    }
    for (system, edits) in by_system {
        history::record(
            conn,
            Author {
                source: ChangeSource::Sync,
                system: Some(system),
                actor: None,
                correction: None,
            },
            &edits,
        )?;
    }
    Ok(())
}
