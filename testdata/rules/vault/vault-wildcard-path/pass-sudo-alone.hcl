path "sys/*" {
  capabilities = ["sudo"]
}
