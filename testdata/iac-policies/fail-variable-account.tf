# fires: missing-external-id
# A vendor account from a variable (here with no default) is possibly external; one with a
# default is judged with it.
variable "vendor_account_id" {
  type = string
}

variable "partner_account_id" {
  default = "444455556666"
}

resource "aws_iam_role" "vendor" {
  name = "vendor"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "arn:aws:iam::${var.vendor_account_id}:root" }
      },
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = var.partner_account_id }
      },
    ]
  })
}
