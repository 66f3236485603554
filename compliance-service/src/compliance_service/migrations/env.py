from panjereh.db.migrations import run_env
from compliance_service.models import metadata

run_env(metadata)
