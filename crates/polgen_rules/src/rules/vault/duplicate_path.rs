use super::prelude::*;

/// Flags two blocks of one policy for the same path.
pub struct DuplicatePath;

pub static META: RuleMeta = RuleMeta {
    id: "vault-duplicate-path",
    category: Category::Correctness,
    severity: Severity::Warning,
    summary: "two `path` blocks of one policy name the same path",
    aa_codes: &[],
    doc: r#"## What it does
Reports a `path` block whose path (after Vault drops a leading `/`) an earlier block of the
same policy already names.

## Why is this bad?
Vault merges the two blocks: it unites their capabilities, and a `deny` in either wins. A
reviewer who reads only one of them, or who expects the later block to replace the earlier
one, misjudges what the policy grants.

## Example
```hcl
path "secret/data/app/*" {
  capabilities = ["read"]
}

path "secret/data/app/*" {
  capabilities = ["update"]
}
```

## Use instead
```hcl
path "secret/data/app/*" {
  capabilities = ["read", "update"]
}
```

## References
- [Vault policies: priority matching](https://developer.hashicorp.com/vault/docs/concepts/policies#priority-matching)
"#,
};

impl VaultRule for DuplicatePath {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut VaultContext<'_>) {
        let paths = &ctx.policy.paths;
        for (i, block) in paths.iter().enumerate() {
            let Some(first) = paths[..i]
                .iter()
                .find(|b| b.pattern.normalized == block.pattern.normalized)
            else {
                continue;
            };
            let merged = polgen_vault::Acl::new([ctx.policy])
                .entries
                .into_iter()
                .find(|e| e.pattern.normalized == block.pattern.normalized)
                .map(|e| e.capabilities.join(", "))
                .unwrap_or_default();
            let d = ctx
                .diagnostic(
                    block.path.span,
                    format!("duplicate path `{}`", block.pattern.normalized),
                )
                .with_label("named again here")
                .with_related(first.path.span, "first named here")
                .with_note(format!(
                    "Vault merges the blocks; together they grant: {merged}"
                ))
                .with_help("merge the two blocks into one");
            ctx.report(d);
        }
    }
}
