# fires: resource-mismatch
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_iam_policy" "reader" {
  name = "reader"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "dynamodb:GetItem"
      Resource = aws_sqs_queue.jobs.arn
    }]
  })
}
