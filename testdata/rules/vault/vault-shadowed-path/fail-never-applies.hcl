# Vault's own documented example: `secret/*` and `secret/+/+/foo/*` have their first
# wildcard at the same place and both end in `*`; the one with fewer `+` segments wins, so
# `secret/+/+/*` never applies: `secret/*` matches all its paths and beats it on each.
path "secret/+/+/*" {
  capabilities = ["read"]
}

path "secret/*" {
  capabilities = ["list"]
}

# Not shadowed: `secret/+/x` has fewer `+` than `secret/+/+` and wins for `secret/a/x`.
path "secret/+/x" {
  capabilities = ["read"]
}

path "secret/+/+" {
  capabilities = ["list"]
}
