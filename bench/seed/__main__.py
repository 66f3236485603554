"""`python -m bench.seed --applications N [--prefix growth_] [--drop]`: seed and report."""

import argparse
import asyncio
import json
import os

from bench.seed import load

DEFAULT_ADMIN = "postgresql+asyncpg://panjereh:panjereh@127.0.0.1:5432/panjereh_test"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--prefix", default="growth_", help="database names: <prefix><service>")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--drop", action="store_true", help="drop the seeded databases")
    options = parser.parse_args()
    admin = os.environ.get("PANJEREH_TEST_POSTGRES_URL", DEFAULT_ADMIN)
    if options.drop:
        asyncio.run(load.drop_databases(admin, load.database_urls(admin, options.prefix)))
        return
    seeded = asyncio.run(
        load.load(
            admin, prefix=options.prefix, applications=options.applications, seed=options.seed
        )
    )
    print(json.dumps({"seconds": round(seeded.seconds, 1), "counts": seeded.counts}, indent=1))


if __name__ == "__main__":
    main()
