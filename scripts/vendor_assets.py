"""Vendor the web app's browser assets from npm (web-assets/) into the package, with licences.

Nothing is fetched at run time and there is no CDN: the files the browser needs are copied out of
web-assets/node_modules (installed from the pinned package-lock.json) into
src/mldrill/web/static/vendor/, and axe-core (tests only) into tests/web/assets/. The Pygments
stylesheet src/mldrill/web/static/pygments.css is generated here too. VERSIONS.json records each
package's version, licence and the sha256 of every file written.

    python scripts/vendor_assets.py           # write (idempotent; stale files are removed)
    python scripts/vendor_assets.py --check   # exit 1 if the committed files differ

Run it with the project's Python (Pygments must be importable). If web-assets/node_modules is
missing, or does not match package-lock.json, `npm ci` is run in web-assets first.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
WEB_ASSETS = REPO / "web-assets"
NODE_MODULES = WEB_ASSETS / "node_modules"
STATIC = REPO / "src" / "mldrill" / "web" / "static"
VENDOR = STATIC / "vendor"
TEST_ASSETS = REPO / "tests" / "web" / "assets"
VERSIONS = VENDOR / "VERSIONS.json"
PYGMENTS_CSS = STATIC / "pygments.css"
PYGMENTS_STYLE = "friendly"
PYGMENTS_SCOPE = ".highlight"

Transform = Callable[[bytes], bytes]


def strip_katex_font_fallbacks(css: bytes) -> bytes:
    """Keep only the woff2 source of each KaTeX @font-face (only the .woff2 fonts are vendored)."""
    text = css.decode("utf-8")
    pattern = re.compile(
        r',url\(fonts/[\w.-]+\.woff\) format\("woff"\),url\(fonts/[\w.-]+\.ttf\) format\("truetype"\)'
    )
    text, count = pattern.subn("", text)
    leftovers = re.findall(r"url\([^)]*\.(?:woff|ttf)\)", text)
    if count == 0 or leftovers:
        raise SystemExit(
            "vendor_assets: katex.min.css no longer has the expected @font-face layout "
            f"({count} fallbacks stripped, leftovers: {leftovers[:3]}); update strip_katex_font_fallbacks"
        )
    return text.encode("utf-8")


@dataclass(frozen=True)
class FileSpec:
    source: str  # path inside node_modules/<package>/
    dest: str  # path inside the package's destination folder
    transform: Transform | None = None
    note: str | None = None


@dataclass(frozen=True)
class PackageSpec:
    name: str
    dest: Path
    files: tuple[FileSpec, ...]
    globs: tuple[tuple[str, str], ...] = field(default=())  # (source glob, dest folder)


PACKAGES: tuple[PackageSpec, ...] = (
    PackageSpec(
        "htmx.org",
        VENDOR / "htmx",
        (FileSpec("dist/htmx.min.js", "htmx.min.js"), FileSpec("LICENSE", "LICENSE")),
    ),
    PackageSpec(
        "katex",
        VENDOR / "katex",
        (
            FileSpec("dist/katex.min.js", "katex.min.js"),
            FileSpec(
                "dist/katex.min.css",
                "katex.min.css",
                strip_katex_font_fallbacks,
                "woff/ttf fallbacks removed from each @font-face src; only woff2 is vendored",
            ),
            FileSpec("LICENSE", "LICENSE"),
        ),
        globs=(("dist/fonts/*.woff2", "fonts"),),
    ),
    PackageSpec(
        "chart.js",
        VENDOR / "chartjs",
        (FileSpec("dist/chart.umd.min.js", "chart.umd.min.js"), FileSpec("LICENSE.md", "LICENSE.md")),
    ),
    PackageSpec(
        "chartjs-chart-matrix",
        VENDOR / "chartjs-chart-matrix",
        (
            FileSpec("dist/chartjs-chart-matrix.min.js", "chartjs-chart-matrix.min.js"),
            FileSpec("LICENSE", "LICENSE"),
        ),
    ),
    PackageSpec(
        "axe-core",
        TEST_ASSETS / "axe-core",
        (
            FileSpec("axe.min.js", "axe.min.js"),
            FileSpec("LICENSE", "LICENSE"),
            FileSpec("LICENSE-3RD-PARTY.txt", "LICENSE-3RD-PARTY.txt"),
        ),
    ),
)


def rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def locked_packages() -> dict[str, dict[str, Any]]:
    lock = read_json(WEB_ASSETS / "package-lock.json")
    packages: dict[str, dict[str, Any]] = lock["packages"]
    return packages


def node_modules_stale(lock: dict[str, dict[str, Any]]) -> str | None:
    """Why node_modules does not match package-lock.json, or None if it does."""
    if not NODE_MODULES.is_dir():
        return f"{rel(NODE_MODULES)} does not exist"
    for spec in PACKAGES:
        manifest = NODE_MODULES / spec.name / "package.json"
        want = lock.get(f"node_modules/{spec.name}", {}).get("version")
        if want is None:
            raise SystemExit(f"vendor_assets: {spec.name} is not in web-assets/package-lock.json")
        if not manifest.is_file():
            return f"{spec.name} is not installed"
        have = read_json(manifest)["version"]
        if have != want:
            return f"{spec.name} {have} is installed but package-lock.json pins {want}"
    return None


def ensure_node_modules() -> dict[str, dict[str, Any]]:
    lock = locked_packages()
    reason = node_modules_stale(lock)
    if reason is not None:
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit(f"vendor_assets: {reason}, and npm is not on PATH to run `npm ci`")
        print(f"vendor_assets: {reason}; running `npm ci` in {rel(WEB_ASSETS)} ...", file=sys.stderr)
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=WEB_ASSETS, check=True)
        reason = node_modules_stale(lock)
        if reason is not None:
            raise SystemExit(f"vendor_assets: still inconsistent after `npm ci`: {reason}")
    return lock


def pygments_css() -> tuple[bytes, str]:
    try:
        import pygments
        from pygments.formatters import HtmlFormatter
    except ImportError:
        raise SystemExit(
            "vendor_assets: Pygments is not importable; run this with the project's Python "
            "(e.g. .venv/bin/python scripts/vendor_assets.py)"
        ) from None
    version = str(pygments.__version__)
    defs = HtmlFormatter(style=PYGMENTS_STYLE).get_style_defs(PYGMENTS_SCOPE)
    header = (
        f"/* Generated by scripts/vendor_assets.py from Pygments {version}, "
        f"style {PYGMENTS_STYLE!r}, scope {PYGMENTS_SCOPE!r}. Do not edit. */\n"
    )
    return (header + defs.rstrip("\n") + "\n").encode("utf-8"), version


def vendor_file(
    root: Path,
    source: str,
    dest: Path,
    outputs: dict[Path, bytes],
    transform: Transform | None = None,
    note: str | None = None,
) -> dict[str, str]:
    """Add one file to `outputs` and return its VERSIONS.json entry."""
    data = (root / source).read_bytes()
    if transform is not None:
        data = transform(data)
    outputs[dest] = data
    entry = {"path": rel(dest), "source": source, "sha256": sha256(data)}
    if note is not None:
        entry["note"] = note
    return entry


def plan() -> tuple[dict[Path, bytes], list[Path]]:
    """Every file this script writes, with its bytes, and the folders it owns outright."""
    lock = ensure_node_modules()
    outputs: dict[Path, bytes] = {}
    packages: dict[str, Any] = {}
    for spec in PACKAGES:
        root = NODE_MODULES / spec.name
        manifest = read_json(root / "package.json")
        files: list[dict[str, str]] = []
        for f in spec.files:
            files.append(vendor_file(root, f.source, spec.dest / f.dest, outputs, f.transform, f.note))
        for pattern, folder in spec.globs:
            matches = sorted(root.glob(pattern))
            if not matches:
                raise SystemExit(f"vendor_assets: {spec.name}: nothing matches {pattern}")
            for source in matches:
                files.append(
                    vendor_file(
                        root, source.relative_to(root).as_posix(), spec.dest / folder / source.name, outputs
                    )
                )
        packages[spec.name] = {
            "version": manifest["version"],
            "license": manifest["license"],
            "integrity": lock[f"node_modules/{spec.name}"].get("integrity"),
            "files": sorted(files, key=lambda e: e["path"]),
        }

    css, pygments_version = pygments_css()
    outputs[PYGMENTS_CSS] = css
    packages["pygments"] = {
        "version": pygments_version,
        "license": "BSD-2-Clause",
        "source": "Python package (requirements.lock), not npm",
        "files": [
            {
                "path": rel(PYGMENTS_CSS),
                "source": f"HtmlFormatter(style={PYGMENTS_STYLE!r}).get_style_defs({PYGMENTS_SCOPE!r})",
                "sha256": sha256(css),
            }
        ],
    }

    versions = {
        "generated_by": "scripts/vendor_assets.py",
        "lockfile": "web-assets/package-lock.json",
        "packages": packages,
    }
    outputs[VERSIONS] = (json.dumps(versions, indent=2, sort_keys=True) + "\n").encode("utf-8")
    return outputs, [spec.dest for spec in PACKAGES]


def existing_files(folders: list[Path]) -> set[Path]:
    return {p for folder in folders if folder.is_dir() for p in folder.rglob("*") if p.is_file()}


def check(outputs: dict[Path, bytes], owned: list[Path]) -> int:
    problems: list[str] = []
    for path, data in sorted(outputs.items()):
        if not path.is_file():
            problems.append(f"missing:   {rel(path)}")
        elif sha256(path.read_bytes()) != sha256(data):
            problems.append(f"differs:   {rel(path)}")
    for path in sorted(existing_files(owned) - outputs.keys()):
        problems.append(f"unexpected: {rel(path)}")
    if problems:
        print(
            "vendor_assets --check: the vendored files do not match what npm/Pygments give:", file=sys.stderr
        )
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        print("run `python scripts/vendor_assets.py` and commit the result", file=sys.stderr)
        return 1
    print(f"vendor_assets --check: {len(outputs)} files match")
    return 0


def write(outputs: dict[Path, bytes], owned: list[Path]) -> int:
    changed = 0
    for path in sorted(existing_files(owned) - outputs.keys()):
        path.unlink()
        print(f"removed {rel(path)}")
        changed += 1
    for path, data in sorted(outputs.items()):
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote   {rel(path)}")
        changed += 1
    for folder in owned:  # drop folders emptied by removals
        for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
            if not any(sub.iterdir()):
                sub.rmdir()
    print(f"vendor_assets: {len(outputs)} files, {changed} changed")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed files differ")
    args = parser.parse_args(argv)
    outputs, owned = plan()
    return check(outputs, owned) if args.check else write(outputs, owned)


if __name__ == "__main__":
    sys.exit(main())
