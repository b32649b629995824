path "secret/data/*" {
  capabilities = ["read"]
}

path "secret/data/admin/*" {
  capabilities = ["deny"]
}

path "secret/data/app/db" {
  capabilities = ["deny"]
}
