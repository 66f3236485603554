"""Architecture rules read off the source (DESIGN.md conventions 2 and 4), so a newcomer's
shortcut fails here and not in review: only the unit of work commits, and nothing but the
unit of work, the read-only reader and the kit's own machinery opens a connection."""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGES = [
    ROOT / "shared/src/panjereh",
    *sorted(ROOT.glob("*-service/src/*_service")),
    ROOT / "gateway/src/gateway",
    *sorted((ROOT / "deploy/embedded/src").glob("*")),
]
SERVICES = sorted(ROOT.glob("*-service/src/*_service"))

# Where a connection may be opened (`.connect()`, `.begin()`), and why there.
CONNECTS = {
    "panjereh/db/uow.py": "the unit of work (its session)",
    "panjereh/db/reader.py": "the read-only reader",
    "panjereh/db/migrations.py": "the schema, before any unit of work exists",
    "panjereh/db/revision.py": "the schema's revision check, beside the migrations",
    "panjereh/outbox/relay.py": "the outbox's relay: it is the unit of work's other half",
    "panjereh/retention.py": "the inbox purge: the kit's own table, no event to write",
    "gateway/edge_files.py": "a Unix socket to HAProxy's master, no database",
}
# Where `.commit()` may be called on something other than a unit of work.
COMMITS = {
    "panjereh/db/uow.py": "the unit of work's own commit",
    "panjereh/outbox/relay.py": "the relay's delete of what it published",
    "panjereh/bus/kafka.py": "Kafka's consumer offsets, no database",
}
# Route modules: they call a use case, which commits; they never commit themselves.
ROUTES = ("api.py", "_api.py", "routes.py", "_routes.py")
# The use cases' room has one name in every service (convention 2): not these.
OLD_NAMES = {"commands.py", "lookup.py", "inquiries.py", "report.py", "service.py"}


def _modules() -> list[tuple[str, ast.Module]]:
    found = []
    for package in PACKAGES:
        for path in sorted(package.rglob("*.py")):
            if "migrations" in path.relative_to(package).parts:
                continue  # alembic's env and revisions run in alembic's own transaction
            name = path.relative_to(package.parent).as_posix()
            found.append((name, ast.parse(path.read_text(encoding="utf-8"), name)))
    return found


MODULES = _modules()


def _calls(tree: ast.Module, method: str) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == method
    ]


def _is_uow(node: ast.expr) -> bool:
    """`uow.commit()`, `self.uow.commit()` or `self._uow.commit()`."""
    if isinstance(node, ast.Name):
        return node.id == "uow"
    return isinstance(node, ast.Attribute) and node.attr in {"uow", "_uow"}


def test_the_scan_sees_every_service_and_the_kit() -> None:
    names = {name.split("/")[0] for name, _ in MODULES}
    assert len(SERVICES) == 5
    assert {"panjereh", "gateway", *(s.name for s in SERVICES)} <= names


def test_only_the_unit_of_work_the_reader_and_the_kit_open_connections() -> None:
    opened = [
        f"{name}:{call.lineno} .{method}()"
        for name, tree in MODULES
        if name not in CONNECTS
        for method in ("connect", "begin")
        for call in _calls(tree, method)
    ]
    assert opened == [], "use the unit of work (writes) or runtime.reader (reads)"


def test_only_units_of_work_commit_and_never_in_a_route() -> None:
    wrong = []
    for name, tree in MODULES:
        for call in _calls(tree, "commit"):
            assert isinstance(call.func, ast.Attribute)
            if name in COMMITS:
                continue
            if not _is_uow(call.func.value):
                wrong.append(f"{name}:{call.lineno} commits something not a unit of work")
            elif name.endswith(ROUTES):
                wrong.append(f"{name}:{call.lineno} a route commits: move it to services.py")
    assert wrong == []


def test_route_modules_define_no_models() -> None:
    """The API models live in schemas.py (README, the rooms), not inline beside the routes."""
    inline = [
        f"{name}:{node.lineno} {node.name}"
        for name, tree in MODULES
        if name.endswith(ROUTES)
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    ]
    assert inline == [], "move them to the package's schemas.py"


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)
def test_use_cases_live_in_services_py(service: pathlib.Path) -> None:
    stray = sorted(
        path.relative_to(service).as_posix()
        for path in service.rglob("*.py")
        if path.name in OLD_NAMES
    )
    assert stray == [], "use cases go in services.py (README, the rooms)"


def test_the_allowlists_name_files_that_exist() -> None:
    # A stale entry would allow a future file of that name without anyone deciding it.
    names = {name for name, _ in MODULES}
    assert set(CONNECTS) <= names
    assert set(COMMITS) <= names


def test_the_rules_catch_what_they_forbid() -> None:
    route = ast.parse(
        "async def f(uow, engine, session):\n"
        "    await uow.commit()\n    await session.commit()\n"
        "    async with engine.connect():\n        pass\n"
    )
    assert len(_calls(route, "commit")) == 2
    assert [_is_uow(c.func.value) for c in _calls(route, "commit")] == [True, False]  # type: ignore[attr-defined]
    assert len(_calls(route, "connect")) == 1
