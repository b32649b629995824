use super::prelude::*;
use polgen_vault::model::parse_duration_seconds;

/// Flags malformed wrapping TTLs and a minimum above the maximum.
pub struct WrappingTtl;

pub static META: RuleMeta = RuleMeta {
    id: "vault-wrapping-ttl",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "a malformed `min_wrapping_ttl`/`max_wrapping_ttl`, or a minimum above the maximum",
    aa_codes: &[],
    doc: r#"## What it does
Reads `min_wrapping_ttl` and `max_wrapping_ttl` the way Vault does (a number of seconds, or a
duration such as `300s`, `5m`, `1h30m`) and reports values Vault cannot read and a minimum
greater than the maximum.

## Why is this bad?
Vault refuses such a policy (`max_wrapping_ttl cannot be less than min_wrapping_ttl`, or a
duration parse error). When blocks of several policies merge, an impossible window can also
arise silently and then every request on the path is denied.

## Example
```hcl
path "auth/approle/role/app/secret-id" {
  capabilities     = ["update"]
  min_wrapping_ttl = "10m"
  max_wrapping_ttl = "5m"
}
```

## Use instead
```hcl
path "auth/approle/role/app/secret-id" {
  capabilities     = ["update"]
  min_wrapping_ttl = "1m"
  max_wrapping_ttl = "5m"
}
```

## References
- [Vault policies: required response wrapping TTLs](https://developer.hashicorp.com/vault/docs/concepts/policies#required-response-wrapping-ttls)
"#,
};

impl VaultRule for WrappingTtl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut VaultContext<'_>) {
        for block in &ctx.policy.paths {
            let read =
                |name: &str, node: Option<&polgen_policy::Node>, ctx: &mut VaultContext<'_>| {
                    let node = node?;
                    match parse_duration_seconds(node) {
                        Ok(secs) => Some((secs, node.span)),
                        Err(why) => {
                            let d = ctx
                            .diagnostic(
                                node.span,
                                format!(
                                    "invalid `{name}` in `path \"{}\"`: {why}",
                                    block.path.value
                                ),
                            )
                            .with_label("Vault cannot read this duration")
                            .with_help(
                                "write seconds (`300`) or a duration such as `\"5m\"` or `\"1h\"`",
                            );
                            ctx.report(d);
                            None
                        }
                    }
                };
            let min = read("min_wrapping_ttl", block.min_wrapping_ttl.as_ref(), ctx);
            let max = read("max_wrapping_ttl", block.max_wrapping_ttl.as_ref(), ctx);
            if let (Some((min, min_span)), Some((max, max_span))) = (min, max)
                && min > 0.0
                && max > 0.0
                && max < min
            {
                let d = ctx
                    .diagnostic(max_span, format!("`max_wrapping_ttl` ({}) is less than `min_wrapping_ttl` ({}) in `path \"{}\"`", human(max), human(min), block.path.value))
                    .with_label("below the minimum")
                    .with_related(min_span, "minimum set here")
                    .with_help("Vault rejects this policy: make the maximum at least the minimum");
                ctx.report(d);
            }
        }
    }
}

fn human(secs: f64) -> String {
    if secs.fract() == 0.0 && secs >= 1.0 {
        let s = secs as u64;
        if s.is_multiple_of(3600) {
            return format!("{}h", s / 3600);
        }
        if s.is_multiple_of(60) {
            return format!("{}m", s / 60);
        }
        return format!("{s}s");
    }
    format!("{secs}s")
}
