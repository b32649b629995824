# The partner account comes from a variable declared, with its default, in variables.tf:
# Terraform reads the folder as one module, so polgen judges the trust with that default.
resource "aws_iam_role" "partner" {
  name = "partner"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::${var.partner_account_id}:root" }
    }]
  })
}
