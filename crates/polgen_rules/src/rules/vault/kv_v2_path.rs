use super::prelude::*;

/// Flags paths on KV version 2 mounts that miss the `data/`-style prefix, and parameter
/// constraints on KV v2 data paths.
pub struct KvV2Path;

pub static META: RuleMeta = RuleMeta {
    id: "vault-kv-v2-path",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "a path on a KV v2 mount without `data/` or `metadata/`, which matches nothing",
    aa_codes: &[],
    doc: r#"## What it does
For mounts configured as KV version 2 (`[vault] kv_v2_mounts` in `polgen.toml`, default
`["secret"]`), reports:
- a path right under the mount that is not one of KV v2's API prefixes (`data/`,
  `metadata/`, `delete/`, `undelete/`, `destroy/`, `subkeys/`, `config`);
- `allowed_parameters`, `denied_parameters` or `required_parameters` on a `data/` path.

## Why is this bad?
KV v2 serves secrets at `<mount>/data/<key>` and lists them at `<mount>/metadata/<key>`.
The CLI hides this (`vault kv get secret/app` calls `secret/data/app`), so policies written
for the CLI's paths grant nothing and requests fail with 403. Parameter constraints on a
`data/` path apply to the request's top-level fields (`data`, `options`), not to the
secret's keys, so they do not restrict what they seem to and usually refuse every write.

## Example
```hcl
path "secret/app/*" {
  capabilities = ["read"]
}
```

## Use instead
```hcl
path "secret/data/app/*" {
  capabilities = ["read"]
}

path "secret/metadata/app/*" {
  capabilities = ["list"]
}
```

## References
- [KV secrets engine version 2: ACL rules](https://developer.hashicorp.com/vault/docs/secrets/kv/kv-v2#acl-rules)
- [Vault policies: parameter constraints](https://developer.hashicorp.com/vault/docs/concepts/policies#parameter-constraints)
"#,
};

const KV_V2_PREFIXES: &[&str] = &[
    "data",
    "metadata",
    "delete",
    "undelete",
    "destroy",
    "subkeys",
    "config",
    "detailed-metadata",
];

impl VaultRule for KvV2Path {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut VaultContext<'_>) {
        for block in &ctx.policy.paths {
            let label = block.pattern.normalized.as_str();
            let segs: Vec<&str> = label.split('/').collect();
            let Some(mount) = ctx.settings.kv_v2_mounts.iter().find(|m| {
                let m: Vec<&str> = m.trim_matches('/').split('/').collect();
                segs.len() > m.len() && segs[..m.len()] == m[..]
            }) else {
                continue;
            };
            let mount = mount.trim_matches('/');
            let depth = mount.split('/').count();
            let Some(next) = segs.get(depth).copied() else {
                continue;
            };
            let glob_stem = next.strip_suffix('*');
            let fine = next == "+"
                || KV_V2_PREFIXES.contains(&next)
                || (next.is_empty() && segs.len() == depth + 1)
                || glob_stem.is_some_and(|stem| {
                    segs.len() == depth + 1 && KV_V2_PREFIXES.iter().any(|p| p.starts_with(stem))
                });
            if !fine {
                let rest = segs[depth..].join("/");
                let d = ctx
                    .diagnostic(
                        block.path.span,
                        format!("`{label}` is on KV v2 mount `{mount}/` but not under `data/` or `metadata/`: it matches nothing"),
                    )
                    .with_label("no KV v2 endpoint has this path")
                    .with_note(format!("KV v2 reads and writes secrets at `{mount}/data/...` and lists them at `{mount}/metadata/...`"))
                    .with_help(format!(
                        "write `{mount}/data/{rest}` (read, create, update, patch, delete) and `{mount}/metadata/{rest}` (list); if `{mount}/` is KV version 1, remove it from `[vault] kv_v2_mounts`"
                    ));
                ctx.report(d);
                continue;
            }
            if next == "data" {
                let constraints = [
                    block
                        .allowed_parameters
                        .as_ref()
                        .map(|p| ("allowed_parameters", p.key_span)),
                    block
                        .denied_parameters
                        .as_ref()
                        .map(|p| ("denied_parameters", p.key_span)),
                    block
                        .attribute("required_parameters")
                        .map(|m| ("required_parameters", m.key_span)),
                ];
                for (name, span) in constraints.into_iter().flatten() {
                    let d = ctx
                        .diagnostic(span, format!("`{name}` on KV v2 data path `{label}` does not constrain the secret's keys"))
                        .with_label("applies to the request's `data` and `options` fields only")
                        .with_help("KV v2 nests the secret under `data`: split secrets by path instead of constraining parameters");
                    ctx.report(d);
                }
            }
        }
    }
}
