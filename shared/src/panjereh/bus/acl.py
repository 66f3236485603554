"""Who may do what on Kafka: each service writes only its own topics, reads what its handler
table consumes, and joins only its own consumer group.

The plan is data, in this one place: the test broker's ACLs (tests/kafka_auth_support.py) and
the production Job's (`python -m panjereh.bus.acl`: the `acl` lines of
deploy/k8s/overlays/production/kafka-topics.yaml) are both generated from it; tests check it
against the code (tests/unit/test_kafka_acl.py: the topics of the event classes each service
constructs; tests/integration/test_kafka_acl_plan.py: the topics each service subscribes to).

A service's principal is `User:<its service name>`, its SCRAM user of the same name.
"""

import argparse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from panjereh.events import (
    APPLICATION,
    CATALOG,
    EVIDENCE,
    INQUIRY,
    NOTIFICATION,
    STATUS,
    dead_letter_topic,
)


@dataclass(frozen=True)
class Grant:
    writes: frozenset[str]  # the topics of the events its outbox emits
    reads: frozenset[str]  # the topics its handler table consumes

    @property
    def dead_letters(self) -> frozenset[str]:
        """A consumer sends a poison message to its topic's `.dlq`: it writes those too."""
        return frozenset(dead_letter_topic(topic) for topic in self.reads)


def _grant(*, writes: Iterable[str], reads: Iterable[str]) -> Grant:
    return Grant(frozenset(writes), frozenset(reads))


PLAN: dict[str, Grant] = {
    "application-service": _grant(writes=(CATALOG, APPLICATION, EVIDENCE), reads=(EVIDENCE,)),
    "inquiry-service": _grant(writes=(EVIDENCE, INQUIRY), reads=(CATALOG, APPLICATION, EVIDENCE)),
    "status-service": _grant(
        writes=(STATUS,), reads=(CATALOG, APPLICATION, EVIDENCE, INQUIRY, NOTIFICATION)
    ),
    "compliance-service": _grant(
        writes=(), reads=(CATALOG, APPLICATION, EVIDENCE, STATUS, NOTIFICATION)
    ),
    "notification-service": _grant(writes=(NOTIFICATION,), reads=(APPLICATION,)),
}

# What a producer needs on a topic it writes (Create: it makes the topic where it is missing),
# a consumer on a topic it reads, and on its group (join, commit offsets, describe).
WRITE_OPERATIONS = ("Write", "Describe", "Create")
READ_OPERATIONS = ("Read", "Describe")
GROUP_OPERATIONS = ("Read", "Describe")


@dataclass(frozen=True)
class Rule:
    """Allow `principal` the `operations` on every resource of one type (literal names)."""

    principal: str
    resource_type: str  # "topic" or "group"
    names: tuple[str, ...]
    operations: tuple[str, ...]

    def bindings(self) -> Iterator[tuple[str, str, str, str]]:
        """Each (principal, resource type, name, operation) this rule allows."""
        for name in self.names:
            for operation in self.operations:
                yield self.principal, self.resource_type, name, operation


def principal(service: str) -> str:
    return f"User:{service}"


def rules(service: str, *, prefix: str = "") -> list[Rule]:
    """The ACLs of one service, its topics and group named as its bus names them."""
    grant = PLAN[service]
    who = principal(service)
    writes = sorted(grant.writes | grant.dead_letters)
    found = [
        Rule(who, "topic", tuple(prefix + t for t in writes), WRITE_OPERATIONS),
        Rule(who, "topic", tuple(prefix + t for t in sorted(grant.reads)), READ_OPERATIONS),
        # The bus joins the group named after the service, prefixed like the topics.
        Rule(who, "group", (prefix + service,), GROUP_OPERATIONS),
    ]
    return [rule for rule in found if rule.names]


def all_rules(*, prefix: str = "") -> list[Rule]:
    return [rule for service in sorted(PLAN) for rule in rules(service, prefix=prefix)]


def kafka_acls_script() -> str:
    """Shell lines for the ACL job, one `acl` call (a kafka-acls.sh run, one JVM start) per
    rule; names carry the job's $PREFIX, as the services' buses prefix them."""
    lines = []
    for rule in all_rules(prefix="${PREFIX}"):
        flag = "--topic" if rule.resource_type == "topic" else "--group"
        names = " ".join(f'{flag} "{name}"' for name in rule.names)
        operations = " ".join(f"--operation {op}" for op in rule.operations)
        lines.append(f"acl --allow-principal {rule.principal} {operations} {names}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="Print the ACL job's kafka-acls.sh lines.")
    parser.parse_args()
    print(kafka_acls_script(), end="")


if __name__ == "__main__":
    main()
