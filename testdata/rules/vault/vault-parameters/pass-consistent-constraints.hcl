path "auth/token/create" {
  capabilities        = ["update"]
  allowed_parameters  = { "ttl" = [], "policies" = ["app"] }
  denied_parameters   = { "policies" = ["root"] }
  required_parameters = ["policies"]
}

path "pki/issue/web" {
  capabilities        = ["update"]
  allowed_parameters  = { "*" = [] }
  required_parameters = ["common_name"]
}
