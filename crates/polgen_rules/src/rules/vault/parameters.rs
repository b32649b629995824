use super::prelude::*;

/// Flags contradictory parameter constraints.
pub struct Parameters;

pub static META: RuleMeta = RuleMeta {
    id: "vault-parameters",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "a parameter both allowed and denied, or required but not allowed",
    aa_codes: &[],
    doc: r#"## What it does
Reports, within one `path` block:
- a parameter listed in both `allowed_parameters` and `denied_parameters` (Vault compares
  names case-insensitively and checks denials first);
- a `required_parameters` entry that `allowed_parameters` does not allow (when it is set and
  has no `"*"` key): every write then fails, since the parameter is both needed and refused;
- a `required_parameters` entry that `denied_parameters` denies outright.

## Why is this bad?
The block does not do what it reads like: the `allowed_parameters` entry has no effect, or
no request can ever satisfy the block.

## Example
```hcl
path "auth/token/create" {
  capabilities        = ["update"]
  allowed_parameters  = { "ttl" = [] }
  required_parameters = ["policies"]
}
```

## Use instead
```hcl
path "auth/token/create" {
  capabilities        = ["update"]
  allowed_parameters  = { "ttl" = [], "policies" = ["app"] }
  required_parameters = ["policies"]
}
```

## References
- [Vault policies: parameter constraints](https://developer.hashicorp.com/vault/docs/concepts/policies#parameter-constraints)
"#,
};

impl VaultRule for Parameters {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut VaultContext<'_>) {
        for block in &ctx.policy.paths {
            let allowed = block.allowed_parameters.as_ref();
            let denied = block.denied_parameters.as_ref();
            if let (Some(allowed), Some(denied)) = (allowed, denied) {
                for a in &allowed.entries {
                    if let Some(d) = denied.get(&a.name.value) {
                        let both_any = a.values.is_empty() && d.values.is_empty();
                        if !both_any && !d.values.is_empty() {
                            continue; // specific denied values carve out of an allowed name
                        }
                        let diag = ctx
                            .diagnostic(
                                a.name.span,
                                format!(
                                    "parameter `{}` is both allowed and denied in `path \"{}\"`",
                                    a.name.value, block.path.value
                                ),
                            )
                            .with_label("allowed here")
                            .with_related(d.name.span, "denied here: denials win")
                            .with_help("remove it from one of the two lists");
                        ctx.report(diag);
                    }
                }
            }
            let Some(required) = &block.required_parameters else {
                continue;
            };
            for r in required {
                if let Some(allowed) = allowed
                    && allowed.get("*").is_none()
                    && allowed.get(&r.value).is_none()
                {
                    let d = ctx
                        .diagnostic(r.span, format!("required parameter `{}` is not in `allowed_parameters` of `path \"{}\"`", r.value, block.path.value))
                        .with_label("required, but refused")
                        .with_related(allowed.key_span, "this list does not allow it")
                        .with_help(format!("add `\"{}\" = []` (or the allowed values) to `allowed_parameters`", r.value));
                    ctx.report(d);
                }
                if let Some(denied) = denied
                    && let Some(entry) = denied.get(&r.value).or_else(|| denied.get("*"))
                    && entry.values.is_empty()
                {
                    let d = ctx
                        .diagnostic(r.span, format!("required parameter `{}` is denied in `path \"{}\"`", r.value, block.path.value))
                        .with_label("required, but denied")
                        .with_related(entry.name.span, "denied here")
                        .with_help("no request can satisfy this block: remove the denial or the requirement");
                    ctx.report(d);
                }
            }
        }
    }
}
