//! The degree office's and administrators' pages: 评审批次, 数据同步, 审计日志.

pub mod audit;
pub mod batches;
pub mod sync;
