"""Use-cases of mldrill.app.library: importing paths and the built-in deck."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from mldrill.app import library
from mldrill.ingest import read_source
from mldrill.store import QuestionFilter, Store
from tests.context import ctx_at
from tests.store.decks import deck
from tests.store.factories import LATER, NOW

pytestmark = pytest.mark.importer


def _write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_files_and_folders(store: Store, tmp_path: Path) -> None:
    one = _write(tmp_path / "one.md", deck(("a", "What is a?", "A is a letter.")))
    _write(tmp_path / "more" / "two.md", deck(("b", "What is b?", None), ("c", "What is c?", "C.")))
    report = library.import_paths(ctx_at(store, NOW), [one, str(tmp_path / "more")])
    assert report.ok
    assert [(Path(f.path).name, f.status, f.questions, f.answered, f.added) for f in report.files] == [
        ("one.md", "added", 1, 1, 1),
        ("two.md", "added", 2, 1, 2),
    ]
    assert all(f.format == "deck" and Path(f.stored_path or "").is_absolute() for f in report.files)
    again = library.import_paths(ctx_at(store, LATER), [one])
    assert again.files[0].status == "unchanged"


def test_progress_is_reported(store: Store, tmp_path: Path) -> None:
    a = _write(tmp_path / "a.md", deck(("a", "What is a?", "A.")))
    b = _write(tmp_path / "b.md", deck(("b", "What is b?", "B.")))
    seen: list[tuple[int, int, str]] = []
    library.import_paths(ctx_at(store, NOW), [a, b], on_progress=lambda *args: seen.append(args))
    assert seen == [(0, 2, a), (1, 2, b), (2, 2, "")]


def test_one_bad_file_never_stops_the_others(store: Store, tmp_path: Path) -> None:
    empty = _write(tmp_path / "empty.md", "   \n")
    good = _write(tmp_path / "good.md", deck(("a", "What is a?", "A.")))
    report = library.import_paths(ctx_at(store, NOW), [empty, str(tmp_path / "missing.md"), good])
    assert not report.ok
    [failed] = report.failed
    assert failed.path == empty and "empty.md" in (failed.error or "")
    assert report.problems == [f"{tmp_path / 'missing.md'}: no such file or folder"]
    assert report.files[-1].status == "added"
    assert store.stats()["questions"] == 1


def test_stdin_is_stored_under_its_name(store: Store) -> None:
    text = deck(("s", "What is stdin?", "A stream.")).encode()
    report = library.import_paths(ctx_at(store, NOW), ["-"], read_stdin=lambda: text, stdin_name="pasted")
    assert report.ok and report.files[0].path == "pasted" and report.files[0].stored_path == "pasted"
    assert [s.path for s in store.sources()] == ["pasted"]


def test_ctrl_c_keeps_the_files_done_and_says_how_far_it_got(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(deck(("a", "What is a?", "An a.")), encoding="utf-8")
    (tmp_path / "c.md").write_text(deck(("c", "What is c?", "A c.")), encoding="utf-8")

    def interrupted() -> bytes:
        raise KeyboardInterrupt

    paths = [str(tmp_path / "a.md"), "-", str(tmp_path / "c.md")]
    with pytest.raises(
        library.ImportInterrupted, match="interrupted after 1 of 3 files; nothing half-written"
    ):
        library.import_paths(ctx_at(store, NOW), paths, read_stdin=interrupted)
    assert [q.record.prompt for q in store.list_questions()] == ["What is a?"]


def test_builtin_deck_is_imported_once_and_upgraded_in_place(store: Store) -> None:
    v1 = [("10-a.md", deck(("x", "What is x?", "X."), ("y", "What is y?", "Y.")).encode())]
    assert (
        library.ensure_builtin_deck(ctx_at(store, NOW), files=v1, only_if_installed=True) is None
    )  # not installed
    first = library.ensure_builtin_deck(ctx_at(store, NOW), files=v1)
    assert first is not None and first.ok and first.files[0].added == 2
    ids = {x.record.key: x.id for x in store.list_questions()}
    assert {x.record.inner_file for x in store.list_questions()} == {"10-a.md"}
    assert library.ensure_builtin_deck(ctx_at(store, LATER), files=v1) is None  # same hash: nothing to do

    v2 = [
        ("10-a.md", deck(("x", "What exactly is x?", "X, edited.")).encode()),
        ("20-b.md", deck(("z", "What is z?", "Z.")).encode()),
    ]
    report = library.ensure_builtin_deck(ctx_at(store, LATER), files=v2, only_if_installed=True)
    assert report is not None
    assert [(f.updated, f.retired, f.added) for f in report.files] == [(1, 1, 1)]
    assert store.get_question(ids["x"]).record.prompt == "What exactly is x?"
    assert store.get_question(ids["y"]).retired
    assert [s.path for s in store.sources()] == ["builtin:deck"]


def test_a_question_moved_to_another_deck_file_keeps_its_id(store: Store) -> None:
    library.ensure_builtin_deck(
        ctx_at(store, NOW), files=[("10-a.md", deck(("x", "What is x?", "X.")).encode())]
    )
    [before] = store.list_questions()
    library.ensure_builtin_deck(
        ctx_at(store, LATER), files=[("20-b.md", deck(("x", "What is x?", "X.")).encode())]
    )
    [after] = store.list_questions()
    assert after.id == before.id and after.record.inner_file == "20-b.md"


def test_a_broken_deck_file_is_reported_and_the_rest_imported(store: Store) -> None:
    files = [("10-a.md", deck(("x", "What is x?", "X.")).encode()), ("20-b.md", b"  \n")]
    report = library.ensure_builtin_deck(ctx_at(store, NOW), files=files)
    assert report is not None and not report.ok
    assert "20-b.md" in report.problems[0]
    assert [x.record.key for x in store.list_questions()] == ["x"]


def test_demo_bank_is_used_when_the_deck_folder_is_empty(tmp_path: Path) -> None:
    files = library.builtin_deck_files(resources.files("mldrill") / "no-such-folder")  # type: ignore[arg-type]
    assert [name for name, _ in files] == ["demo.md"]
    empty = tmp_path / "deck"
    empty.mkdir()
    assert [name for name, _ in library.builtin_deck_files(empty)] == ["demo.md"]  # type: ignore[arg-type]


def test_demo_bank_is_a_clean_deck() -> None:
    data = (resources.files("mldrill") / "demo.md").read_bytes()
    parsed = read_source("demo.md", data)
    assert parsed.format == "deck" and parsed.warnings == []
    assert 8 <= len(parsed.questions) <= 10
    assert all(
        x.key and x.key.startswith("demo-") and x.answered and len(x.rubric) >= 3 for x in parsed.questions
    )


def test_demo_is_retired_when_the_real_deck_arrives(store: Store) -> None:
    demo = library.builtin_deck_files(resources.files("mldrill") / "no-such-folder")  # type: ignore[arg-type]
    library.ensure_builtin_deck(ctx_at(store, NOW), files=demo)
    assert store.count_questions() >= 8
    library.ensure_builtin_deck(
        ctx_at(store, LATER), files=[("10-a.md", deck(("x", "What is x?", "X.")).encode())]
    )
    assert store.count_questions() == 1
    assert store.count_questions(QuestionFilter(include_retired=True)) >= 9


def test_question_detail_lists_duplicates(store: Store, tmp_path: Path) -> None:
    a = _write(tmp_path / "a.md", deck(("a", "What is a confusion matrix?", "A table.")))
    b = _write(tmp_path / "b.md", deck(("b", "1. What is the confusion matrix", None)))
    library.import_paths(ctx_at(store, NOW), [a, b])
    first, second = store.list_questions()
    detail = library.question_detail(ctx_at(store), second.id)
    assert detail["duplicates"] == [first.id] and detail["canonical_id"] == first.id
