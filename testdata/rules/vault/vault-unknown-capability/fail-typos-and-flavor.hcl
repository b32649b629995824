# `lsit` is a typo, `scan` is OpenBao-only, `write` is not a capability.
path "secret/data/app/*" {
  capabilities = ["read", "lsit", "scan"]
}

path "kv/app" {
  capabilities = ["write"]
}
