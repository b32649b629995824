//! The committed `cfn_ref.json` must be exactly what the generator makes from the pinned
//! cfn-lint wheel. CI downloads it into `target/cfn-lint/` (see `.ci/run`); elsewhere set
//! `POLGEN_CFN_LINT_WHEEL`. Without the wheel the test says so and passes.

use std::path::PathBuf;

use polgen_dev::update_catalog::workspace_root;
use polgen_dev::update_cfn_ref::{self, PINNED_CFN_LINT_VERSION, pinned_wheel_name};

fn wheel() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("POLGEN_CFN_LINT_WHEEL") {
        return Some(PathBuf::from(path));
    }
    let path = workspace_root()
        .join("target")
        .join("cfn-lint")
        .join(pinned_wheel_name());
    path.exists().then_some(path)
}

#[test]
fn committed_ref_table_matches_the_pinned_cfn_lint_wheel() {
    let Some(wheel) = wheel() else {
        eprintln!(
            "skipped: no cfn-lint wheel; run `python3 -m pip download --no-deps -d target/cfn-lint cfn-lint=={PINNED_CFN_LINT_VERSION}`"
        );
        return;
    };
    if let Err(drift) = update_cfn_ref::run(&wheel, &update_cfn_ref::default_file(), true) {
        panic!("{drift}");
    }
}

#[test]
fn drift_is_detected() {
    let Some(wheel) = wheel() else {
        eprintln!("skipped: no cfn-lint wheel");
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let file = tmp.path().join("cfn_ref.json");
    let committed = std::fs::read_to_string(update_cfn_ref::default_file()).expect("committed");
    std::fs::write(&file, committed.replacen("QueueUrl", "QueueArn", 1)).expect("write");
    let err = update_cfn_ref::run(&wheel, &file, true).expect_err("drift");
    assert!(err.contains("update-cfn-ref"), "{err}");
}
