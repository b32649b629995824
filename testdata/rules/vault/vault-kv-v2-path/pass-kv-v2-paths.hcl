path "secret/data/app/*" {
  capabilities = ["read"]
}

path "secret/metadata/app/*" {
  capabilities = ["list", "delete"]
}

path "secret/+/app/*" {
  capabilities = ["read"]
}

path "secret/*" {
  capabilities = ["list"]
}

path "kv/app/*" {
  capabilities = ["read"]
}
