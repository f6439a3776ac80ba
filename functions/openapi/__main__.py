"""`python -m functions.openapi [--check]`: write docs/openapi.json from the code, or check
that the committed copy is up to date (`make openapi`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def generated() -> dict[str, Any]:
    import app  # noqa: F401 - declaring the routes fills the route table
    from functions.api import ROUTES
    from functions.openapi.document import build

    return build(ROUTES)


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m functions.openapi")
    parser.add_argument("--check", action="store_true", help="fail if docs/openapi.json is stale")
    options = parser.parse_args(argv)
    text = render(generated())
    if options.check:
        if COMMITTED.read_text(encoding="utf-8") != text:
            print(f"{COMMITTED} is stale: run `make openapi`.", file=sys.stderr)
            return 1
        return 0
    COMMITTED.write_text(text, encoding="utf-8")
    print(f"wrote {COMMITTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
