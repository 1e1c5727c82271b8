//! Display formats shared by the pages.

use chrono::{DateTime, FixedOffset, Utc};

/// A timestamp in Beijing time, the university's.
pub fn beijing(t: &DateTime<Utc>, seconds: bool) -> String {
    let fmt = if seconds {
        "%Y-%m-%d %H:%M:%S"
    } else {
        "%Y-%m-%d %H:%M"
    };
    match FixedOffset::east_opt(8 * 3600) {
        Some(tz) => t.with_timezone(&tz).format(fmt).to_string(),
        None => t.format(fmt).to_string(),
    }
}
