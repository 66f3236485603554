"""Registry connectors: one interface, an HTTP one through the exchange and a sandbox one."""
