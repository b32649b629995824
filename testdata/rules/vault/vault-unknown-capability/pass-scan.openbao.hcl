path "secret/metadata/*" {
  capabilities = ["list", "scan"]
}
