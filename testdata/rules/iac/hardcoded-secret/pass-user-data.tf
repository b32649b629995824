resource "random_password" "db" {
  length = 24
}

resource "aws_instance" "worker" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = base64encode("export VAULT_ADDR=https://vault.internal:8200")
}

resource "aws_instance" "batch" {
  ami       = "ami-12345678"
  user_data = templatefile("${path.module}/batch.sh.tpl", { db_host = aws_db_instance.db.address })
}

resource "aws_db_instance" "db" {
  engine   = "postgres"
  username = "admin"
  password = random_password.db.result
}

resource "aws_rds_cluster" "cluster" {
  engine                      = "aurora-postgresql"
  master_username             = "admin"
  manage_master_user_password = true
}

resource "aws_iam_user_login_profile" "deployer" {
  user                    = "deployer"
  pgp_key                 = "keybase:deployer"
  password_length         = 24
  password_reset_required = true
}
