//! 学科群分会 and 学科群分会评审 (SPEC §2.8): a discipline group's endpoints
//! of the committee machinery (`crate::committee`).

pub mod committee;
pub mod review;
