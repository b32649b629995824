path "secret/data/+/config" {
  capabilities = ["read"]
}

path "secret/data/team-*" {
  capabilities = ["read"]
}

path "+/sys/policies/acl/*" {
  capabilities = ["list"]
}

path "kv/data/{{identity.entity.id}}/*" {
  capabilities = ["read"]
}
