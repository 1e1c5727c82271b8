//! The student's own pages: 学位信息 and 信息确认.

pub mod confirm;
pub mod my_record;
