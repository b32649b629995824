use super::prelude::*;

/// Flags paths that are only a glob, and write access to whole mounts or sensitive trees.
pub struct WildcardPath;

pub static META: RuleMeta = RuleMeta {
    id: "vault-wildcard-path",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "a path that is only a glob, or write access to a whole mount or to `sys/`, `auth/`, `identity/`",
    aa_codes: &[],
    doc: r#"## What it does
Reports:
- a path made only of globs and `+` (`*`, `+/*`, `+/+`): it matches every path of Vault.
  With any write capability (`create`, `update`, `patch`, `delete`, `sudo`) the policy is
  root-equivalent, an error; read-only it still reads every secret;
- write capabilities on the root of a sensitive tree (`sys/*`, `auth/*`, `identity/*`) or on
  a whole mount (`aws/*`, `secret/*`, `secret/data/*` for KV v2 mounts).

## Why is this bad?
A token with such a policy can do far more than its job: `path "*"` with `update` can rewrite
policies and auth methods, which is everything the root token can do. Whole-mount write lets
one application overwrite every other application's secrets.

## Example
```hcl
path "*" {
  capabilities = ["create", "read", "update", "delete", "list"]
}
```

## Use instead
```hcl
path "secret/data/app/*" {
  capabilities = ["read"]
}
```

## References
- [Vault policies](https://developer.hashicorp.com/vault/docs/concepts/policies)
- [Vault production hardening: least privilege](https://developer.hashicorp.com/vault/docs/concepts/production-hardening)
"#,
};

const SENSITIVE_TREES: &[&str] = &["sys", "auth", "identity"];

/// The block's capabilities that change state, `sudo` among them only beside one that writes:
/// alone, `sudo` opens root-protected paths to nothing.
fn write_caps(block: &PathBlock) -> Vec<&str> {
    let caps = block.effective_capabilities();
    if !caps
        .iter()
        .any(|c| matches!(*c, "create" | "update" | "patch" | "delete"))
    {
        return Vec::new();
    }
    caps.into_iter()
        .filter(|c| matches!(*c, "create" | "update" | "patch" | "delete" | "sudo"))
        .collect()
}

impl VaultRule for WildcardPath {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut VaultContext<'_>) {
        for block in &ctx.policy.paths {
            if block.denies() {
                continue;
            }
            let label = block.pattern.normalized.as_str();
            let has_glob = label.ends_with('*') || label.split('/').any(|s| s == "+");
            if !has_glob {
                continue;
            }
            let stem = label.strip_suffix('*').unwrap_or(label);
            let segs: Vec<&str> = stem.split('/').collect();
            let writes = write_caps(block);
            if segs.iter().all(|s| *s == "+" || s.is_empty()) {
                if writes.is_empty() {
                    if block.effective_capabilities().is_empty() {
                        continue;
                    }
                    let d = ctx
                        .diagnostic(
                            block.path.span,
                            format!(
                                "`path \"{}\"` matches every path of Vault",
                                block.path.value
                            ),
                        )
                        .with_label(format!(
                            "grants {} everywhere",
                            block.effective_capabilities().join(", ")
                        ))
                        .with_help("list the paths the token needs instead");
                    ctx.report(d);
                } else {
                    let d = ctx
                        .diagnostic(block.path.span, format!("`path \"{}\"` with {} on every path is root-equivalent", block.path.value, writes.join(", ")))
                        .with_label("matches every path of Vault")
                        .with_note("write access everywhere includes `sys/policies/acl/*` and `auth/*`: the token can grant itself anything")
                        .with_help("list the paths the token needs instead");
                    ctx.report_escalated(d);
                }
                continue;
            }
            // Every token owns its cubbyhole: writing all of it is its purpose.
            if writes.is_empty() || label.starts_with("cubbyhole/") {
                continue;
            }
            // `mount/*`, `mount/+/*`, `mount/+`: everything in one mount (or tree).
            let first = segs.first().copied().unwrap_or("");
            let whole_mount = !first.contains('+')
                && ((segs.len() >= 2 && segs[1..].iter().all(|s| *s == "+" || s.is_empty()))
                    || (segs.len() == 1 && label.ends_with('*')));
            let kv2_data_root = ctx.settings.kv_v2_mounts.iter().any(|m| {
                let m = m.trim_matches('/');
                stem == format!("{m}/data/") || stem == format!("{m}/metadata/")
            });
            let message = if whole_mount && SENSITIVE_TREES.contains(&first) {
                format!(
                    "{} on all of `{first}/` through `path \"{}\"`",
                    writes.join(", "),
                    block.path.value
                )
            } else if whole_mount && segs.len() == 1 {
                format!(
                    "{} on every mount whose name starts with `{first}` through `path \"{}\"`",
                    writes.join(", "),
                    block.path.value
                )
            } else if whole_mount {
                format!(
                    "{} on the whole mount `{first}/` through `path \"{}\"`",
                    writes.join(", "),
                    block.path.value
                )
            } else if kv2_data_root {
                format!(
                    "{} on the whole KV v2 mount `{stem}` through `path \"{}\"`",
                    writes.join(", "),
                    block.path.value
                )
            } else {
                continue;
            };
            let d = ctx
                .diagnostic(block.path.span, message)
                .with_label("write access to everything below")
                .with_help("grant write only on the paths the token needs, e.g. one application's sub-path");
            ctx.report(d);
        }
    }
}
