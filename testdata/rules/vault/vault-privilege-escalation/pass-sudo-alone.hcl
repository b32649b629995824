# `sudo` without create, update or patch writes nothing: it only opens root-protected
# paths to the operations the other capabilities allow.
path "sys/*" {
  capabilities = ["sudo", "read", "list"]
}
