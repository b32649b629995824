path "sys/policies/acl/*" {
  capabilities = ["create", "update", "read", "list"]
}

path "auth/approle/role/*" {
  capabilities = ["create", "update"]
}

path "identity/group/name/admins" {
  capabilities = ["update"]
}

path "auth/token/create" {
  capabilities = ["update"]
}

path "*" {
  capabilities = ["sudo", "update"]
}
