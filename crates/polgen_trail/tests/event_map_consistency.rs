//! The committed event map (`data/event_map.tsv`) against the embedded catalog: every service
//! prefix and every action it names exists, so a catalog update cannot leave the map pointing
//! at nothing. (Drift from the map's own sources is checked by polgen_dev's test.)

use polgen_catalog::Catalog;
use polgen_trail::map::TABLE;

#[test]
fn every_prefix_and_action_exists() {
    let catalog = Catalog::get();
    let (mut sources, mut actions, mut free) = (0, 0, 0);
    for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        match cols.as_slice() {
            ["source", source, prefix] => {
                assert!(source.ends_with(".amazonaws.com"), "{line}");
                assert!(catalog.has_service(prefix), "unknown prefix: {line}");
                sources += 1;
            }
            ["action", _, _, primary, inferred] => {
                assert!(catalog.action(primary).is_some(), "unknown action: {line}");
                for a in inferred.split(',').filter(|a| *a != "-") {
                    assert!(
                        catalog.action(a).is_some(),
                        "unknown inferred action: {line}"
                    );
                }
                actions += 1;
            }
            ["free", _, _] => free += 1,
            _ => panic!("malformed line: {line:?}"),
        }
    }
    assert!(sources > 300, "{sources} sources");
    assert!(actions > 500, "{actions} action exceptions");
    assert!(free >= 3, "{free} permission-free calls");
    let header = TABLE.lines().nth(1).unwrap_or_default();
    assert!(header.contains("botocore 1.44.5"), "{header}");
}
