path "secret/data/app/*" {
  capabilities = ["read"]
}

path "secret/data/app" {
  capabilities = ["read"]
}

path "secret/metadata/app/*" {
  capabilities = ["list"]
}
