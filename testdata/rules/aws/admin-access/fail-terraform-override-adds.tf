# An override whose Sid matches nothing is appended: the admin statement it adds is judged
# where it is written.
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::app/*"]
  }
}

data "aws_iam_policy_document" "extra" {
  statement {
    sid       = "Admin"
    actions   = ["*"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "app" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.extra.json]
}

resource "aws_iam_policy" "app" {
  policy = data.aws_iam_policy_document.app.json
}
