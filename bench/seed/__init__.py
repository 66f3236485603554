"""The bulk loader of the growth benchmark: PostgreSQL databases of every service, created
and migrated by the services' own migrations, filled by COPY with a year of synthetic
traffic (`python -m bench.seed --applications 10000`)."""
