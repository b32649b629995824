# VAULT_TOKEN=hvs.CAESIJlU9sD0aWZ3Q2N4b1p6c0VqZ2F0
path "auth/token/lookup/ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s12" {
  capabilities = ["raed", "ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s12"]
}
