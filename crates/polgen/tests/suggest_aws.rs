//! `polgen suggest` against AWS APIs served on 127.0.0.1: the real SDK clients of the binary
//! talk to moto's S3 (a real S3 implementation, started here) and to a `LookupEvents` stub
//! written here (moto has no `LookupEvents`). The fixtures are the CloudTrail files of
//! testdata/trail (see its PROVENANCE.md), uploaded in the S3 delivery layout.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use std::{fs, thread};

use assert_cmd::Command;

const APP_ROLE: &str = "arn:aws:iam::111122223333:role/app";
const DAY: &str = "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01";
const BROKEN: &str = "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T1100Z_broken.json";
const DIGEST: &str = "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20240501T1100Z.json.gz";
const OUTSIDE_LAYOUT: &str = "exports/2019/01/01/someRecords.json.gz";

fn trail() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/trail")
}

fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip in memory");
    encoder.finish().expect("gzip in memory")
}

/// The bucket's objects: key -> bytes. The same tree is written to disk for the local run.
fn objects() -> Vec<(String, Vec<u8>)> {
    let mut objects = vec![
        (
            format!("{DAY}/111122223333_CloudTrail_us-east-1_20240501T1040Z_app.json.gz"),
            gzip(&read(&trail().join("synthetic/app-role.json"))),
        ),
        // Malformed upstream (syntax error at line 112): reported by name, the rest is used.
        (
            BROKEN.to_owned(),
            read(&trail().join("cloudtrail2sightings/aws.execution.ec2-user-data.json")),
        ),
        // A digest: not JSON records; read, it would be reported as unreadable.
        (DIGEST.to_owned(), b"not a log: signatures".to_vec()),
        // Not the delivery layout: never pruned by date.
        (
            OUTSIDE_LAYOUT.to_owned(),
            read(&trail().join("someRecords.json.gz")),
        ),
    ];
    let layout = trail().join("s3-layout");
    let july = "AWSLogs/903144391865/CloudTrail/cn-centraleast-1r/2024/07/31";
    for entry in fs::read_dir(layout.join(july)).expect("s3-layout fixture") {
        let path = entry.expect("s3-layout fixture").path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        objects.push((format!("{july}/{name}"), read(&path)));
    }
    objects
}

/// A `polgen suggest` whose AWS settings come only from what the test gives it.
fn polgen(endpoint: &str, config_dir: &Path) -> Command {
    let empty = config_dir.join("empty");
    fs::write(&empty, "").expect("temp file");
    let mut cmd = Command::cargo_bin("polgen").expect("binary");
    for var in [
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_S3",
        "AWS_ENDPOINT_URL_CLOUDTRAIL",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_ROLE_ARN",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", &empty)
        .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args([
            "suggest",
            "--region",
            "us-east-1",
            "--endpoint-url",
            endpoint,
        ]);
    cmd
}

fn output(cmd: &mut Command) -> (Option<i32>, String, String) {
    let out = cmd.output().expect("polgen runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// ---------------------------------------------------------------------------------------------
// S3 through moto

/// `python3 -m moto.server` on a free port, killed on drop.
struct Moto {
    child: Child,
    port: u16,
}

impl Moto {
    /// `None` (with a message) when moto is not installed, unless `POLGEN_REQUIRE_MOTO=1`.
    fn start() -> Option<Moto> {
        let installed = Process::new("python3")
            .args(["-c", "import moto.server, flask, werkzeug"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !installed {
            assert!(
                std::env::var("POLGEN_REQUIRE_MOTO").as_deref() != Ok("1"),
                "POLGEN_REQUIRE_MOTO=1 but `python3 -m moto.server` is not installed \
                 (python3 -m pip install 'moto[server]')"
            );
            eprintln!(
                "SKIPPED: moto is not installed (python3 -m pip install 'moto[server]'); \
                 set POLGEN_REQUIRE_MOTO=1 to make this a failure"
            );
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Process::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m moto.server starts");
        let moto = Moto { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        while http(port, "GET", "/moto-api/", b"").is_none() {
            assert!(Instant::now() < deadline, "moto did not answer in 60 s");
            thread::sleep(Duration::from_millis(200));
        }
        Some(moto)
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One plain HTTP/1.1 request; the status code, `None` when nothing answers. Moto does not
/// check signatures, so the bucket is filled without a client library.
fn http(port: u16, method: &str, path: &str, body: &[u8]) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body).ok()?;
    let mut status = String::new();
    BufReader::new(stream).read_line(&mut status).ok()?;
    status.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn s3_source_reads_the_bucket_like_the_local_files() {
    let Some(moto) = Moto::start() else { return };
    assert_eq!(http(moto.port, "PUT", "/trail-bucket", b""), Some(200));
    let local = tempfile::tempdir().expect("temp dir");
    for (key, bytes) in objects() {
        let status = http(moto.port, "PUT", &format!("/trail-bucket/{key}"), &bytes);
        assert_eq!(status, Some(200), "upload of {key}");
        let path = local.path().join(&key);
        fs::create_dir_all(path.parent().expect("a key has a folder")).expect("temp dir");
        fs::write(path, bytes).expect("temp dir");
    }
    let endpoint = moto.endpoint();

    // The whole bucket: the same policy and exit code as the same files on disk.
    let (code, policy, report) = output(polgen(&endpoint, local.path()).args([
        "--role",
        APP_ROLE,
        "--cloudtrail",
        "s3://trail-bucket/",
    ]));
    let (local_code, local_policy, local_report) = output(
        Command::cargo_bin("polgen")
            .expect("binary")
            .args(["suggest", "--role", APP_ROLE, "--cloudtrail"])
            .arg(local.path()),
    );
    assert_eq!(code, local_code, "{report}");
    assert!(policy.contains("\"Statement\""), "{report}");
    assert_eq!(policy, local_policy, "{report}\n---\n{local_report}");
    assert!(report.contains("read      5 files"), "{report}");
    assert!(
        report.contains(
            "source    s3://trail-bucket/: 6 objects listed, 5 log files, 1 digest files skipped"
        ),
        "{report}"
    );
    // The malformed object is named with its S3 URL; the digest is never read.
    assert!(report.contains("1 unreadable file,"), "{report}");
    assert!(
        report.contains(&format!("s3://trail-bucket/{BROKEN}: line 112 column 1")),
        "{report}"
    );
    assert!(!report.contains("CloudTrail-Digest"), "{report}");

    // --since/--until: the July day folder is not downloaded, the key outside the layout is.
    let window = ["--since", "2024-05-01", "--until", "2024-05-02"];
    let (code, policy, report) = output(
        polgen(&endpoint, local.path())
            .args(["--role", APP_ROLE])
            .args(window)
            .args(["--cloudtrail", "s3://trail-bucket/"]),
    );
    let (_, local_policy, _) = output(
        Command::cargo_bin("polgen")
            .expect("binary")
            .args(["suggest", "--role", APP_ROLE])
            .args(window)
            .arg("--cloudtrail")
            .arg(local.path()),
    );
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(policy, local_policy, "{report}");
    assert_eq!(
        policy,
        fs::read_to_string(trail().join("expected/app-role.json")).expect("golden")
    );
    assert!(report.contains("read      3 files"), "{report}");
    assert!(
        report.contains("2 outside --since/--until by their day folder (not downloaded)"),
        "{report}"
    );
    assert!(!report.contains("903144391865"), "{report}");

    // A prefix, mixed with a local file: only the keys under it, plus the file.
    let (code, _, report) = output(
        polgen(&endpoint, local.path())
            .args([
                "--role",
                APP_ROLE,
                "--cloudtrail",
                "s3://trail-bucket/exports/",
            ])
            .arg(trail().join("synthetic/app-role.json")),
    );
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("read      2 files"), "{report}");
    assert!(
        report.contains("s3://trail-bucket/exports/: 1 objects listed, 1 log files"),
        "{report}"
    );

    // A bucket that does not exist stops the run with an error naming it.
    let (code, _, report) = output(
        polgen(&endpoint, local.path()).args(["--cloudtrail", "s3://no-such-bucket/AWSLogs/"]),
    );
    assert_eq!(code, Some(2), "{report}");
    assert!(
        report.contains("cannot list s3://no-such-bucket/AWSLogs/")
            && report.contains("NoSuchBucket"),
        "{report}"
    );
}

// ---------------------------------------------------------------------------------------------
// LookupEvents through a stub

/// The awsJson 1.1 target the SDK sends (the operation's shape id is
/// `com.amazonaws.cloudtrail.v20131101#CloudTrail_20131101.LookupEvents`).
const TARGET: &str = "CloudTrail_20131101.LookupEvents";

/// Serves `LookupEvents` (awsJson 1.1) on 127.0.0.1: a `ThrottlingException` first, then the
/// pages, each request's JSON body recorded.
struct Stub {
    port: u16,
    requests: Arc<Mutex<Vec<serde_json::Value>>>,
}

impl Stub {
    fn start(pages: Vec<serde_json::Value>) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().expect("bound").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        // Answers at most pages + 1 requests, then the thread ends (no lingering server).
        thread::spawn(move || {
            let mut answered = 0;
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let Some((target, body)) = read_request(&stream) else {
                    continue;
                };
                let request: serde_json::Value =
                    serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
                let (status, reply) = if target != TARGET {
                    (
                        400,
                        serde_json::json!({"__type": "UnknownOperationException"}),
                    )
                } else if answered == 0 {
                    (
                        400,
                        serde_json::json!({"__type": "ThrottlingException", "message": "Rate exceeded"}),
                    )
                } else {
                    let token = request.get("NextToken").and_then(|t| t.as_str());
                    let index = token
                        .and_then(|t| t.strip_prefix("page-"))
                        .map_or(Some(0), |n| n.parse().ok());
                    match index.and_then(|i: usize| pages.get(i)) {
                        Some(page) => (200, page.clone()),
                        None => (
                            400,
                            serde_json::json!({"__type": "InvalidNextTokenException"}),
                        ),
                    }
                };
                if let Ok(mut seen) = seen.lock() {
                    seen.push(request);
                }
                write_response(stream, status, &reply);
                answered += 1;
                if answered > pages.len() {
                    break;
                }
            }
        });
        Stub { port, requests }
    }
}

/// (X-Amz-Target, body) of one HTTP request.
fn read_request(stream: &TcpStream) -> Option<(String, Vec<u8>)> {
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    let mut reader = BufReader::new(stream);
    let (mut target, mut length) = (String::new(), 0usize);
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            match name.trim().to_ascii_lowercase().as_str() {
                "x-amz-target" => target = value.trim().to_owned(),
                "content-length" => length = value.trim().parse().ok()?,
                _ => {}
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some((target, body))
}

fn write_response(mut stream: TcpStream, status: u16, body: &serde_json::Value) {
    let body = body.to_string();
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        if status == 200 { "OK" } else { "Bad Request" },
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
}

/// The synthetic records as `LookupEvents` pages of 12 events, the `CloudTrailEvent` string of
/// each the full record, linked by `page-N` tokens; one event without a payload.
fn lookup_pages() -> Vec<serde_json::Value> {
    let text = fs::read_to_string(trail().join("synthetic/app-role.json")).expect("fixture");
    let file: serde_json::Value = serde_json::from_str(&text).expect("fixture is JSON");
    let records = file["Records"].as_array().expect("Records").clone();
    let chunks: Vec<&[serde_json::Value]> = records.chunks(12).collect();
    let count = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let mut events: Vec<serde_json::Value> = chunk
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "EventId": r["eventID"],
                        "EventName": r["eventName"],
                        "CloudTrailEvent": r.to_string(),
                    })
                })
                .collect();
            if i == 0 {
                events.push(serde_json::json!({"EventId": "no-payload", "EventName": "Odd"}));
            }
            let mut page = serde_json::json!({ "Events": events });
            if i + 1 < count {
                page["NextToken"] = serde_json::json!(format!("page-{}", i + 1));
            }
            page
        })
        .collect()
}

#[test]
fn lookup_events_pages_retries_throttling_and_sends_the_window() {
    let pages = lookup_pages();
    let page_count = pages.len();
    assert!(page_count >= 3, "the fixture makes several pages");
    let stub = Stub::start(pages);
    let config = tempfile::tempdir().expect("temp dir");
    let (code, policy, report) = output(
        polgen(&format!("http://127.0.0.1:{}", stub.port), config.path()).args([
            "--lookup-events",
            "--role",
            APP_ROLE,
            "--since",
            "2024-05-01",
            "--until",
            "2024-05-02",
        ]),
    );
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(
        policy,
        fs::read_to_string(trail().join("expected/app-role.json")).expect("golden"),
        "{report}"
    );
    assert!(
        report.contains(
            "source    lookup-events us-east-1: management events of the last 90 days only"
        ),
        "{report}"
    );
    assert!(
        report.contains("1 events without a record skipped"),
        "{report}"
    );
    assert!(
        report.contains(&format!("read      {page_count} files")),
        "{report}"
    );

    let requests = stub.requests.lock().expect("requests").clone();
    // The throttled request, its retry, then one request per further page.
    assert_eq!(requests.len(), page_count + 1, "{requests:?}");
    for request in &requests {
        assert_eq!(
            request["StartTime"].as_f64(),
            Some(1_714_521_600.0),
            "{request}"
        );
        assert_eq!(
            request["EndTime"].as_f64(),
            Some(1_714_694_399.0),
            "{request}"
        );
        // A role cannot be filtered by the API.
        assert!(request.get("LookupAttributes").is_none(), "{request}");
    }
    assert_eq!(requests[1].get("NextToken"), None);
    assert_eq!(requests[2]["NextToken"], "page-1");
}

#[test]
fn lookup_events_filters_a_user_by_name_on_the_server() {
    let stub = Stub::start(vec![serde_json::json!({"Events": []})]);
    let config = tempfile::tempdir().expect("temp dir");
    let (code, _, report) = output(
        polgen(&format!("http://127.0.0.1:{}", stub.port), config.path()).args([
            "--lookup-events",
            "--user",
            "arn:aws:iam::111122223333:user/team/alice",
        ]),
    );
    // Nothing observed: no policy, exit 1, and the report says so.
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("granted   nothing"), "{report}");
    let requests = stub.requests.lock().expect("requests").clone();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(
        requests[1]["LookupAttributes"],
        serde_json::json!([{"AttributeKey": "Username", "AttributeValue": "alice"}])
    );
    assert!(requests[1].get("StartTime").is_none(), "{}", requests[1]);
}

#[test]
fn aws_options_without_an_aws_source_are_refused() {
    Command::cargo_bin("polgen")
        .expect("binary")
        .args(["suggest", "--region", "us-east-1", "--cloudtrail"])
        .arg(trail().join("synthetic"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--profile, --region and --endpoint-url are for AWS sources",
        ));
}
