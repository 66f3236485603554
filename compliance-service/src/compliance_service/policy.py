"""The policy file: named targets with metric, threshold, scope and a Jalali deadline.

It is data, not code: the file is read again whenever it changes on disk, so editing a
threshold or a deadline changes the next report with no restart.
"""

import datetime as dt
import os
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from panjereh import jalali

Metric = Literal["online_inquiry", "smart_share", "window_share"]
Scope = Literal["agency", "national"]


class Target(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title_fa: str
    title_en: str
    metric: Metric
    scope: Scope
    threshold: float = Field(ge=0, le=1)
    deadline: dt.date  # Gregorian; written in the file as a Jalali (or ISO) date

    @field_validator("deadline", mode="before")
    @classmethod
    def _jalali_or_iso(cls, value: object) -> object:
        return jalali.parse_date(str(value)) if isinstance(value, str | int) else value


class Policy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    minimum_applications: int = Field(ge=1)
    targets: tuple[Target, ...]


class PolicyError(Exception):
    """The policy file is missing or does not describe a valid policy."""


def parse(text: str) -> Policy:
    """A policy from YAML text; PolicyError with the reason when it is not one."""
    try:
        return Policy.model_validate(yaml.safe_load(text))
    except (yaml.YAMLError, ValueError) as error:
        raise PolicyError(str(error)) from error


class PolicySource:
    """The policy as the file says now: re-parsed only when the file's mtime or size change."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._seen: tuple[int, int] | None = None
        self._policy: Policy | None = None

    def current(self) -> Policy:
        if self._path is None:
            if self._policy is None:
                shipped = resources.files("compliance_service") / "policy.yaml"
                self._policy = parse(shipped.read_text(encoding="utf-8"))
            return self._policy
        try:
            stat = os.stat(self._path)
        except OSError as error:
            raise PolicyError(f"cannot read {self._path}: {error}") from error
        stamp = (stat.st_mtime_ns, stat.st_size)
        if self._policy is None or stamp != self._seen:
            self._policy = parse(self._path.read_text(encoding="utf-8"))
            self._seen = stamp
        return self._policy
