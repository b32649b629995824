resource "aws_instance" "worker" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = base64encode("export VAULT_TOKEN=hvs.CAESIJlU9sD0aWZ3Q2N4b1p6c0VqZ2F0")
}

resource "aws_instance" "batch" {
  ami       = "ami-12345678"
  user_data = <<-EOT
    #!/bin/bash
    export DB_PASSWORD=c0rrect-h0rse
    /opt/batch/run
  EOT
}

resource "aws_db_instance" "db" {
  engine   = "postgres"
  username = "admin"
  password = "Sup3r-S3cret-Pw"
}

resource "aws_rds_cluster" "cluster" {
  engine          = "aurora-postgresql"
  master_username = "admin"
  master_password = "An0ther-S3cret"
}
