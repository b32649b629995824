//! Scale tests of the whole binary with generated input, at sizes that run in seconds in a
//! debug build: many files in a folder, a trail file of many events, a huge unknown name in
//! polgen.toml. Results only; time and memory at full size are measured by bench/scale.sh.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn polgen() -> Command {
    Command::cargo_bin("polgen").expect("binary")
}

#[test]
fn thousands_of_files_in_a_folder_are_all_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files: usize = 3_000;
    for i in 0..files {
        let sub = dir.path().join(format!("team-{}", i % 30));
        fs::create_dir_all(&sub).expect("mkdir");
        // Every 3rd policy repeats a Sid: one finding each.
        let second = if i.is_multiple_of(3) { "A" } else { "B" };
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b-{i}/*"}},{{"Sid":"{second}","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::b-{i}/*"}}]}}"#
        );
        fs::write(sub.join(format!("policy-{i}.json")), text).expect("write");
    }
    let out = polgen()
        .args([
            "lint",
            "--no-config",
            "--format",
            "json",
            "--select",
            "duplicate-sid",
        ])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json report");
    let findings = report["findings"].as_array().expect("findings");
    let duplicates = findings
        .iter()
        .filter(|f| f["rule"] == "duplicate-sid")
        .count();
    assert_eq!(duplicates, files / 3);
    assert_eq!(report["summary"]["files"], files);
}

#[test]
fn a_trail_file_of_many_events_gives_the_policy_of_all_of_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let events = 20_000;
    let record = |i: usize| {
        let (name, key) = if i.is_multiple_of(2) {
            ("GetObject", "in")
        } else {
            ("PutObject", "out")
        };
        format!(
            r#"{{"eventVersion":"1.09","userIdentity":{{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/app/s","accountId":"111122223333","sessionContext":{{"sessionIssuer":{{"type":"Role","arn":"arn:aws:iam::111122223333:role/app","accountId":"111122223333","userName":"app"}}}}}},"eventTime":"2024-05-01T10:{:02}:{:02}Z","eventSource":"s3.amazonaws.com","eventName":"{name}","awsRegion":"eu-west-1","requestParameters":{{"bucketName":"app-data","key":"{key}/{i}.csv"}},"eventID":"{i:08}-0000-0000-0000-000000000000","readOnly":{},"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333"}}"#,
            (i / 60) % 60,
            i % 60,
            name == "GetObject"
        )
    };
    let records: Vec<String> = (0..events).map(record).collect();
    let path = dir.path().join("trail.json");
    fs::write(&path, format!("{{\"Records\":[{}]}}", records.join(",\n"))).expect("write");
    let out = polgen()
        .args([
            "suggest",
            "--role",
            "arn:aws:iam::111122223333:role/app",
            "--cloudtrail",
        ])
        .arg(&path)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!("matched   {events} events")),
        "{stderr}"
    );
    let policy: serde_json::Value = serde_json::from_slice(&out.stdout).expect("policy");
    let text = policy.to_string();
    for wanted in [
        "s3:GetObject",
        "s3:PutObject",
        "arn:aws:s3:::app-data/in/*",
        "arn:aws:s3:::app-data/out/*",
    ] {
        assert!(text.contains(wanted), "{wanted} in {text}");
    }
}

#[test]
fn a_huge_unknown_rule_id_is_quoted_cut() {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "x".repeat(4_000_000);
    let config = dir.path().join("polgen.toml");
    fs::write(
        &config,
        format!("select = [\"{name}\"]\n[severity]\n{name} = \"error\"\n"),
    )
    .expect("write");
    let policy = dir.path().join("p.json");
    fs::write(&policy, r#"{"Version":"2012-10-17","Statement":[]}"#).expect("write");
    let out = polgen()
        .arg("lint")
        .arg("--config")
        .arg(&config)
        .arg(&policy)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let shown = format!("`{}... (4000000 bytes)`", "x".repeat(80));
    assert_eq!(
        stderr.matches(&shown).count(),
        2,
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(stderr.len() < 2_000, "{} bytes of errors", stderr.len());
    assert!(Path::new(&config).exists());
}
