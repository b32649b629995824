resource "aws_iam_group_policy_attachment" "readers" {
  group      = aws_iam_group.readers.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy_attachment" "readers" {
  name       = "readers"
  groups     = [aws_iam_group.readers.name]
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
