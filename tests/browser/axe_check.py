"""axe-core over a page as it stands (issue 17, Must show 6): the build axe-playwright-python
ships (axe.min.js, injected into the page by the test: nothing is fetched), the WCAG 2.1 A and
AA rules, and a violation of impact serious or critical fails. One place for every browser test
that checks a page: tests/browser/test_accessibility.py and the citizen pages' steps."""

from typing import Any

from axe_playwright_python.async_playwright import Axe

# WCAG 2.1 levels A and AA (2.0's rules are tagged wcag2a/wcag2aa, 2.1's additions wcag21*).
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")


async def violations(page: Any) -> list[dict[str, Any]]:
    """Every WCAG 2.1 A/AA violation axe-core finds on `page`, whatever its impact."""
    results = await Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    found: list[dict[str, Any]] = results.response["violations"]
    return found


def blocking(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [violation for violation in found if violation["impact"] in BLOCKING]


def tally(found: list[dict[str, Any]]) -> dict[str, int]:
    """Violations by impact (the figures for the notes)."""
    counts: dict[str, int] = {}
    for violation in found:
        counts[violation["impact"]] = counts.get(violation["impact"], 0) + 1
    return counts


def report(what: str, found: list[dict[str, Any]]) -> str:
    """Each violation's id, impact, help and the target selector of each element."""
    lines = [f"{what}: {len(found)} blocking violation(s)"]
    for violation in found:
        lines.append(f"- {violation['id']} [{violation['impact']}]: {violation['help']}")
        lines += [f"    {node['target']}" for node in violation["nodes"]]
    return "\n".join(lines)


async def assert_accessible(page: Any, what: str) -> None:
    """No serious or critical WCAG 2.1 AA violation on `page` as it stands."""
    found = blocking(await violations(page))
    assert not found, report(what, found)
