//! Hostile inputs against every reader (issue 13): each front-end crossed with deep nesting,
//! huge files, bad encodings, byte order marks, UTF-16, CRLF, special files, unreadable files,
//! gzip bombs and YAML anchors. Each case runs the real binary on real files (small ones from
//! `testdata/hostile/`, large ones generated into a temporary folder) and checks the exit code,
//! that the bad file is named (with a line:column where there is one), that a good file in the
//! same run is still reported, and that the run stayed under 500 MB.
//!
//! Peak memory is the largest resident size of the children this test process has waited for
//! (`getrusage(RUSAGE_CHILDREN)`); the cases run one after the other in one test, so after each
//! child the figure bounds that child. A child that could block (a FIFO) is killed after 20 s,
//! which fails the case.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::{Read, Write};

const LIMIT_MB: i64 = 500;

fn polgen() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_polgen"))
}

fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/hostile")
        .join(name)
}

struct Run {
    code: i32,
    out: String,
}

/// Runs polgen in `dir`, killing it after 20 s; checks its peak memory.
fn run(dir: &Path, args: &[&str], case: &str) -> Run {
    let mut child = Command::new(polgen())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "200")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("polgen starts");
    // Drain both pipes while waiting: a child writing more than a pipe holds would block.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let status = wait_timeout(&mut child, Duration::from_secs(20));
    let Some(status) = status else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("{case}: polgen did not finish in 20 s (killed)");
    };
    let output = std::process::Output {
        status,
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    };
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
        .expect("getrusage");
    // Linux reports kilobytes.
    let peak_mb = usage.max_rss() / 1024;
    assert!(
        peak_mb < LIMIT_MB,
        "{case}: peak memory {peak_mb} MB, over {LIMIT_MB} MB"
    );
    let out = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    let code = status.code().unwrap_or(-1);
    assert!(
        !out.contains("panicked") && !out.contains("overflow"),
        "{case}: {out}"
    );
    assert!((0..=2).contains(&code), "{case}: exit {code}\n{out}");
    Run { code, out }
}

fn wait_timeout(
    child: &mut std::process::Child,
    limit: Duration,
) -> Option<std::process::ExitStatus> {
    let step = Duration::from_millis(20);
    let mut waited = Duration::ZERO;
    while waited < limit {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(step);
        waited += step;
    }
    None
}

/// A policy with a finding every ruleset reports, to show the good file is still linted.
const GOOD_POLICY: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

fn folder_with_good_file() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("good.json"), GOOD_POLICY).expect("write");
    dir
}

fn assert_good_reported(case: &str, run: &Run) {
    assert!(
        run.out.contains("good.json") && run.out.contains("admin-access"),
        "{case}: the good file's finding is missing\n{}",
        run.out
    );
}

/// One bad file beside a good one in a folder: exit 2 (an unreadable file), the bad file named
/// with `expect`, the good file's findings reported.
fn lint_folder_case(case: &str, name: &str, bytes: &[u8], expect: &[&str], code: i32) {
    let dir = folder_with_good_file();
    fs::write(dir.path().join(name), bytes).expect("write");
    let run = run(dir.path(), &["lint", "."], case);
    assert_eq!(run.code, code, "{case}: exit code\n{}", run.out);
    assert!(
        run.out.contains(name),
        "{case}: {name} not named\n{}",
        run.out
    );
    for e in expect {
        assert!(run.out.contains(e), "{case}: `{e}` missing\n{}", run.out);
    }
    assert_good_reported(case, &run);
}

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

fn bom(text: &str) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend_from_slice(text.as_bytes());
    out
}

const CFN_JSON: &str = r#"{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"P":{"Type":"AWS::IAM::ManagedPolicy","Properties":{"PolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}}}}"#;
const CFN_YAML: &str = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Action: '*'\n            Resource: '*'\n";
const TF: &str = "resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{ Effect = \"Allow\", Action = \"*\", Resource = \"*\" }]\n  })\n}\n";
const VAULT: &str = "path \"secret/*\" {\n  capabilities = [\"read\"]\n}\n";
const PLAN: &str = r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_iam_policy.p","type":"aws_iam_policy","name":"p","values":{"policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}}]}}}"#;

/// Every front-end with a UTF-8 BOM, in UTF-16 LE/BE with a BOM, and with CRLF line ends, is
/// read like the plain file: the same finding.
fn encodings_are_decoded() {
    let fronts: [(&str, &str, &str); 5] = [
        ("p.json", GOOD_POLICY, "admin-access"),
        ("t.json", CFN_JSON, "admin-access"),
        ("t.yaml", CFN_YAML, "admin-access"),
        ("m.tf", TF, "admin-access"),
        ("plan.json", PLAN, "admin-access"),
    ];
    for (name, text, rule) in fronts {
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        let variants: [(&str, Vec<u8>); 4] = [
            ("BOM", bom(text)),
            ("UTF-16 LE", utf16le(text, true)),
            ("UTF-16 BE", be),
            ("CRLF", text.replace('\n', "\r\n").into_bytes()),
        ];
        for (how, bytes) in variants {
            let case = format!("{name} {how}");
            let dir = tempfile::tempdir().expect("tempdir");
            fs::write(dir.path().join(name), &bytes).expect("write");
            let run = run(dir.path(), &["lint", "."], &case);
            assert_eq!(run.code, 1, "{case}\n{}", run.out);
            assert!(run.out.contains(rule), "{case}\n{}", run.out);
            assert!(!run.out.contains("syntax-error"), "{case}\n{}", run.out);
        }
    }
    // Vault: the BOM does not become an error at 1:1.
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("v.hcl"), bom(VAULT)).expect("write");
    let r = run(dir.path(), &["lint", "v.hcl"], "vault BOM");
    assert!(!r.out.contains("syntax-error"), "vault BOM\n{}", r.out);
    // A CRLF file keeps its line and column: the finding is on line 2.
    let dir = tempfile::tempdir().expect("tempdir");
    let crlf = "{\r\n\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObjekt\",\"Resource\":\"*\"}]}\r\n";
    fs::write(dir.path().join("c.json"), crlf).expect("write");
    let r = run(
        dir.path(),
        &["lint", "c.json", "--format", "github"],
        "CRLF",
    );
    assert!(r.out.contains("line=2,"), "CRLF position\n{}", r.out);
}

/// A file with one bad byte, or in UTF-16 without a BOM, is named with a position in a folder
/// lint (it used to be skipped in silence), exit 2, and the good file is still reported.
fn bad_encodings_are_named() {
    let bad = |text: &str| {
        let mut b = text.as_bytes().to_vec();
        let at = text.find('\n').map_or(0, |i| i + 3);
        b.insert(at, 0xFF);
        b
    };
    for (name, text) in [
        ("t.yaml", CFN_YAML),
        ("m.tf", TF),
        ("plan.json", PLAN),
        ("v.hcl", VAULT),
        ("p.json", GOOD_POLICY),
    ] {
        let case = format!("{name} invalid UTF-8");
        let line_col = if text.contains('\n') { "2:3" } else { "1:1" };
        lint_folder_case(
            &case,
            name,
            &bad(text),
            &[line_col, "not UTF-8 text: invalid byte 0xFF"],
            2,
        );
        let case = format!("{name} UTF-16 without BOM");
        lint_folder_case(
            &case,
            name,
            &utf16le(text, false),
            &["looks like UTF-16 LE without a byte order mark"],
            2,
        );
    }
}

/// Deep nesting in every recursive reader is a positioned syntax error, not a stack overflow.
fn deep_nesting_is_an_error() {
    let keys = "a ".repeat(6_000);
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "chain.hcl",
            format!("path \"s\" {keys} {{}}\n"),
            "nested deeper than 64 levels",
        ),
        (
            "deep.json",
            format!(
                "{{\"Statement\": {}",
                "[".repeat(100_000) + &"]".repeat(100_000)
            ),
            "nested deeper than 256 levels",
        ),
        (
            "deep.tf",
            format!("locals {{\n  x = {}\n}}\n", "[".repeat(50_000)),
            "expected at most 64 nested levels",
        ),
        (
            "deep-paren.tf",
            format!("locals {{\n  x = {}1\n}}\n", "(".repeat(50_000)),
            "expected at most 64 nested levels",
        ),
        (
            "deep.yaml",
            format!(
                "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n",
                "[".repeat(50_000)
            ),
            // saphyr-parser's own limit, before polgen's tree builder (256) is reached.
            "recursion limit exceeded",
        ),
        (
            "deep-template.json",
            format!(
                "{{\"AWSTemplateFormatVersion\":\"2010-09-09\",\"Resources\":{}",
                "{\"a\":".repeat(50_000)
            ),
            "nested deeper than 256 levels",
        ),
        (
            "plan.json",
            format!(
                "{{\"format_version\":\"1.2\",\"planned_values\":{}",
                "[".repeat(50_000)
            ),
            "nested deeper than 256 levels",
        ),
    ];
    for (name, text, message) in cases {
        let case = format!("{name} deep");
        let dir = folder_with_good_file();
        fs::write(dir.path().join(name), &text).expect("write");
        let r = run(dir.path(), &["lint", "."], &case);
        assert!(r.out.contains(name), "{case}: not named\n{}", r.out);
        assert!(
            r.out.contains(message),
            "{case}: `{message}` missing\n{}",
            r.out
        );
        assert_good_reported(&case, &r);
        assert_eq!(r.code, 1, "{case}\n{}", r.out);
    }
    // `vault effective` on the key chain alone (48 KB).
    let dir = tempfile::tempdir().expect("tempdir");
    let chain = format!("path \"s\" {} {{}}\n", "a ".repeat(24_000));
    fs::write(dir.path().join("chain.hcl"), chain).expect("write");
    let r = run(
        dir.path(),
        &["vault", "effective", "--policy", "chain.hcl", "s/a"],
        "vault effective chain",
    );
    assert_eq!(r.code, 2, "vault effective\n{}", r.out);
    assert!(
        r.out.contains("chain.hcl:1:") && r.out.contains("nested deeper than 64 levels"),
        "vault effective\n{}",
        r.out
    );
}

/// An anchor on every level of a deep YAML document, each level with a long list, and no
/// alias: anchors are not copied, so memory stays linear.
fn yaml_anchors_stay_linear() {
    for (case, levels, width) in [("1 MB", 250, 800), ("2 MB", 250, 1_600)] {
        let mut text = String::from("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n");
        for level in 0..levels {
            let indent = "  ".repeat(level + 1);
            text.push_str(&format!(
                "{indent}l{level}: &a{level}\n{indent}  list: [{}]\n{indent}  next:\n",
                vec!["x"; width].join(",")
            ));
        }
        let dir = folder_with_good_file();
        fs::write(dir.path().join("anchors.yaml"), &text).expect("write");
        let case = format!("YAML anchors {case}");
        let r = run(dir.path(), &["lint", "."], &case);
        assert_good_reported(&case, &r);
    }
}

/// Files polgen refuses to open: a FIFO (would block), `/dev/zero` behind a `.json` symlink
/// (would never end), a file over the size limit, an unreadable file.
fn special_files_are_refused() {
    let dir = folder_with_good_file();
    let fifo = dir.path().join("fifo.json");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).expect("mkfifo");
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.json")).expect("symlink");
    for (name, kind) in [("fifo.json", "a FIFO"), ("zero.json", "a character device")] {
        let case = format!("lint {name} named");
        let r = run(dir.path(), &["lint", name, "good.json"], &case);
        assert_eq!(r.code, 2, "{case}\n{}", r.out);
        assert!(
            r.out
                .contains(&format!("{name}: not a regular file ({kind})")),
            "{case}\n{}",
            r.out
        );
        assert_good_reported(&case, &r);
    }
    let r = run(
        dir.path(),
        &["lint", "."],
        "lint folder with FIFO and device",
    );
    assert_good_reported("lint folder with FIFO", &r);
    // Found in a folder, they are named too (never opened), like any file that cannot be read.
    assert_eq!(r.code, 2, "lint folder with FIFO\n{}", r.out);
    for (name, kind) in [("fifo.json", "a FIFO"), ("zero.json", "a character device")] {
        assert!(
            r.out
                .contains(&format!("{name}: not a regular file ({kind})")),
            "lint folder with FIFO\n{}",
            r.out
        );
    }
    // A FIFO named as the configuration, and named as a file to lint.
    for (case, args) in [
        (
            "lint --config FIFO",
            &["lint", "--config", "fifo.json", "good.json"][..],
        ),
        ("lint FIFO named", &["lint", "fifo.json", "good.json"][..]),
    ] {
        let r = run(dir.path(), args, case);
        assert_eq!(r.code, 2, "{case}\n{}", r.out);
        assert!(r.out.contains("not a regular file"), "{case}\n{}", r.out);
    }
    // Over the size limit.
    let big = dir.path().join("big.json");
    let file = fs::File::create(&big).expect("create");
    file.set_len(40 * 1024 * 1024).expect("sparse file");
    let r = run(dir.path(), &["lint", "."], "huge file");
    assert!(
        r.out
            .contains("big.json: larger than the 32 MiB polgen reads"),
        "huge file\n{}",
        r.out
    );
    assert_eq!(r.code, 2, "huge file\n{}", r.out);
    assert_good_reported("huge file", &r);
    assert!(r.out.contains("--max-file-size"), "huge file\n{}", r.out);
    // A higher limit reads it (40 MB of NUL bytes: a syntax error, not an I/O error).
    let r = run(
        dir.path(),
        &["lint", "--max-file-size", "64M", "big.json"],
        "huge file under a higher limit",
    );
    assert!(!r.out.contains("larger than"), "higher limit\n{}", r.out);
    assert!(r.out.contains("syntax-error"), "higher limit\n{}", r.out);
    fs::remove_file(&big).expect("remove");
    // Unreadable: root reads whatever the mode says, so the case needs another user.
    let locked = dir.path().join("locked.json");
    fs::write(&locked, GOOD_POLICY).expect("write");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&locked).is_ok() {
        eprintln!("skipped the unreadable-file case: running as root, chmod 000 does not deny");
    } else {
        let r = run(dir.path(), &["lint", "."], "unreadable file");
        assert_eq!(r.code, 2, "unreadable\n{}", r.out);
        assert!(
            r.out.contains("locked.json: permission denied"),
            "{}",
            r.out
        );
        assert_good_reported("unreadable file", &r);
    }
}

const EVENT: &str = r#"{"eventVersion":"1.08","eventSource":"s3.amazonaws.com","eventName":"GetObject","eventTime":"2024-05-01T00:00:00Z","awsRegion":"us-east-1","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/app/s"},"requestParameters":{"bucketName":"b","key":"k"}}"#;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip")
}

/// A trail folder with a good file: `suggest` still writes its policy.
fn trail_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir(dir.path().join("logs")).expect("mkdir");
    fs::write(
        dir.path().join("logs/good.json"),
        format!("{{\"Records\":[{EVENT}]}}"),
    )
    .expect("write");
    dir
}

fn assert_policy(case: &str, r: &Run) {
    assert_eq!(r.code, 0, "{case}\n{}", r.out);
    assert!(
        r.out.contains("s3:GetObject"),
        "{case}: no policy\n{}",
        r.out
    );
}

fn trail_inputs_are_bounded() {
    // Gzip members concatenate: 64 members of 16 MiB of spaces are a 1 GiB file of ~1 MB.
    let member = gzip(&vec![b' '; 16 << 20]);
    let dir = trail_folder();
    fs::write(dir.path().join("logs/spaces.json.gz"), member.repeat(64)).expect("write");
    let r = run(
        dir.path(),
        &["suggest", "--cloudtrail", "logs"],
        "gzip of spaces",
    );
    assert_policy("gzip of spaces", &r);
    assert!(
        r.out
            .contains("spaces.json.gz: larger than 256 MiB once decompressed"),
        "gzip of spaces\n{}",
        r.out
    );
    // A smaller limit from the flag.
    let r = run(
        dir.path(),
        &["suggest", "--cloudtrail", "logs", "--max-file-size", "16M"],
        "gzip bomb with --max-file-size",
    );
    assert!(
        r.out.contains("larger than 16 MiB once decompressed"),
        "{}",
        r.out
    );
    fs::remove_file(dir.path().join("logs/spaces.json.gz")).expect("remove");

    // One bad byte in JSON lines loses that line only, placed by line and column.
    let mut lines = format!("{EVENT}\n{EVENT}\n").into_bytes();
    let second = EVENT.len() + 1 + EVENT.find("GetObject").expect("name");
    lines.insert(second, 0xFF);
    fs::write(dir.path().join("logs/lines.jsonl"), &lines).expect("write");
    // In a Records document the same byte loses the record holding it only.
    let mut records = format!("{{\"Records\":[\n{EVENT},\n{EVENT}]}}").into_bytes();
    let at = records.len() - 10;
    records.insert(at, 0xFE);
    fs::write(dir.path().join("logs/records.json"), &records).expect("write");
    let r = run(dir.path(), &["suggest", "--cloudtrail", "logs"], "bad byte");
    assert_policy("bad byte", &r);
    assert!(
        r.out.contains("lines.jsonl: line 2: line 2 column")
            && r.out.contains("records.json: record 2: line 3 column"),
        "bad byte\n{}",
        r.out
    );
    assert!(
        r.out.contains("2 unreadable records"),
        "bad byte\n{}",
        r.out
    );

    // A record over the record limit.
    let r = run(
        dir.path(),
        &[
            "suggest",
            "--cloudtrail",
            "logs",
            "--max-record-size",
            "100",
        ],
        "record limit",
    );
    assert!(
        r.out
            .contains("larger than 100 bytes (the limit is set by --max-record-size)"),
        "record limit\n{}",
        r.out
    );
}

fn trail_special_files() {
    let dir = trail_folder();
    let fifo = dir.path().join("logs/fifo.json");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).expect("mkfifo");
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("logs/zero.json")).expect("symlink");
    let r = run(
        dir.path(),
        &["suggest", "--cloudtrail", "logs"],
        "trail FIFO",
    );
    assert_policy("trail FIFO", &r);
    assert!(
        r.out
            .contains("fifo.json: cannot read: not a regular file (a FIFO)")
            && r.out
                .contains("zero.json: cannot read: not a regular file (a character device)"),
        "trail FIFO\n{}",
        r.out
    );
    // Named explicitly: the right message, fatal like a missing path.
    for (path, why) in [
        ("logs/fifo.json", "not a regular file (a FIFO)"),
        ("/dev/zero", "not a regular file (a character device)"),
        ("/dev/stdin", "not a regular file"),
    ] {
        let case = format!("--cloudtrail {path}");
        let r = run(dir.path(), &["suggest", "--cloudtrail", path], &case);
        assert_eq!(r.code, 2, "{case}\n{}", r.out);
        assert!(r.out.contains(why), "{case}\n{}", r.out);
        assert!(!r.out.contains("no such file"), "{case}\n{}", r.out);
    }
    for flag in ["--usage", "--current"] {
        for path in ["logs/fifo.json", "/dev/zero"] {
            let case = format!("{flag} {path}");
            let mut args = vec!["suggest", flag, path];
            if flag == "--current" {
                args.extend(["--cloudtrail", "logs"]);
            }
            let r = run(dir.path(), &args, &case);
            assert_eq!(r.code, 2, "{case}\n{}", r.out);
            assert!(
                r.out
                    .contains(&format!("{flag} {path}: not a regular file")),
                "{case}\n{}",
                r.out
            );
        }
    }
    // An unreadable subfolder is a warning naming it; the run goes on.
    let locked = dir.path().join("logs/locked");
    fs::create_dir(&locked).expect("mkdir");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read_dir(&locked).is_ok() {
        eprintln!("skipped the unreadable-folder case: running as root, chmod 000 does not deny");
    } else {
        let r = run(
            dir.path(),
            &["suggest", "--cloudtrail", "logs"],
            "locked folder",
        );
        assert_policy("locked folder", &r);
        assert!(
            r.out
                .contains("locked: cannot read: cannot list this folder"),
            "{}",
            r.out
        );
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// The usage CSV and polgen.toml with a BOM are read; polgen.toml in UTF-16 too.
fn config_and_usage_encodings() {
    let dir = folder_with_good_file();
    let config = "select = [\"admin-access\"]\n";
    fs::write(dir.path().join("polgen.toml"), bom(config)).expect("write");
    let r = run(dir.path(), &["lint", "good.json"], "polgen.toml BOM");
    assert_good_reported("polgen.toml BOM", &r);
    fs::write(dir.path().join("polgen.toml"), utf16le(config, true)).expect("write");
    let r = run(dir.path(), &["lint", "good.json"], "polgen.toml UTF-16");
    assert_good_reported("polgen.toml UTF-16", &r);
    fs::write(dir.path().join("polgen.toml"), b"select = [\"a\xFF\"]\n").expect("write");
    let r = run(dir.path(), &["lint", "good.json"], "polgen.toml bad byte");
    assert_eq!(r.code, 2, "polgen.toml bad byte\n{}", r.out);
    assert!(
        r.out.contains("polgen.toml:1:13: not UTF-8 text"),
        "{}",
        r.out
    );
    let deep = format!("x = {}", "[".repeat(100_000));
    fs::write(dir.path().join("polgen.toml"), deep).expect("write");
    let r = run(dir.path(), &["lint", "good.json"], "polgen.toml deep");
    assert_eq!(r.code, 2, "polgen.toml deep\n{}", r.out);
    assert!(r.out.contains("polgen.toml"), "{}", r.out);
    fs::remove_file(dir.path().join("polgen.toml")).expect("remove");

    let csv = fs::read_to_string(hostile("usage.csv")).expect("fixture");
    fs::write(dir.path().join("usage.csv"), bom(&csv)).expect("write");
    let r = run(
        dir.path(),
        &["suggest", "--usage", "usage.csv"],
        "usage CSV BOM",
    );
    assert_policy("usage CSV BOM", &r);
}

#[test]
fn hostile_input_matrix() {
    encodings_are_decoded();
    bad_encodings_are_named();
    deep_nesting_is_an_error();
    yaml_anchors_stay_linear();
    special_files_are_refused();
    trail_inputs_are_bounded();
    trail_special_files();
    config_and_usage_encodings();
    one_line_policies_stay_linear();
}

/// A policy of thousands of statements written on one line: each finding's column is found
/// without counting the line from its start, and the human output does not print the line
/// (megabytes) once per finding, nor hand miette a line it cannot lay out (it panicked).
fn one_line_policies_stay_linear() {
    let dir = folder_with_good_file();
    let statements: Vec<String> = (0..3000)
        .map(|i| {
            format!(
                r#"{{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket-é{i}/*"}}"#
            )
        })
        .collect();
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    );
    fs::write(dir.path().join("one-line.json"), policy).expect("write");
    for format in ["human", "json", "sarif", "github"] {
        let case = format!("one-line policy, {format}");
        let r = run(
            dir.path(),
            &["lint", "--format", format, "one-line.json", "good.json"],
            &case,
        );
        assert_eq!(r.code, 1, "{case}\n{}", &r.out[..r.out.len().min(2000)]);
        assert_good_reported(&case, &r);
        if format == "human" {
            assert!(r.out.contains("(the line is too long to show)"), "{case}");
            assert!(
                r.out.len() < 20 << 20,
                "{case}: {} bytes of output",
                r.out.len()
            );
        }
    }
}
