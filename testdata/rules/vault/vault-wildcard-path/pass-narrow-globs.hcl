path "secret/data/app/*" {
  capabilities = ["create", "update", "read"]
}

path "aws/*" {
  capabilities = ["read", "list"]
}

path "*" {
  capabilities = ["deny"]
}

path "sys/mounts/*" {
  capabilities = ["read"]
}
