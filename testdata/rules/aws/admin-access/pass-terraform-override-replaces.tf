# The source document's admin statement is replaced by the override with its Sid: the
# attached document, as the provider merges it, is not admin.
data "aws_iam_policy_document" "defaults" {
  statement {
    sid       = "Main"
    actions   = ["*"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "app" {
  source_policy_documents = [data.aws_iam_policy_document.defaults.json]
  override_policy_documents = [jsonencode({
    Statement = [{ Sid = "Main", Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::app/*" }]
  })]
}

resource "aws_iam_policy" "app" {
  policy = data.aws_iam_policy_document.app.json
}
