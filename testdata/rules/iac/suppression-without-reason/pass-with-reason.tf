resource "aws_iam_role" "admin" {
  // polgen:ignore long-session break-glass role
  max_session_duration = 43200
}
