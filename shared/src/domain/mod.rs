//! Parsed value types: a value of these types is valid by construction.

mod id_number;
pub mod password;
mod source_system;
mod student_kind;

pub use id_number::{IdNumber, IdNumberError};
pub use source_system::SourceSystem;
pub use student_kind::{DegreeLevel, StudentKind};
