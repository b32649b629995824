path "secret/data/prod/*" {
  capabilities = ["read"]
  control_group = {
    ttl = "4h"
    factor "ops" {
      controlled_capabilities = ["read"]
      identity {
        group_names = ["ops"]
        approval = 1
      }
    }
    max_ttl = "8h"
  }
}
