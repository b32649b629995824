use super::common::Cidr;
use crate::prelude::*;

/// Flags an IP range whose address has bits set after the prefix (`10.1.2.3/8`).
pub struct IpRangeHostBits;

pub static META: RuleMeta = RuleMeta {
    id: "ip-range-host-bits",
    category: Category::Style,
    severity: Severity::Info,
    summary: "an IP range has bits set after its prefix length, which IAM ignores",
    aa_codes: &["IMPROVE_IP_RANGE"],
    doc: r#"## What it does
Reports an `IpAddress` or `NotIpAddress` value such as `203.0.113.7/24` whose address has
bits set after the prefix length, and suggests the network address (`203.0.113.0/24`).

## Why is this bad?
IAM ignores the bits after the prefix: `203.0.113.7/24` matches the whole
`203.0.113.0/24` network. The value reads like a single host (or a narrower range) but
grants to 256 addresses. Either the prefix length or the address is wrong.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::bucket/*",
      "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.7/24"}}
    }
  ]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::bucket/*",
      "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.7/32"]}}
    }
  ]
}
```

## References
- [Access Analyzer policy check reference: Improve IP range](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
- [IAM condition operators: IP address](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress)
"#,
};

impl Rule for IpRangeHostBits {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for st in &ctx.doc.statements {
            for c in &st.conditions {
                if c.operator.kind.family != Family::Ip {
                    continue;
                }
                for v in &c.values {
                    let Some(text) = v.str.as_literal() else {
                        continue;
                    };
                    if !text.contains('/') {
                        continue;
                    }
                    let Some(cidr) = Cidr::parse(text) else {
                        continue;
                    };
                    let net = cidr.network();
                    if net == cidr {
                        continue;
                    }
                    let d = ctx
                        .diagnostic(v.str.span, format!("IP range `{text}` has bits set after its /{} prefix", cidr.prefix))
                        .with_label(format!("IAM reads this as `{net}`"))
                        .with_help(format!("write `{net}` for the whole network, or a longer prefix (e.g. `{}`) for the single address", Cidr { prefix: full(cidr), ..cidr }))
                        .with_location_path(st.condition_path(c));
                    ctx.report(d);
                }
            }
        }
    }
}

fn full(c: Cidr) -> u8 {
    match c.addr {
        std::net::IpAddr::V4(_) => 32,
        std::net::IpAddr::V6(_) => 128,
    }
}
