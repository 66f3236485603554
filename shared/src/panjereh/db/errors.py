"""Which database errors say "the database is away" and which say "this input cannot be stored".

Both are decided from the SQLSTATE (PostgreSQL's error classes) or the connection error, so
the bus can wait out an outage and the web layer can answer 503 or 422 instead of 500.
"""

from sqlalchemy.exc import DBAPIError

# 08: connection exception; 57P: the server shutting down, crashed, or not yet accepting.
_UNREACHABLE_STATES = ("08", "57P")
# 22021: a byte sequence PostgreSQL cannot store (NUL); 22P05: untranslatable character.
_UNSTORABLE_TEXT_STATES = ("22021", "22P05")
# 40001: serialization failure; 40P01: deadlock detected (PostgreSQL aborted this one).
_CONFLICT_STATES = ("40001", "40P01")


def _sqlstate(error: BaseException) -> str:
    for candidate in (error, getattr(error, "orig", None)):
        state = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if state:
            return str(state)
    return ""


def unreachable(error: BaseException) -> bool:
    """A lost or refused database connection (a restart, a failover), not a bug of ours."""
    if isinstance(error, DBAPIError) and (
        error.connection_invalidated or isinstance(error.orig, ConnectionError | OSError)
    ):
        return True
    return isinstance(error, ConnectionError | OSError) or _sqlstate(error).startswith(
        _UNREACHABLE_STATES
    )


def unstorable_text(error: BaseException) -> bool:
    """Input text PostgreSQL refuses to store (a NUL byte): the caller's input, not our bug."""
    return _sqlstate(error) in _UNSTORABLE_TEXT_STATES


def conflicted(error: BaseException) -> bool:
    """The transaction lost a lock race (a deadlock victim): trying it again may succeed."""
    return _sqlstate(error) in _CONFLICT_STATES
