//! Parsed value types: a value of these types is valid by construction.

mod id_number;
mod student_kind;

pub use id_number::{IdNumber, IdNumberError};
pub use student_kind::{DegreeLevel, StudentKind};
