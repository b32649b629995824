use super::prelude::*;

/// Flags write access to the parts of Vault that decide what tokens may do.
pub struct PrivilegeEscalation;

pub static META: RuleMeta = RuleMeta {
    id: "vault-privilege-escalation",
    category: Category::Security,
    severity: Severity::Error,
    summary: "write access to policies, auth methods, roles, identity membership, token creation or raw storage",
    aa_codes: &[],
    doc: r#"## What it does
Reports a block with `create`, `update` or `patch` on a path that lets a token grant
itself (or a token it creates) more access: ACL policies (`sys/policy/*`,
`sys/policies/acl/*`), auth methods (`sys/auth/*`), secrets engines (`sys/mounts/*`), auth
roles, users and groups (`auth/*/role/*`, `auth/*/users/*`, `auth/*/groups/*`), identity
groups and entities (`identity/group*`, `identity/entity*`), token roles
(`auth/token/roles/*`), raw storage (`sys/raw/*`), plugins, root token generation, rekey,
key rotation and sealing. Token creation (`auth/token/create*`) is reported unless
`allowed_parameters` or `denied_parameters` stop the caller from choosing `policies`.
`sudo` alone is not reported: it opens root-protected paths only to the operations the
block's other capabilities allow (`vault-sudo` reports where it is granted).

## Why is this bad?
Whoever can write a policy, or a role that maps to policies, or add themselves to a group
with policies, holds every capability those policies could grant: the token is
root-equivalent in effect, even though its own policy looks narrow.

## Example
```hcl
path "sys/policies/acl/*" {
  capabilities = ["create", "update", "read", "list"]
}
```

## Use instead
```hcl
path "sys/policies/acl/*" {
  capabilities = ["read", "list"]
}
```

## References
- [Vault policies](https://developer.hashicorp.com/vault/docs/concepts/policies)
- [Vault security model](https://developer.hashicorp.com/vault/docs/internals/security)
- [Token authentication: create token parameters](https://developer.hashicorp.com/vault/api-docs/auth/token#create-token)
"#,
};

/// Sensitive path families and what write access to them gives.
const FAMILIES: &[(&str, &str)] = &[
    ("sys/policies/acl/+", "write ACL policies"),
    ("sys/policy/+", "write ACL policies"),
    (
        "sys/raw/*",
        "read and write Vault's storage directly, past every policy",
    ),
    ("sys/auth/*", "enable and reconfigure auth methods"),
    (
        "auth/+/role/+",
        "define auth roles and the policies they grant",
    ),
    (
        "auth/+/roles/+",
        "define auth roles and the policies they grant",
    ),
    (
        "auth/token/roles/+",
        "define token roles and the policies they allow",
    ),
    ("auth/+/users/+", "define auth users and their policies"),
    ("auth/+/groups/+", "map auth groups to policies"),
    (
        "identity/group*",
        "change identity groups, their members and policies",
    ),
    (
        "identity/entity*",
        "change identity entities and their policies",
    ),
    ("auth/token/create*", "create tokens with chosen policies"),
    ("sys/mounts/*", "mount and reconfigure secrets engines"),
    (
        "sys/plugins/catalog/*",
        "register plugins that Vault will run",
    ),
    ("sys/generate-root*", "generate a root token"),
    ("sys/rekey*", "rekey Vault's unseal keys"),
    ("sys/rotate", "rotate Vault's encryption key"),
    ("sys/seal", "seal Vault (denial of service)"),
];

/// The families as parsed patterns, built once.
fn families() -> &'static [(PathPattern, &'static str, &'static str)] {
    static PARSED: std::sync::OnceLock<Vec<(PathPattern, &'static str, &'static str)>> =
        std::sync::OnceLock::new();
    PARSED.get_or_init(|| {
        FAMILIES
            .iter()
            .map(|(family, what)| (PathPattern::parse(family), *family, *what))
            .collect()
    })
}

/// Whether a token-creation block stops the caller from choosing `policies`.
fn token_policies_restricted(block: &PathBlock) -> bool {
    let denied = block.denied_parameters.as_ref().is_some_and(|d| {
        d.get("policies")
            .or_else(|| d.get("*"))
            .is_some_and(|p| p.values.is_empty())
    });
    let allowed = block
        .allowed_parameters
        .as_ref()
        .is_some_and(|a| match a.get("policies") {
            Some(p) => !p.values.is_empty(),
            None => a.get("*").is_none(),
        });
    denied || allowed
}

impl VaultRule for PrivilegeEscalation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut VaultContext<'_>) {
        for block in &ctx.policy.paths {
            let capabilities = block.effective_capabilities();
            // `sudo` only opens root-protected paths to the operations the other capabilities
            // allow: alone it writes nothing.
            if !capabilities
                .iter()
                .any(|c| matches!(*c, "create" | "update" | "patch"))
            {
                continue;
            }
            let writes: Vec<&str> = capabilities
                .into_iter()
                .filter(|c| matches!(*c, "create" | "update" | "patch" | "sudo"))
                .collect();
            let hits: Vec<(&str, &str, String)> = families()
                .iter()
                .filter(|(_, family, _)| {
                    !(family.starts_with("auth/token/create") && token_policies_restricted(block))
                })
                .filter_map(|(pattern, family, what)| {
                    block
                        .pattern
                        .overlap(pattern)
                        .map(|example| (*family, *what, example))
                })
                .collect();
            let Some((family, what, example)) = hits.first() else {
                continue;
            };
            let mut d = ctx
                .diagnostic(
                    block.path.span,
                    format!("`path \"{}\"` grants {} on `{family}`: it can {what}", block.path.value, writes.join(", ")),
                )
                .with_label(format!("matches e.g. `{example}`"))
                .with_help(if family.starts_with("auth/token/create") {
                    "add `denied_parameters = { \"policies\" = [] }` or list the allowed `policies` values in `allowed_parameters`".to_string()
                } else {
                    "keep write access to this tree in an operator policy; give workloads read-only or narrower paths".to_string()
                });
            if hits.len() > 1 {
                let more: Vec<String> = hits[1..]
                    .iter()
                    .take(3)
                    .map(|(f, w, _)| format!("`{f}` ({w})"))
                    .collect();
                let rest = hits.len().saturating_sub(4);
                let tail = if rest > 0 {
                    format!(" and {rest} more sensitive trees")
                } else {
                    String::new()
                };
                d = d.with_note(format!("also matches {}{tail}", more.join(", ")));
            }
            ctx.report(d);
        }
    }
}
