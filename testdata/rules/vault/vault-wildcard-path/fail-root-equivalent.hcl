path "*" {
  capabilities = ["create", "read", "update", "delete", "list"]
}

path "+/*" {
  capabilities = ["read"]
}

path "sys/*" {
  capabilities = ["update"]
}

path "aws/*" {
  capabilities = ["create", "update"]
}

path "secret/data/*" {
  capabilities = ["create"]
}

path "kv/+/*" {
  capabilities = ["update"]
}
