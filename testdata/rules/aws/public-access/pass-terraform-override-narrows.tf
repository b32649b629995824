# The data source's own public statement is replaced by an override (heredoc JSON) with
# its Sid that names one account: the attached document is not public.
data "aws_iam_policy_document" "bucket" {
  override_policy_documents = [<<-EOT
    {
      "Statement": [{
        "Sid": "Read",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::site/*"
      }]
    }
  EOT
  ]
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::site/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "site" {
  bucket = "site"
  policy = data.aws_iam_policy_document.bucket.json
}
