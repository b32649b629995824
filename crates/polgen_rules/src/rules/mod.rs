//! Rule implementations, one file per rule, grouped by dialect and category.

pub mod aws;
pub mod iac;
pub mod vault;
