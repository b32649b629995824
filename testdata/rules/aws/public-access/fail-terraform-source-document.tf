# The public statement comes from a source document; the attached, merged document has it
# (the finding points at the statement in `public_read`, where it is written).
data "aws_iam_policy_document" "public_read" {
  statement {
    sid       = "PublicRead"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::site/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

data "aws_iam_policy_document" "bucket" {
  source_policy_documents = [data.aws_iam_policy_document.public_read.json]
  statement {
    sid       = "Deploy"
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::site/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/deploy"]
    }
  }
}

resource "aws_s3_bucket_policy" "site" {
  bucket = "site"
  policy = data.aws_iam_policy_document.bucket.json
}
