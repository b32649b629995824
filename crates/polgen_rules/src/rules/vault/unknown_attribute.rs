use super::prelude::*;
use polgen_vault::model::TOP_LEVEL_KEYS;

/// Flags attributes Vault does not read, inside `path` blocks and at the top level.
pub struct UnknownAttribute;

pub static META: RuleMeta = RuleMeta {
    id: "vault-unknown-attribute",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "an attribute that Vault does not read, such as `cidr_blocks` inside `path`",
    aa_codes: &[],
    doc: r#"## What it does
Reports attributes of a `path` block that the server does not know (`capabilites`,
`cidr_blocks`, `ttl`, ...) and top-level keys other than `name` and `path`, with the closest
valid name. The set depends on `--vault-flavor`: OpenBao adds `pagination_limit`,
`expiration` and `list_scan_response_keys_filter_path`; Vault has `subscribe_event_types`.

## Why is this bad?
The author meant something by it, and it does nothing: `cidr_blocks` belongs to token roles
and auth methods, not to policies, so the intended network restriction does not exist.
Current Vault versions refuse such a policy (`invalid key "..."`); older ones stored it and
ignored the key silently.

## Example
```hcl
path "aws/creds/deploy" {
  capabilities = ["read"]
  cidr_blocks  = ["10.0.0.0/8"]
}
```

## Use instead
```hcl
path "aws/creds/deploy" {
  capabilities = ["read"]
}
```

## References
- [Vault policies: policy syntax](https://developer.hashicorp.com/vault/docs/concepts/policies#policy-syntax)
- [hashicorp/vault#15368](https://github.com/hashicorp/vault/issues/15368)
"#,
};

impl VaultRule for UnknownAttribute {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut VaultContext<'_>) {
        let flavor = ctx.settings.flavor;
        let other = match flavor {
            Flavor::Vault => Flavor::OpenBao,
            Flavor::OpenBao => Flavor::Vault,
        };
        let known = flavor.path_attributes();
        for key in &ctx.policy.unknown_top_level {
            let mut d = ctx
                .diagnostic(key.span, format!("unknown top-level key `{}`", key.value))
                .with_label("Vault reads only `name` and `path` here");
            d = match did_you_mean(&key.value, TOP_LEVEL_KEYS) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help("remove it: a policy holds only `path \"...\" { ... }` blocks"),
            };
            ctx.report(d);
        }
        for block in &ctx.policy.paths {
            if let Some(group) = block.attribute("control_group") {
                check_control_group(ctx, &group.value);
            }
            for attr in &block.attributes {
                if known.contains(&attr.key.as_str()) {
                    continue;
                }
                let mut d = ctx
                    .diagnostic(
                        attr.key_span,
                        format!(
                            "unknown attribute `{}` in `path \"{}\"`",
                            attr.key, block.path.value
                        ),
                    )
                    .with_label(format!("{} does not read this", flavor.as_str()));
                d = if other.path_attributes().contains(&attr.key.as_str()) {
                    d.with_help(format!(
                        "`{}` exists only in {}: remove it, or lint with `--vault-flavor {}`",
                        attr.key,
                        other.as_str(),
                        other.as_str().to_ascii_lowercase()
                    ))
                } else if let Some(s) = did_you_mean(&attr.key, known) {
                    d.with_help(format!("did you mean `{s}`?"))
                } else if matches!(
                    attr.key.as_str(),
                    "cidr_blocks"
                        | "bound_cidrs"
                        | "token_bound_cidrs"
                        | "ttl"
                        | "max_ttl"
                        | "period"
                ) {
                    d.with_help(format!("`{}` is a setting of tokens, roles or auth methods, not of policies: set it there", attr.key))
                } else {
                    d.with_help(format!(
                        "remove it; a `path` block may hold: {}",
                        known.join(", ")
                    ))
                };
                ctx.report(d);
            }
        }
    }
}

/// Keys Vault accepts inside `control_group`, its `factor` blocks and their `identity`.
const CONTROL_GROUP_KEYS: &[&str] = &["ttl", "self_auth_allowed", "factor"];
const FACTOR_KEYS: &[&str] = &["controlled_capabilities", "identity"];
const IDENTITY_KEYS: &[&str] = &["group_names", "group_ids", "approvals"];

fn check_control_group(ctx: &mut VaultContext<'_>, group: &polgen_policy::Node) {
    check_keys(ctx, group, "control_group", CONTROL_GROUP_KEYS);
    for factor in group
        .as_object()
        .unwrap_or_default()
        .iter()
        .filter(|m| m.key == "factor")
    {
        // `factor "name" { ... }` nests the body under the factor's name.
        for named in factor.value.as_object().unwrap_or_default() {
            check_keys(ctx, &named.value, "factor", FACTOR_KEYS);
            for identity in named
                .value
                .as_object()
                .unwrap_or_default()
                .iter()
                .filter(|m| m.key == "identity")
            {
                check_keys(ctx, &identity.value, "identity", IDENTITY_KEYS);
            }
        }
    }
}

fn check_keys(
    ctx: &mut VaultContext<'_>,
    node: &polgen_policy::Node,
    within: &str,
    known: &[&str],
) {
    for member in node.as_object().unwrap_or_default() {
        if known.contains(&member.key.as_str()) {
            continue;
        }
        let mut d = ctx
            .diagnostic(
                member.key_span,
                format!("unknown attribute `{}` in `{within}`", member.key),
            )
            .with_label("Vault does not read this");
        d = match did_you_mean(&member.key, known) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!("`{within}` may hold: {}", known.join(", "))),
        };
        ctx.report(d);
    }
}
