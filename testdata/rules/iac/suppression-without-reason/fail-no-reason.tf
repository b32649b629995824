resource "aws_iam_role" "admin" {
  max_session_duration = 43200 # polgen:ignore long-session
}
