//! Every real CloudTrail file of the shared corpus (`../shared/corpus/cloudtrail`, see its
//! SOURCES.md): all layouts are read, the upstream-malformed file is reported with its path and
//! position and does not stop the run, and every event lands somewhere (a call or a reason).

use std::path::PathBuf;

use polgen_trail::{Filter, LeftOut, LocalFiles, scan};

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/cloudtrail");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {} is absent", dir.display());
        None
    }
}

#[test]
fn the_whole_corpus() {
    let Some(dir) = corpus() else { return };
    let usage = scan(
        &LocalFiles::new([dir.to_string_lossy()]),
        &Filter::everyone(),
        &|_| {},
    )
    .expect("test input is valid");
    eprintln!(
        "units {} events {} matched {} calls {} left out {} bad units {} bad records {}",
        usage.units,
        usage.events,
        usage.matched.count,
        usage.calls.len(),
        usage.left_out.len(),
        usage.bad_units,
        usage.bad_records
    );
    for ((why, call), seen) in &usage.left_out {
        eprintln!("  left out: {} {call} x{}", why.describe(), seen.count);
    }
    for p in &usage.problems {
        eprintln!("  problem: {} {:?} {}", p.unit, p.place, p.message);
    }
    // 45 log files and panther's `.meta.json` (JSON, but no CloudTrail); the CSV digest is not
    // a log file by name.
    assert_eq!(usage.units, 46);
    // 938 events, as Python's json module counts them in the same files (the 3 inside the
    // malformed file are not among them); one Panther record has `resources` entries that are
    // strings (read leniently, still counted).
    assert_eq!(usage.events, 938);
    assert_eq!(usage.bad_units, 2);
    assert_eq!(usage.bad_records, 462);
    let broken = usage
        .problems
        .iter()
        .find(|p| p.unit.contains("cloudtrail2sightings"))
        .expect("test input is valid");
    assert!(broken.unit.ends_with("aws.execution.ec2-user-data.json"));
    assert!(broken.unit.contains("cloudtrail2sightings"));
    assert!(broken.place.is_none());
    assert!(broken.message.starts_with("line 112"), "{}", broken.message);
    // Every matched event is either a call or left out with a reason.
    let left: u64 = usage.left_out.values().map(|s| s.count).sum();
    let called: u64 = usage.calls.values().map(|s| s.count).sum::<u64>();
    assert!(
        called + left >= usage.matched.count,
        "{called} + {left} < {}",
        usage.matched.count
    );
    assert!(
        usage
            .left_out
            .keys()
            .any(|(why, call)| *why == LeftOut::NoPermissionNeeded
                && call == "sts.amazonaws.com GetCallerIdentity")
    );
    assert!(
        usage
            .left_out
            .keys()
            .any(|(why, call)| *why == LeftOut::NotApiCall
                && call == "signin.amazonaws.com ConsoleLogin (AwsConsoleSignIn)")
    );
    let meta = usage
        .problems
        .iter()
        .find(|p| p.unit.ends_with(".meta.json"))
        .expect("test input is valid");
    assert!(
        meta.message
            .starts_with("no CloudTrail event in 462 records"),
        "{}",
        meta.message
    );
}
