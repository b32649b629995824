provider "aws" {
  access_key = "AKIAZ7Q4EXAMPLE3KH2N"
  secret_key = "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"
  token      = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDbXbSg0xzL2uGhQ7tw9f5mVYz3pDxq1CkWJ8nRsLmQAIgZ3bT6yKcV0hP4eN9sA2lXu7oF1rD8iM5gU3jW6qYzHQqnAgi7//////////8BEAAaDDEyMzQ1Njc4OTAxMiIM"
  region     = = "eu-west-1"
}
