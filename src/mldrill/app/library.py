"""Use-cases on the question bank, shared by the CLI and the web app: import, built-in deck, list, search, show.

Nothing here prints; results are dataclasses with `to_dict()` for the JSON twins.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mldrill import __version__
from mldrill.errors import MldrillError, NotFound, UsageError
from mldrill.models import ParsedSource, Question, QuestionFilter
from mldrill.store import SaveResult, Store
from mldrill.store.dupes import DupeGroup
from mldrill.store.queries import SourceInfo, StoredNote

if TYPE_CHECKING:
    from mldrill.app.context import Context

BUILTIN_PREFIX = "builtin:"
BUILTIN_SOURCE = "builtin:deck"
DECK_HASH_KEY = "builtin_deck_hash"
STDIN = "-"

ProgressFn = Callable[[int, int, str], None]  # (files done, files in all, file now being read)


@dataclass
class FileReport:
    """The outcome of importing one file."""

    path: str  # as the user named it
    stored_path: str | None = None  # the source's key in the store (absolute for files)
    status: str = "error"  # added | updated | unchanged | error
    format: str | None = None
    questions: int = 0
    answered: int = 0
    notes: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # paths that could not even be listed

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.error]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {"files": [f.to_dict() for f in self.files], "problems": list(self.problems), "ok": self.ok}


def import_source(store: Store, path: str, stored_path: str, data: bytes | None, now: datetime) -> FileReport:
    """Read and save one source; any failure is reported in the result, never raised."""
    from mldrill.ingest import read_source

    report = FileReport(path=path, stored_path=stored_path)
    try:
        parsed = read_source(path, data)
    except MldrillError as exc:
        report.error = str(exc)
        return report
    except Exception as exc:  # a parser bug must not abort the other files
        report.error = f"{path}: could not be parsed ({type(exc).__name__}: {exc})"
        return report
    return _save(store, replace(parsed, path=stored_path), report, now)


def _save(store: Store, parsed: ParsedSource, report: FileReport, now: datetime) -> FileReport:
    report.format = parsed.format
    report.questions = len(parsed.questions)
    report.answered = sum(1 for q in parsed.questions if q.answered)
    report.notes = len(parsed.notes)
    report.warnings = list(parsed.warnings)
    try:
        result: SaveResult = store.save_source(parsed, now)
    except MldrillError as exc:
        report.error = f"{report.path}: {exc}"
        return report
    report.status = result.status
    report.added, report.updated = result.added, result.updated
    report.unchanged, report.retired = result.unchanged, result.retired
    return report


def import_paths(
    ctx: Context,
    paths: Sequence[str],
    *,
    read_stdin: Callable[[], bytes] | None = None,
    stdin_name: str = "<stdin>",
    on_progress: ProgressFn | None = None,
) -> ImportReport:
    """Import files, folders (recursively) and "-" (stdin, stored as `stdin_name`, or by content hash when
    unnamed). One bad file never stops
    the others; each file is saved in its own transaction."""
    from mldrill.ingest import collect_files

    inputs, problems = collect_files(paths)
    report = ImportReport(problems=problems)
    store, when = ctx.store, ctx.now()
    done = 0
    try:
        for done, path in enumerate(inputs):
            if on_progress:
                on_progress(done, len(inputs), path)
            if path == STDIN:
                data = read_stdin() if read_stdin else b""
                name = shown = stdin_name
                if name == "<stdin>":  # unnamed pipes: one source per content, so one never retires another
                    name = f"<stdin:{hashlib.sha256(data).hexdigest()[:12]}>"
                report.files.append(import_source(store, shown, name, data, when))
            else:
                stored = str(Path(path).expanduser().resolve())
                report.files.append(import_source(store, path, stored, None, when))
    except (
        KeyboardInterrupt
    ):  # each file is its own transaction: the ones done are kept, none is half-written
        raise ImportInterrupted(len(report.files), len(inputs), report) from None
    if on_progress:
        on_progress(len(inputs), len(inputs), "")
    return report


class ImportInterrupted(MldrillError):
    """Ctrl-C during an import: the files already saved are kept whole; the rest were not started."""

    def __init__(self, done: int, total: int, report: ImportReport) -> None:
        super().__init__(f"interrupted after {done} of {total} files; nothing half-written")
        self.done, self.total, self.report = done, total, report


# The built-in deck


def builtin_deck_files(deck: Traversable | None = None) -> list[tuple[str, bytes]]:
    """(name, bytes) of the markdown files shipped in mldrill/deck/, or of the demo bank if there are none."""
    if deck is None:
        deck = resources.files("mldrill") / "deck"
    files = []
    if deck.is_dir():
        files = sorted(
            (f.name, f.read_bytes()) for f in deck.iterdir() if f.name.endswith(".md") and f.is_file()
        )
    demo = resources.files("mldrill") / "demo.md"
    if not files and demo.is_file():
        files = [("demo.md", demo.read_bytes())]
    return files


def deck_hash(files: Sequence[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256(f"mldrill {__version__}\n".encode())
    for name, data in sorted(files):
        digest.update(f"{name}\n{hashlib.sha256(data).hexdigest()}\n".encode())
    return digest.hexdigest()


def _inside(deck_file: str, inner_file: str | None) -> str:
    return deck_file if inner_file is None else f"{deck_file}/{inner_file}"


def ensure_builtin_deck(
    ctx: Context,
    *,
    files: Sequence[tuple[str, bytes]] | None = None,
    only_if_installed: bool = False,
) -> ImportReport | None:
    """(Re)import the built-in deck when its content changed since it was last imported; None when up to date.

    The deck's files are saved as one source, `builtin:deck`, each question's inner file naming its deck file:
    questions are matched by their deck ids across files, so editing or moving a question keeps its history,
    and a question (or file) gone from the deck is retired. A deck file that cannot be parsed is reported and
    left out (its questions retired until a fixed deck ships). With `only_if_installed`, does nothing on a store
    that never had the deck (the check run at every start).
    """
    store = ctx.store
    deck = list(files) if files is not None else builtin_deck_files()
    wanted = deck_hash(deck)
    installed = store.get_meta(DECK_HASH_KEY)
    if installed == wanted or (only_if_installed and installed is None):
        return None
    from mldrill.ingest import read_source

    report = ImportReport()
    merged = ParsedSource(BUILTIN_SOURCE, "deck", wanted, size_bytes=sum(len(data) for _, data in deck))
    for name, data in deck:
        try:
            parsed = read_source(f"{BUILTIN_SOURCE}/{name}", data)
        except MldrillError as exc:
            report.problems.append(str(exc))
            continue
        for record in parsed.questions:
            record.inner_file = _inside(name, record.inner_file)
        for note in parsed.notes:
            note.inner_file = _inside(name, note.inner_file)
        merged.questions.extend(parsed.questions)
        merged.notes.extend(parsed.notes)
        merged.warnings.extend(parsed.warnings)
        for company, topics in parsed.company_topics.items():
            merged.company_topics.setdefault(company, []).extend(topics)
    when = ctx.now()
    report.files.append(_save(store, merged, FileReport(BUILTIN_SOURCE, BUILTIN_SOURCE), when))
    for source in store.sources(include_removed=False):  # built-in sources of older layouts
        if source.path.startswith(BUILTIN_PREFIX) and source.path != BUILTIN_SOURCE:
            store.remove_source(source.path, when)
    store.set_meta(DECK_HASH_KEY, wanted)
    return report


# Reading


@dataclass
class SearchResult:
    question: Question
    score: float
    snippet: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.question.to_dict(), "score": self.score, "snippet": self.snippet}


def search(
    ctx: Context, text: str, limit: int = 20, marks: tuple[str, str] = ("**", "**")
) -> list[SearchResult]:
    found = ctx.store.search(text, limit, marks, user=ctx.user)
    return [SearchResult(q, hit.score, hit.snippet) for q, hit in found]


def list_questions(
    ctx: Context, filters: QuestionFilter, limit: int | None = None
) -> tuple[list[Question], int]:
    """The questions matching `filters` (at most `limit`), with `ctx.user`'s own answers, and how many match in
    all."""
    store = ctx.store
    found = store.list_questions(filters, limit, user=ctx.user)
    total = len(found) if limit is None or len(found) < limit else store.count_questions(filters, ctx.user)
    return found, total


def note(ctx: Context, note_id: int) -> StoredNote:
    """One imported note, body included; raises NotFound."""
    found = next((n for n in ctx.store.notes() if n.id == note_id), None)
    if found is None:
        raise NotFound(f"no note with id {note_id}; `mldrill notes` lists them")
    return found


def nothing_listed(ctx: Context, filters: QuestionFilter) -> str:
    """What to tell a person whose listing came back empty: how to get questions into an empty store, else that
    no question matches the filters (with the topics there are, when a topic was asked for)."""
    if ctx.store.stats()["questions"] == 0:
        return (
            "The store has no questions yet: `mldrill init` loads the built-in deck, "
            "`mldrill import PATH` adds your own."
        )
    asked = ", ".join(f"{k} {v!r}" for k, v in asdict(filters).items() if v not in (None, False))
    message = f"No question matches {asked or 'these filters'}; `mldrill list` shows them all."
    if filters.topic:
        tops = sorted({(q.record.topic or "").split("/")[0] for q in ctx.store.list_questions()} - {""})
        if tops:
            message += f" Topics: {', '.join(tops[:20])}{' …' if len(tops) > 20 else ''}."
    if filters.company:
        message += " `mldrill companies` lists the companies."
    return message


def question_detail(ctx: Context, question_id: int) -> dict[str, Any]:
    """Everything `show` displays: the question's fields (with `ctx.user`'s own answer) plus the ids of its
    duplicates."""
    store = ctx.store
    question = store.get_question(question_id, ctx.user)
    detail = question.to_dict()
    detail["duplicates"] = []
    if question.dupe_group is not None:
        group = next((g for g in store.dupe_groups() if g.id == question.dupe_group), None)
        if group:
            detail["duplicates"] = [i for i in group.question_ids if i != question.id]
            detail["canonical_id"] = group.canonical_id
    return detail


def duplicate_groups(ctx: Context) -> tuple[list[DupeGroup], dict[int, Question]]:
    """The groups of near-duplicate questions, and every question they name (retired ones too) by id."""
    groups = ctx.store.dupe_groups()
    ids = tuple(qid for g in groups for qid in g.question_ids)
    found = ctx.store.list_questions(QuestionFilter(ids=ids, include_retired=True), user=ctx.user)
    return groups, {q.id: q for q in found}


def remove_source(ctx: Context, path: str) -> tuple[SourceInfo, int]:
    """Mark a source removed and retire its questions (their history is kept); returns it and the number retired."""
    return ctx.store.remove_source(path, ctx.now())


# Browsing: filters and search together, a page at a time

MAX_SEARCH_HITS = 500  # a search ranks at most this many questions; filters and paging apply to those


@dataclass
class BrowsePage:
    """One page of a listing or a search: the questions, how many match in all, and (for a search) each
    question's snippet. `capped` says the search stopped at MAX_SEARCH_HITS ranked hits."""

    items: list[Question]
    total: int
    limit: int
    offset: int
    query: str = ""
    snippets: dict[int, str] = field(default_factory=dict)
    capped: bool = False

    def to_dict(self) -> dict[str, Any]:
        items = []
        for q in self.items:
            d = q.to_dict()
            if self.query:
                d["snippet"] = self.snippets.get(q.id, "")
            items.append(d)
        return {
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "query": self.query,
            "capped": self.capped,
            "items": items,
        }


def browse(
    ctx: Context,
    filters: QuestionFilter,
    text: str = "",
    limit: int = 50,
    offset: int = 0,
    marks: tuple[str, str] = ("**", "**"),
) -> BrowsePage:
    """The questions matching `filters` (source order), or, with `text`, the best search hits among them (rank
    order, snippets marked with `marks`); `limit` of them from `offset`, and the number matching in all."""
    if limit < 1 or offset < 0:
        raise UsageError(f"a page needs limit ≥ 1 and offset ≥ 0, not limit {limit}, offset {offset}")
    text = text.strip()
    if not text:
        found = ctx.store.list_questions(filters, limit, offset, user=ctx.user)
        if found and len(found) < limit:
            total = offset + len(found)
        else:
            total = ctx.store.count_questions(filters, ctx.user)
        return BrowsePage(found, total, limit, offset)
    hits = search(ctx, text, MAX_SEARCH_HITS, marks)
    if filters != QuestionFilter():
        ids = tuple(h.question.id for h in hits)
        keep = {q.id for q in ctx.store.list_questions(replace(filters, ids=ids), user=ctx.user)}
        hits = [h for h in hits if h.question.id in keep]
    page = hits[offset : offset + limit]
    return BrowsePage(
        [h.question for h in page],
        len(hits),
        limit,
        offset,
        query=text,
        snippets={h.question.id: h.snippet for h in page},
        capped=len(hits) >= MAX_SEARCH_HITS,
    )


def filter_choices(ctx: Context) -> dict[str, list[str]]:
    """What a browse filter can choose from: every topic (with the topics above it), company, difficulty and
    active source."""
    from mldrill.models import DIFFICULTIES

    facets = ctx.store.facets()
    topics: set[str] = set()
    for topic in facets["topics"]:
        parts = topic.strip("/").split("/")
        topics.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return {
        "topics": sorted(topics),
        "companies": facets["companies"],
        "difficulties": list(DIFFICULTIES),
        "sources": [s.path for s in ctx.store.sources(include_removed=False)],
    }


# Imports of uploaded bytes (the web app's upload form)

UPLOAD_PREFIX = "upload/"


def import_uploads(
    ctx: Context, uploads: Sequence[tuple[str, bytes]], on_progress: ProgressFn | None = None
) -> ImportReport:
    """Import named files given as bytes (an upload; a zip's members named by their path inside it), each
    stored as `upload/NAME`: uploading a file of the same name again updates its questions in place, and
    questions gone from it are retired. One bad file never stops the others."""
    report = ImportReport()
    when = ctx.now()
    for done, (name, data) in enumerate(uploads):
        if on_progress:
            on_progress(done, len(uploads), name)
        report.files.append(import_source(ctx.store, name, UPLOAD_PREFIX + name, data, when))
    if on_progress:
        on_progress(len(uploads), len(uploads), "")
    return report
