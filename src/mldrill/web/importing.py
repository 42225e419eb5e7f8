"""`/import`: upload files or a .zip of a folder and import them with the real importer. The form's import runs
in a background thread (a job); its page polls `/import/jobs/{id}` every 500 ms for the files done, then shows
the per-file summary and warnings. `POST /api/import` imports in the request and answers the report.

Uploads are refused whole (nothing stored) when a name or a zip member is unsafe (see `mldrill.web.uploads`);
the body's size limit (WebConfig.max_upload_bytes) is enforced by the security layer before any of this runs.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload

from mldrill.app import library
from mldrill.app.context import Context
from mldrill.errors import NotFound, UsageError
from mldrill.ingest.api import SUFFIXES
from mldrill.web import library_models as m
from mldrill.web.deps import config, context
from mldrill.web.pages import page
from mldrill.web.uploads import UploadRefused, unpack

log = logging.getLogger("mldrill.web")
router = APIRouter()

MAX_JOBS = 50  # finished jobs kept for their pages; the oldest finished one goes first
ACCEPT = ",".join(sorted(SUFFIXES)) + ",.zip"
JobId = Annotated[str, PathParam(min_length=8, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]


@dataclass
class ImportJob:
    id: str
    user: str
    total: int
    skipped: list[str]
    done: int = 0
    current: str = ""
    report: library.ImportReport | None = None
    error: str | None = None
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def state(self) -> str:
        if not self.finished.is_set():
            return "running"
        return "failed" if self.error else "done"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "done": self.done,
            "total": self.total,
            "current": self.current,
            "error": self.error,
            "report": _report_dict(self.report, self.skipped) if self.report else None,
        }


class Jobs:
    """The import jobs of one app, by id."""

    def __init__(self) -> None:
        self._jobs: OrderedDict[str, ImportJob] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, ctx: Context, files: list[tuple[str, bytes]], skipped: list[str]) -> ImportJob:
        job = ImportJob(secrets.token_urlsafe(12), ctx.user, len(files), skipped)
        with self._lock:
            self._jobs[job.id] = job
            finished = [k for k, j in self._jobs.items() if j.finished.is_set()]
            for key in finished[: max(len(self._jobs) - MAX_JOBS, 0)]:
                del self._jobs[key]
        threading.Thread(target=_run, args=(job, ctx, files), name=f"import-{job.id}", daemon=True).start()
        return job

    def get(self, job_id: str, user: str) -> ImportJob:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or job.user != user:
            raise NotFound(f"no import job {job_id}; it may be from before the server restarted")
        return job


_jobs_lock = threading.Lock()


def jobs(request: Request) -> Jobs:
    with _jobs_lock:
        found: Jobs | None = getattr(request.app.state, "import_jobs", None)
        if found is None:
            found = request.app.state.import_jobs = Jobs()
    return found


def _run(job: ImportJob, ctx: Context, files: list[tuple[str, bytes]]) -> None:
    def progress(done: int, total: int, path: str) -> None:
        job.done, job.current = done, path

    try:
        job.report = library.import_uploads(ctx, files, on_progress=progress)
    except Exception as exc:  # the page must say so rather than poll for ever
        log.exception("import job %s failed", job.id)
        job.error = f"the import stopped after {job.done} of {job.total} files: {exc}"
    finally:
        job.finished.set()


def _report_dict(report: library.ImportReport, skipped: list[str]) -> dict[str, Any]:
    return {**report.to_dict(), "skipped": skipped}


async def _read_uploads(items: list[Any]) -> list[tuple[str, bytes]]:
    """(name, bytes) of the uploaded files; the empty part a form sends when no file was chosen is left out."""
    uploads = []
    for item in items:
        if item == "":  # a file input left empty arrives as an empty text field
            continue
        if not isinstance(item, StarletteUpload):
            raise UsageError("`files` must be uploaded files (multipart/form-data), not text fields")
        data = await item.read()
        name = item.filename or ""
        if not name and not data:
            continue
        uploads.append((name, data))
    if not uploads:
        raise UsageError("choose at least one file (markdown, text, or a .zip of a folder) to import")
    return uploads


def _import_page(request: Request, status: int = 200, error: str = "") -> HTMLResponse:
    ctx = context(request)
    return page(
        request,
        "import.html",
        status=status,
        title="Import",
        error=error,
        accept=ACCEPT,
        limit_mib=config(request).max_upload_bytes / (1 << 20),
        sources=ctx.store.sources(include_removed=False),
    )


@router.get("/import", response_class=HTMLResponse, include_in_schema=False)
def import_page(request: Request) -> HTMLResponse:
    return _import_page(request)


@router.post("/import", include_in_schema=False, response_model=None)
async def import_form(request: Request) -> HTMLResponse | RedirectResponse:
    """The form's upload: refused uploads come back to the form with the reason; others start a job."""
    form = await request.form()
    try:
        unpacked = await run_in_threadpool(unpack, await _read_uploads(form.getlist("files")))
    except UsageError as exc:
        return _import_page(request, status=400, error=str(exc))
    if not unpacked.files:
        return _import_page(request, status=400, error=_nothing_to_import(unpacked.skipped))
    job = jobs(request).start(context(request), unpacked.files, unpacked.skipped)
    return RedirectResponse(f"/import/jobs/{job.id}", status_code=303)


def _nothing_to_import(skipped: list[str]) -> str:
    shown = ", ".join(skipped[:5]) + (" …" if len(skipped) > 5 else "")
    return f"the upload holds no markdown or text files ({', '.join(sorted(SUFFIXES))}); left out: {shown}"


@router.get("/import/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def job_page(request: Request, job_id: JobId) -> HTMLResponse:
    job = jobs(request).get(job_id, context(request).user)
    return page(
        request, "import_job.html", title="Importing" if job.state == "running" else "Imported", job=job
    )


@router.get("/api/import/jobs/{job_id}", tags=["import"], response_model=m.ImportJob)
def job_api(request: Request, job_id: JobId) -> dict[str, Any]:
    """An import started by the upload form: files done of all, then the report."""
    return jobs(request).get(job_id, context(request).user).to_dict()


@router.post("/api/import", tags=["import"], response_model=m.ImportReport)
async def import_api(
    request: Request,
    files: Annotated[list[UploadFile], File(description="markdown or text files, or .zip files of folders")],
) -> dict[str, Any]:
    """Import uploaded files (multipart field `files`; the CSRF token in the X-CSRF-Token header or a
    `csrf_token` field). An unsafe upload is refused whole (400, nothing stored); otherwise the per-file report
    (a file that failed is in it with its error, and `ok` is false)."""
    unpacked = await run_in_threadpool(unpack, await _read_uploads(list(files)))
    if not unpacked.files:
        raise UploadRefused(_nothing_to_import(unpacked.skipped))
    report = await run_in_threadpool(library.import_uploads, context(request), unpacked.files)
    return _report_dict(report, unpacked.skipped)
