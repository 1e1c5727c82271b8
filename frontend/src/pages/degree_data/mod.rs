//! 学位终审数据管理 (SPEC §2.10): for the office, the batch's certificate
//! numbers, the units' 学位授予通知, the national report with its
//! validation, and the public 公告; for the units, their printable notice;
//! for everyone, the published 公告 without login. A completed batch stays
//! browsable: each page picks its batch.

pub mod announcement;
pub mod manage;
pub mod notice;

pub use crate::components::batch_picker::BatchPicker;
