//! The degree office's and administrators' pages: 评审批次, 数据同步, 审计日志;
//! 账号管理 (a unit's), 用户管理, 培养单位与学科群, 系统设置.

pub mod accounts;
pub mod audit;
pub mod batches;
pub mod settings;
pub mod sync;
pub mod units;
pub mod users;
