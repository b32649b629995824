//! `long-session`: a role's maximum session duration above the configured limit.

use crate::host::HostContext;
use crate::prelude::*;

use super::common;

/// Flags `MaxSessionDuration` / `max_session_duration` above `max-session-hours`.
pub struct LongSession;

pub static META: RuleMeta = RuleMeta {
    id: "long-session",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "a role allows sessions longer than the configured limit (4 hours by default)",
    aa_codes: &[],
    doc: r#"## What it does
Reports an IAM role whose `MaxSessionDuration` (CloudFormation) or `max_session_duration`
(Terraform) is above the limit set by `max-session-hours` in the ruleset or `polgen.toml`
(4 hours by default). Values computed at deploy time are not judged.

## Why is this bad?
Role credentials stay valid for the whole session even after the role's policy is tightened
or the person leaves. A leaked set of 12-hour credentials gives an attacker a full working
day; short sessions limit what a stolen token is worth.

## Example
```yaml
Resources:
  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      MaxSessionDuration: 43200
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: "arn:aws:iam::111122223333:root"}
            Action: sts:AssumeRole
```

## Use instead
```yaml
Resources:
  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      MaxSessionDuration: 3600
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: "arn:aws:iam::111122223333:root"}
            Action: sts:AssumeRole
```

## References
- [IAM roles: maximum session duration](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-settings.html#id_roles_update-session-duration)
"#,
};

impl Rule for LongSession {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &mut RuleContext<'_>) {}

    fn check_host(&self, ctx: &mut HostContext<'_>) {
        let limit_hours = ctx.settings.max_session_hours;
        let limit = i64::try_from(limit_hours.saturating_mul(3600)).unwrap_or(i64::MAX);
        for resource in &ctx.host.resources {
            if resource.ty != "AWS::IAM::Role" && resource.ty != "aws_iam_role" {
                continue;
            }
            let Some(member) =
                common::property(resource, &["MaxSessionDuration", "max_session_duration"])
            else {
                continue;
            };
            let Some(seconds) = polgen_iac::as_integer(&member.value) else {
                continue;
            };
            if seconds <= limit {
                continue;
            }
            let shown = if seconds % 3600 == 0 {
                format!("{} hours", seconds / 3600)
            } else {
                format!("{seconds} seconds")
            };
            let d = ctx
                .diagnostic(
                    resource,
                    member.value.span,
                    format!("role `{}` allows sessions of {shown}, over the {limit_hours}-hour limit", resource.address),
                )
                .with_label(format!("{seconds} seconds"))
                .with_help(format!("set `{}` to at most {limit} seconds, or raise `max-session-hours` in polgen.toml if long sessions are intended", member.key));
            ctx.report(d);
        }
    }
}
