resource "aws_iam_role" "app" {
  max_session_duration = 3600
}
