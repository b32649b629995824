//! Helpers shared by rules.

pub mod actions;
pub mod conditions;
pub mod deploy;
pub mod glob;
pub mod narrowing;
pub mod satisfiable;
