"""Importing is a pure function of the bytes: same bytes, same records, whatever ran before or the hash seed;
and folders of many files are expanded quickly and in a stable order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from mldrill.errors import ImportFormatError
from mldrill.ingest import collect_files, read_source
from mldrill.models import ParsedSource
from tests.ingest.test_fuzz import markdownish

BANK = (
    "# Mixed bank\n\n* Legend: 🐣 easy 🔥 hard\n\n## Models\n\n### Q1: Why regularise? (Google)\n\n"
    "**Difficulty**: Medium | **Time**: 4 min\n\n<details>\n<summary>Answer</summary>\n\nTo trade a little bias for "
    "less variance.\n\n</details>\n\n### Q2: What is a kernel? 🔥\n\nTBD\n\n## Practice\n\n"
    "| Question | Difficulty | Link |\n|---|---|---|\n| Explain AUC | Hard | [x](https://example.org/auc) |\n"
    "| Explain F1 | Easy | [y](https://example.org/f1) |\n\n## Notes\n\nSome prose that is not a question.\n"
)


def records(parsed: ParsedSource) -> dict[str, object]:
    return {
        "format": parsed.format,
        "hash": parsed.content_hash,
        "questions": [q.to_dict() for q in parsed.questions],
        "notes": [vars(n) for n in parsed.notes],
        "company_topics": parsed.company_topics,
        "warnings": parsed.warnings,
    }


def test_same_bytes_give_the_same_records() -> None:
    data = BANK.encode()
    first = records(read_source("bank.md", data))
    for other in (b"## What is a tensor?\n\nAn n-d array.\n", "Ã© Î£ ‚Üí".encode(), BANK.encode()):
        read_source("other.md", other)  # nothing carries over from one source to the next
    assert records(read_source("bank.md", data)) == first
    assert first["questions"]  # the fixture is not trivially empty


def test_reading_a_path_or_its_bytes_is_the_same(tmp_path: Path) -> None:
    f = tmp_path / "bank.md"
    f.write_bytes(BANK.encode())
    assert records(read_source(str(f))) == records(read_source(str(f), f.read_bytes()))


def test_records_do_not_depend_on_the_hash_seed() -> None:
    code = (
        "import json, sys; from mldrill.ingest import read_source; "
        "p = read_source('bank.md', sys.stdin.buffer.read()); "
        "print(json.dumps([q.to_dict() for q in p.questions], sort_keys=True, default=str))"
    )
    outs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", code], input=BANK.encode(), capture_output=True, env=env, check=True
        )
        outs.add(run.stdout)
    assert len(outs) == 1
    assert json.loads(outs.pop())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdownish)
def test_reading_twice_is_idempotent(text: str) -> None:
    data = text.encode("utf-8", errors="surrogatepass")
    try:
        first = records(read_source("fuzz.md", data))
    except ImportFormatError:
        return
    assert records(read_source("fuzz.md", data)) == first


def test_collect_files_handles_ten_thousand_tiny_files(tmp_path: Path) -> None:
    root = tmp_path / "bank"
    for d in range(100):
        folder = root / f"part{d:03d}"
        folder.mkdir(parents=True)
        for i in range(100):
            (folder / f"q{i:03d}.md").write_bytes(b"## Why?\n")
    hidden = root / ".git"
    hidden.mkdir()
    (hidden / "skip.md").write_bytes(b"## Not this\n")
    (root / "part000" / "image.png").write_bytes(b"\x89PNG")
    files, problems = collect_files([str(root)])
    assert problems == []
    assert len(files) == 10_000
    assert files == sorted(files)
    assert files[0] == str(root / "part000" / "q000.md")
    assert not any(".git" in f or f.endswith(".png") for f in files)


def test_collect_files_reads_a_folder_inside_a_hidden_one(tmp_path: Path) -> None:
    bank = tmp_path / ".notes" / "bank"
    bank.mkdir(parents=True)
    (bank / "a.md").write_bytes(b"## What?\n")
    files, problems = collect_files([str(bank)])
    assert (files, problems) == ([str(bank / "a.md")], [])
