"""`GET /dashboard`: the national summary, a chart per agency and the services' criteria.

Public, like the figures a ministry publishes: aggregates only, no person's data.
"""

import functools
from importlib import resources
from typing import Annotated, Literal

import jinja2
from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from compliance_service import deliveries, figures, services
from compliance_service.dashboard import charts
from compliance_service.dashboard.text import TEXT
from compliance_service.state import StateDep
from panjereh import digits, jalali, labels
from panjereh.web.deps import RuntimeDep

router = APIRouter(tags=["dashboard"], include_in_schema=False)
Lang = Literal["fa", "en"]
_CACHE = "public, max-age=300"


@functools.cache
def _templates() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("compliance_service.dashboard", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["pct"] = percent
    environment.filters["num"] = number
    environment.filters["jdate"] = lambda day, lang: number(jalali.to_jalali(day), lang)
    return environment


def number(value: object, lang: Lang) -> str:
    return digits.to_persian(str(value)) if lang == "fa" else str(value)


def percent(value: float | None, lang: Lang) -> str:
    if value is None:
        return "—"
    text = f"{value * 100:.1f}".removesuffix(".0")
    # Persian writes the decimal point as "٫" and the percent sign as "٪".
    return f"{digits.to_persian(text).replace('.', '٫')}٪" if lang == "fa" else f"{text}%"


def _agency_chart(
    agency: figures.AgencyFigures, national: figures.National, lang: Lang
) -> charts.Chart:
    words = TEXT[lang]
    goal = {
        t.target.metric: t.target.threshold for t in national.targets if t.target.scope == "agency"
    }
    rows = [
        (words["window_share"], agency.window_share or 0.0, goal.get("window_share")),
        (words["smart_share"], agency.smart_share or 0.0, goal.get("smart_share")),
    ]
    return charts.bar_chart(rows, rtl=lang == "fa")


def _notification_charts(delivered: deliveries.Figures, lang: Lang) -> dict[str, charts.Chart]:
    """Webhook latency (share of deliveries per bucket, the empty ones left out) and SMS sent
    per application state."""
    rtl = lang == "fa"
    total = delivered.webhooks.delivered or 1
    latency = [
        (number(deliveries.bucket_label(bucket), lang), count / total, None)
        for bucket, count in enumerate(delivered.webhooks.histogram)
        if count
    ]
    sms = [(_state(state, lang), count) for state, count in delivered.sms.sent.items()]
    return {
        "latency": charts.bar_chart(latency, rtl=rtl),
        "sms": charts.count_chart(sms, rtl=rtl),
    }


def _state(state: str, lang: Lang) -> str:
    fa, en = labels.STATE_LABELS.get(state, (state, state))
    return fa if lang == "fa" else en


def _name(agency: figures.AgencyInfo, lang: Lang) -> str:
    return (agency.name_fa if lang == "fa" else agency.name_en) or agency.agency_id


@router.get("/dashboard/dashboard.css")
async def style() -> Response:
    css = (
        resources.files("compliance_service.dashboard") / "static" / "dashboard.css"
    ).read_bytes()
    return Response(css, media_type="text/css; charset=utf-8", headers={"Cache-Control": _CACHE})


@router.get("/dashboard", response_class=HTMLResponse)
async def dashboard(
    runtime: RuntimeDep,
    state: StateDep,
    lang: Annotated[Lang, Query()] = "fa",
    since: Annotated[str | None, Query(alias="from")] = None,
    until: Annotated[str | None, Query(alias="to")] = None,
) -> Response:
    period = services.Period.parse(since, until)
    national = await services.build(runtime, state.policies, period)
    delivered = await services.notifications(runtime, period)
    html = (
        _templates()
        .get_template("dashboard.html")
        .render(
            lang=lang,
            t=TEXT[lang],
            other="en" if lang == "fa" else "fa",
            national=national,
            charts={a.info.agency_id: _agency_chart(a, national, lang) for a in national.agencies},
            names={a.info.agency_id: _name(a.info, lang) for a in national.agencies},
            delivered=delivered,
            notification_charts=_notification_charts(delivered, lang),
            bucket_label=lambda bucket: number(deliveries.bucket_label(bucket), lang),
            since=since or "",
            until=until or "",
            today=services.today_in_tehran(),
        )
    )
    return HTMLResponse(html, headers={"Cache-Control": "no-cache"})
