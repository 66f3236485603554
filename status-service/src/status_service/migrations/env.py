from panjereh.db.migrations import run_env
from status_service.models import metadata

run_env(metadata)
