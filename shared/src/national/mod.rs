//! The national formats (NATIONAL.md): the 学位证书编号 rule, the code tables
//! and discipline catalogue the report is checked against, and the
//! validation of the 学位授予信息 report, record by record and field by field.
//! The tables themselves are data files the server loads; here they are
//! only types.

pub mod certificate;
pub mod codes;
pub mod report;
