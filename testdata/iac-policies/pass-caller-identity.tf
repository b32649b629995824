# silent: missing-external-id
# `data.aws_caller_identity.current.account_id` is the account being deployed to.
data "aws_caller_identity" "current" {}

resource "aws_iam_role" "ops" {
  name = "ops"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/ops" }
    }]
  })
}
