"""Tables of the compliance service (its own database; no other service reads them)."""

from panjereh import tables
from panjereh.db.engine import make_metadata

metadata = make_metadata()
tables.attach(metadata)
