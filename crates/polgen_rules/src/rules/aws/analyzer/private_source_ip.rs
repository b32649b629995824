use super::common::{Cidr, private_block};
use crate::prelude::*;

/// Flags private, loopback and link-local addresses in `aws:SourceIp` conditions.
pub struct PrivateSourceIp;

pub static META: RuleMeta = RuleMeta {
    id: "private-source-ip",
    category: Category::Correctness,
    severity: Severity::Warning,
    summary: "`aws:SourceIp` is compared with a private IP range, which it never contains",
    aa_codes: &[
        "PRIVATE_IP_ADDRESS",
        "PRIVATE_NOT_IP_ADDRESS",
        "PRIVATE_IP_ADDRESS_SUBSET",
        "PRIVATE_NOT_IP_ADDRESS_SUBSET",
    ],
    doc: r#"## What it does
Reports a private (RFC 1918 `10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`), loopback,
link-local or IPv6 unique-local (`fc00::/7`) range in an `IpAddress` or `NotIpAddress`
condition on `aws:SourceIp`.

## Why is this bad?
`aws:SourceIp` is the public address a request comes from. A request sent from inside a VPC
through a VPC endpoint carries no `aws:SourceIp` at all, and a request over the internet
never has a private source address, so a private range never matches:

- in `IpAddress`, the range grants (or denies) nothing;
- in `NotIpAddress`, the range excludes nothing: a `Deny` meant to spare your network
  still applies to it.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::bucket/*",
      "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/16"}}
    }
  ]
}
```

## Use instead
Match private addresses with `aws:VpcSourceIp`, together with the VPC or endpoint:

```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::bucket/*",
      "Condition": {
        "IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"},
        "StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}
      }
    }
  ]
}
```

## References
- [Access Analyzer policy check reference: Private IP address, Private NotIpAddress](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
- [AWS global condition context keys: aws:SourceIp, aws:VpcSourceIp](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)
"#,
};

impl Rule for PrivateSourceIp {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for st in &ctx.doc.statements {
            for c in st.conditions_on("aws:SourceIp") {
                if c.operator.kind.family != Family::Ip {
                    continue;
                }
                let negated = c.operator.kind.negated;
                let private: Vec<(&CondValue, &'static str)> = c
                    .values
                    .iter()
                    .filter_map(|v| Some((v, private_block(Cidr::parse(v.str.as_literal()?)?)?)))
                    .collect();
                let all = private.len() == c.values.len();
                for (v, block) in private {
                    let effect = match (negated, all) {
                        (false, true) => "so the condition never matches",
                        (false, false) => "so this entry never matches",
                        (true, _) => "so excluding it has no effect",
                    };
                    let d = ctx
                        .diagnostic(v.str.span, format!("`aws:SourceIp` is compared with private range `{}`", v.str.value))
                        .with_label(format!("inside `{block}`: `aws:SourceIp` is never a private address, {effect}"))
                        .with_related(c.operator.span, format!("in `{}`", c.operator.text))
                        .with_help("list public addresses only; to match private addresses of requests through a VPC endpoint, use `aws:VpcSourceIp` together with `aws:SourceVpc` or `aws:SourceVpce`")
                        .with_location_path(format!("{}.Condition.{}.aws:SourceIp", st.path(), c.operator.text));
                    ctx.report(d);
                }
            }
        }
    }
}
