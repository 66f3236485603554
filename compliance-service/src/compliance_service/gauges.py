"""Prometheus gauges of the report's figures, recomputed in the background for the ops team.

Per agency and per target only: 6,000 services × 4 criteria would be too many series; the
per-service figures are in the API and its CSV.
"""

import logging

from prometheus_client import Gauge

from compliance_service import domain, figures, services
from compliance_service.policy import PolicySource
from panjereh.background import Loop
from panjereh.runtime import Runtime

log = logging.getLogger(__name__)

SERVICES = Gauge("panjereh_compliance_services", "Services in the catalogue", ["agency", "kind"])
SHARE = Gauge("panjereh_compliance_share", "Share of the agency's services", ["agency", "metric"])
CRITERION = Gauge(
    "panjereh_compliance_criterion_share",
    "Share of the agency's judged applications meeting a criterion (all time)",
    ["agency", "criterion"],
)
ONLINE = Gauge("panjereh_compliance_online_inquiry", "1 if the agency inquires online", ["agency"])
TARGET = Gauge("panjereh_compliance_target_actual", "A policy target's actual figure", ["target"])
ON_TRACK = Gauge("panjereh_compliance_target_on_track", "1 if the target is met", ["target"])
DAYS_LEFT = Gauge("panjereh_compliance_target_days_left", "Days to the deadline", ["target"])


def publish(national: figures.National) -> None:
    for agency in national.agencies:
        name = agency.info.agency_id
        SERVICES.labels(name, "total").set(agency.services_total)
        SERVICES.labels(name, "on_window").set(agency.services_on_window)
        SERVICES.labels(name, "smart").set(agency.services_smart)
        SHARE.labels(name, "window_share").set(agency.window_share or 0)
        SHARE.labels(name, "smart_share").set(agency.smart_share or 0)
        ONLINE.labels(name).set(int(agency.online_inquiry))
        total = sum((s.tally for s in agency.services), domain.Tally())
        for index, criterion in enumerate(domain.CRITERIA):
            share = total.share(index)
            if share is not None:
                CRITERION.labels(name, criterion).set(share)
    for target in national.targets:
        TARGET.labels(target.target.name).set(target.actual)
        ON_TRACK.labels(target.target.name).set(int(target.on_track))
        DAYS_LEFT.labels(target.target.name).set(target.days_left)


class GaugeRefresher(Loop):
    def __init__(self, runtime: Runtime, policies: PolicySource, every: float) -> None:
        super().__init__(name="compliance-gauges", poll_seconds=every)
        self._runtime = runtime
        self._policies = policies

    async def round(self) -> bool:
        publish(await services.build(self._runtime, self._policies, services.Period()))
        return False
