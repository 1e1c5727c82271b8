//! 学位信息核查, 封网 and the 纸质修改申请 (SPEC §2.7): the 核查 list, what a
//! reviewer reads beside a dossier, the 核查意见, and the correction
//! requests with their scans. The logic is `crate::verification`'s.

pub mod corrections;
pub mod flags;
pub mod list;
