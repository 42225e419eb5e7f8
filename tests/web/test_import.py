"""`/import` and `POST /api/import`: uploads of files and zips through the real importer, the job page's progress
and summary, hostile zips refused whole with nothing stored, and the seed journey in Chromium."""

from __future__ import annotations

import io
import re
import stat
import time
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest

from mldrill.store import Store
from mldrill.web.uploads import MAX_UNZIPPED_BYTES, MAX_ZIP_MEMBERS
from tests.web.conftest import PHONE, LiveServer, csrf_of, make_client, screenshot

SEEDS = Path(__file__).parents[3] / "shared" / "seeds"
LOSSES = SEEDS / "000_59508fc5101e7da7.txt"  # six loss-function questions, with mis-decoded characters
GUIDE = SEEDS / "002_889d640be78f86a8.txt"
BANK = b"# Bank\n\n## Q1: What is a quokka?\n\nA small wallaby.\n\n## Q2: Where do quokkas live?\n\nRottnest Island.\n"

needs_seeds = pytest.mark.skipif(not LOSSES.exists(), reason=f"the seed banks are not at {SEEDS}")


def _zip(*members: tuple[str, bytes], mode: int | None = None) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns of the duplicate names a test wants
        for name, data in members:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if mode is not None and name.endswith(".lnk.md"):
                info.external_attr = mode << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _token(client: Any) -> dict[str, str]:
    return {"X-CSRF-Token": csrf_of(client.get("/import").text)}


def _upload(client: Any, *files: tuple[str, bytes]) -> Any:
    return client.post("/api/import", files=[("files", f) for f in files], headers=_token(client))


def _counts(store: Store) -> tuple[int, int]:
    stats = store.stats()
    return stats["questions"], stats["sources"]


@needs_seeds
def test_an_uploaded_seed_is_imported_and_its_questions_are_found(client: Any) -> None:
    response = _upload(client, (LOSSES.name, LOSSES.read_bytes()))
    assert response.status_code == 200
    report = response.json()
    assert report["ok"] and report["skipped"] == [] and report["problems"] == []
    [file] = report["files"]
    assert (file["path"], file["stored_path"], file["status"]) == (
        LOSSES.name,
        f"upload/{LOSSES.name}",
        "added",
    )
    assert file["questions"] == file["added"] == 6 and file["error"] is None
    assert any("mojibake" in w for w in file["warnings"])
    found = client.get("/api/questions", params={"q": "focal loss", "source": LOSSES.name}).json()
    assert [q["prompt"] for q in found["items"]] == ["Focal Loss"]
    again = _upload(client, (LOSSES.name, LOSSES.read_bytes())).json()["files"][0]
    assert (again["status"], again["added"], again["unchanged"]) == ("unchanged", 0, 6)


def test_a_zip_of_a_folder_imports_its_text_files_and_skips_the_rest(client: Any, deck_store: Store) -> None:
    data = _zip(
        ("bank/", b""),
        ("bank/animals.md", BANK),
        ("bank/more/notes.txt", BANK.replace(b"quokka", b"numbat")),
        ("bank/picture.png", b"\x89PNG\r\n\x1a\n"),
        ("bank/.hidden.md", BANK),
        ("__MACOSX/bank/._animals.md", b"\x00\x05"),
    )
    report = _upload(client, ("bank.zip", data)).json()
    assert [f["stored_path"] for f in report["files"]] == [
        "upload/bank/animals.md",
        "upload/bank/more/notes.txt",
    ]
    assert all(f["added"] == 2 for f in report["files"])
    assert sorted(report["skipped"]) == [
        "bank.zip/__MACOSX/bank/._animals.md",
        "bank.zip/bank/.hidden.md",
        "bank.zip/bank/picture.png",
    ]
    assert client.get("/api/questions", params={"q": "numbat"}).json()["total"] == 2


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("bank/fine.md", BANK)
        with archive.open("bank/zeros.md", "w", force_zip64=True) as member:
            block = b"0" * (1 << 20)
            for _ in range((MAX_UNZIPPED_BYTES >> 20) + 1):
                member.write(block)
    return buffer.getvalue()


HOSTILE = {
    "path traversal": (
        _zip(("bank/ok.md", BANK), ("../../evil.md", BANK)),
        "'../../evil.md': a path with '..'",
    ),
    "absolute path": (_zip(("/etc/evil.md", BANK)), "'/etc/evil.md': an absolute path"),
    "drive letter": (_zip(("C:\\evil.md", BANK)), "an absolute path"),
    "symlink member": (
        _zip(("bank/ok.md", BANK), ("bank/link.lnk.md", b"/etc/passwd"), mode=stat.S_IFLNK | 0o777),
        "'bank/link.lnk.md' is a symbolic link",
    ),
    "too many members": (
        _zip(*((f"bank/{i}.md", b"x") for i in range(MAX_ZIP_MEMBERS + 1))),
        f"holds {MAX_ZIP_MEMBERS + 1} entries, more than the limit of {MAX_ZIP_MEMBERS}",
    ),
    "control characters": (
        _zip(("bank/a\x01.md", BANK)),
        "'bank/a\\x01.md': the name holds control characters",
    ),
    "duplicate names": (_zip(("a.md", BANK), ("b.md", BANK), ("a.md", BANK)), "a.md: uploaded twice"),
    "not a zip": (b"PK\x03\x04 this is not really a zip", "not a readable zip file"),
}


@pytest.mark.parametrize("kind", [*HOSTILE, "zip bomb"])
def test_hostile_zips_are_refused_whole_and_nothing_is_stored(
    client: Any, deck_store: Store, kind: str
) -> None:
    data, message = (_bomb(), "'bank/zeros.md' unpacks to more than") if kind == "zip bomb" else HOSTILE[kind]
    before = _counts(deck_store)
    response = _upload(client, ("fine.md", BANK), ("hostile.zip", data))
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "bad_request" and message in error["message"]
    assert "hostile.zip" in error["message"] or kind == "duplicate names"
    assert _counts(deck_store) == before


def test_the_bomb_is_small_on_the_wire(client: Any) -> None:
    assert len(_bomb()) < 1 << 20  # under the upload limit: the unpacked size is what must stop it


@pytest.mark.parametrize(
    ("name", "message"), [("../up.md", "a path with '..'"), ("/abs.md", "an absolute path")]
)
def test_unsafe_file_names_are_refused(client: Any, deck_store: Store, name: str, message: str) -> None:
    before = _counts(deck_store)
    response = _upload(client, (name, BANK))
    assert response.status_code == 400 and message in response.json()["error"]["message"]
    assert _counts(deck_store) == before


def test_a_file_that_fails_does_not_stop_the_others(client: Any) -> None:
    report = _upload(client, ("empty.md", b"   \n"), ("bank.md", BANK)).json()
    assert report["ok"] is False
    assert [f["status"] for f in report["files"]] == ["error", "added"]
    assert "empty" in report["files"][0]["error"]


def test_the_api_needs_files_and_the_csrf_token(client: Any) -> None:
    client.get("/import")
    no_token = client.post("/api/import", files=[("files", ("bank.md", BANK))])
    assert no_token.status_code == 403 and no_token.json()["error"]["code"] == "csrf"
    no_files = client.post("/api/import", data={"other": "x"}, headers=_token(client))
    assert no_files.status_code == 422 and "files" in no_files.json()["error"]["message"]
    only_pictures = _upload(client, ("pics.zip", _zip(("a.png", b"\x89PNG"))))
    assert (
        only_pictures.status_code == 400
        and "no markdown or text files" in only_pictures.json()["error"]["message"]
    )


def test_uploads_over_the_limit_are_refused(deck_store: Store) -> None:
    with make_client(deck_store, max_upload_bytes=64 * 1024) as small:
        response = _upload(small, ("big.md", BANK * 2000))
        assert response.status_code == 413 and "64 KiB" in response.json()["error"]["message"]


def _wait(client: Any, job_url: str) -> dict[str, Any]:
    job_id = job_url.rsplit("/", 1)[1]
    for _ in range(600):
        job = client.get(f"/api/import/jobs/{job_id}").json()
        if job["state"] != "running":
            return job  # type: ignore[no-any-return]
        time.sleep(0.05)
    raise AssertionError(f"the import job never finished: {job}")


@needs_seeds
def test_the_form_runs_a_job_whose_page_shows_the_summary_and_warnings(client: Any) -> None:
    token = csrf_of(client.get("/import").text)
    files = [("files", (p.name, p.read_bytes())) for p in (LOSSES, GUIDE)]
    started = client.post("/import", files=files, data={"csrf_token": token}, follow_redirects=False)
    assert started.status_code == 303 and started.headers["location"].startswith("/import/jobs/")
    job = _wait(client, started.headers["location"])
    assert (job["state"], job["done"], job["total"]) == ("done", 2, 2)
    assert [f["added"] for f in job["report"]["files"]] == [6, 34]
    html = client.get(started.headers["location"]).text
    assert "Imported 2 of 2 files: 40 questions added, 0 updated, 0 retired." in html
    assert "hx-trigger" not in html  # a finished job stops the polling
    assert "repaired 19 mis-decoded characters" in html
    assert f'href="/questions?source=upload/{LOSSES.name}"' in html


def test_a_running_job_polls_every_half_second(client: Any, deck_store: Store) -> None:
    from mldrill.app.context import LOCAL_USER
    from mldrill.web.importing import ImportJob, jobs

    job = ImportJob("abcdefgh12", LOCAL_USER, total=3, skipped=[], done=1, current="b.md")
    request = type("R", (), {"app": client.app})()
    jobs(request)._jobs[job.id] = job  # a job still running, as the thread leaves it between two files
    html = client.get("/import/jobs/abcdefgh12").text
    assert 'hx-get="/import/jobs/abcdefgh12" hx-trigger="every 500ms"' in html
    assert re.search(r'<span id="files-done">1</span> of <span id="files-total">3</span>', html)
    assert '<progress max="3" value="1"' in html
    job.user = "someone-else"  # a job is seen by the person who started it only
    assert client.get("/import/jobs/abcdefgh12").status_code == 404


def test_the_form_shows_why_an_upload_was_refused(client: Any, deck_store: Store) -> None:
    token = csrf_of(client.get("/import").text)
    before = _counts(deck_store)
    refused = client.post(
        "/import", files=[("files", ("evil.zip", HOSTILE["path traversal"][0]))], data={"csrf_token": token}
    )
    assert refused.status_code == 400
    assert "The upload was not imported: evil.zip: member &#39;../../evil.md&#39;" in refused.text
    assert _counts(deck_store) == before
    empty = client.post("/import", files=[("files", ("", b""))], data={"csrf_token": token})
    assert empty.status_code == 400 and "choose at least one file" in empty.text


def test_an_unknown_job_is_404(client: Any) -> None:
    assert client.get("/import/jobs/nosuchjob123").status_code == 404
    assert client.get("/api/import/jobs/nosuchjob123").json()["error"]["code"] == "not_found"
    assert client.get("/api/import/jobs/bad!").status_code == 422


@needs_seeds
def test_import_a_seed_find_it_and_answer_it_in_chromium(live_server: LiveServer, page: Any) -> None:
    page.goto(live_server.url + "/import")
    page.set_input_files("#files", [str(LOSSES), str(SEEDS / "001_c0ef436b20700288.txt")])
    page.click("button[type=submit]")
    page.wait_for_url("**/import/jobs/*")
    page.wait_for_selector('#import-job[data-state="done"]', timeout=60_000)
    summary = page.inner_text("#import-done")
    assert summary.startswith("Imported 2 of 2 files:")
    assert page.locator(".file-report").count() == 2
    screenshot(page, "import-done-desktop")
    page.keyboard.press("Enter")  # "Browse the questions"
    page.wait_for_url("**/questions")
    page.fill("#q", "focal loss")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=focal+loss**")
    link = page.get_by_role("link", name=re.compile("Focal Loss"))
    link.first.click()
    page.wait_for_url(re.compile(r"/questions/\d+$"))
    assert page.inner_text("h1").startswith("Question #")
    provenance = page.inner_text(".provenance")
    assert f"upload/{LOSSES.name}" in provenance and "line 123" in provenance
    page.keyboard.press("e")
    page.keyboard.type("Focal loss down-weights easy examples by (1 - p)^gamma.")
    page.keyboard.press("Control+Enter")
    page.wait_for_url("**done=saved**")
    assert page.inner_text(".flash") == "Your answer is saved."
    assert "down-weights easy examples" in page.inner_text(".own")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/import")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "import-phone")
