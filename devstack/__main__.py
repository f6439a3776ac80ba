"""`python -m devstack run [--api-port 8000] [--moto-port 5055] [--web-port 8080]
[--host 127.0.0.1]`."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from devstack.run import Options, run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devstack",
        description="Pile locale Certif SCO / Certif SCO local stack (moto + chalice local).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser(
        "run", help="démarre moto, les données de démo et l'API / start moto, demo data, API"
    )
    start.add_argument("--api-port", type=int, default=8000, help="port de l'API (8000)")
    start.add_argument("--moto-port", type=int, default=5055, help="port de moto (5055)")
    start.add_argument("--web-port", type=int, default=8080, help="port de l'interface web (8080)")
    start.add_argument(
        "--host", default="127.0.0.1", help="adresse de l'API et de l'interface web (127.0.0.1)"
    )
    options = parser.parse_args(argv)
    return run(
        Options(
            api_port=options.api_port,
            moto_port=options.moto_port,
            host=options.host,
            web_port=options.web_port,
        )
    )


def exit_now(status: int) -> None:
    """Leave without the interpreter's teardown. The stack's cleanups are done by now; what
    is left is a heap of moto's in-memory AWS, which the final garbage collection would walk
    object by object, and daemon threads still serving: nothing worth waiting for."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    try:
        status = main()
    except Exception:
        traceback.print_exc()
        status = 1
    exit_now(status)
