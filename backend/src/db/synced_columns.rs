//! The scalar synced columns of `students`, named once: which system fills
//! each, how it is stored, and what a fetched record writes into it. The
//! bulk write, the sync history and the dossier read all go by this list.

use crate::sync::contract::{
    AdvisorRecord, SourceSystem, StudentRecord, TrainingRecord, TranscriptRecord,
};

/// What one sync fetched for one student; `None`: that system was not asked.
#[derive(Debug, Clone, Default)]
pub struct SyncedData {
    pub records: Option<StudentRecord>,
    pub advisor: Option<AdvisorRecord>,
    pub transcript: Option<TranscriptRecord>,
    pub training: Option<TrainingRecord>,
}

impl SyncedData {
    pub fn fetched(&self, system: SourceSystem) -> bool {
        match system {
            SourceSystem::Records => self.records.is_some(),
            SourceSystem::Teachers => self.advisor.is_some(),
            SourceSystem::Courses => self.transcript.is_some(),
            SourceSystem::Training => self.training.is_some(),
        }
    }
}

/// How a synced column is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlType {
    Text,
    Date,
    Double,
}

impl SqlType {
    pub fn pg(self) -> &'static str {
        match self {
            SqlType::Text => "text",
            SqlType::Date => "date",
            SqlType::Double => "double precision",
        }
    }
}

/// A scalar synced column of `students`, named as in
/// `shared::dossier::SYNCED_FIELDS`, with the system that fills it.
#[derive(Debug, Clone, Copy)]
pub struct SyncedColumn {
    pub name: &'static str,
    pub system: SourceSystem,
    pub sql: SqlType,
}

const fn column(name: &'static str, system: SourceSystem, sql: SqlType) -> SyncedColumn {
    SyncedColumn { name, system, sql }
}

use SourceSystem::{Courses, Records, Teachers, Training};
use SqlType::{Date, Double, Text};

/// Every scalar synced column of `students`.
pub const SYNCED_COLUMNS: [SyncedColumn; 24] = [
    column("name", Records, Text),
    column("name_pinyin", Records, Text),
    column("kind", Records, Text),
    column("gender", Records, Text),
    column("birth_date", Records, Date),
    column("id_type", Records, Text),
    column("id_number", Records, Text),
    column("ethnicity", Records, Text),
    column("political_status", Records, Text),
    column("nationality", Records, Text),
    column("discipline_category", Records, Text),
    column("first_level_discipline", Records, Text),
    column("major_code", Records, Text),
    column("major_name", Records, Text),
    column("study_mode", Records, Text),
    column("entry_month", Records, Text),
    column("advisor_name", Teachers, Text),
    column("advisor_title", Teachers, Text),
    column("total_credits", Courses, Double),
    column("thesis_title", Training, Text),
    column("thesis_keywords", Training, Text),
    column("defense_date", Training, Date),
    column("defense_result", Training, Text),
    column("defense_committee", Training, Text),
];

/// A list column's stored form (a JSON array of strings).
pub fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned())
}

/// A date as stored and shown in the field history.
pub fn date_text(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The value, as text, that `data` writes into `column`: `None` when the
/// column's system was not asked (the column keeps its value), `Some(None)`
/// when the system says it has no value.
pub fn written(data: &SyncedData, column: &str) -> Option<Option<String>> {
    let text = |s: &str| Some(s.to_owned());
    Some(match column {
        "name" => text(&data.records.as_ref()?.name),
        "name_pinyin" => text(&data.records.as_ref()?.name_pinyin),
        "kind" => text(&data.records.as_ref()?.student_kind),
        "gender" => text(&data.records.as_ref()?.gender),
        "birth_date" => Some(date_text(data.records.as_ref()?.birth_date)),
        "id_type" => text(&data.records.as_ref()?.id_type),
        "id_number" => text(&data.records.as_ref()?.id_number),
        "ethnicity" => text(&data.records.as_ref()?.ethnicity),
        "political_status" => text(&data.records.as_ref()?.political_status),
        "nationality" => text(&data.records.as_ref()?.nationality),
        "discipline_category" => text(&data.records.as_ref()?.discipline_category),
        "first_level_discipline" => text(&data.records.as_ref()?.first_level_discipline),
        "major_code" => text(&data.records.as_ref()?.major_code),
        "major_name" => text(&data.records.as_ref()?.major_name),
        "study_mode" => text(&data.records.as_ref()?.study_mode),
        "entry_month" => text(&data.records.as_ref()?.entry_month),
        "advisor_name" => text(&data.advisor.as_ref()?.advisor_name),
        "advisor_title" => text(&data.advisor.as_ref()?.advisor_title),
        "total_credits" => Some(data.transcript.as_ref()?.total_credits.to_string()),
        "thesis_title" => text(&data.training.as_ref()?.thesis_title),
        "thesis_keywords" => Some(json_list(&data.training.as_ref()?.thesis_keywords)),
        "defense_date" => data
            .training
            .as_ref()?
            .defense
            .as_ref()
            .map(|d| date_text(d.date)),
        "defense_result" => data
            .training
            .as_ref()?
            .defense
            .as_ref()
            .map(|d| d.result.clone()),
        "defense_committee" => data
            .training
            .as_ref()?
            .defense
            .as_ref()
            .map(|d| json_list(&d.committee)),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use SourceSystem::Records;

    #[test]
    fn every_synced_column_is_a_synced_dossier_field_of_its_system() {
        for c in SYNCED_COLUMNS {
            assert_eq!(
                shared::dossier::synced_source(c.name),
                Some(c.system),
                "{}",
                c.name
            );
        }
    }

    #[test]
    fn a_sync_of_every_system_writes_every_column() {
        let data = SyncedData {
            records: Some(crate::simulator::data::Population::DEMO.record(0, 0)),
            advisor: None,
            transcript: None,
            training: None,
        };
        for c in SYNCED_COLUMNS {
            assert_eq!(
                written(&data, c.name).is_some(),
                c.system == Records,
                "{}",
                c.name
            );
        }
    }
}
