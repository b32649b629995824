//! `polgen suggest`: reads CloudTrail logs, keeps the calls of one role or user, and prints the
//! narrowest policy that allows them (stdout) with a report of what was read, granted,
//! generalised and left out (stderr or `--report`).

use crate::output::{err, errln};
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use polgen_suggest::split::{
    ATTACHED_POLICIES_PER_ROLE, INLINE_ROLE_POLICY_LIMIT, MANAGED_POLICY_LIMIT,
};
use polgen_suggest::{
    Comparison, Format, Options, Split, Suggestion, compare, policy_size, render, render_parts,
    split, synthesize,
};
use polgen_trail::{
    Filter, Limits, Principal, TrailSource, Unit, Usage, read_usage_csv, scan_units,
};
use polgen_trail_aws::{AwsOptions, DOWNLOAD_THREADS};

use crate::exit::Exit;
use crate::sources::Sources;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// The IAM policy document (canonical JSON).
    Json,
    /// The policy document as YAML.
    Yaml,
    /// A Terraform `aws_iam_policy_document` data source.
    Terraform,
    /// A CloudFormation `AWS::IAM::ManagedPolicy` resource (YAML).
    Cloudformation,
}

#[derive(Args, Debug)]
pub struct SuggestArgs {
    /// CloudTrail logs: files, folders (the S3 delivery layout `AWSLogs/...` or any other),
    /// glob patterns and `s3://BUCKET/PREFIX` (every log file under the prefix, digests
    /// skipped, day folders outside --since/--until not downloaded); `.json`, `.json.gz`, JSON
    /// lines; gzip is detected by content. Local and S3 inputs mix.
    #[arg(
        long,
        num_args = 1..,
        value_name = "PATH|S3_URL",
        required_unless_present_any = ["usage", "lookup_events"],
        conflicts_with = "usage"
    )]
    pub cloudtrail: Vec<String>,
    /// A usage aggregate instead of raw logs: the result of `polgen usage-query`, saved as CSV
    /// with a header. The query chose the caller and the window.
    #[arg(long, value_name = "FILE.csv")]
    pub usage: Option<PathBuf>,
    /// Read the CloudTrail LookupEvents API of the region (with --cloudtrail or alone):
    /// management events of the last 90 days only, no data events (S3 objects, Lambda
    /// invocations); 2 requests a second, 50 events each. --since/--until are sent to the
    /// API; --user is filtered there too, --role only here (the API has no role filter).
    #[arg(long, help_heading = "AWS sources", conflicts_with = "usage")]
    pub lookup_events: bool,
    /// AWS profile of the shared config files (default: `AWS_PROFILE`, then `default`).
    /// Credentials come only from the standard AWS chain: environment, profiles, SSO, web
    /// identity, roles assumed by profiles (`role_arn`, `source_profile`, `external_id`),
    /// `credential_process`, container and instance credentials. `mfa_serial` is not
    /// prompted for: use a `credential_process` that does it.
    #[arg(
        long,
        value_name = "NAME",
        help_heading = "AWS sources",
        conflicts_with = "usage"
    )]
    pub profile: Option<String>,
    /// AWS region of the API calls (default: `AWS_REGION`, then the profile's `region`).
    #[arg(
        long,
        value_name = "REGION",
        help_heading = "AWS sources",
        conflicts_with = "usage"
    )]
    pub region: Option<String>,
    /// Send AWS requests to this endpoint: an S3-compatible store (path-style addressing), a
    /// VPC endpoint, a local test server.
    #[arg(
        long,
        value_name = "URL",
        help_heading = "AWS sources",
        conflicts_with = "usage"
    )]
    pub endpoint_url: Option<String>,
    /// Keep the calls of this role (`arn:aws:iam::ACCOUNT:role/NAME`): its sessions and
    /// anything issued by it.
    #[arg(long, value_name = "ARN", conflicts_with = "user")]
    pub role: Option<String>,
    /// Keep the calls of this IAM user (`arn:aws:iam::ACCOUNT:user/NAME`).
    #[arg(long, value_name = "ARN")]
    pub user: Option<String>,
    #[command(flatten)]
    pub window: crate::cli::WindowArgs,
    /// Output format of the policy.
    #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
    pub format: OutputFormat,
    /// Grant calls that were denied too (the workload attempted them).
    #[arg(long)]
    pub include_denied: bool,
    /// Also grant what the calls imply but CloudTrail does not show (`iam:PassRole` for
    /// `CreateFunction`, the source of a `CopyObject`, ...), in statements of their own.
    #[arg(long)]
    pub include_inferred: bool,
    /// The role's present policy (IAM JSON): report the permissions it grants that were never
    /// used, and the observed calls it would not allow.
    #[arg(long, value_name = "FILE")]
    pub current: Option<PathBuf>,
    /// Write the report to this file instead of standard error.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Write the policy as several managed policies, each under IAM's 6,144-character limit
    /// (statements kept whole): a JSON array of documents (of one when one is enough), YAML
    /// documents separated by `---`, or several Terraform data sources / CloudFormation
    /// resources.
    #[arg(long)]
    pub split: bool,
    /// Write the policy to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The largest CloudTrail file (S3 object, API page) read, after decompression: a larger
    /// one (a gzip bomb) is reported and left out. Bytes or K/M/G (powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = crate::cli::parse_size)]
    pub max_file_size: u64,
    /// The largest record read on its own (a line of JSON lines, a record of a file read
    /// record by record): a larger one is reported and left out.
    #[arg(long, value_name = "SIZE", default_value = "4M", value_parser = crate::cli::parse_size)]
    pub max_record_size: u64,
}

pub fn run(args: &SuggestArgs) -> Exit {
    match run_inner(args) {
        Ok(exit) => exit,
        Err(message) => {
            errln!("error: {message}");
            Exit::Error
        }
    }
}

fn build_filter(args: &SuggestArgs) -> Result<Filter, String> {
    let principal = Principal::from_options(args.role.as_deref(), args.user.as_deref())?;
    let (since, until) = args.window.bounds()?;
    Ok(Filter {
        principal,
        since,
        until,
        include_denied: args.include_denied,
    })
}

fn run_inner(args: &SuggestArgs) -> Result<Exit, String> {
    let filter = build_filter(args)?;
    // Read the current policy first: a typo there should not cost a long scan.
    let current = match &args.current {
        None => None,
        Some(path) => {
            let text = read_named_file("--current", path)?;
            let parsed = polgen_policy::parse_policy(&text, None).map_err(|e| {
                format!(
                    "--current {}: not a JSON policy: {}",
                    path.display(),
                    e.message
                )
            })?;
            Some(parsed.document)
        }
    };
    let limits = Limits {
        max_file_bytes: args.max_file_size,
        max_record_bytes: args.max_record_size,
    };
    let started = Instant::now();
    // What the report names as the source of the events (AWS sources only).
    let (usage, source_lines) = match &args.usage {
        Some(path) => (read_usage(args, path)?, Vec::new()),
        None => {
            let source = Sources::open(
                &args.cloudtrail,
                args.lookup_events,
                &AwsOptions {
                    profile: args.profile.clone(),
                    region: args.region.clone(),
                    endpoint_url: args.endpoint_url.clone(),
                },
                &filter,
                limits.max_file_bytes,
            )?;
            let usage = if source.is_remote() {
                // Downloads wait on the network, not on the cores: more threads than cores.
                rayon::ThreadPoolBuilder::new()
                    .num_threads(DOWNLOAD_THREADS)
                    .build()
                    .map_err(|e| format!("cannot start the download threads: {e}"))?
                    .install(|| scan_with_progress(&source, &filter, limits))?
            } else {
                scan_with_progress(&source, &filter, limits)?
            };
            (usage, source.describe())
        }
    };
    let elapsed = started.elapsed();

    let calls: Vec<(String, String)> = usage.calls.keys().cloned().collect();
    let inferred: Vec<(String, String)> = if args.include_inferred {
        usage.inferred.keys().cloned().collect()
    } else {
        Vec::new()
    };
    let suggestion = synthesize(&calls, &inferred, Options::default());
    let comparison = current.as_ref().map(|doc| compare(doc, &calls));
    let name = args
        .role
        .as_deref()
        .or(args.user.as_deref())
        .unwrap_or("suggested");

    let format = match args.format {
        OutputFormat::Json => Format::Json,
        OutputFormat::Yaml => Format::Yaml,
        OutputFormat::Terraform => Format::Terraform,
        OutputFormat::Cloudformation => Format::CloudFormation,
    };
    let has_policy = !suggestion.statements.is_empty();
    let parts = (args.split && has_policy).then(|| split(&suggestion, MANAGED_POLICY_LIMIT));
    let policy_text = has_policy.then(|| match &parts {
        Some(parts) => render_parts(&parts.parts, format, name),
        None => render(&suggestion, format, name),
    });
    let json_size = has_policy.then(|| policy_size(&suggestion));
    let report = report(
        args,
        &source_lines,
        &usage,
        &suggestion,
        comparison.as_ref(),
        elapsed,
        PolicySize {
            characters: json_size,
            parts: parts.as_ref(),
        },
    );
    match &args.report {
        Some(path) => crate::output::write_file(path, &report)
            .map_err(|e| format!("cannot write the report to {}: {e}", path.display()))?,
        None => err!("{report}"),
    }
    let Some(policy_text) = policy_text else {
        return Ok(Exit::Findings);
    };
    match &args.output {
        Some(path) => crate::output::write_file(path, &policy_text)
            .map_err(|e| format!("cannot write the policy to {}: {e}", path.display()))?,
        None => {
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = crate::output::stdout(&policy_text);
        }
    }
    Ok(Exit::Clean)
}

/// Reads a usage aggregate (`--usage`): the query already applied the caller and the window.
fn read_usage(args: &SuggestArgs, path: &std::path::Path) -> Result<Usage, String> {
    if args.window.is_set() {
        return Err(
            "--since and --until do not apply to --usage: give them to `polgen usage-query`"
                .to_owned(),
        );
    }
    if args.include_denied {
        return Err(
            "--include-denied does not apply to --usage: the usage query leaves refused calls out"
                .to_owned(),
        );
    }
    let text = read_named_file("--usage", path)?;
    let mut usage = Usage::default();
    let caller = args.role.as_deref().or(args.user.as_deref());
    read_usage_csv(&path.display().to_string(), &text, caller, &mut usage);
    Ok(usage)
}

/// The text of the file a flag names: a regular file (a FIFO or `/dev/zero` would hang or grow
/// without end) of at most the default size limit, decoded like every input.
fn read_named_file(flag: &str, path: &std::path::Path) -> Result<String, String> {
    let at = |why: String| format!("{flag} {}: {why}", path.display());
    let bytes =
        polgen_source::read::read_limited(path, polgen_source::read::DEFAULT_MAX_FILE_BYTES)
            .map_err(|e| at(e.to_string()))?;
    polgen_source::text::decode_text(bytes).map_err(|e| at(e.to_string()))
}

/// Scans with a progress line on standard error when it is a terminal and the run is long.
fn scan_with_progress(
    source: &dyn TrailSource,
    filter: &Filter,
    limits: Limits,
) -> Result<Usage, String> {
    let units = source.units()?;
    let total = units.len();
    let show = std::io::stderr().is_terminal() && total >= 20;
    let done = AtomicU64::new(0);
    let last = Mutex::new(Instant::now());
    let on_unit = |_: &Unit| {
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if !show {
            return;
        }
        if let Ok(mut last) = last.try_lock()
            && last.elapsed() > Duration::from_millis(100)
        {
            *last = Instant::now();
            err!("\rreading CloudTrail files: {n}/{total}");
        }
    };
    let usage = scan_units(source, &units, filter, limits, &on_unit);
    if show {
        err!("\r{}\r", " ".repeat(48));
    }
    Ok(usage)
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// The suggested policy's size (characters without whitespace) and its split, when asked.
#[derive(Clone, Copy)]
struct PolicySize<'a> {
    characters: Option<usize>,
    parts: Option<&'a Split>,
}

fn report(
    args: &SuggestArgs,
    sources: &[String],
    usage: &Usage,
    suggestion: &Suggestion,
    comparison: Option<&Comparison>,
    elapsed: Duration,
    size: PolicySize<'_>,
) -> String {
    let PolicySize {
        characters: json_size,
        parts,
    } = size;
    let mut r = String::new();
    let who = match (&args.role, &args.user) {
        (Some(role), _) => format!("role {role}"),
        (None, Some(user)) => format!("user {user}"),
        (None, None) => "every caller (no --role or --user)".to_owned(),
    };
    let _ = writeln!(r, "polgen suggest: {who}");
    for source in sources {
        let _ = writeln!(r, "  source    {source}");
    }
    let secs = elapsed.as_secs_f64();
    let rate = if secs > 0.0 {
        format!(", {:.0} events/s", usage.events as f64 / secs)
    } else {
        String::new()
    };
    match &args.usage {
        Some(path) => {
            let _ = writeln!(
                r,
                "  read      usage aggregate {} ({}), {} calls in {:.2} s",
                path.display(),
                human_bytes(usage.bytes),
                usage.events,
                secs
            );
        }
        None => {
            let _ = writeln!(
                r,
                "  read      {} ({} on disk, {} of JSON), {} in {:.2} s{rate}",
                counted(usage.units, "file", "files"),
                human_bytes(usage.bytes),
                human_bytes(usage.decoded_bytes),
                counted(usage.events, "event", "events"),
                secs
            );
        }
    }
    let matched = &usage.matched;
    let window = if matched.first.is_empty() {
        String::new()
    } else {
        format!(" from {} to {}", matched.first, matched.last)
    };
    let _ = writeln!(r, "  matched   {} events{window}", matched.count);
    if usage.duplicates > 0 {
        let _ = writeln!(
            r,
            "            ({} more were copies of the same events (same eventID), counted once)",
            usage.duplicates
        );
    }
    if usage.unchecked_ids > 0 {
        let _ = writeln!(
            r,
            "            ({} events past the first {} were not checked for copies: counts may be high, the policy is the same)",
            usage.unchecked_ids,
            polgen_trail::dedupe::MAX_TRACKED
        );
    }
    if usage.other_principals > 0 || usage.outside_window > 0 {
        let _ = writeln!(
            r,
            "            ({} by other callers, {} outside --since/--until)",
            usage.other_principals, usage.outside_window
        );
    }
    if args.role.is_none() && args.user.is_none() && !usage.callers.is_empty() {
        let _ = writeln!(
            r,
            "  callers   the policy merges {} callers; use --role or --user for one:",
            usage.callers.len()
        );
        let mut callers: Vec<(&String, &u64)> = usage.callers.iter().collect();
        callers.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (caller, n) in callers.iter().take(10) {
            let _ = writeln!(r, "            {n:>6}  {caller}");
        }
        if callers.len() > 10 {
            let _ = writeln!(r, "            ... and {} more", callers.len() - 10);
        }
    }
    let actions = suggestion.actions().len();
    let resources: std::collections::BTreeSet<&str> = suggestion
        .statements
        .iter()
        .flat_map(|s| s.resources.iter().map(String::as_str))
        .collect();
    if suggestion.statements.is_empty() {
        let _ = writeln!(
            r,
            "  granted   nothing: no call that needs a permission was observed; no policy printed"
        );
    } else {
        let _ = writeln!(
            r,
            "  granted   {actions} actions on {} resources in {} statements ({} characters without whitespace)",
            resources.len(),
            suggestion.statements.len(),
            json_size.unwrap_or(0)
        );
    }
    write_size(&mut r, json_size, parts);
    if args.include_denied && !usage.denied.is_empty() {
        let n: u64 = usage.denied.values().sum();
        let _ = writeln!(
            r,
            "  denied    {n} refused calls are granted (--include-denied): {}",
            usage.denied.keys().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    if !suggestion.widenings.is_empty() {
        let _ = writeln!(r, "  generalised (several observed resources, one pattern)");
        for w in &suggestion.widenings {
            let _ = writeln!(
                r,
                "            {}  {}  ({} observed)",
                w.action, w.pattern, w.observed
            );
        }
    }
    if !usage.unresolved_resources.is_empty() {
        let _ = writeln!(
            r,
            "  granted on \"*\": the events do not name the resource of these (narrow them by hand)"
        );
        for (action, n) in &usage.unresolved_resources {
            let _ = writeln!(r, "            {action}  ({n} calls)");
        }
    }
    if !usage.left_out.is_empty() {
        let _ = writeln!(r, "  left out");
        let width = usage
            .left_out
            .keys()
            .map(|(why, _)| why.describe().len())
            .max()
            .unwrap_or(0);
        for ((why, call), seen) in &usage.left_out {
            let _ = writeln!(
                r,
                "            {:<width$}  {call}  x{}",
                why.describe(),
                seen.count
            );
        }
    }
    if !usage.inferred.is_empty() {
        let state = if args.include_inferred {
            "granted with --include-inferred"
        } else {
            "not granted; --include-inferred adds them"
        };
        let _ = writeln!(r, "  not in CloudTrail, implied by the calls ({state})");
        for ((action, resource), by) in &usage.inferred {
            let _ = writeln!(
                r,
                "            inferred  {action} on {resource}  (by {})",
                by.join(", ")
            );
        }
    }
    if let Some(c) = comparison {
        write_comparison(&mut r, args, c);
    }
    if usage.bad_units > 0 || usage.bad_records > 0 {
        let _ = writeln!(
            r,
            "  problems  {}, {} (skipped)",
            counted(usage.bad_units, "unreadable file", "unreadable files"),
            counted(usage.bad_records, "unreadable record", "unreadable records")
        );
        for p in &usage.problems {
            match &p.place {
                Some(place) => {
                    let _ = writeln!(r, "            {}: {place}: {}", p.unit, p.message);
                }
                None => {
                    let _ = writeln!(r, "            {}: {}", p.unit, p.message);
                }
            }
        }
    }
    r
}

/// IAM's limits against the policy's size, and what `--split` made of it.
fn write_size(r: &mut String, json_size: Option<usize>, parts: Option<&Split>) {
    let Some(size) = json_size else { return };
    match parts {
        None if size > INLINE_ROLE_POLICY_LIMIT => {
            let _ = writeln!(
                r,
                "  warning   larger than IAM's limits for a managed policy ({MANAGED_POLICY_LIMIT}) and for a role's inline policies ({INLINE_ROLE_POLICY_LIMIT}): --split writes it as several managed policies"
            );
        }
        None if size > MANAGED_POLICY_LIMIT => {
            let _ = writeln!(
                r,
                "  warning   larger than IAM's managed policy limit ({MANAGED_POLICY_LIMIT}); it fits inline on a role ({INLINE_ROLE_POLICY_LIMIT} for all its inline policies), or --split writes several managed policies"
            );
        }
        None => {}
        Some(split) => {
            let sizes: Vec<String> = split
                .parts
                .iter()
                .map(|p| policy_size(p).to_string())
                .collect();
            let _ = writeln!(
                r,
                "  split     {} managed policies of {} characters (limit {MANAGED_POLICY_LIMIT})",
                split.parts.len(),
                sizes.join(", ")
            );
            for sid in &split.oversized {
                let _ = writeln!(
                    r,
                    "  warning   statement `{sid}` alone is over the limit: narrow its resources by hand"
                );
            }
            if split.parts.len() > ATTACHED_POLICIES_PER_ROLE {
                let _ = writeln!(
                    r,
                    "  warning   more than the {ATTACHED_POLICIES_PER_ROLE} managed policies a role can have attached by default (the quota can be raised to 20)"
                );
            }
        }
    }
}

fn write_comparison(r: &mut String, args: &SuggestArgs, c: &Comparison) {
    let path = args
        .current
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let granted: usize = c.services.values().map(|s| s.granted).sum();
    let unused: usize = c.services.values().map(|s| s.unused.len()).sum();
    let _ = writeln!(
        r,
        "  current   {path}: grants {granted} actions, {unused} never used in the window"
    );
    for (service, s) in &c.services {
        if s.unused.is_empty() {
            continue;
        }
        if s.unused.len() == s.granted {
            let _ = writeln!(r, "            {service}: none of {} used", s.granted);
        } else {
            let shown: Vec<&str> = s.unused.iter().take(8).map(String::as_str).collect();
            let more = if s.unused.len() > shown.len() {
                format!(" and {} more", s.unused.len() - shown.len())
            } else {
                String::new()
            };
            let _ = writeln!(
                r,
                "            {service}: {} of {} unused: {}{more}",
                s.unused.len(),
                s.granted,
                shown.join(", ")
            );
        }
    }
    if c.opaque_statements > 0 {
        let _ = writeln!(
            r,
            "            ({} statements have computed actions and were read as written)",
            c.opaque_statements
        );
    }
    if c.refused.is_empty() {
        let _ = writeln!(r, "            every observed call is allowed by it");
    } else {
        let _ = writeln!(r, "            observed calls it does not plainly allow:");
        for (action, resource, decision) in &c.refused {
            let _ = writeln!(
                r,
                "              {action} on {resource}: {}",
                decision.describe()
            );
        }
    }
}

/// `1 file`, `2 files`.
fn counted(n: u64, one: &str, many: &str) -> String {
    polgen_render::plural(usize::try_from(n).unwrap_or(usize::MAX), one, many)
}
