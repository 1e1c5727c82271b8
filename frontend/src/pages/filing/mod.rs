//! 填报 for the training unit (SPEC §2.2–2.4): 全部学生列表 (open filing),
//! 申请学位学生 (review, bulk steps) and one application's dossier.

pub mod application_detail;
pub mod applications;
pub mod roster;
