//! `polgen usage-query`: the SQL that computes, where the logs are (Athena, Trino, Spark), the
//! usage aggregate that `polgen suggest --usage` reads, over the CloudTrail table AWS documents
//! for Athena ("Create a table for CloudTrail logs in Athena": lower-case columns,
//! `useridentity` struct, `resources` array of struct(arn, accountid, type), `requestparameters`
//! as a JSON string; with partition projection, a `timestamp` partition as `yyyy/MM/dd`).
//!
//! Design: one row per distinct (event source, event name, region, account, resource ARNs,
//! request parameters) with the number of calls and the first and last time. The request
//! parameters travel as the JSON text CloudTrail wrote, so that `polgen suggest --usage` runs the
//! very code that reads raw logs (`resources`: names in the request filled into ARN formats,
//! ARNs anywhere at the top level, inferred `iam:PassRole`); extracting a fixed list of fields in
//! SQL would have to follow that code by hand. The cost is more rows when requests carry unique
//! values (client tokens): still one row per distinct call of one principal, not per event.
//! Copies of one event (same `eventid`) are counted once, like the local scan. Refused calls
//! (the same error codes as [`crate::event::is_denial_code`]) and non-API events are left out.

use std::fmt::Write as _;

use crate::event::{DENIAL_CODE_PARTS, DENIAL_CODES};
use crate::filter::Principal;

/// The columns of the aggregate, in order.
pub const COLUMNS: &[&str] = &[
    "event_source",
    "event_name",
    "aws_region",
    "account_id",
    "resource_arns",
    "request_parameters",
    "calls",
    "first_seen",
    "last_seen",
];

/// SQL dialects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Athena,
    Trino,
    Spark,
}

impl Engine {
    fn name(self) -> &'static str {
        match self {
            Engine::Athena => "Amazon Athena (engine v3)",
            Engine::Trino => "Trino",
            Engine::Spark => "Spark SQL",
        }
    }

    /// A column name that is a reserved word (`timestamp`).
    fn quote_identifier(self, name: &str) -> String {
        match self {
            Engine::Athena | Engine::Trino => format!("\"{name}\""),
            Engine::Spark => format!("`{name}`"),
        }
    }

    /// The ARNs of `resources`, space-separated (ARNs hold no spaces).
    fn resource_arns(self) -> &'static str {
        match self {
            Engine::Athena | Engine::Trino => "array_join(transform(resources, r -> r.arn), ' ')",
            Engine::Spark => "concat_ws(' ', transform(resources, r -> r.arn))",
        }
    }
}

/// What to query.
#[derive(Debug, Clone)]
pub struct UsageQuery {
    pub engine: Engine,
    pub principal: Principal,
    /// Inclusive bounds as `parse_time_bound` returns them.
    pub since: Option<String>,
    pub until: Option<String>,
    pub table: String,
    /// The table has the documented `timestamp` projection partition (`yyyy/MM/dd`): bound it
    /// too, so that the engine reads only the days in the window.
    pub projection: bool,
}

/// A SQL string literal.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A `LIKE` pattern matching `text` exactly, with `ESCAPE '!'`: `!` is no IAM name character
/// and means nothing in any of the dialects' string literals (a backslash does in Spark's).
fn like_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '!') {
            out.push('!');
        }
        out.push(c);
    }
    out
}

/// ARNs of IAM roles and users hold only these characters; anything else (a quote) would need
/// quoting rules that differ between the dialects, so it is refused.
fn check_arn(arn: &str) -> Result<(), String> {
    match arn
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "+=,.@_-/:".contains(*c)))
    {
        None => Ok(()),
        Some(c) => Err(format!("`{arn}` has `{c}`, which no IAM ARN holds")),
    }
}

/// The caller test, the same as [`Principal::matches`].
fn principal_predicate(principal: &Principal) -> Result<String, String> {
    match principal {
        Principal::Role { arn, account, name } => {
            check_arn(arn)?;
            let issuer = "useridentity.sessioncontext.sessionissuer.arn";
            let (acc, n) = (like_literal(account), like_literal(name));
            Ok(format!(
                "(\n       {issuer} = {}\n    OR {issuer} LIKE 'arn:%:iam::{acc}:role/{n}' ESCAPE '!'\n    OR {issuer} LIKE 'arn:%:iam::{acc}:role/%/{n}' ESCAPE '!'\n    OR useridentity.arn LIKE 'arn:%:sts::{acc}:assumed-role/{n}/%' ESCAPE '!'\n  )",
                literal(arn)
            ))
        }
        Principal::User { arn, .. } => {
            check_arn(arn)?;
            Ok(format!("useridentity.arn = {}", literal(arn)))
        }
        Principal::Any => Err("usage-query needs --role or --user".to_owned()),
    }
}

/// `yyyy/MM/dd` of a bound (`2024-05-01T...`).
fn partition_day(bound: &str) -> String {
    bound.get(..10).unwrap_or(bound).replace('-', "/")
}

/// The SQL text.
pub fn usage_query(q: &UsageQuery) -> Result<String, String> {
    let principal = principal_predicate(&q.principal)?;
    let mut filters = vec![principal];
    filters.push(
        "(eventtype = 'AwsApiCall' OR (eventtype IS NULL AND eventsource <> 'signin.amazonaws.com'))"
            .to_owned(),
    );
    let mut denied: Vec<String> = DENIAL_CODE_PARTS
        .iter()
        .map(|p| format!("errorcode LIKE '%{p}%'"))
        .collect();
    denied.extend(
        DENIAL_CODES
            .iter()
            .map(|c| format!("errorcode = {}", literal(c))),
    );
    filters.push(format!(
        "(errorcode IS NULL OR NOT (\n       {}\n  ))",
        denied.join("\n    OR ")
    ));
    // `eventtime` is `YYYY-MM-DDTHH:MM:SSZ` (sometimes with milliseconds): compare the first
    // 19 characters, as the local scan does.
    if let Some(since) = &q.since {
        filters.push(format!(
            "substr(eventtime, 1, 19) >= {}",
            literal(since.get(..19).unwrap_or(since))
        ));
    }
    if let Some(until) = &q.until {
        filters.push(format!(
            "substr(eventtime, 1, 19) <= {}",
            literal(until.get(..19).unwrap_or(until))
        ));
    }
    if q.projection {
        let column = q.engine.quote_identifier("timestamp");
        if q.since.is_none() && q.until.is_none() {
            return Err(
                "--projection bounds the `timestamp` partition: give --since or --until".to_owned(),
            );
        }
        if let Some(since) = &q.since {
            filters.push(format!("{column} >= {}", literal(&partition_day(since))));
        }
        if let Some(until) = &q.until {
            filters.push(format!("{column} <= {}", literal(&partition_day(until))));
        }
    }
    let mut sql = String::new();
    let _ = writeln!(
        sql,
        "-- polgen usage-query for {}: the usage aggregate `polgen suggest --usage` reads.",
        q.engine.name()
    );
    let _ = writeln!(
        sql,
        "-- Save the result as CSV with a header (quotes doubled inside quoted fields)."
    );
    let _ = writeln!(sql, "WITH calls AS (");
    let _ = writeln!(
        sql,
        "  -- DISTINCT: a copy of an event (same eventid) counts once"
    );
    let _ = writeln!(sql, "  SELECT DISTINCT");
    let _ = writeln!(sql, "    eventid,");
    let _ = writeln!(sql, "    eventtime,");
    let _ = writeln!(sql, "    eventsource,");
    let _ = writeln!(sql, "    eventname,");
    let _ = writeln!(sql, "    awsregion,");
    let _ = writeln!(
        sql,
        "    coalesce(recipientaccountid, useridentity.accountid) AS account_id,"
    );
    let _ = writeln!(sql, "    {} AS resource_arns,", q.engine.resource_arns());
    let _ = writeln!(sql, "    requestparameters");
    let _ = writeln!(sql, "  FROM {}", q.table);
    let _ = writeln!(sql, "  WHERE {}", filters.join("\n  AND "));
    let _ = writeln!(sql, ")");
    let _ = writeln!(sql, "SELECT");
    let _ = writeln!(sql, "  eventsource AS event_source,");
    let _ = writeln!(sql, "  eventname AS event_name,");
    let _ = writeln!(sql, "  awsregion AS aws_region,");
    let _ = writeln!(sql, "  account_id,");
    let _ = writeln!(sql, "  resource_arns,");
    let _ = writeln!(sql, "  requestparameters AS request_parameters,");
    let _ = writeln!(sql, "  count(*) AS calls,");
    let _ = writeln!(sql, "  min(eventtime) AS first_seen,");
    let _ = writeln!(sql, "  max(eventtime) AS last_seen");
    let _ = writeln!(sql, "FROM calls");
    let _ = writeln!(
        sql,
        "GROUP BY eventsource, eventname, awsregion, account_id, resource_arns, requestparameters"
    );
    let _ = writeln!(
        sql,
        "ORDER BY event_source, event_name, aws_region, account_id, resource_arns, request_parameters"
    );
    Ok(sql)
}

/// A table name as given: letters, digits, `_`, `.` (catalog.schema.table) and quoted parts.
pub fn check_table_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '"' | '`' | '-'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not a table name (letters, digits, `_`, `.`, quotes)"
        ))
    }
}
