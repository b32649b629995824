path "secret/*" {
  policy = "write"
}

path "sys/*" {
  policy = "deny"
}
