"""Database: engines from a URL, naming conventions, the unit of work, migrations."""
