//! The university's clock: Beijing time (UTC+8 all year, whatever the
//! server's zone). A leaf: storage, the scheduler and the handlers use it.

use chrono::{Datelike, FixedOffset, Utc};

const BEIJING: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// Beijing time, UTC+8 all year.
pub fn beijing() -> FixedOffset {
    BEIJING
}

/// The current year in Beijing (for plausible-year checks).
pub fn this_year() -> i32 {
    Utc::now().with_timezone(&BEIJING).year()
}

/// Today in Beijing (for deadlines).
pub fn today() -> chrono::NaiveDate {
    Utc::now().with_timezone(&BEIJING).date_naive()
}
