"""Turning an upload into named files for the importer: plain files as they are, a .zip of a folder unpacked
safely in memory. Nothing here touches the disk or the store.

A zip is refused whole (nothing imported) when any member is unsafe: an absolute path or a drive letter, a `..`
component, a symlink or other non-regular entry, an encrypted member, a duplicate name, or more members or more
unpacked bytes than the caps. Sizes are counted while reading, not taken from the zip's own headers (a bomb lies
in those). Inside a zip, as in a folder given to `mldrill import`, only markdown and text files are read and
hidden files and folders (`.git`, `__MACOSX/._x`) are skipped.
"""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from mldrill.errors import UsageError
from mldrill.ingest.api import SUFFIXES

MAX_ZIP_MEMBERS = 5_000  # entries of one zip, folders included
MAX_UNZIPPED_BYTES = 100 << 20  # all members of all zips of one upload, unpacked
MAX_NAME_CHARS = 400
_CHUNK = 1 << 16
_UNIX = 3  # ZipInfo.create_system of zips made on Unix: the high 16 bits of external_attr are a mode


class UploadRefused(UsageError):
    """An upload that is not imported at all; the message names the file (and the zip member)."""


@dataclass
class _Budget:
    limit: int
    left: int


@dataclass
class Unpacked:
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (name, bytes) in the order to import
    skipped: list[str] = field(default_factory=list)  # zip members that are not markdown or text


def safe_name(raw: str, where: str) -> str:
    """A relative POSIX path for an uploaded name, or UploadRefused naming `where`."""
    name = raw.replace("\\", "/")
    if not name.strip() or not name.strip("/"):
        raise UploadRefused(f"{where}: has no name")
    if len(name) > MAX_NAME_CHARS:
        raise UploadRefused(f"{where}: the name is longer than {MAX_NAME_CHARS} characters")
    if any(ord(c) < 32 for c in name):
        raise UploadRefused(f"{where}: the name holds control characters")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise UploadRefused(f"{where}: an absolute path is not allowed in an upload")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise UploadRefused(f"{where}: a path with '..' is not allowed in an upload")
    return "/".join(parts)


def is_zip(name: str, data: bytes) -> bool:
    return name.lower().endswith(".zip") or data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def _hidden(path: str) -> bool:
    return any(part.startswith(".") for part in PurePosixPath(path).parts)


def unpack(uploads: Iterable[tuple[str, bytes]], max_unzipped: int = MAX_UNZIPPED_BYTES) -> Unpacked:
    """Every uploaded file, zips unpacked; raises UploadRefused (nothing is kept) on the first unsafe one."""
    result = Unpacked()
    seen: set[str] = set()
    budget = _Budget(max_unzipped, max_unzipped)
    for raw_name, data in uploads:
        name = safe_name(raw_name, repr(raw_name))
        zipped = is_zip(name, data)
        entries = _zip_members(name, data, budget, result.skipped) if zipped else [(name, data)]
        for entry, content in entries:
            if entry in seen:
                raise UploadRefused(f"{entry}: uploaded twice (in one upload each name may appear once)")
            seen.add(entry)
            result.files.append((entry, content))
    return result


def _zip_members(zip_name: str, data: bytes, budget: _Budget, skipped: list[str]) -> list[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UploadRefused(f"{zip_name}: not a readable zip file ({exc})") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise UploadRefused(
                f"{zip_name}: holds {len(infos)} entries, more than the limit of {MAX_ZIP_MEMBERS}"
            )
        chosen = []
        for info in infos:
            where = f"{zip_name}: member {info.filename!r}"
            member = safe_name(info.filename, where)
            kind = stat.S_IFMT(info.external_attr >> 16) if info.create_system == _UNIX else 0
            if kind == stat.S_IFLNK:
                raise UploadRefused(f"{where} is a symbolic link; links are not allowed in an upload")
            if info.is_dir():
                continue
            if kind not in (0, stat.S_IFREG):  # 0: a zip that records permissions only
                raise UploadRefused(f"{where} is not a regular file")
            if info.flag_bits & 0x1:
                raise UploadRefused(f"{where} is encrypted; upload an unencrypted zip")
            if _hidden(member) or PurePosixPath(member).suffix.lower() not in SUFFIXES:
                skipped.append(f"{zip_name}/{member}")
                continue
            chosen.append((info, member))
        files = []
        for info, member in chosen:
            files.append((member, _read(archive, info, f"{zip_name}: member {info.filename!r}", budget)))
        files.sort(key=lambda f: PurePosixPath(f[0]).parts)
    return files


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, budget: _Budget) -> bytes:
    """A member's bytes, counted against the upload's budget as they are unpacked."""
    if info.file_size > budget.left:
        raise _bomb(where, budget)
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                if len(out) > budget.left:
                    raise _bomb(where, budget)
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError) as exc:
        raise UploadRefused(f"{where} cannot be unpacked ({exc})") from None
    budget.left -= len(out)
    return bytes(out)


def _bomb(where: str, budget: _Budget) -> UploadRefused:
    return UploadRefused(
        f"{where} unpacks to more than the upload's limit of {_size(budget.limit)} unpacked in all "
        f"({_size(budget.left)} were left for it); nothing was imported"
    )


def _size(n: int) -> str:
    return f"{n / (1 << 20):.0f} MiB" if n >= 1 << 20 else f"{n / 1024:.0f} KiB"
