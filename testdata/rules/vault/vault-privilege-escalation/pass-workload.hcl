path "sys/policies/acl/*" {
  capabilities = ["read", "list"]
}

path "auth/approle/role/app/secret-id" {
  capabilities = ["update"]
}

path "auth/approle/role/app/role-id" {
  capabilities = ["read"]
}

path "auth/token/create" {
  capabilities      = ["update"]
  denied_parameters = { "policies" = [] }
}

path "auth/token/create/ci" {
  capabilities       = ["update"]
  allowed_parameters = { "ttl" = [], "policies" = ["ci"] }
}

path "identity/oidc/token/app" {
  capabilities = ["read"]
}

path "auth/token/renew-self" {
  capabilities = ["update"]
}
