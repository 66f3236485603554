"""The compiled edge's own answers (problem+json in the caller's language) and HAProxy's
quoting of arguments (gateway.edge_config writes them into haproxy.cfg)."""

import json
from dataclasses import dataclass
from http import HTTPStatus

from panjereh import problems


@dataclass(frozen=True)
class Refusal:
    """One of the edge's own answers, as problem+json in the caller's language."""

    status: int
    code: str
    en: str
    fa: str
    headers: tuple[tuple[str, str], ...] = ()

    def rules(self, condition: str) -> list[str]:
        return [
            self._rule(persian=True, condition=f"is_persian {condition}"),
            self._rule(persian=False, condition=f"!is_persian {condition}"),
        ]

    def _rule(self, *, persian: bool, condition: str) -> str:
        title = problems.persian_title(self.status) if persian else HTTPStatus(self.status).phrase
        body = (
            f'{{"type":{_json(problems.TYPE_BASE + self.code)},"title":{_json(title)},'
            f'"status":{self.status},"detail":{_json(self.fa if persian else self.en)},'
            '"instance":"%[path,json(utf8s)]","request_id":"%[var(txn.rid)]"}'
        )
        headers = "".join(f" hdr {name} {quoted(value)}" for name, value in self.headers)
        return (
            f"http-request return status {self.status} content-type {problems.PROBLEM_JSON}"
            f" lf-string {quoted(body)}{headers} if {condition}"
        )


def _json(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def quoted(text: str) -> str:
    """A double-quoted HAProxy argument (backslashes and quotes escaped; `%[…]` kept)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
