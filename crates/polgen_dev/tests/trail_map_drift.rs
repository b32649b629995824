//! The committed CloudTrail event map must be what `update-trail-map` makes from its sources.
//! Needs the botocore wheel, which is not in the repository: set `POLGEN_BOTOCORE_WHEEL` to
//! the file from `pip download --no-deps botocore==<version in the table header>`; without it the
//! test says so and passes (polgen_trail's `event_map_consistency` test still checks the table
//! against the catalog).

use std::path::PathBuf;

use polgen_dev::update_trail_map::{self, default_map_path, default_table_path};

#[test]
fn event_map_has_not_drifted() {
    let Some(wheel) = std::env::var_os("POLGEN_BOTOCORE_WHEEL").map(PathBuf::from) else {
        eprintln!("skipping: POLGEN_BOTOCORE_WHEEL is not set");
        return;
    };
    let map = default_map_path();
    if !map.is_file() {
        eprintln!("skipping: {} is absent", map.display());
        return;
    }
    if let Err(drift) = update_trail_map::run(&wheel, &map, &default_table_path(), true) {
        panic!("{drift}");
    }
}
