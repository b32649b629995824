path "secret/data/*" {
  capabilities = ["deny"]
}

path "secret/data/app/db" {
  capabilities = ["read"]
}
