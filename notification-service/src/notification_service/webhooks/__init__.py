"""Webhook deliveries: the dispatcher, signing, the SSRF guard and the retry schedule."""
