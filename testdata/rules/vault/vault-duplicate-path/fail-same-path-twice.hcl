path "secret/data/app/*" {
  capabilities = ["read"]
}

path "/secret/data/app/*" {
  capabilities = ["update"]
}
