use super::prelude::*;

/// Flags the `sudo` capability.
pub struct Sudo;

pub static META: RuleMeta = RuleMeta {
    id: "vault-sudo",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "`sudo` capability: an error on globs, a warning on specific paths",
    aa_codes: &[],
    doc: r#"## What it does
Reports every block that grants `sudo` (directly or through the legacy
`policy = "sudo"`). On a glob or `+` path it is an error: `sudo` then reaches every
root-protected endpoint the glob covers, now and as new ones appear. On a specific path it
is a warning, with a note when the path is not one of Vault's root-protected endpoints (where
`sudo` does nothing).

## Why is this bad?
`sudo` unlocks root-protected endpoints: rotating the keyring, revoking leases by prefix,
creating orphan tokens, reading and writing raw storage, enabling audit devices. These are
operator tasks, rarely a workload's.

## Example
```hcl
path "sys/*" {
  capabilities = ["read", "update", "sudo"]
}
```

## Use instead
```hcl
path "sys/mounts" {
  capabilities = ["read"]
}
```
When an operator policy does need `sudo`, grant it on the one endpoint, e.g.
`path "sys/leases/revoke-prefix/aws/creds/deploy" { capabilities = ["update", "sudo"] }`
(a warning that documents the decision).

## References
- [Vault policies: root protected API endpoints](https://developer.hashicorp.com/vault/docs/concepts/policies#root-protected-api-endpoints)
"#,
};

/// Root-protected endpoints (Vault documentation), as paths or path prefixes ending in `/`.
const ROOT_PROTECTED: &[&str] = &[
    "auth/token/accessors",
    "auth/token/create-orphan",
    "auth/token/create",
    "sys/audit",
    "sys/audit/",
    "sys/audit-hash/",
    "sys/auth/",
    "sys/config/auditing/",
    "sys/config/cors",
    "sys/config/reload/",
    "sys/config/state/",
    "sys/config/ui/",
    "sys/generate-root",
    "sys/host-info",
    "sys/in-flight-req",
    "sys/internal/counters/",
    "sys/key-status",
    "sys/leases/lookup",
    "sys/leases/lookup/",
    "sys/leases/revoke-force/",
    "sys/leases/revoke-prefix/",
    "sys/loggers",
    "sys/loggers/",
    "sys/mfa/",
    "sys/monitor",
    "sys/mounts/",
    "sys/plugins/catalog/",
    "sys/plugins/reload/",
    "sys/pprof/",
    "sys/raw",
    "sys/raw/",
    "sys/rekey/",
    "sys/rekey-recovery-key/",
    "sys/remount",
    "sys/replication/",
    "sys/rotate",
    "sys/rotate/",
    "sys/seal",
    "sys/step-down",
    "sys/storage/raft/",
    "pki/root",
    "pki/root/",
];

fn root_protected(path: &str) -> bool {
    ROOT_PROTECTED.iter().any(|p| {
        path == *p || (p.ends_with('/') && path.starts_with(p)) || path == p.trim_end_matches('/')
    })
}

impl VaultRule for Sudo {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut VaultContext<'_>) {
        for block in &ctx.policy.paths {
            if !block.has_capability("sudo") {
                continue;
            }
            let span = block
                .capabilities
                .iter()
                .find(|c| c.value == "sudo")
                .map(|c| c.span)
                .or(block.policy.as_ref().map(|p| p.span))
                .unwrap_or(block.path.span);
            let label = &block.pattern.normalized;
            if !block.pattern.is_exact() {
                let d = ctx
                    .diagnostic(span, format!("`sudo` on glob path `{}`", block.path.value))
                    .with_label("root-protected operations on every matching path")
                    .with_related(block.path.span, "a glob or `+` path")
                    .with_help("grant `sudo` only on the specific root-protected endpoints the token needs");
                ctx.report_escalated(d);
            } else if root_protected(label) {
                let d = ctx
                    .diagnostic(span, format!("`sudo` on root-protected `{label}`"))
                    .with_label("unlocks a root-protected endpoint")
                    .with_help("keep `sudo` to operator policies, and check this token needs it");
                ctx.report(d);
            } else {
                let d = ctx
                    .diagnostic(
                        span,
                        format!(
                            "`sudo` on `{label}`, which is not a known root-protected endpoint"
                        ),
                    )
                    .with_label("`sudo` likely has no effect here")
                    .with_help(
                        "remove `sudo` unless this path is a root-protected endpoint of a plugin",
                    );
                ctx.report(d);
            }
        }
    }
}
