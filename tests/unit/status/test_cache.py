"""The view cache the long-polls read: versions only grow, and a rendered body survives the
same version being learnt again."""

from status_service.cache import ViewCache


def test_an_older_version_never_replaces_a_newer_one() -> None:
    # A database read that began before a commit can end after the projection put the new
    # version: it must not put the old one back, or a waiter would sleep through the change.
    cache = ViewCache(ttl=60)
    cache.put("1405000000011", version=3, subject="s")
    cache.put("1405000000011", version=2, subject="s")
    entry = cache.get("1405000000011")
    assert entry is not None and entry.version == 3


def test_a_newer_version_replaces_the_entry_and_drops_its_body() -> None:
    cache = ViewCache(ttl=60)
    cache.put("1405000000011", version=1, subject="s", body=b"{}")
    cache.put("1405000000011", version=2, subject="s")
    entry = cache.get("1405000000011")
    assert entry is not None and (entry.version, entry.body) == (2, None)


def test_the_same_version_learnt_again_keeps_the_rendered_body() -> None:
    cache = ViewCache(ttl=60)
    cache.put("1405000000011", version=4, subject="s", body=b'{"state":"approved"}')
    cache.put("1405000000011", version=4, subject="s")
    entry = cache.get("1405000000011")
    assert entry is not None and entry.body == b'{"state":"approved"}'


def test_a_zero_ttl_caches_nothing() -> None:
    cache = ViewCache(ttl=0)
    cache.put("1405000000011", version=1, subject="s")
    assert cache.get("1405000000011") is None


def test_a_projected_entry_stays_projected_when_a_read_learns_the_same_version() -> None:
    # The long-poll trusts memory only for what this replica's projection put there.
    cache = ViewCache(ttl=60)
    cache.put("1405000000011", version=5, subject="s", projected=True)
    cache.put("1405000000011", version=5, subject="s", body=b"{}")
    entry = cache.get("1405000000011")
    assert entry is not None and entry.projected and entry.body == b"{}"
    cache.put("1405000000011", version=6, subject="s")
    entry = cache.get("1405000000011")
    assert entry is not None and not entry.projected
