# polgen:ignore long-lived-credentials keys are rotated daily
resource "aws_iam_role" "app" {
  max_session_duration = 3600
}
