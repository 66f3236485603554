from panjereh.db.migrations import run_env
from inquiry_service.models import metadata

run_env(metadata)
