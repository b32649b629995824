# Policy for the app's Vault token (example for polgen).
path "secret/data/app/*" {
  capabilities = ["read", "list"]
}

path "auth/token/create" {
  capabilities = ["create", "update"]
}

path "database/creds/app" {
  capabilities = ["read"]
  cidr_blocks  = ["10.0.0.0/8"]
}
