# The same principal, narrowed to the organisation by a `dynamic "condition"` over a
# literal list with a custom iterator.
data "aws_iam_policy_document" "bucket" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::logs/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    dynamic "condition" {
      for_each = [{ test = "StringEquals", variable = "aws:PrincipalOrgID", values = ["o-a1b2c3d4e5"] }]
      iterator = c
      content {
        test     = c.value.test
        variable = c.value.variable
        values   = c.value.values
      }
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = "logs"
  policy = data.aws_iam_policy_document.bucket.json
}
