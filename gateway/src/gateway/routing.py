"""Which service owns which path (DESIGN.md's table); pure, no I/O."""

# Longest prefix wins, so the inquiry service's evidence types beat the catalogue's prefix.
ROUTES: tuple[tuple[str, str], ...] = (
    ("/v1/catalog/evidence-types", "inquiry"),
    ("/v1/catalog", "application"),
    ("/v1/applications", "application"),
    ("/v1/legal-basis", "application"),
    ("/v1/inquiries", "inquiry"),
    ("/v1/sandbox/personas", "inquiry"),
    ("/v1/status", "status"),
    ("/v1/oversight", "status"),
    ("/track", "status"),
    ("/v1/compliance", "compliance"),
    ("/dashboard", "compliance"),
    ("/v1/webhooks", "notification"),
    ("/v1/sandbox/sms", "notification"),
    ("/v1/sms/receipts", "notification"),
)
GATEWAY = "gateway"
_BY_LENGTH = sorted(ROUTES, key=lambda route: len(route[0]), reverse=True)


def upstream_for(path: str) -> str | None:
    """The service that owns `path`, or None if no service does."""
    for prefix, upstream in _BY_LENGTH:
        if path == prefix or path.startswith(prefix + "/"):
            return upstream
    return None


def template(path: str) -> tuple[str, str]:
    """(route, upstream) for logs and metrics: the owning prefix, never ids or codes."""
    for prefix, upstream in _BY_LENGTH:
        if path == prefix or path.startswith(prefix + "/"):
            return prefix + ("/…" if path != prefix else ""), upstream
    known = (
        path
        if path in ("/health", "/health/live", "/openapi.json", "/docs", "/metrics")
        else "other"
    )
    return (
        known if not path.startswith("/v1/oauth") and not path.startswith("/.well-known") else path
    ), GATEWAY
