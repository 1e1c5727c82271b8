//! 学科群管理 and 学位终审 (SPEC §2.8–2.9): the major → group mapping and who
//! falls in none; the final review's aggregate, the 学位评定委员会's meeting,
//! the final decisions; the hearings before a refusal, for the office and
//! for the applicant (学位评定结果).

pub mod groups;
pub mod hearings;
pub mod my_decision;
pub mod overview;

use shared::workflow::{Decision, FinalDecision};

/// A committee decision's label, or a dash.
fn decision_label(d: Option<Decision>) -> &'static str {
    d.map_or("—", Decision::label)
}

/// A final decision's label, or a dash.
fn final_label(d: Option<FinalDecision>) -> &'static str {
    d.map_or("—", FinalDecision::label)
}
