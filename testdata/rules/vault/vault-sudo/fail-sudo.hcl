path "sys/*" {
  capabilities = ["read", "update", "sudo"]
}

path "sys/rotate" {
  capabilities = ["update", "sudo"]
}

path "secret/data/app" {
  capabilities = ["read", "sudo"]
}

path "sys/leases/*" {
  policy = "sudo"
}
