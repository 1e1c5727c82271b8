use crate::error::FieldError;
use crate::ids::BatchId;
use crate::workflow::BatchPhase;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Season {
    Winter,
    Summer,
}

impl Season {
    pub fn as_str(self) -> &'static str {
        match self {
            Season::Winter => "winter",
            Season::Summer => "summer",
        }
    }

    pub fn parse(s: &str) -> Option<Season> {
        match s {
            "winter" => Some(Season::Winter),
            "summer" => Some(Season::Summer),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Season::Winter => "冬季",
            Season::Summer => "夏季",
        }
    }
}

/// A review batch (评审批次).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Batch {
    pub id: BatchId,
    /// e.g. `2026年冬季`.
    pub name: String,
    pub season: Season,
    pub year: i32,
    /// 学位大会召开时间.
    pub congress_date: NaiveDate,
    pub phase: BatchPhase,
    /// Optimistic-concurrency version; send it back when changing the batch.
    pub version: i32,
    pub opened_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// The batch that is not completed, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrentBatch {
    pub batch: Option<Batch>,
}

/// Open a new batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewBatch {
    /// Not blank, at most 50 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 50, pattern = r"[^\s\u0085]")
    )]
    pub name: String,
    pub season: Season,
    #[cfg_attr(feature = "openapi", schema(minimum = 2000, maximum = 2100))]
    pub year: i32,
    /// In `year` or the year after.
    pub congress_date: NaiveDate,
}

pub const BATCH_NAME_MAX: usize = 50;

impl NewBatch {
    /// The suggested name, e.g. `2026年冬季`.
    pub fn default_name(year: i32, season: Season) -> String {
        format!("{year}年{}", season.label())
    }

    /// Every failing field at once (the same rules in the UI and the server).
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(FieldError::new("name", "required", "请填写批次名称"));
        } else if name.chars().count() > BATCH_NAME_MAX {
            errors.push(FieldError::new(
                "name",
                "too_long",
                format!("批次名称不能超过 {BATCH_NAME_MAX} 个字"),
            ));
        }
        if !(2000..=2100).contains(&self.year) {
            errors.push(FieldError::new(
                "year",
                "out_of_range",
                "年份应在 2000 至 2100 之间",
            ));
        }
        let congress_year = self.congress_date.year();
        if congress_year < self.year || congress_year > self.year.saturating_add(1) {
            errors.push(FieldError::new(
                "congress_date",
                "out_of_range",
                "学位大会召开时间应在批次年份或次年",
            ));
        }
        errors
    }
}

/// Move a batch to its next phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AdvanceBatch {
    /// The phase to move to; must be the next one.
    pub to: BatchPhase,
    /// The version the user saw; a stale one is refused with `stale_version`.
    pub version: i32,
}

/// Which batch a read is about: an earlier (completed) one, to browse it,
/// or the current one by default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct BatchSelect {
    pub batch_id: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_reports_every_field() {
        let b = NewBatch {
            name: " ".into(),
            season: Season::Winter,
            year: 1999,
            congress_date: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap_or_default(),
        };
        let fields: Vec<_> = b.validate().into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["name", "year", "congress_date"]);
    }

    #[test]
    fn extreme_years_are_refused_without_overflow() {
        let b = NewBatch {
            name: "x".into(),
            season: Season::Summer,
            year: i32::MAX,
            congress_date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
        };
        let fields: Vec<_> = b.validate().into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["year", "congress_date"]);
    }
}
