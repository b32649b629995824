use super::prelude::*;
use polgen_vault::model::LEGACY_POLICIES;

/// Flags the pre-0.5 `policy = "..."` form.
pub struct DeprecatedPolicySyntax;

pub static META: RuleMeta = RuleMeta {
    id: "vault-deprecated-policy-syntax",
    category: Category::Style,
    severity: Severity::Info,
    summary: "a `path` block uses the legacy `policy = \"...\"` form instead of `capabilities`",
    aa_codes: &[],
    doc: r#"## What it does
Reports `policy = "deny" | "read" | "write" | "sudo"` inside a `path` block and shows the
`capabilities` list Vault turns it into.

## Why is this bad?
The legacy form hides what it grants: `read` also grants `list`, `write` grants `create`,
`read`, `update`, `delete` and `list`, and `sudo` adds root-protected access on top. The
`capabilities` list says exactly what is granted and is the only form documented today.

## Example
```hcl
path "secret/app/*" {
  policy = "write"
}
```

## Use instead
```hcl
path "secret/app/*" {
  capabilities = ["create", "read", "update", "delete", "list"]
}
```

## References
- [Vault policies: capabilities](https://developer.hashicorp.com/vault/docs/concepts/policies#capabilities)
"#,
};

impl VaultRule for DeprecatedPolicySyntax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut VaultContext<'_>) {
        for block in &ctx.policy.paths {
            let Some(policy) = &block.policy else {
                continue;
            };
            let Some((_, caps)) = LEGACY_POLICIES.iter().find(|(p, _)| *p == policy.value) else {
                continue; // vault-unknown-capability reports invalid values
            };
            let list = caps
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ");
            let d = ctx
                .diagnostic(
                    policy.span,
                    format!(
                        "legacy `policy = \"{}\"` in `path \"{}\"`",
                        policy.value, block.path.value
                    ),
                )
                .with_label(if *caps == ["deny"] {
                    "denies every capability".to_string()
                } else {
                    format!("grants {}", caps.join(", "))
                })
                .with_help(format!(
                    "write `capabilities = [{list}]` instead, and drop what is not needed"
                ));
            ctx.report(d);
        }
    }
}
