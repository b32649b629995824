//! The services whose actions resource control policies (AWS Organizations RCPs) apply to.
//!
//! No machine-readable source publishes the list: `data/rcp_services.json` copies the prefixes
//! of the AWS Organizations User Guide's "List of AWS services that support RCPs" (its
//! `source` field says where and when); a test checks that each one is a service of the catalog,
//! so a typo or a renamed service cannot hide.

use std::sync::OnceLock;

use serde::Deserialize;

static RCP_SERVICES_JSON: &str = include_str!("../data/rcp_services.json");

#[derive(Debug, Default, Deserialize)]
struct RcpServices {
    source: String,
    services: Vec<String>,
}

fn table() -> &'static RcpServices {
    static DATA: OnceLock<RcpServices> = OnceLock::new();
    DATA.get_or_init(|| serde_json::from_str(RCP_SERVICES_JSON).unwrap_or_default())
}

/// Whether RCPs apply to the actions of the service `prefix` (case-insensitive).
pub fn supports_rcp(prefix: &str) -> bool {
    table()
        .services
        .iter()
        .any(|s| s.eq_ignore_ascii_case(prefix))
}

/// Every service RCPs apply to, sorted.
pub fn rcp_services() -> impl Iterator<Item = &'static str> {
    table().services.iter().map(String::as_str)
}

/// Where the list comes from.
pub fn rcp_source() -> &'static str {
    &table().source
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Catalog;

    #[test]
    fn every_rcp_service_is_a_catalog_service() {
        assert!(rcp_services().count() > 50);
        assert!(rcp_source().contains("docs.aws.amazon.com"));
        let catalog = Catalog::get();
        let unknown: Vec<&str> = rcp_services().filter(|s| !catalog.has_service(s)).collect();
        assert!(unknown.is_empty(), "not in the catalog: {unknown:?}");
        assert!(supports_rcp("S3") && supports_rcp("sts") && !supports_rcp("ec2"));
    }
}
