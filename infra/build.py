"""`make package`: out/deployment.zip and out/sam.json for a Chalice stage (prod by default).

`chalice package` ships app.py, chalicelib/ and vendor/ only. Our code lives in functions/ and
shared/ (importable packages, shared with the CLI and the tests), so they are copied into a fresh
vendor/ first; chalice then adds vendor/ to the root of the zip, next to the manylinux wheels of
requirements.txt. infra/template.json is deep-merged into the SAM template chalice writes.

    python -m infra.build [--stage prod] [--out out]
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDORED_PACKAGES = ("functions", "shared")
MERGE_TEMPLATE = Path("infra") / "template.json"
# `--pkg-format cloudformation` (the default) writes a SAM template, named after its format.
TEMPLATE_NAME = "sam.json"
# chalice needs a region to build ARNs, even though the template itself uses AWS::Region.
DEFAULT_REGION = "eu-west-3"
# chalice caches the dependency layer of each build in .chalice/deployments (~27 MB a piece,
# keyed on requirements.txt and vendor/): keep the most recent ones only.
KEEP_CACHED_PACKAGES = 2
# What chalice prints, and then carries on, when a requirement has no Lambda-compatible wheel.
MISSING_DEPENDENCIES = "Could not install dependencies"
# Packages the Lambda Python runtime already ships (/var/runtime): left out of the zip, they
# take 16 MB of its 39 MB (docs/cold-start.md, "The package"). `--bundle-boto3` keeps them,
# for a release that needs a botocore newer than the runtime's.
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer")
# The alias API Gateway invokes (infra/template.json): its version is republished when the
# code changes, which the version's description (the zip's digest) tells CloudFormation.
API_FUNCTION = "APIHandler"
API_VERSION = "ApiVersion"
API_ALIAS = "ApiLive"


class BuildError(RuntimeError):
    pass


@dataclass(frozen=True)
class Artifacts:
    deployment_zip: Path
    template: Path
    seconds: float


def vendor(root: Path = ROOT) -> Path:
    """Recreate vendor/ with copies of the application packages, without bytecode."""
    target = root / "vendor"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    for package in VENDORED_PACKAGES:
        shutil.copytree(
            root / package,
            target / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo"),
        )
    return target


def chalice_package_command(stage: str, out: Path) -> list[str]:
    chalice = Path(sys.executable).with_name("chalice")
    return [
        str(chalice),
        "package",
        "--stage",
        stage,
        "--pkg-format",
        "cloudformation",
        "--template-format",
        "json",
        "--merge-template",
        str(MERGE_TEMPLATE),
        str(out),
    ]


@contextmanager
def _exclusive(root: Path) -> Iterator[None]:
    """One build at a time per checkout: vendor/ and out/ are shared by concurrent runs."""
    digest = hashlib.sha256(str(root).encode()).hexdigest()[:16]
    lock_path = Path(tempfile.gettempdir()) / f"certif-sco-build-{digest}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _cached_packages(root: Path) -> list[Path]:
    cache = root / ".chalice" / "deployments"
    found = cache.glob("*.zip") if cache.is_dir() else iter(())
    return sorted(found, key=lambda path: path.stat().st_mtime, reverse=True)


def _package(root: Path, stage: str, out: Path) -> None:
    env = dict(os.environ)
    if not (env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")):
        env["AWS_DEFAULT_REGION"] = DEFAULT_REGION
    cached_before = set(_cached_packages(root))
    answer = subprocess.run(  # noqa: S603 - our own command line
        chalice_package_command(stage, out),
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    sys.stdout.write(answer.stdout)
    sys.stderr.write(answer.stderr)
    if answer.returncode != 0:
        raise BuildError(f"chalice package failed (exit {answer.returncode})")
    if MISSING_DEPENDENCIES in answer.stdout + answer.stderr:
        # chalice cached the incomplete package: drop it, or the next build would reuse it.
        for path in set(_cached_packages(root)) - cached_before:
            path.unlink()
        raise BuildError("a requirement has no manylinux wheel for the Lambda runtime (see above)")
    for stale in _cached_packages(root)[KEEP_CACHED_PACKAGES:]:
        stale.unlink(missing_ok=True)


def _runtime_provided(name: str) -> bool:
    top = name.split("/", 1)[0]
    distribution = top.split("-", 1)[0].lower() if top.endswith(".dist-info") else None
    return top in RUNTIME_PROVIDED or distribution in RUNTIME_PROVIDED


def without_runtime_packages(package: Path) -> None:
    """Rewrite the zip without the packages the Lambda runtime provides."""
    trimmed = package.with_suffix(".trimmed.zip")
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(trimmed, "w") as target:
        for entry in source.infolist():
            if not _runtime_provided(entry.filename):
                target.writestr(entry, source.read(entry), compress_type=entry.compress_type)
    trimmed.replace(package)


def point_api_at_alias(template_path: Path, package: Path) -> None:
    """API Gateway invokes the alias (where provisioned concurrency lives), not $LATEST; the
    alias's version is republished whenever the code's digest changes."""
    template = json.loads(template_path.read_text())
    resources = template["Resources"]
    if API_ALIAS not in resources:
        return
    digest = hashlib.sha256(package.read_bytes()).hexdigest()
    resources[API_VERSION]["Properties"]["Description"] = f"deployment.zip sha256 {digest}"
    body = json.dumps(resources["RestAPI"]["Properties"]["DefinitionBody"])
    target = "${" + API_FUNCTION + ".Arn}"
    if target not in body:
        raise BuildError(f"the API's integrations no longer name {target}: update infra/build.py")
    resources["RestAPI"]["Properties"]["DefinitionBody"] = json.loads(
        body.replace(target, "${" + API_ALIAS + "}")
    )
    template_path.write_text(json.dumps(template, indent=2) + "\n")


def build(
    root: Path = ROOT, stage: str = "prod", out: Path | None = None, bundle_boto3: bool = False
) -> Artifacts:
    out = (out or root / "out").resolve()
    started = time.monotonic()
    with _exclusive(root):
        vendor(root)
        shutil.rmtree(out, ignore_errors=True)
        _package(root, stage, out)
        if not bundle_boto3:
            without_runtime_packages(out / "deployment.zip")
        if (out / TEMPLATE_NAME).is_file():
            point_api_at_alias(out / TEMPLATE_NAME, out / "deployment.zip")
    artifacts = Artifacts(
        deployment_zip=out / "deployment.zip",
        template=out / TEMPLATE_NAME,
        seconds=time.monotonic() - started,
    )
    for produced in (artifacts.deployment_zip, artifacts.template):
        if not produced.is_file():
            raise BuildError(f"chalice package did not write {produced}")
    return artifacts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m infra.build", description="Build out/deployment.zip and out/sam.json"
    )
    parser.add_argument("--stage", default="prod", help="Chalice stage (.chalice/config.json)")
    parser.add_argument("--out", type=Path, default=ROOT / "out", help="output directory")
    parser.add_argument(
        "--bundle-boto3",
        action="store_true",
        help="keep boto3, botocore and s3transfer in the zip (default: the runtime's)",
    )
    options = parser.parse_args(argv)
    try:
        artifacts = build(stage=options.stage, out=options.out, bundle_boto3=options.bundle_boto3)
    except BuildError as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    size_mb = artifacts.deployment_zip.stat().st_size / 1_000_000
    print(f"deployment package: {artifacts.deployment_zip} ({size_mb:.1f} MB)")
    print(f"SAM template:       {artifacts.template}")
    print(f"built in {artifacts.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
