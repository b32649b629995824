resource "aws_iam_role" "admin" {
  name                 = "admin"
  max_session_duration = 14400
  assume_role_policy   = data.aws_iam_policy_document.trust.json
}
