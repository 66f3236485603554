"""Which service owns which path (DESIGN.md's table), and what a request needs to reach it:
no token (the public routes) or a token holding a scope. Pure, no I/O: the Python gateway and
the compiled edge (gateway.edge_config generates HAProxy's configuration) both read it."""

import re
from dataclasses import dataclass

from panjereh import auth

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
    ("/verify", "application"),  # the decision dossier's page
    ("/v1/dossiers", "application"),
    ("/v1/compliance", "compliance"),
    ("/dashboard", "compliance"),
    ("/v1/webhooks", "notification"),
    ("/v1/sandbox/sms", "notification"),
    ("/v1/sms/receipts", "notification"),
    # The citizen's views (API.md, Citizens): the login's code, the list of my applications
    # and my access history are the status service's read model; one application of mine
    # (its preview, confirm, object, dossier) is the application service's. The token
    # (`POST /v1/citizen/token`) is named by no prefix: the gateway signs it itself.
    ("/v1/citizen/otp", "status"),
    ("/v1/citizen/applications", "status"),
    ("/v1/citizen/applications/", "application"),
    ("/v1/citizen/access-log", "status"),
)
GATEWAY = "gateway"

# Reachable without a token (API.md): tokens, the public status lookup, catalogue reads,
# the audit chain's published checkpoints and keys (anyone may verify),
# the status page and the sandbox; and the SMS provider's delivery receipts, which carry the
# provider's signature instead of a token (the notification service checks it). Plain
# prefixes (`str.startswith`), so HAProxy's `path_beg` reads them the same way.
PUBLIC_PREFIXES = (
    "/v1/status/",
    "/track",
    "/verify",  # anyone may verify a dossier (API.md, Decision dossier)
    "/v1/dossiers/lookup",  # the dossier a short link names (the reference is the key)
    "/v1/sandbox/",
    "/dashboard",
    "/v1/sms/receipts",
    # A one-time code is asked for and redeemed before the person holds any token.
    "/v1/citizen/otp",
    "/v1/citizen/token",
)
PUBLIC_READS = ("/v1/catalog/", "/v1/inquiries/audit/checkpoints", "/v1/inquiries/audit/keys")
READS = ("GET", "HEAD")
ANY = ("*",)


@dataclass(frozen=True)
class ScopeRule:
    """A token on `methods` `path` must hold one of `scopes` (the services' `auth.require`).

    In `path`, `{}` is one segment and a trailing `/**` any deeper path."""

    methods: tuple[str, ...]
    path: str
    scopes: tuple[str, ...]

    @property
    def pattern(self) -> str:
        """An anchored regular expression both Python's `re` and HAProxy's PCRE read alike."""
        deeper = self.path.endswith("/**")
        body = re.escape(self.path.removesuffix("/**")).replace(r"\{\}", "[^/]+")
        return "^" + body + ("/.+" if deeper else "") + "$"

    def matches(self, method: str, path: str) -> bool:
        return (self.methods == ANY or method in self.methods) and bool(
            re.match(self.pattern, path)
        )


# Which scope each route needs, as the services declare it; the edge refuses early (403), the
# services still check. A route no rule names needs only a valid token. Tested against the
# services' own routes (tests/edge/test_scopes.py), so the table cannot drift from them.
SCOPE_RULES: tuple[ScopeRule, ...] = (
    ScopeRule(("POST",), "/v1/catalog/services", ("catalog:write",)),
    ScopeRule(("PUT",), "/v1/catalog/services/{}", ("catalog:write",)),
    ScopeRule(("POST",), "/v1/applications", ("applications:write",)),
    ScopeRule(READS, "/v1/applications", ("applications:read",)),
    ScopeRule(READS, "/v1/applications/{}", ("applications:read",)),
    ScopeRule(("POST",), "/v1/applications/{}/cancel", ("applications:write",)),
    ScopeRule(("POST",), "/v1/applications/{}/review", ("applications:review",)),
    ScopeRule(READS, "/v1/applications/{}/dossier", ("applications:read",)),
    ScopeRule(READS, "/v1/citizen/applications/{}/dossier", (auth.CITIZEN_SCOPE,)),
    ScopeRule(READS, "/v1/citizen/applications/{}/dossier/**", (auth.CITIZEN_SCOPE,)),
    ScopeRule(ANY, "/v1/legal-basis/**", ("catalog:approve",)),
    ScopeRule(("POST",), "/v1/inquiries", ("inquiries:read",)),
    ScopeRule(READS, "/v1/inquiries/audit/verify", ("compliance:read",)),
    ScopeRule(READS, "/v1/inquiries/{}", ("inquiries:read",)),
    ScopeRule(READS, "/v1/oversight/access-history", ("catalog:approve", "compliance:read")),
    ScopeRule(READS, "/v1/oversight/disputes", ("catalog:approve", "compliance:read")),
    ScopeRule(("POST",), "/v1/oversight/disputes/{}/decision", ("catalog:approve",)),
    # The citizen's own views (auth.Citizen): a citizen token, never an agency's.
    ScopeRule(READS, "/v1/citizen/applications", (auth.CITIZEN_SCOPE,)),
    ScopeRule(READS, "/v1/citizen/access-log", (auth.CITIZEN_SCOPE,)),
    ScopeRule(("POST",), "/v1/citizen/access-log/{}/dispute", (auth.CITIZEN_SCOPE,)),
    ScopeRule(READS, "/v1/citizen/applications/{}", (auth.CITIZEN_SCOPE,)),
    ScopeRule(("POST",), "/v1/citizen/applications/{}/confirm", (auth.CITIZEN_SCOPE,)),
    ScopeRule(("POST",), "/v1/citizen/applications/{}/object", (auth.CITIZEN_SCOPE,)),
    ScopeRule(READS, "/v1/compliance/**", ("compliance:read",)),
    ScopeRule(ANY, "/v1/webhooks", ("webhooks:write",)),
    ScopeRule(ANY, "/v1/webhooks/**", ("webhooks:write",)),
)
_BY_LENGTH = sorted(ROUTES, key=lambda route: len(route[0]), reverse=True)


def owns(prefix: str, path: str) -> bool:
    """Whether `prefix` takes `path`: itself and what lies below it; a prefix ending in "/"
    only what lies below it ("/v1/citizen/applications/" takes one application of mine, not
    the list, which its shorter sibling keeps)."""
    if prefix.endswith("/"):
        return path.startswith(prefix) and path != prefix
    return path == prefix or path.startswith(prefix + "/")


def upstream_for(path: str) -> str | None:
    """The service that owns `path`, or None if no service does."""
    for prefix, upstream in _BY_LENGTH:
        if owns(prefix, path):
            return upstream
    return None


def is_public(method: str, path: str) -> bool:
    if path.startswith(PUBLIC_PREFIXES):
        return True
    return method in READS and path.startswith(PUBLIC_READS)


def scopes_for(method: str, path: str) -> tuple[str, ...]:
    """The scopes of which a token must hold one on `method` `path` (none: any valid token)."""
    for rule in SCOPE_RULES:
        if rule.matches(method, path):
            return rule.scopes
    return ()


def template(path: str) -> tuple[str, str]:
    """(route, upstream) for logs and metrics: the owning prefix, never ids or codes."""
    for prefix, upstream in _BY_LENGTH:
        if owns(prefix, path):
            return prefix.rstrip("/") + ("/…" if path != prefix else ""), upstream
    known = (
        path
        if path in ("/health", "/health/live", "/openapi.json", "/docs", "/metrics")
        else "other"
    )
    return (
        known if not path.startswith("/v1/oauth") and not path.startswith("/.well-known") else path
    ), GATEWAY
