from notification_service.models import metadata
from panjereh.db.migrations import run_env

run_env(metadata)
