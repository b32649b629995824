path "auth/approle/role/app/secret-id" {
  capabilities     = ["update"]
  min_wrapping_ttl = 60
  max_wrapping_ttl = "1h30m"
}

path "pki/issue/web" {
  capabilities     = ["update"]
  min_wrapping_ttl = "300s"
}
