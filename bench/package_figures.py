"""The deployment package's size and its largest parts (out/deployment.zip, written by
`make package`; the bench does not build it: a build takes minutes). Runnable alone:
`python -m bench.package_figures [path]`."""

from __future__ import annotations

import sys
import zipfile
from collections import defaultdict
from pathlib import Path

from bench.stats import table, verdict

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "out" / "deployment.zip"
TARGET_MB = 30.0
SHOWN = 12


def _part(name: str) -> str:
    """The top-level package of an entry; a distribution's bundled libraries apart
    (pillow.libs/, cryptography's Rust binding stays with cryptography)."""
    top = name.split("/", 1)[0]
    if top.endswith((".dist-info", ".data")):
        return "(metadata: *.dist-info)"
    if "/fonts/" in name:
        return f"{top} fonts"
    return top


def sizes(path: Path) -> tuple[int, int, dict[str, tuple[int, int]]]:
    """(zipped size of the file, unzipped total, {part: (zipped, unzipped)})."""
    parts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with zipfile.ZipFile(path) as archive:
        for entry in archive.infolist():
            part = parts[_part(entry.filename)]
            part[0] += entry.compress_size
            part[1] += entry.file_size
    unzipped = sum(unzipped for _, unzipped in parts.values())
    return path.stat().st_size, unzipped, {k: (v[0], v[1]) for k, v in parts.items()}


def render(path: Path = PACKAGE) -> str:
    if not path.is_file():
        return f"Deployment package: {path} not found — run `make package` first (not measured)."
    zipped, unzipped, parts = sizes(path)
    largest = sorted(parts.items(), key=lambda item: -item[1][0])
    rows = [[name, f"{z / 1e6:.1f}", f"{u / 1e6:.1f}"] for name, (z, u) in largest[:SHOWN]]
    rest = largest[SHOWN:]
    rows.append(
        [
            f"{len(rest)} other parts",
            f"{sum(z for _, (z, _u) in rest) / 1e6:.1f}",
            f"{sum(u for _, (_z, u) in rest) / 1e6:.1f}",
        ]
    )
    met = zipped / 1e6 <= TARGET_MB
    return "\n".join(
        [
            f"Deployment package {path} (as built by `make package`):",
            f"{zipped / 1e6:.1f} MB zipped, {unzipped / 1e6:.1f} MB unzipped"
            f"   target <= {TARGET_MB:.0f} MB zipped   {verdict(met)}",
            "",
            table(["part", "zipped MB", "unzipped MB"], rows, right={1, 2}),
        ]
    )


if __name__ == "__main__":
    print(render(Path(sys.argv[1]) if len(sys.argv) > 1 else PACKAGE))
