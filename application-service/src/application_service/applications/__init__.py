"""Applications: paper-free intake, the evidence saga, automatic decisions, review, SLA."""
