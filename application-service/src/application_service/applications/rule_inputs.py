"""What a service's CEL rules see of an application: the applicant, the form and the evidence
found, as plain JSON (the decider hands it to the rule workers)."""

import datetime as dt
from typing import Any

from application_service.applications.domain import Application
from application_service.catalog import rules as catalog_rules


def variables(app: Application, now: dt.datetime) -> dict[str, Any]:
    """What the service's rules see of this application (plain JSON)."""
    applicant = {
        "national_code": app.applicant.national_code,
        "mobile": app.applicant.mobile,
        "birth_date": app.applicant.birth_date.isoformat() if app.applicant.birth_date else None,
    }
    return catalog_rules.variables(
        applicant=applicant,
        form=app.form,
        evidence={
            code: slot.data if slot.status == "found" else None
            for code, slot in app.evidence.items()
        },
        today=now.date(),
    )
