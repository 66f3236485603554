from panjereh.db.migrations import run_env
from application_service.models import metadata

run_env(metadata)
