"""Which service owns which path (DESIGN.md's table); pure, no I/O."""

# Longest prefix wins, so the inquiry service's evidence types beat the catalogue's prefix.
ROUTES: tuple[tuple[str, str], ...] = (
    ("/v1/catalog/evidence-types", "inquiry"),
    ("/v1/catalog", "application"),
    ("/v1/applications", "application"),
    ("/v1/inquiries", "inquiry"),
    ("/v1/sandbox/personas", "inquiry"),
    ("/v1/status", "status"),
    ("/track", "status"),
    ("/v1/compliance", "compliance"),
    ("/dashboard", "compliance"),
)
_BY_LENGTH = sorted(ROUTES, key=lambda route: len(route[0]), reverse=True)


def upstream_for(path: str) -> str | None:
    """The service that owns `path`, or None if no service does."""
    for prefix, upstream in _BY_LENGTH:
        if path == prefix or path.startswith(prefix + "/"):
            return upstream
    return None
