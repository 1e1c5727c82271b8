//! 学位信息核查 and what follows 封网 (SPEC §2.7): the 核查 list of the degree
//! office and the groups' secretariats, the 核查意见, the 纸质修改申请, and
//! the panel beside a dossier that shows a reviewer its 初审 record, flags
//! and requests.

pub mod corrections;
pub mod flags;
pub mod list;
pub mod record;

use shared::workflow::Decision;

/// A 学位初审 decision's label, or a dash.
fn decision_label(d: Option<Decision>) -> &'static str {
    d.map_or("—", Decision::label)
}
