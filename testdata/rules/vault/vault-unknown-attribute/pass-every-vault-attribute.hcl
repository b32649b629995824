name = "app"

path "auth/approle/role/app/secret-id" {
  comment             = "secret ids for the app"
  capabilities        = ["update"]
  allowed_parameters  = { "metadata" = [] }
  denied_parameters   = { "cidr_list" = [] }
  required_parameters = ["metadata"]
  min_wrapping_ttl    = "1m"
  max_wrapping_ttl    = "10m"
  mfa_methods         = ["totp"]
}

path "sys/events/subscribe/*" {
  capabilities          = ["read", "subscribe"]
  subscribe_event_types = ["kv-v2/*"]
}
