variable "secret_key" {
  type      = string
  sensitive = true
}

provider "aws" {
  region     = "eu-west-1"
  access_key = var.access_key
  secret_key = var.secret_key
}

resource "aws_iam_user" "u" {
  name = "AKIA-is-not-a-key-here"
}
