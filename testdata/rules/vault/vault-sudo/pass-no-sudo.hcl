path "sys/mounts" {
  capabilities = ["read"]
}

path "sys/leases/lookup/*" {
  capabilities = ["update", "list"]
}
