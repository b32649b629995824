# `dynamic "principals"` over a literal list inside a statement: everyone can read.
data "aws_iam_policy_document" "bucket" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::logs/*"]
    dynamic "principals" {
      for_each = { AWS = ["*"] }
      content {
        type        = principals.key
        identifiers = principals.value
      }
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = "logs"
  policy = data.aws_iam_policy_document.bucket.json
}
