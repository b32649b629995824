//! Rule implementations, one file per rule, grouped by dialect and category.

pub mod aws;
pub mod vault;
pub mod iac;
