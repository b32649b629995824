provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAZ7Q4EXAMPLE3KH2N"
  secret_key = "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"
}

variable "token" {
  default = "not a token"
}
