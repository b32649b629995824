# An item known only when Terraform runs does not hide the known items of the list, nor a
# toggle (`var.x ? [1] : []`) the statement it may add.
locals {
  statements = [
    { actions = ["*"], resources = ["*"] },
    var.extra_statement,
  ]
}

data "aws_iam_policy_document" "app" {
  dynamic "statement" {
    for_each = local.statements
    content {
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
  dynamic "statement" {
    for_each = var.break_glass ? [1] : []
    content {
      not_actions = ["iam:CreateUser"]
      resources   = ["*"]
    }
  }
}

resource "aws_iam_role_policy" "app" {
  role   = "app"
  policy = data.aws_iam_policy_document.app.json
}
