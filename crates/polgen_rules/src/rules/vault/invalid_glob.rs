use super::prelude::*;

/// Flags path labels whose `*` or `+` do not do what they seem to.
pub struct InvalidGlob;

pub static META: RuleMeta = RuleMeta {
    id: "vault-invalid-glob",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "a path with `*` before its end, `+*`, or a leading `/`",
    aa_codes: &[],
    doc: r#"## What it does
Reports path labels that Vault reads differently from how they look:
- `*` anywhere but at the very end (`secret/*/config`): Vault's glob is a suffix only, so
  this `*` is a literal character and the block matches no real path;
- `+*` (`secret/+*`): Vault refuses the policy;
- a leading `/` (`/secret/app`): Vault silently drops it; write the path as Vault stores it;
- an empty path, which matches nothing.

## Why is this bad?
A `*` in the middle looks like a wildcard over one level, but grants nothing: the intended
access silently does not exist (or, for a `deny`, the intended restriction does not).
Use `+` to match exactly one segment.

## Example
```hcl
path "secret/data/*/config" {
  capabilities = ["read"]
}
```

## Use instead
```hcl
path "secret/data/+/config" {
  capabilities = ["read"]
}
```

## References
- [Vault policies: policy syntax (globs and `+`)](https://developer.hashicorp.com/vault/docs/concepts/policies#policy-syntax)
- [HashiCorp KB: usage of glob and wildcard in Vault policies](https://support.hashicorp.com/hc/en-us/articles/38600861606931-Usage-of-Glob-and-Wildcard-in-Vault-Policies)
"#,
};

impl VaultRule for InvalidGlob {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut VaultContext<'_>) {
        for block in &ctx.policy.paths {
            let label = &block.path.value;
            let span = block.path.span;
            if block.pattern.normalized.is_empty() {
                let d = ctx
                    .diagnostic(span, format!("path `{label}` is empty once Vault drops the leading `/`: this block matches no API path"))
                    .with_help("write the API path without `/v1/`, e.g. `secret/data/app`");
                ctx.report(d);
                continue;
            }
            if label.contains("+*") {
                let d = ctx
                    .diagnostic(
                        span,
                        format!("`+*` in `{label}`: Vault refuses this policy"),
                    )
                    .with_label("invalid use of wildcards")
                    .with_help(
                        "use `+/*` for one segment then anything, or `*` alone for any suffix",
                    );
                ctx.report(d);
            } else if let Some(i) = label.find('*').filter(|i| i + 1 < label.len()) {
                let fixed: String = {
                    let segs: Vec<&str> = label
                        .split('/')
                        .map(|s| if s == "*" { "+" } else { s })
                        .collect();
                    segs.join("/")
                };
                let mut d = ctx
                    .diagnostic(
                        span,
                        format!(
                            "`*` before the end of `{label}` is a literal character, not a glob"
                        ),
                    )
                    .with_label(format!("the `*` at offset {i} matches only a literal `*`"));
                d = if fixed != *label {
                    d.with_help(format!("use `+` for one segment: `{fixed}`"))
                } else {
                    d.with_help(
                        "Vault globs only at the end of a path; use `+` for one whole segment",
                    )
                };
                ctx.report(d);
            }
            if label.starts_with('/') {
                let d = ctx
                    .diagnostic(span, format!("leading `/` in `{label}`: Vault drops it"))
                    .with_label("Vault stores this as the path without the `/`")
                    .with_help(format!("write `{}`", label.trim_start_matches('/')));
                ctx.report(d);
            }
        }
    }
}
