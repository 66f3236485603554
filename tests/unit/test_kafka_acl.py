"""The ACL plan against the code: each service may write exactly the topics of the events it
constructs (its outbox's), and the rules name its topics, their dead letters and its group.
(What each service reads is checked from its subscriptions: tests/integration/
test_kafka_acl_plan.py.)"""

from pathlib import Path

import pytest

from panjereh import events
from panjereh.bus import acl
from panjereh_embedded import event_map

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("service", sorted(acl.PLAN))
def test_a_service_writes_exactly_the_topics_of_the_events_it_emits(service: str) -> None:
    assert acl.PLAN[service].writes == {kind.topic for kind in event_map.constructed(service)}


def test_every_service_of_the_tree_is_in_the_plan() -> None:
    services = {p.parent.name for p in ROOT.glob("*-service/pyproject.toml")}
    assert services == set(acl.PLAN)


def test_every_topic_has_one_writer_at_least_and_a_reader() -> None:
    for topic in events.TOPICS:
        assert any(topic in grant.writes for grant in acl.PLAN.values()), topic
        assert any(topic in grant.reads for grant in acl.PLAN.values()), topic


def test_a_services_rules_name_its_topics_dead_letters_and_group_prefixed() -> None:
    bindings = {
        binding[1:]
        for rule in acl.rules("notification-service", prefix="staging.")
        for binding in rule.bindings()
    }
    assert ("topic", "staging.panjereh.notification", "Write") in bindings
    assert ("topic", "staging.panjereh.application", "Read") in bindings
    assert ("topic", "staging.panjereh.application.dlq", "Write") in bindings
    assert ("group", "staging.notification-service", "Read") in bindings
    assert ("topic", "staging.panjereh.application", "Write") not in bindings
    assert not any(name.startswith("panjereh.") for _, name, _ in bindings)
    principals = {b[0] for rule in acl.rules("notification-service") for b in rule.bindings()}
    assert principals == {"User:notification-service"}


def test_a_service_that_writes_nothing_has_no_write_rule_but_its_dead_letters() -> None:
    [writes, *_] = acl.rules("compliance-service")
    assert writes.operations == acl.WRITE_OPERATIONS
    assert all(name.endswith(".dlq") for name in writes.names)


def test_the_job_script_has_one_line_per_rule_with_the_jobs_prefix() -> None:
    lines = acl.kafka_acls_script().splitlines()
    assert len(lines) == len(acl.all_rules())
    assert all(line.startswith("acl --allow-principal User:") for line in lines)
    assert '--topic "${PREFIX}panjereh.status"' in "\n".join(lines)
