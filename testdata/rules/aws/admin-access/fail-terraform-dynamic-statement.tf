# A `dynamic "statement"` over a literal list is expanded: the second item is admin.
data "aws_iam_policy_document" "app" {
  dynamic "statement" {
    for_each = [
      { sid = "Read", actions = ["s3:GetObject"], resources = ["arn:aws:s3:::app/*"] },
      { sid = "Everything", actions = ["*"], resources = ["*"] },
    ]
    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_policy" "app" {
  policy = data.aws_iam_policy_document.app.json
}
