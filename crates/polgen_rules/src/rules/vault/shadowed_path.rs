use polgen_vault::HeadIndex;

use super::prelude::*;

/// Flags blocks that never apply, and `deny` blocks that a more specific block overrides.
pub struct ShadowedPath;

pub static META: RuleMeta = RuleMeta {
    id: "vault-shadowed-path",
    category: Category::Correctness,
    severity: Severity::Warning,
    summary: "a block that never applies, or a `deny` that a more specific block overrides",
    aa_codes: &[],
    doc: r#"## What it does
Applies Vault's priority rules (an exact path beats globs; then the later first wildcard,
not ending in `*`, fewer `+`, longer, lexicographically greater) between the blocks of one
policy and reports:
- a block that never applies, because another block matches every path it matches and wins
  on all of them;
- a `deny` block that does not apply to some paths it matches, because a more specific
  block wins there. `deny` wins only between blocks for the same path: it is not a global
  override as in AWS IAM.

## Why is this bad?
The author expects the block to take effect and it does not: a `deny` on `secret/*` does not
stop the `read` granted on `secret/app/db`, and a shadowed block's capabilities are dead
text.

## Example
```hcl
path "secret/data/*" {
  capabilities = ["deny"]
}

path "secret/data/app/db" {
  capabilities = ["read"]
}
```

## Use instead
```hcl
path "secret/data/app/db" {
  capabilities = ["deny"]
}
```

## References
- [Vault policies: priority matching](https://developer.hashicorp.com/vault/docs/concepts/policies#priority-matching)
"#,
};

impl VaultRule for ShadowedPath {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut VaultContext<'_>) {
        let paths = &ctx.policy.paths;
        // Only labels whose literal heads nest can share a request path: comparing each
        // block with those alone keeps 100k blocks near-linear. Candidates come back in
        // policy order, so the first shadowing block is the one a full scan finds.
        let index = HeadIndex::new(paths.iter().map(|b| &b.pattern));
        for block in paths {
            let differs = |o: &&PathBlock| o.pattern.matcher != block.pattern.matcher;
            let shadowing = index
                .may_cover(&block.pattern)
                .into_iter()
                .filter_map(|i| paths.get(i))
                .filter(differs)
                .find(|other| {
                    block.pattern.is_subset_of(&other.pattern)
                        && other.pattern.priority_cmp(&block.pattern).is_gt()
                });
            if let Some(other) = shadowing {
                let d = ctx
                    .diagnostic(block.path.span, format!("`path \"{}\"` never applies: `{}` matches every path it matches and wins", block.path.value, other.path.value))
                    .with_label("shadowed")
                    .with_related(other.path.span, "this block applies instead")
                    .with_help("remove this block, or make it more specific than the other one");
                ctx.report(d);
                continue;
            }
            if !block.denies() {
                continue;
            }
            let others = index
                .may_overlap(&block.pattern)
                .into_iter()
                .filter_map(|i| paths.get(i))
                .filter(differs);
            let overriders: Vec<(&PathBlock, String)> = others
                .filter(|other| {
                    !other.denies() && other.pattern.priority_cmp(&block.pattern).is_gt()
                })
                .filter_map(|other| {
                    block
                        .pattern
                        .overlap(&other.pattern)
                        .map(|example| (other, example))
                })
                .collect();
            let Some((other, example)) = overriders.first() else {
                continue;
            };
            let more = if overriders.len() > 1 {
                format!(" (and {} more blocks)", overriders.len() - 1)
            } else {
                String::new()
            };
            let mut d = ctx
                .diagnostic(block.path.span, format!("`deny` on `{}` does not apply to `{example}`: the more specific `{}` wins there{more}", block.path.value, other.path.value))
                .with_label("this deny is overridden")
                .with_note("in Vault one block applies per request, the most specific; `deny` wins only within the same path");
            for (o, _) in overriders.iter().take(5) {
                d = d.with_related(
                    o.path.span,
                    format!("grants {} instead", o.effective_capabilities().join(", ")),
                );
            }
            d = d.with_help(format!(
                "put `deny` on `{}` itself, or narrow the grant",
                other.path.value
            ));
            ctx.report(d);
        }
    }
}
