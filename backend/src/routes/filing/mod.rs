//! Filing and unit review (SPEC §2.2–2.4): 全部学生列表 and 申请学位, 申请学位学生
//! and 已审核, the dossier with its photo, 信息确认, and the field history.
//! One endpoint per file; the rules are `shared::workflow`'s, the server's
//! side of them is `crate::workflow`.

pub mod dossier;
pub mod history;
pub mod list;
pub mod photo;
pub mod roster;
pub mod save;
pub mod steps;

pub use super::MAX_BULK;
