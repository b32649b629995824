path "auth/token/create" {
  capabilities        = ["update"]
  allowed_parameters  = { "ttl" = [], "policies" = [] }
  denied_parameters   = { "Policies" = [] }
  required_parameters = ["display_name"]
}

path "transit/encrypt/app" {
  capabilities        = ["update"]
  denied_parameters   = { "*" = [] }
  required_parameters = ["plaintext"]
}
