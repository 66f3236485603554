"""`python -m inquiry_service.simulator --host 127.0.0.1 --port 8090`."""

import argparse

import uvicorn

from inquiry_service.simulator.app import create_app


def main(argv: list[str] | None = None) -> None:
    """Serve the registry simulator; its settings come from PANJEREH_SIMULATOR_* variables."""
    parser = argparse.ArgumentParser(prog="python -m inquiry_service.simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    args = parser.parse_args(argv)
    uvicorn.run(create_app(), host=args.host, port=args.port)


if __name__ == "__main__":
    main()
