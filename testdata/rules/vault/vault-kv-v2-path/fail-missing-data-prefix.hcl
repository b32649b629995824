path "secret/app/*" {
  capabilities = ["read"]
}

path "secret/data/app/db" {
  capabilities       = ["create", "update"]
  allowed_parameters = { "password" = [] }
}
