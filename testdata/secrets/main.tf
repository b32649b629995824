provider "aws" {
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

resource "aws_iam_policy" "p" {
  name   = "p"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = "*"
      Sid      = "ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s12"
    }]
  })
}

resource "aws_db_instance" "db" {
  engine   = "postgres"
  password = "c0rrect-h0rse-battery"
}
