use std::collections::HashMap;
use std::collections::hash_map::Entry;

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
        // By label: one look-up per block, and the merged ACL built once, when needed.
        let mut first_named: HashMap<&str, &PathBlock> = HashMap::new();
        let mut acl = None;
        for block in paths {
            let first = match first_named.entry(&block.pattern.normalized) {
                Entry::Occupied(first) => *first.get(),
                Entry::Vacant(slot) => {
                    slot.insert(block);
                    continue;
                }
            };
            let merged = acl
                .get_or_insert_with(|| polgen_vault::Acl::new([ctx.policy]))
                .entry(&block.pattern)
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
