//! 学位终审 (SPEC §2.9): the aggregated results, the congress's meeting,
//! the final decisions, and the hearing before a refusal.

pub mod decisions;
pub mod hearings;
