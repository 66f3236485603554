"""What a service's CEL rules see of an application: the applicant, the form and the evidence
found, as plain JSON (the decider hands it to the rule workers)."""

import datetime as dt
from typing import Any

from application_service.applications.domain import Application
from application_service.catalog import rules as catalog_rules


def variables(application: Application, now: dt.datetime) -> dict[str, Any]:
    """What the service's rules see of this application (plain JSON)."""
    applicant = {
        "national_code": application.applicant.national_code,
        "mobile": application.applicant.mobile,
        "birth_date": application.applicant.birth_date.isoformat()
        if application.applicant.birth_date
        else None,
    }
    return catalog_rules.variables(
        applicant=applicant,
        form=application.form,
        evidence={
            code: slot.data if slot.status == "found" else None
            for code, slot in application.evidence.items()
        },
        today=now.date(),
    )
