path "auth/approle/role/app/secret-id" {
  capabilities     = ["update"]
  min_wrapping_ttl = "10m"
  max_wrapping_ttl = "5m"
}

path "pki/issue/web" {
  capabilities     = ["update"]
  max_wrapping_ttl = "1 hour"
}
