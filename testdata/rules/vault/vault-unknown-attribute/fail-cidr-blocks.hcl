path "aws/creds/deploy" {
  capabilities = ["read"]
  cidr_blocks  = ["10.0.0.0/8"]
}

path "secret/data/app" {
  capabilities       = ["read"]
  allowed_parameter  = { "ttl" = [] }
  pagination_limit   = 100
}
