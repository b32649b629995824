variable "partner_account_id" {
  type    = string
  default = "444455556666"
}
