# polgen:ignore long-session nightly batch role, sessions of 12 hours approved (SEC-42)
resource "aws_iam_role" "batch" {
  max_session_duration = 43200
}
