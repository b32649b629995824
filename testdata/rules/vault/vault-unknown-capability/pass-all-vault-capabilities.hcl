path "secret/data/app/*" {
  capabilities = ["create", "read", "update", "patch", "delete", "list"]
}

path "sys/events/subscribe/kv*" {
  capabilities = ["read", "subscribe"]
  subscribe_event_types = ["kv*"]
}

path "secret/data/recovered" {
  capabilities = ["recover"]
}

path "sys/seal" {
  policy = "deny"
}
