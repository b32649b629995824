use super::prelude::*;

/// Flags capabilities (and legacy `policy` values) that Vault or OpenBao does not know.
pub struct UnknownCapability;

pub static META: RuleMeta = RuleMeta {
    id: "vault-unknown-capability",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "a `capabilities` entry or legacy `policy` value that the server does not know",
    aa_codes: &[],
    doc: r#"## What it does
Reports a `capabilities` entry that is not one of the server's capabilities, with the closest
valid one. Vault knows `create`, `read`, `update`, `patch`, `delete`, `list`, `sudo`, `deny`,
`subscribe` and `recover`; OpenBao (`--vault-flavor openbao`) knows `scan` but not
`subscribe` or `recover`. Also reports a legacy `policy = "..."` value other than `deny`,
`read`, `write` or `sudo`.

## Why is this bad?
Vault refuses to store the whole policy (`invalid capability "..."`), so a deployment that
writes it fails, and a typo such as `"wirte"` is easy to miss in review.

## Example
```hcl
path "secret/data/app/*" {
  capabilities = ["read", "lsit"]
}
```

## Use instead
```hcl
path "secret/data/app/*" {
  capabilities = ["read", "list"]
}
```

## References
- [Vault policies: capabilities](https://developer.hashicorp.com/vault/docs/concepts/policies#capabilities)
- [OpenBao policies](https://openbao.org/docs/concepts/policies/)
"#,
};

fn other(flavor: Flavor) -> Flavor {
    match flavor {
        Flavor::Vault => Flavor::OpenBao,
        Flavor::OpenBao => Flavor::Vault,
    }
}

impl VaultRule for UnknownCapability {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut VaultContext<'_>) {
        let flavor = ctx.settings.flavor;
        let known = flavor.capabilities();
        for block in &ctx.policy.paths {
            for cap in &block.capabilities {
                if known.contains(&cap.value.as_str()) {
                    continue;
                }
                let mut d = ctx
                    .diagnostic(
                        cap.span,
                        format!(
                            "unknown capability `{}` in `path \"{}\"`",
                            cap.value, block.path.value
                        ),
                    )
                    .with_label(format!("{} rejects the whole policy", flavor.as_str()));
                let lower = cap.value.to_ascii_lowercase();
                if other(flavor).capabilities().contains(&lower.as_str()) && lower == cap.value {
                    d = d.with_help(format!(
                        "`{}` is a capability of {}, not {}: remove it, or lint with `--vault-flavor {}`",
                        cap.value,
                        other(flavor).as_str(),
                        flavor.as_str(),
                        other(flavor).as_str().to_ascii_lowercase()
                    ));
                } else if let Some(s) = did_you_mean(&cap.value, known) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                } else if did_you_mean(&cap.value, &["write"]).is_some() {
                    d = d.with_help("there is no `write` capability: use `create` and `update` (and `patch` if needed)");
                } else {
                    d = d.with_help(format!("use one of: {}", known.join(", ")));
                }
                ctx.report(d);
            }
            if let Some(policy) = &block.policy {
                let legacy = ["deny", "read", "write", "sudo"];
                if !legacy.contains(&policy.value.as_str()) {
                    let mut d = ctx
                        .diagnostic(
                            policy.span,
                            format!(
                                "invalid legacy policy `{}` in `path \"{}\"`",
                                policy.value, block.path.value
                            ),
                        )
                        .with_label("not `deny`, `read`, `write` or `sudo`");
                    d = match did_you_mean(&policy.value, &legacy) {
                        Some(s) => d.with_help(format!("did you mean `{s}`? Better: replace `policy` with a `capabilities` list")),
                        None => d.with_help("replace `policy` with a `capabilities` list, e.g. `capabilities = [\"read\", \"list\"]`"),
                    };
                    ctx.report(d);
                }
            }
        }
    }
}
